import { expect } from 'vitest';
import { SAFETY_LIMITS } from '../../../../sim/world/safety';
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
  const broken = Object.entries(s.safety_violations).filter(([, v]) => v).map(([k]) => k);
  expect(broken, 'truth safety limits broken').toEqual([...want.safety_violations].sort((a, b) => SAFETY_LIMITS.indexOf(a) - SAFETY_LIMITS.indexOf(b)));
  const raised = new Set<string>(run.events.map((e) => e.name));
  for (const name of want.events) expect(raised.has(name), `onboard event ${name}`).toBe(true);
  expect(readmeRows().get(`${c.loaded.scenario.name} ${c.plan}`), 'the README row (npm run verdicts writes it)').toBe(verdictRow(c.loaded, c.plan, s));
  return run;
}
