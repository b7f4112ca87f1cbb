import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { obtainPlan } from '../../../sim/commands/run';
import { runScenario, type RunResult } from '../../../sim/runner/run';
import { loadSite } from '../../../sim/scenario/site';
import { rover } from '../../cli-harness';

const ROOT = resolve(__dirname, '../../..');
const OUTCOMES = ['reached', 'stopped_hazard', 'fault', 'sol_limit', 'embedded', 'nav_error'];

/** Validates a shipped scenario and its human plan, then runs that plan to a verdict. */
export async function runShipped(name: string): Promise<RunResult> {
  const file = join(ROOT, 'scenarios', `${name}.yaml`);
  const validated = await rover('validate', file);
  expect(validated.err).toBe('');
  expect(validated.code).toBe(0);
  const site = await loadSite(file);
  const { plan } = await obtainPlan(site, 'human');
  const run = runScenario(site, plan, { label: 'human' });
  expect(OUTCOMES).toContain(run.summary.outcome);
  expect(run.summary.verdict.length).toBeGreaterThan(10);
  expect(run.summary.sols).toBeLessThanOrEqual(site.loaded.scenario.sol_limit);
  expect(run.summary.safety_violations.tip_over).toBe(false);
  return run;
}
