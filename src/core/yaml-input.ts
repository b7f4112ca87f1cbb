import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from './errors';

/**
 * Reads a YAML (or JSON) file and validates it with a zod schema. Every failure becomes an
 * InputError naming the file, the line and the field path (e.g. `line 12: terrain.rocks.k`), so
 * users fix their file without reading a stack trace.
 */
export function readYamlFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(path, '', 'file not found or not readable');
  }
  return parseYamlText(path, text, schema);
}

export function parseYamlText<S extends z.ZodType>(path: string, text: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new InputError(path, `line ${line}`, `not valid YAML: ${e.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS(); // throws on aliases that expand past the yaml library's limit (an "alias bomb")
  } catch (e) {
    throw new InputError(path, '', `not usable YAML: ${(e as Error).message}`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const fieldPath = issue.path.map(String);
  // Point at the deepest node that exists: a missing field is reported at its parent's line.
  let line: number | undefined;
  for (let n = fieldPath.length; n >= 0 && line === undefined; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  let field = fieldPath.join('.') || '(top level)';
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    field = [...fieldPath, keys[0]].join('.');
    const keyNode = findKeyLine(doc, issue.path as (string | number)[], keys[0], lineCounter);
    if (keyNode !== undefined) line = keyNode;
    problem = `unknown field${keys.length > 1 ? 's ' + keys.join(', ') : ''} (check the spelling; see the scenario schema)`;
  } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    problem = `missing; expected ${issue.expected}`;
  }
  throw new InputError(path, line !== undefined ? `line ${line}: ${field}` : field, problem);
}

function findKeyLine(doc: ReturnType<typeof parseDocument>, parent: (string | number)[], key: string, lc: LineCounter): number | undefined {
  const map = parent.length ? doc.getIn(parent, true) : doc.contents;
  if (!map || typeof map !== 'object' || !('items' in map) || !Array.isArray(map.items)) return undefined;
  for (const pair of map.items as { key?: unknown }[]) {
    const k = pair.key;
    if (isNode(k) && 'value' in k && k.value === key && k.range) return lc.linePos(k.range[0]).line;
  }
  return undefined;
}

/**
 * `line N: a.b.c` for a field of a YAML file (the line of the deepest part of the path that exists),
 * or just `a.b.c` when the file cannot be read: for errors found after the file was parsed, such as
 * a goal that turns out to lie off the map.
 */
export function yamlFieldAt(path: string, fieldPath: (string | number)[]): string {
  const field = fieldPath.join('.');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return field;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  for (let n = fieldPath.length; n > 0; n--) {
    const node = doc.getIn(fieldPath.slice(0, n), true);
    if (isNode(node) && node.range) return `line ${lineCounter.linePos(node.range[0]).line}: ${field}`;
  }
  return field;
}
