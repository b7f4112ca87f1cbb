import { expect } from 'vitest';
import { noViolations } from '../../../../sim/world/safety';
import type { RunResult } from '../../../../sim/app/runner/run';
import { runShippedCase, readmeRows, verdictRow, type ShippedCase } from '../../../../sim/app/verdicts';
import { rover } from '../../../cli-harness';

/**
 * Runs a shipped scenario's plan as its `expect` block names it and holds it to that: the outcome,
 * at most the sols, no truth safety violation, and the README's row the run itself gives.
 */
export async function checkShipped(c: ShippedCase): Promise<RunResult> {
  const validated = await rover('validate', c.file);
  expect(validated.err).toBe('');
  expect(validated.code).toBe(0);
  const run = await runShippedCase(c);
  const s = run.summary, want = c.loaded.scenario.expect![c.plan]!;
  expect(s.outcome, s.verdict).toBe(want.outcome);
  if (want.max_sols !== undefined) expect(s.sols).toBeLessThanOrEqual(want.max_sols);
  expect(s.safety_violations).toEqual(noViolations());
  expect(readmeRows().get(`${c.loaded.scenario.name} ${c.plan}`), 'the README row (npm run verdicts writes it)').toBe(verdictRow(c.loaded, c.plan, s));
  return run;
}
