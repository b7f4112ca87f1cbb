import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

/*
 * The official SeqJSON schema (NASA-AMMOS seq-json-schema, JSON Schema 2020-12) compiled with ajv,
 * and the translation of ajv's errors into messages a sequence author can act on.
 *
 * The schema selects a step's, argument's and time tag's shape with `oneOf`, so a single mistake
 * (a step without `time`) makes ajv report one error per branch plus "must match exactly one schema".
 * We add ajv's `discriminator` annotation on `type` to those three `oneOf`s: it accepts exactly the
 * same documents (every branch requires a distinct `type` value), but ajv then validates only the
 * branch the step's own `type` names and reports that branch's error.
 */

/** A JSON path: property names and array indices. */
export type JsonPath = (string | number)[];

export interface SchemaProblem {
  path: JsonPath;
  problem: string;
}

/** The parts of a JSON Schema node this module reads or annotates. */
interface SchemaNode {
  $ref?: string;
  oneOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  const?: unknown;
  enum?: unknown[];
  discriminator?: { propertyName: string };
}
type Schema = SchemaNode & { $defs: Record<string, SchemaNode> };

let compiled: { validate: ValidateFunction; schema: Schema } | undefined;

function loadSchema(): { validate: ValidateFunction; schema: Schema } {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(require.resolve('@nasa-jpl/seq-json-schema/schema.json'), 'utf8')) as Schema;
  // ajv refuses to compile a discriminator whose branches do not each require a distinct `type`,
  // so a future schema version that breaks the premise fails loudly here, not silently.
  for (const node of [schema.$defs.step, schema.$defs.time, schema.$defs.args.items]) {
    if (node) node.discriminator = { propertyName: 'type' };
  }
  // strictTypes off: the official schema leaves `type: object` implicit in if/then branches, which
  // is valid JSON Schema; ajv would only log warnings about it.
  const ajv = new Ajv2020({ discriminator: true, verbose: true, strictTypes: false });
  compiled = { validate: ajv.compile(schema), schema };
  return compiled;
}

/** The first schema violation of a parsed SeqJSON document, or undefined if it conforms. */
export function checkSchema(doc: unknown): SchemaProblem | undefined {
  const { validate, schema } = loadSchema();
  if (validate(doc)) return undefined;
  const err = (validate.errors ?? [])[0];
  return err ? describe(err, schema) : { path: [], problem: 'does not conform to the SeqJSON schema' };
}

function pathOf(instancePath: string): JsonPath {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/').map((s) => {
    const key = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

const MISSING_HINTS: Record<string, string> = {
  metadata: 'a sequence needs a "metadata" object (it may be empty: {})',
  id: 'a sequence needs an "id" string',
  time: 'every step needs a time tag, e.g. {"type": "COMMAND_COMPLETE"} or {"type": "COMMAND_RELATIVE", "tag": "00:00:10"}',
  tag: 'this time type needs a "tag" (ABSOLUTE: YYYY-DDDTHH:MM:SS, relative: HH:MM:SS)',
  args: 'a command needs "args" (use [] when it takes none)',
  stem: 'a command needs a "stem" (its mnemonic)',
  type: 'every step, argument and time tag needs a "type"',
  value: 'an argument needs a "value"',
};

/** The `type` values a discriminated oneOf accepts, read from the schema so they follow its version. */
function tagValues(parent: SchemaNode | undefined, schema: Schema): string[] {
  return (parent?.oneOf ?? []).flatMap((branch) => {
    const def = branch.$ref ? schema.$defs[branch.$ref.replace('#/$defs/', '')] : branch;
    const t = def?.properties?.type;
    return (t?.const !== undefined ? [t.const] : (t?.enum ?? [])).map(String);
  });
}

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function describe(err: ErrorObject, schema: Schema): SchemaProblem {
  const path = pathOf(err.instancePath);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required': {
      const name = String(p.missingProperty);
      return { path: [...path, name], problem: `missing; ${MISSING_HINTS[name] ?? 'required by SeqJSON'}` };
    }
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      if (name === 'tag' && err.schemaPath.includes('/time/')) {
        return { path: [...path, name], problem: 'COMMAND_COMPLETE takes no tag (the step runs when the previous command completes)' };
      }
      return { path: [...path, name], problem: 'unknown field; SeqJSON does not define it here (check the spelling)' };
    }
    case 'discriminator': {
      const values = tagValues(err.parentSchema as SchemaNode | undefined, schema);
      const given = (err.data as Record<string, unknown> | undefined)?.type;
      const problem = p.error === 'tag'
        ? `missing or not a string; expected one of ${values.join(', ')}`
        : `"${String(given)}" is not one of ${values.join(', ')}`;
      return { path: [...path, 'type'], problem };
    }
    case 'type':
      return { path, problem: `expected ${String(p.type)}, got ${jsonType(err.data)}` };
    case 'enum':
      return { path, problem: `${JSON.stringify(err.data)} is not one of ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { path, problem: `expected ${JSON.stringify(p.allowedValue)}, got ${JSON.stringify(err.data)}` };
    default:
      return { path, problem: err.message ?? `fails the SeqJSON rule "${err.keyword}"` };
  }
}

/** `steps[2].time.tag` */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/**
 * Finds line numbers in a JSON text for JSON paths, so messages can say where to look. JSON is YAML,
 * so the yaml parser (already used for scenario files) gives node positions; it is only run once a
 * message needs a line.
 */
export class JsonLines {
  private doc: Document | null | undefined;
  private readonly counter = new LineCounter();

  constructor(private readonly text: string) {}

  /** The line of the deepest existing node on the path (a missing field: its parent's line). */
  line(path: JsonPath): number | undefined {
    if (this.doc === undefined) {
      const doc = parseDocument(this.text, { lineCounter: this.counter, uniqueKeys: false, prettyErrors: false });
      this.doc = doc.errors.length ? null : doc;
    }
    if (!this.doc) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return this.counter.linePos(node.range[0]).line;
    }
    return undefined;
  }

  /** The line of a character offset (for JSON.parse errors). */
  lineAt(offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }
}
