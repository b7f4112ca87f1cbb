import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors';
import { formatDoyUtc, parseDoyUtc, parseDuration } from '../../core/time';
import { type ArgValue, type ArgValues, type CommandDef, COMMANDS, commandDef, suggestMnemonic, validateArgs } from '../cmd/dictionary';
import { checkSchema, formatPath, type JsonPath, JsonLines } from './schema';

/*
 * Loading a SeqJSON sequence (NASA AMMOS format, docs/reference.md): JSON syntax, then the official schema,
 * then this rover's command dictionary and time tags. Everything is checked before anything runs
 * (F Prime's sequencer validates a whole file before it starts), and every problem ends in an
 * InputError naming the file, the line and the step, e.g.
 *   drive.seq.json: line 14: steps[1] (MOB_DRIVE_STRAIGHT): argument distance_m: 150 is out of range [-100, 100] m
 */

export type StepTime =
  | { type: 'ABSOLUTE'; utcMs: number }
  | { type: 'COMMAND_RELATIVE'; offsetS: number }
  | { type: 'EPOCH_RELATIVE'; offsetS: number }
  | { type: 'COMMAND_COMPLETE' };

export interface ValidatedStep {
  /** Position in the file's `steps` array. */
  index: number;
  stem: string;
  /** Checked against the dictionary, defaults filled. */
  args: ArgValues;
  time: StepTime;
  description?: string;
}

export interface ValidatedSequence {
  id: string;
  steps: ValidatedStep[];
}

export interface ParseOptions {
  /** Reject ABSOLUTE times before this instant (Unix ms): e.g. the rover's clock when the file arrives. */
  notBeforeUtcMs?: number;
  /** The dictionary to check commands against (the flight one by default). */
  dictionary?: readonly CommandDef[];
}

/** A timing problem found by validateTiming: `field` names the step as the InputError would. */
export interface TimingProblem {
  index: number;
  field: string;
  problem: string;
}

// The schema has been checked before these are read, so their shapes hold.
interface SeqArg {
  name?: string;
  type: 'string' | 'number' | 'boolean' | 'symbol' | 'hex' | 'repeat';
  value: unknown;
}
interface SeqStep {
  type: string;
  stem?: string;
  args?: SeqArg[];
  time: { type: string; tag?: string };
  description?: string;
  return_assign_to?: string;
}
interface SeqDoc {
  id: string;
  steps?: SeqStep[];
  [key: string]: unknown;
}

/** Top-level SeqJSON parts a rover sequence engine would need variables, requests or ground expansion for. */
const UNSUPPORTED_TOP = ['locals', 'parameters', 'requests', 'immediate_commands', 'hardware_commands'] as const;

/**
 * Parses and validates a SeqJSON text. `file` only names the source in messages.
 * @throws InputError naming the file, line and field of the first problem
 */
export function parseSequence(text: string, file: string, options: ParseOptions = {}): ValidatedSequence {
  const lines = new JsonLines(text);
  const at = (path: JsonPath, field = formatPath(path)): string => {
    const line = lines.line(path);
    return line !== undefined ? `line ${line}: ${field}` : field;
  };

  if (!text.trim()) throw new InputError(file, '', 'the file is empty; expected a SeqJSON object {"id": ..., "metadata": {...}, "steps": [...]}');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(message);
    const field = pos ? `line ${lines.lineAt(Number(pos[1]))}` : '';
    throw new InputError(file, field, `not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`);
  }

  const schemaProblem = checkSchema(doc);
  if (schemaProblem) {
    throw new InputError(file, at(schemaProblem.path, formatPath(schemaProblem.path) || '(top level)'), `${schemaProblem.problem} (SeqJSON schema)`);
  }
  const seq = doc as SeqDoc;
  for (const key of UNSUPPORTED_TOP) {
    if (seq[key] !== undefined) {
      throw new InputError(file, at([key]), `not supported by this rover; put everything it should run in "steps"`);
    }
  }
  if (!seq.steps || seq.steps.length === 0) {
    throw new InputError(file, at(['steps']), 'missing or empty; a sequence needs at least one step to run');
  }

  const dictionary = options.dictionary ?? COMMANDS;
  const steps = seq.steps.map((step, i) => validateStep(step, i, dictionary, (field, problem) => new InputError(file, field, problem), at));
  const validated: ValidatedSequence = { id: seq.id, steps };

  const timing = validateTiming(validated, options.notBeforeUtcMs);
  if (timing.length) {
    const t = timing[0];
    throw new InputError(file, at(['steps', t.index, 'time'], t.field), t.problem);
  }
  return validated;
}

type At = (path: JsonPath, field?: string) => string;
type Fail = (field: string, problem: string) => InputError;

