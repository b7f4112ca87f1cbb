import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../src/core/errors';
import { claimOutputDir } from '../../src/core/files';
import { checkPlanScenario, isPlanFile, loadPlanFile, type Plan } from '../../src/ground/plan';
import { writeRunOutputs } from '../runner/outputs';
import { runScenario, type RunResult } from '../runner/run';
import { loadSite, type Site } from '../scenario/site';
import { plannerArg } from './args';
import { makePlanner } from './plan';
import { Progress } from './progress';

export interface RunOptions {
  plan?: string;
  seed?: number;
  out?: string;
  json?: boolean;
  model?: string;
}

/** A plan by planner name (human, baseline, ai) or from a plan file, with its wall-clock planning time. */
export async function obtainPlan(site: Site, which: string, options: { model?: string; log?: (line: string) => void } = {}): Promise<{ plan: Plan; label: string; planningS: number }> {
  const t0 = performance.now();
  if (isPlanFile(which) || which.endsWith('.json')) {
    const plan = loadPlanFile(which);
    checkPlanScenario(plan, which, site.loaded.scenario.name);
    return { plan, label: basename(which).replace(/\.plan\.json$|\.json$/i, ''), planningS: 0 };
  }
  const name = plannerArg(which, '--plan');
  const planner = makePlanner(site, name, options);
  const { plan } = await planner.plan({ scenario: site.loaded.scenario.name, maps: site.orbital, mission: site.mission });
  return { plan, label: name, planningS: plan.provenance.planning_time_s ?? (performance.now() - t0) / 1000 };
}

/** The plan a run uses when none is named: the scenario's human plan if it has one, else the baseline. */
export function defaultPlan(site: Site): string {
  return site.loaded.scenario.planners.human ? 'human' : 'baseline';
}

/** Runs one plan through the whole loop, with a progress bar while it drives. */
export function runWithProgress(site: Site, plan: Plan, label: string, progress: Progress): { run: RunResult; wallS: number } {
  const t0 = performance.now();
  const routeM = 1.2 * Math.hypot(site.mission.goal.x_m - site.mission.start.x_m, site.mission.goal.y_m - site.mission.start.y_m);
  progress.start(`${site.loaded.scenario.name} ${label} [{bar}] {value}/{total} m | sol {sol} {phase} | ETA {eta_formatted}`, routeM, 0, { sol: 1, phase: 'planning' });
  try {
    const run = runScenario(site, plan, { label, progress: (p) => progress.update(p.distanceM, { sol: p.sol, phase: p.phase }) });
    return { run, wallS: (performance.now() - t0) / 1000 };
  } finally {
    progress.stop();
  }
}

/** `rover run`: one scenario, one plan, to a verdict; outputs in --out. */
export async function runCommand(scenarioFile: string, options: RunOptions, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  const site = await loadSite(scenarioFile, options.seed);
  const which = options.plan ?? defaultPlan(site);
  const { plan, label, planningS } = await obtainPlan(site, which, { model: options.model, log: options.json ? undefined : (l) => log(`  ${l}`) });
  const out = options.out ?? join('out', `${site.loaded.scenario.name}-${label}`);
  // Refused before the run if the folder holds what rover did not write.
  claimOutputDir(resolve(out));
  const { run, wallS } = runWithProgress(site, plan, label, new Progress());
  const files = writeRunOutputs(resolve(out), site, run, runTiming(planningS, wallS, t0));
  if (options.json) {
    log(JSON.stringify(run.summary, null, 2));
    return;
  }
  const s = run.summary;
  log(`${s.scenario} (${s.plan} plan, seed ${s.seed}): ${s.outcome.toUpperCase()} — ${s.verdict}`);
  log(`  ${s.distance_m} m driven for ${s.straight_line_m} m straight (x${s.path_ratio}) in ${s.sols} sol(s); max tilt ${s.max_tilt_deg} deg, ` +
    `min clearance ${s.min_clearance_m} m, ${s.hazard_stops} hazard stop(s), ${s.faults} fault(s), ${s.energy_wh} Wh`);
  log(`  wrote ${files.length} files in ${out} (report.html, map.png, summary.json, telemetry.jsonl, events.jsonl, sequences/)`);
}

const round = (v: number): number => Number(v.toFixed(3));

/** A run's wall times in seconds, to the millisecond, since `t0` (performance.now()): its timing.json. */
export function runTiming(planningS: number, simulationWallS: number, t0: number): { planning_s: number; simulation_wall_s: number; total_wall_s: number } {
  return { planning_s: round(planningS), simulation_wall_s: round(simulationWallS), total_wall_s: round((performance.now() - t0) / 1000) };
}
