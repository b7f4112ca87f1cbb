import { z } from 'zod';
import { Scenario } from './schema';

/** Where the published JSON Schema of scenario files lives (for editors: yaml-language-server, VS Code). */
export const SCENARIO_SCHEMA_FILE = 'scenarios/scenario.schema.json';

/**
 * The scenario file's JSON Schema, made from the zod schema (the one source of truth) so editors can
 * complete and check scenario YAML. Cross-field rules (exactly one terrain kind, ranges in order)
 * are zod refinements JSON Schema does not carry; `rover validate` checks everything.
 */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'rover-twin scenario', description: 'A rover-twin scenario file (YAML). See README.md, "Scenarios".' }, null, 2) + '\n';
}

if (require.main === module) {
  // `npm run schema`: regenerate the published file after changing the zod schema.
  require('node:fs').writeFileSync(require('node:path').join(__dirname, '../../..', SCENARIO_SCHEMA_FILE), scenarioJsonSchema());
}