function validateStep(step: SeqStep, i: number, dictionary: readonly CommandDef[], fail: Fail, at: At): ValidatedStep {
  const here: JsonPath = ['steps', i];
  if (step.type !== 'command') {
    // activate/load need onboard sequence files and engines, ground_* and note are for ground tools.
    throw fail(at(here, `steps[${i}]`), `"${step.type}" steps are not supported by this rover; it runs "command" steps only`);
  }
  const stem = step.stem as string;
  const label = `steps[${i}] (${stem})`;
  const def = commandDef(stem, dictionary);
  if (!def) {
    const guess = suggestMnemonic(stem, dictionary);
    throw fail(at([...here, 'stem'], label), `unknown command${guess ? `; did you mean ${guess}?` : ''} (see the command dictionary)`);
  }
  if (step.return_assign_to !== undefined) {
    throw fail(at([...here, 'return_assign_to'], `${label}: return_assign_to`), 'not supported by this rover (it has no sequence variables)');
  }

  // SeqJSON arguments: by name when given, else by position in the dictionary's order.
  const values: ArgValues = {};
  const args = step.args ?? [];
  for (let j = 0; j < args.length; j++) {
    const a = args[j];
    const where = (name: string) => at([...here, 'args', j], `${label}: argument ${name}`);
    let name: string;
    if (a.name !== undefined) {
      name = a.name;
    } else {
      if (j >= def.args.length) {
        throw fail(at([...here, 'args', j], `${label}: args[${j}]`),
          `${stem} takes ${def.args.length} argument${def.args.length === 1 ? '' : 's'}${def.args.length ? ` (${def.args.map((d) => d.name).join(', ')})` : ''}; this is one too many`);
      }
      name = def.args[j].name;
    }
    if (Object.hasOwn(values, name)) throw fail(where(name), 'given twice');
    const argDef = def.args.find((d) => d.name === name);
    values[name] = seqArgValue(a, argDef?.type === 'int', (problem) => fail(where(name), problem));
  }
  const checked = validateArgs(def, values);
  if (!checked.ok) {
    const j = args.findIndex((a, k) => (a.name ?? def.args[k]?.name) === checked.field);
    const path: JsonPath = j >= 0 ? [...here, 'args', j] : [...here, 'args'];
    throw fail(at(path, `${label}: argument ${checked.field}`), checked.problem);
  }

  const time = stepTime(step.time, (problem) => fail(at([...here, 'time'], `${label}: time`), problem));
  return { index: i, stem, args: checked.values, time, ...(step.description !== undefined ? { description: step.description } : {}) };
}

function seqArgValue(a: SeqArg, intArg: boolean, fail: (problem: string) => Error): ArgValue {
  switch (a.type) {
    case 'number':
    case 'string':
    case 'boolean':
      return a.value as ArgValue;
    case 'hex':
      // A hex literal is an unsigned integer: meaningful for int arguments only.
      if (intArg) return Number.parseInt(String(a.value), 16);
      throw fail(`a hex value (${String(a.value)}) fits only whole-number arguments`);
    case 'symbol':
      throw fail(`symbol arguments (references to sequence variables, here "${String(a.value)}") are not supported by this rover; give the value itself`);
    case 'repeat':
      throw fail('repeat arguments are not supported by this rover (no command in its dictionary takes one)');
  }
}

function stepTime(t: { type: string; tag?: string }, fail: (problem: string) => Error): StepTime {
  switch (t.type) {
    case 'COMMAND_COMPLETE':
      return { type: 'COMMAND_COMPLETE' };
    case 'ABSOLUTE': {
      const utcMs = parseDoyUtc(t.tag ?? '');
      if (utcMs === undefined) throw fail(`ABSOLUTE tag "${t.tag}" is not a day-of-year UTC time; expected YYYY-DDDTHH:MM:SS[.sss], e.g. 2025-342T14:30:00`);
      return { type: 'ABSOLUTE', utcMs };
    }
    case 'COMMAND_RELATIVE':
    case 'EPOCH_RELATIVE': {
      const offsetS = parseDuration(t.tag ?? '');
      if (offsetS === undefined) throw fail(`${t.type} tag "${t.tag}" is not a duration; expected [+|-][DDDT]HH:MM:SS[.sss], e.g. 00:00:10`);
      // Time runs forward: a command cannot be dispatched before the one it is relative to.
      if (t.type === 'COMMAND_RELATIVE' && offsetS < 0) throw fail(`COMMAND_RELATIVE tag "${t.tag}" is negative; a step cannot run before the previous one`);
      return { type: t.type, offsetS };
    }
    default:
      throw fail(`${t.type} time tags are not supported by this rover (it runs ABSOLUTE, COMMAND_RELATIVE, EPOCH_RELATIVE and COMMAND_COMPLETE)`);
  }
}

/**
 * Timing problems that make a sequence unrunnable: ABSOLUTE times before `nowUtcMs` (when given), and
 * ABSOLUTE times earlier than an earlier step's ABSOLUTE time (steps run in order, so the later step
 * could only run late).
 */
export function validateTiming(seq: ValidatedSequence, nowUtcMs?: number): TimingProblem[] {
  const problems: TimingProblem[] = [];
  let lastAbs: { utcMs: number; index: number } | undefined;
  for (const s of seq.steps) {
    if (s.time.type !== 'ABSOLUTE') continue;
    const field = `steps[${s.index}] (${s.stem}): time`;
    const when = formatDoyUtc(s.time.utcMs);
    if (nowUtcMs !== undefined && s.time.utcMs < nowUtcMs) {
      problems.push({ index: s.index, field, problem: `ABSOLUTE time ${when} is ${((nowUtcMs - s.time.utcMs) / 1000).toFixed(3)} s in the past (now ${formatDoyUtc(nowUtcMs)})` });
    } else if (lastAbs && s.time.utcMs < lastAbs.utcMs) {
      problems.push({ index: s.index, field, problem: `ABSOLUTE time ${when} is before steps[${lastAbs.index}]'s ${formatDoyUtc(lastAbs.utcMs)}; steps run in order` });
    }
    if (!lastAbs || s.time.utcMs > lastAbs.utcMs) lastAbs = { utcMs: s.time.utcMs, index: s.index };
  }
  return problems;
}

/**
 * Reads and validates a sequence file (for `rover validate`).
 * @throws InputError if the file is missing or the sequence invalid
 */
export function validateSequenceFile(path: string, options: ParseOptions = {}): { id: string; steps: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(path, '', 'file not found or not readable');
  }
  const seq = parseSequence(text, path, options);
  return { id: seq.id, steps: seq.steps.length };
}

/** True for a file name `rover validate` should treat as a sequence. */
export function isSequenceFile(path: string): boolean {
  return /\.seq\.json$/i.test(path);
}
