import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchema } from '../../sim/app/scenario/json-schema';

const ROOT = resolve(__dirname, '../..');

describe('the published scenario JSON Schema (for editors)', () => {
  it('is up to date with the zod schema (regenerate with `npm run schema`)', () => {
    expect(readFileSync(join(ROOT, SCENARIO_SCHEMA_FILE), 'utf8')).toBe(scenarioJsonSchema());
  });

  it('accepts every shipped scenario and rejects an unknown field', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(scenarioJsonSchema()));
    for (const name of ['jezero-rim', 'boulder-field', 'crater-wall', 'gale-mmgis', 'conjunction', 'stalled-wheel', 'jezero-neretva', 'step-field', 'low-battery', 'drive-window']) {
      const doc = parse(readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8'));
      expect(validate(doc), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...doc, sol_limits: 3 })).toBe(false);
    }
  });
});
