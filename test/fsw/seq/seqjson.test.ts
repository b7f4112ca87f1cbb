import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors';
import { parseDoyUtc } from '../../../src/core/time';
import { parseSequence, validateSequenceFile, validateTiming } from '../../../src/fsw/seq/seqjson';

const FILE = 'sol1707.seq.json';
const NOOP = { type: 'command', stem: 'CMD_NO_OP', args: [], time: { type: 'COMMAND_RELATIVE', tag: '00:00:00' } };

/** A sequence whose steps[1] is `step` (steps[0] is a harmless no-op), pretty-printed as ground tools write it. */
function withStep(step: unknown): string {
  return JSON.stringify({ id: 'sol1707_drive', metadata: { sol: 1707 }, steps: [NOOP, step] }, null, 2);
}

function errorOf(text: string, options?: Parameters<typeof parseSequence>[2]): InputError {
  try {
    parseSequence(text, FILE, options);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('accepted');
}

const drive = (args: unknown[]) => ({ type: 'command', stem: 'MOB_DRIVE_STRAIGHT', args, time: { type: 'COMMAND_COMPLETE' } });

describe('parseSequence: a valid sequence', () => {
  it('checks every step and converts arguments (by name or position) and time tags', () => {
    const text = JSON.stringify({
      id: 'sol1707_drive',
      metadata: { author: 'planner' },
      steps: [
        { type: 'command', stem: 'MOB_DRIVE_STRAIGHT', args: [{ type: 'number', value: 2.5 }], time: { type: 'ABSOLUTE', tag: '2025-342T14:30:00' }, description: 'leg 1' },
        { type: 'command', stem: 'NAV_GOTO_WAYPOINT', time: { type: 'COMMAND_RELATIVE', tag: '00:01:30.5' },
          args: [{ type: 'number', value: 12 }, { type: 'number', value: -3 }, { name: 'mode', type: 'string', value: 'AUTONAV' }, { name: 'time_budget_s', type: 'number', value: 900 }] },
        { type: 'command', stem: 'IMG_TAKE', args: [{ name: 'camera', type: 'string', value: 'navcam' }], time: { type: 'EPOCH_RELATIVE', tag: '001T00:00:00' } },
        { type: 'command', stem: 'CMD_NO_OP', args: [], time: { type: 'COMMAND_COMPLETE' } },
      ],
    });
    const seq = parseSequence(text, FILE);
    expect(seq.id).toBe('sol1707_drive');
    expect(seq.steps).toEqual([
      { index: 0, stem: 'MOB_DRIVE_STRAIGHT', args: { distance_m: 2.5, speed_m_s: 0.042 }, time: { type: 'ABSOLUTE', utcMs: parseDoyUtc('2025-342T14:30:00') }, description: 'leg 1' },
      { index: 1, stem: 'NAV_GOTO_WAYPOINT', args: { x_m: 12, y_m: -3, tolerance_m: 1, time_budget_s: 900, mode: 'AUTONAV' }, time: { type: 'COMMAND_RELATIVE', offsetS: 90.5 } },
      { index: 2, stem: 'IMG_TAKE', args: { camera: 'navcam' }, time: { type: 'EPOCH_RELATIVE', offsetS: 86400 } },
      { index: 3, stem: 'CMD_NO_OP', args: {}, time: { type: 'COMMAND_COMPLETE' } },
    ]);
  });
});

describe('parseSequence: dictionary errors name the step and the argument', () => {
  it('an unknown mnemonic, with a suggestion', () => {
    const e = errorOf(withStep({ type: 'command', stem: 'MOB_DRIVE_STRAIT', args: [], time: { type: 'COMMAND_COMPLETE' } }));
    expect(e.file).toBe(FILE);
    expect(e.field).toMatch(/^line \d+: steps\[1\] \(MOB_DRIVE_STRAIT\)$/);
    expect(e.problem).toBe('unknown command; did you mean MOB_DRIVE_STRAIGHT? (see the command dictionary)');
  });

  it('a missing argument', () => {
    const e = errorOf(withStep(drive([])));
    expect(e.field).toMatch(/steps\[1\] \(MOB_DRIVE_STRAIGHT\): argument distance_m$/);
    expect(e.problem).toMatch(/^missing/);
  });

  it('an out-of-range value, pointing at its line', () => {
    const text = withStep(drive([{ name: 'distance_m', type: 'number', value: 150 }]));
    const e = errorOf(text);
    const line = text.split('\n').findIndex((l) => l.includes('150')) + 1;
    // The message points at the argument object, whose "{" opens three lines above its value.
    expect(e.message).toBe(`${FILE}: line ${line - 3}: steps[1] (MOB_DRIVE_STRAIGHT): argument distance_m: 150 is out of range [-100, 100] m`);
  });

  it('a wrong type', () => {
    const e = errorOf(withStep(drive([{ type: 'number', value: 5 }, { type: 'string', value: 'fast' }])));
    expect(e.field).toMatch(/steps\[1\] \(MOB_DRIVE_STRAIGHT\): argument speed_m_s$/);
    expect(e.problem).toBe('expected a number (m/s), got string "fast"');
  });

  it('an unknown argument name', () => {
    const e = errorOf(withStep(drive([{ type: 'number', value: 5 }, { name: 'velocity_m_s', type: 'number', value: 0.01 }])));
    expect(e.field).toMatch(/steps\[1\] \(MOB_DRIVE_STRAIGHT\): argument velocity_m_s$/);
    expect(e.problem).toMatch(/unknown argument/);
  });

  it('too many positional arguments, an argument given twice, a symbol reference', () => {
    expect(errorOf(withStep(drive([1, 0.02, 7].map((value) => ({ type: 'number', value }))))).problem)
      .toMatch(/takes 2 arguments \(distance_m, speed_m_s\); this is one too many/);
    expect(errorOf(withStep(drive([{ type: 'number', value: 1 }, { name: 'distance_m', type: 'number', value: 2 }]))).problem).toBe('given twice');
    expect(errorOf(withStep(drive([{ type: 'symbol', value: 'LEG_LENGTH' }]))).problem).toMatch(/symbol arguments .* not supported by this rover/);
  });

  it('a broken cross-argument rule', () => {
    const e = errorOf(withStep({ type: 'command', stem: 'MOB_DRIVE_ARC', args: [{ type: 'number', value: 0.5 }, { type: 'number', value: 3 }], time: { type: 'COMMAND_COMPLETE' } }));
    expect(e.field).toMatch(/steps\[1\] \(MOB_DRIVE_ARC\): argument radius_m$/);
  });
});

describe('parseSequence: JSON, schema and time-tag errors', () => {
  it('malformed JSON: the line of the fault', () => {
    const e = errorOf('{\n  "id": "x",\n  "metadata": {},,\n  "steps": []\n}');
    expect(e.field).toBe('line 3');
    expect(e.problem).toMatch(/^not valid JSON: /);
    expect(errorOf('').problem).toMatch(/empty/);
  });

  it('a missing metadata object', () => {
    const e = errorOf(JSON.stringify({ id: 'x', steps: [NOOP] }));
    expect(e.message).toBe(`${FILE}: line 1: metadata: missing; a sequence needs a "metadata" object (it may be empty: {}) (SeqJSON schema)`);
  });

  it('a step without time', () => {
    const e = errorOf(withStep({ type: 'command', stem: 'CMD_NO_OP', args: [] }));
    expect(e.field).toMatch(/^line \d+: steps\[1\]\.time$/);
    expect(e.problem).toMatch(/^missing; every step needs a time tag/);
  });

  it('other schema violations: the path and what was expected', () => {
    expect(errorOf(withStep({ type: 'comand', stem: 'CMD_NO_OP', args: [], time: { type: 'COMMAND_COMPLETE' } })).message)
      .toMatch(/steps\[1\]\.type: "comand" is not one of activate, command, ground_block, ground_event, load, note/);
    expect(errorOf(withStep({ ...NOOP, time: { type: 'COMMAND_COMPLETE', tag: '00:00:05' } })).message)
      .toMatch(/steps\[1\]\.time\.tag: COMMAND_COMPLETE takes no tag/);
    expect(errorOf(withStep({ ...NOOP, time: { type: 'ABSOLUTE' } })).message).toMatch(/steps\[1\]\.time\.tag: missing/);
    expect(errorOf(withStep({ ...NOOP, time: { type: 'SOON', tag: 'x' } })).message).toMatch(/steps\[1\]\.time\.type: "SOON" is not one of COMMAND_COMPLETE, ABSOLUTE/);
    expect(errorOf(withStep(drive([{ type: 'number', value: '5' }]))).message).toMatch(/steps\[1\]\.args\[0\]\.value: expected number, got string/);
    expect(errorOf(withStep({ ...NOOP, speed: 3 })).message).toMatch(/steps\[1\]\.speed: unknown field/);
    expect(errorOf('[]').message).toMatch(/\(top level\): expected object, got array/);
  });

  it('time tags: ABSOLUTE must be day-of-year UTC, relative ones durations', () => {
    expect(errorOf(withStep({ ...NOOP, time: { type: 'ABSOLUTE', tag: '2025-12-08T14:30:00' } })).message)
      .toMatch(/steps\[1\] \(CMD_NO_OP\): time: ABSOLUTE tag "2025-12-08T14:30:00" is not a day-of-year UTC time; expected YYYY-DDDTHH:MM:SS/);
    expect(errorOf(withStep({ ...NOOP, time: { type: 'COMMAND_RELATIVE', tag: '10 s' } })).problem).toMatch(/is not a duration/);
    expect(errorOf(withStep({ ...NOOP, time: { type: 'EPOCH_RELATIVE', tag: '00:61:00' } })).problem).toMatch(/is not a duration/);
    expect(errorOf(withStep({ ...NOOP, time: { type: 'COMMAND_RELATIVE', tag: '-00:00:10' } })).problem).toMatch(/negative/);
  });

  it('what this rover does not run: BLOCK_RELATIVE, non-command steps, requests, variables', () => {
    expect(errorOf(withStep({ ...NOOP, time: { type: 'BLOCK_RELATIVE', tag: '00:00:10' } })).message)
      .toMatch(/steps\[1\] \(CMD_NO_OP\): time: BLOCK_RELATIVE time tags are not supported by this rover/);
    for (const step of [
      { type: 'note', string_arg: 'halfway', time: { type: 'COMMAND_COMPLETE' } },
      { type: 'activate', sequence: 'd:/seq/drive.mod', time: { type: 'COMMAND_COMPLETE' } },
      { type: 'load', sequence: 'd:/seq/drive.mod', time: { type: 'COMMAND_COMPLETE' } },
      { type: 'ground_block', name: 'GB', time: { type: 'COMMAND_COMPLETE' } },
      { type: 'ground_event', name: 'GE', time: { type: 'COMMAND_COMPLETE' } },
    ]) {
      const e = errorOf(withStep(step));
      expect(e.field).toMatch(/steps\[1\]$/);
      expect(e.problem).toBe(`"${step.type}" steps are not supported by this rover; it runs "command" steps only`);
    }
    const requests = JSON.stringify({ id: 'x', metadata: {}, steps: [NOOP], requests: [{ name: 'r', type: 'request', time: { type: 'COMMAND_COMPLETE' }, steps: [NOOP] }] });
    expect(errorOf(requests).message).toMatch(/requests: not supported by this rover/);
    expect(errorOf(JSON.stringify({ id: 'x', metadata: {} })).message).toMatch(/steps: missing or empty/);
  });
});

describe('timing checks', () => {
  const abs = (tag: string) => ({ ...NOOP, time: { type: 'ABSOLUTE', tag } });

  it('rejects an ABSOLUTE time in the past when told the time', () => {
    const text = withStep(abs('2025-342T10:00:00'));
    expect(parseSequence(text, FILE).steps).toHaveLength(2);
    const now = parseDoyUtc('2025-342T10:00:30') as number;
    const e = errorOf(text, { notBeforeUtcMs: now });
    expect(e.field).toMatch(/steps\[1\] \(CMD_NO_OP\): time$/);
    expect(e.problem).toBe('ABSOLUTE time 2025-342T10:00:00.000 is 30.000 s in the past (now 2025-342T10:00:30.000)');
    expect(validateTiming(parseSequence(text, FILE), now)).toHaveLength(1);
    expect(validateTiming(parseSequence(text, FILE), now - 60_000)).toEqual([]);
  });

  it('rejects ABSOLUTE times out of order (steps run in order, the later one could only run late)', () => {
    const text = JSON.stringify({ id: 'x', metadata: {}, steps: [abs('2025-342T10:00:00'), abs('2025-342T09:59:00')] });
    expect(errorOf(text).message).toMatch(/steps\[1\] \(CMD_NO_OP\): time: ABSOLUTE time 2025-342T09:59:00.000 is before steps\[0\]'s/);
  });
});

describe('validateSequenceFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqjson-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and checks a file; a missing file is an InputError', () => {
    const path = join(dir, 'ok.seq.json');
    writeFileSync(path, withStep(NOOP));
    expect(validateSequenceFile(path)).toEqual({ id: 'sol1707_drive', steps: 2 });
    expect(() => validateSequenceFile(join(dir, 'nope.seq.json'))).toThrow(InputError);
    expect(() => validateSequenceFile(join(dir, 'nope.seq.json'))).toThrow(/nope\.seq\.json: file not found/);
  });
});
