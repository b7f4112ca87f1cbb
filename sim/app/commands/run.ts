import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../../src/core/errors';
import { claimOutputDir, StagedDir } from '../../../src/core/files';
import { checkPlanScenario, isPlanFile, loadPlanFile, type Plan } from '../../../src/ground/plan';
import { PlanningError, type PlanAttachment } from '../../../src/ground/planners/planner';
import { writeRunOutputs } from '../runner/outputs';
import type { Relief } from '../../../src/ground/relief';
import { runScenario, type RunResult } from '../runner/run';
import { loadSite, type Site } from '../scenario/site';
import { plannerArg, plannerLabel } from './args';
import { makePlanner } from './plan';
import { Progress } from './progress';
import { fixedTo } from '../../../src/core/round';

export interface RunOptions {
  plan?: string;
  seed?: number;
  out?: string;
  json?: boolean;
  model?: string;
  relief?: Relief;
}

/** A --plan naming a plan file (a replayed exchange, replay:FILE.exchange.json, is a planner). */
const isPlanFileArg = (which: string): boolean => !which.startsWith('replay:') && (isPlanFile(which) || which.endsWith('.json'));

/** What a plan is called in outputs: the planner's name, or the plan file's name without its extension. */
export function planLabel(which: string): string {
  return isPlanFileArg(which) ? basename(which).replace(/\.plan\.json$|\.json$/i, '') : plannerLabel(plannerArg(which, '--plan'));
}

/**
 * A plan by planner name (human, baseline, ai) or from a plan file, with its wall-clock planning
 * time and what the planner asked to keep beside it (the ai planner's exchange and pictures). A
 * planner that fails after its exchange began throws a PlanningError carrying that exchange.
 */
export async function obtainPlan(site: Site, which: string, options: { model?: string; log?: (line: string) => void } = {}): Promise<{ plan: Plan; label: string; planningS: number; attachments: PlanAttachment[] }> {
  const t0 = performance.now();
  const label = planLabel(which);
  if (isPlanFileArg(which)) {
    const plan = loadPlanFile(which);
    checkPlanScenario(plan, which, site.loaded.scenario.name);
    return { plan, label, planningS: 0, attachments: [] };
  }
  const planner = makePlanner(site, plannerArg(which, '--plan'), options);
  const { plan, attachments } = await planner.plan({ scenario: site.loaded.scenario.name, maps: site.orbital, mission: site.mission });
  return { plan, label, planningS: plan.provenance.planning_time_s ?? (performance.now() - t0) / 1000, attachments };
}

/** Where a run folder keeps what its planner asked to keep: planning/<label><suffix>. */
export function planningFiles(label: string, attachments: PlanAttachment[]): { name: string; data: string | Uint8Array }[] {
  return attachments.map((a) => ({ name: `planning/${label}${a.suffix}`, data: a.data }));
}

/**
 * Planning failed after its exchange began: the output folder `dir` (claimed, shown to the user as
 * `shown`) is given the exchange so far and nothing else, and the error says where it is.
 */
export function keepFailedExchange(dir: string, shown: string, label: string, e: PlanningError): InputError {
  const out = new StagedDir(dir);
  try {
    for (const f of planningFiles(label, e.attachments)) out.write(f.name, f.data);
    out.commit();
  } catch (w) {
    out.abort();
    throw w;
  }
  return e.keptAt(join(shown, 'planning', `${label}.exchange.json`));
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
    const run = runScenario(site, plan, { label, driveFrames: true, progress: (p) => progress.update(p.distanceM, { sol: p.sol, phase: p.phase }) });
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
  const out = options.out ?? join('out', `${site.loaded.scenario.name}-${planLabel(which)}`);
  // Refused before planning if the folder holds what rover did not write.
  claimOutputDir(resolve(out));
  let obtained: Awaited<ReturnType<typeof obtainPlan>>;
  try {
    obtained = await obtainPlan(site, which, { model: options.model, log: options.json ? undefined : (l) => log(`  ${l}`) });
  } catch (e) {
    throw e instanceof PlanningError ? keepFailedExchange(resolve(out), out, planLabel(which), e) : e;
  }
  const { plan, label, planningS, attachments } = obtained;
  const { run, wallS } = runWithProgress(site, plan, label, new Progress());
  const files = await writeRunOutputs(resolve(out), site, run, runTiming(planningS, wallS, t0), planningFiles(label, attachments), { relief: options.relief });
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

const round = (v: number): number => fixedTo(v, 3);

/** A run's wall times in seconds, to the millisecond, since `t0` (performance.now()): its timing.json. */
export function runTiming(planningS: number, simulationWallS: number, t0: number): { planning_s: number; simulation_wall_s: number; total_wall_s: number } {
  return { planning_s: round(planningS), simulation_wall_s: round(simulationWallS), total_wall_s: round((performance.now() - t0) / 1000) };
}
