import { performance } from 'node:perf_hooks';
import { Plan } from '../../../src/ground/plan';
import { runScenario, type RunResult, type RunSummary } from '../runner/run';
import { loadScenario, type LoadedScenario } from '../scenario/loader';
import { buildSite, dispersedSite, type Site } from '../scenario/site';
import { drawDispersion, runSeed } from '../runner/dispersion';

/*
 * One Monte Carlo run as a task any worker can take: a thread of the local pool (piscina), a BullMQ
 * worker on another machine, or `rover replay`. Everything it needs is in the task; what it returns
 * is one line of runs.jsonl.
 */

export interface McTask {
  /** The scenario file (absolute, or relative to the worker's working folder). */
  scenarioFile: string;
  /** The plan, as uplinked in every run of the batch. */
  plan: Plan;
  planLabel: string;
  batchSeed: number;
  index: number;
}

export interface RunRecord {
  index: number;
  plan: string;
  seed: number;
  dispersion?: Record<string, number | string>;
  summary?: Omit<RunSummary, 'scenario' | 'plan' | 'seed'>;
  /** Why the run produced no summary (an exception, a timeout, a worker lost). */
  error?: string;
  /** Wall-clock seconds the run took (the only field that differs between reruns): in timing.jsonl, not runs.jsonl. */
  wall_s?: number;
}

/**
 * The nominal site of the scenario a worker last ran: built once per worker and scenario (truth
 * terrain, orbital products, mission), since every run of a batch shares it. Keyed by the scenario
 * as loaded, so a long-lived worker given an edited scenario builds it again; one kept at a time.
 */
let nominal: { key: string; site: Promise<Site> } | undefined;

export function nominalSite(loaded: LoadedScenario): Promise<Site> {
  const key = JSON.stringify([loaded.file, loaded.scenario]);
  if (nominal?.key !== key) {
    const site = buildSite(loaded);
    nominal = { key, site };
    // A site that failed to build is not kept: the next task tries again (and records its own error).
    site.catch(() => {
      if (nominal?.site === site) nominal = undefined;
    });
  }
  return nominal.site;
}

/** Runs one task to its record; an exception becomes an error record, never a crash of the batch. */
export async function runTask(task: McTask): Promise<RunRecord> {
  return (await runTaskWithOutputs(task)).record;
}

/**
 * The same, keeping the run and its site (`rover replay --out` writes the run's outputs); with
 * `driveFrames`, the Navcam frames along the drive too (they change nothing of the run).
 */
export async function runTaskWithOutputs(task: McTask, options: { driveFrames?: boolean } = {}): Promise<{ record: RunRecord; site?: Site; run?: RunResult }> {
  const t0 = performance.now();
  const loaded = loadScenario(task.scenarioFile);
  let draw: ReturnType<typeof drawDispersion> | undefined;
  try {
    const base = await nominalSite(loaded);
    draw = drawDispersion(loaded.scenario, base.vehicle, task.batchSeed, task.index);
    const site = dispersedSite(base, draw.site);
    const plan = Plan.parse(task.plan);
    const run = runScenario(site, plan, { label: task.planLabel, driveFrames: options.driveFrames, overrides: { vehicle: base.vehicle, ...draw.overrides } });
    const { scenario: _s, plan: _p, seed: _seed, ...summary } = run.summary;
    return { record: { index: task.index, plan: task.planLabel, seed: draw.seed, dispersion: draw.values, summary, wall_s: wall(t0) }, site, run };
  } catch (e) {
    const seed = draw?.seed ?? runSeed(task.batchSeed, task.index);
    return { record: { index: task.index, plan: task.planLabel, seed, ...(draw ? { dispersion: draw.values } : {}), error: e instanceof Error ? e.message : String(e), wall_s: wall(t0) } };
  }
}

const wall = (t0: number): number => Number(((performance.now() - t0) / 1000).toFixed(3));

/** The record of a run whose worker failed or was stopped at the time limit (it still names its seed). */
export function failedRecord(task: McTask, error: unknown, timeoutS: number): RunRecord {
  const timedOut = error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
  return {
    index: task.index, plan: task.planLabel, seed: runSeed(task.batchSeed, task.index),
    error: timedOut ? `timed out after ${timeoutS} s (worker stopped)` : `worker failed: ${error instanceof Error ? error.message : String(error)}`,
    wall_s: timedOut ? timeoutS : 0,
  };
}

/** The record without its wall-clock time, as JSON: what must match when a run is repeated. */
export function recordKey(r: RunRecord): string {
  const { wall_s: _w, ...rest } = r;
  return JSON.stringify(rest);
}
