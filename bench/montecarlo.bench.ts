import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { obtainPlan } from '../sim/app/commands/run';
import { runBatch, type BatchConfig } from '../sim/app/montecarlo/batch';
import { loadSite } from '../sim/app/scenario/site';

/**
 * Issues 9 and 16: Monte Carlo runs per minute on the 80 m ENav protocol scenario at k = 0.15
 * (scenarios/enav-80m.yaml, every dispersion on), with 1 and 2 worker threads, measured in one process
 * on the same runs (same batch seed and count: runs differ a lot in length, so different runs would
 * not compare).
 *
 * - runs_per_min_*: the steady rate, from the W-th finished run to the last (W = workers), so that
 *   pool start-up (each thread loads the compiled tree and builds the nominal site) is not spread over a short batch;
 *   first_runs_done_s_* is when the W-th run finished, batch_wall_s_* the whole batch (start-up and
 *   summary included).
 * - speedup_2_workers (aim >= 1.8x) and per_run_slowdown_2_workers: how much longer the same run
 *   takes while the other core runs one too (the two threads share the memory system).
 * - projected_1000_runs_min_2_workers (aim < 10 min): start-up as measured, then the steady rate.
 * - memory_per_worker_mb_*: the process's resident size while the pool runs, less the size before,
 *   per worker.
 *
 * `MC_BENCH_RUNS` sets the runs per measurement (default 16).
 */
export async function montecarloBenchmark(): Promise<Record<string, number | string>> {
  const file = join(__dirname, '../scenarios/enav-80m.yaml');
  const runs = Number(process.env.MC_BENCH_RUNS ?? 16);
  const site = await loadSite(file);
  const { plan, label } = await obtainPlan(site, 'human');
  const figures: Record<string, number | string> = { scenario: 'enav-80m', runs_per_measurement: runs };
  const steady: Record<number, number> = {}, runSeconds: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const out = mkdtempSync(join(tmpdir(), 'rover-mc-bench-'));
    const config: BatchConfig = { scenarioFile: file, scenario: 'enav-80m', batchSeed: 1000, runs, plans: [{ label, plan }], timeoutS: 600 };
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
    const finishedAt: number[] = [];
    const t0 = performance.now();
    const result = await runBatch(config, { out, workers, resume: false, progress: ({ record }) => record && finishedAt.push((performance.now() - t0) / 1000) });
    const wallS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    rmSync(out, { recursive: true, force: true });
    const tW = finishedAt[workers - 1], tLast = finishedAt[finishedAt.length - 1];
    steady[workers] = ((runs - workers) / (tLast - tW)) * 60;
    runSeconds[workers] = result.records.reduce((sum, r) => sum + (r.wall_s ?? 0), 0);
    figures[`runs_per_min_${workers}_worker${workers > 1 ? 's' : ''}`] = round(steady[workers]);
    figures[`batch_wall_s_${workers}`] = round(wallS);
    figures[`first_runs_done_s_${workers}`] = round(tW);
    figures[`memory_per_worker_mb_${workers}`] = round((rssPeak - rssBefore) / 1e6 / workers);
    figures[`success_rate_${workers}`] = result.summary.plans[label].success.rate;
    figures[`errors_${workers}`] = result.summary.plans[label].errors;
    if (workers === 2) figures.projected_1000_runs_min_2_workers = round((tW + (1000 - workers) / (steady[2] / 60)) / 60);
  }
  figures.speedup_2_workers = round(steady[2] / steady[1]);
  figures.per_run_slowdown_2_workers = round(runSeconds[2] / runSeconds[1]);
  return figures;
}

const round = (v: number): number => Number(v.toFixed(2));
