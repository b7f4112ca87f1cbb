import { join } from 'node:path';
import { obtainPlan } from '../sim/app/commands/run';
import { runScenario } from '../sim/app/runner/run';
import { loadSite } from '../sim/app/scenario/site';

/**
 * Wall time of the default scenario (jezero-rim, its human plan, the whole sol loop
 * with the link) and of `compare` on it (human and baseline: site, planning and both runs), measured in
 * one process. Also simulated metres per wall second over the runs.
 */
export async function runnerBenchmark(): Promise<Record<string, number | string>> {
  const file = join(__dirname, '../scenarios/jezero-rim.yaml');
  let t0 = performance.now();
  const site = await loadSite(file);
  const siteS = (performance.now() - t0) / 1000;
  const timings: Record<string, number> = {};
  let metres = 0, simWallS = 0;
  const outcomes: string[] = [];
  for (const which of ['human', 'baseline']) {
    t0 = performance.now();
    const { plan } = await obtainPlan(site, which);
    const planned = performance.now();
    const run = runScenario(site, plan, { label: which });
    const done = performance.now();
    timings[`${which}_planning_s`] = round((planned - t0) / 1000);
    timings[`${which}_run_s`] = round((done - planned) / 1000);
    metres += run.summary.distance_m;
    simWallS += (done - planned) / 1000;
    outcomes.push(`${which}: ${run.summary.outcome}`);
  }
  return {
    scenario: 'jezero-rim',
    site_build_s: round(siteS),
    ...timings,
    default_scenario_run_s: round(siteS + timings.human_planning_s + timings.human_run_s),
    compare_s: round(siteS + timings.human_planning_s + timings.human_run_s + timings.baseline_planning_s + timings.baseline_run_s),
    driven_m_per_wall_s: round(metres / simWallS),
    outcomes: outcomes.join(', '),
  };
}

const round = (v: number): number => Number(v.toFixed(2));
