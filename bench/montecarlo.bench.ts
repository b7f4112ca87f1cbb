import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { obtainPlan } from '../sim/commands/run';
import { runBatch, type BatchConfig } from '../sim/montecarlo/batch';
import { loadSite } from '../sim/scenario/site';

/**
 * Issue 9's figures: Monte Carlo runs per minute on the 80 m ENav protocol scenario at k = 0.15
 * (scenarios/enav-80m.yaml, every dispersion on), with 1 and 2 worker threads, measured in one process
 * on the same runs (same batch seed and count: runs differ a lot in length, so different runs would
 * not compare); the speed-up (aim >= 1.8x); the projected time of 1,000 runs with 2 workers (aim < 10
 * min); and memory per worker (the process's resident size while the pool runs, less the size before,
 * per worker). Pool start-up (each thread compiles the TypeScript it runs) is inside the timings.
 * `MC_BENCH_RUNS` sets the runs per measurement (default 16).
 */
export async function montecarloBenchmark(): Promise<Record<string, number | string>> {
  const file = join(__dirname, '../scenarios/enav-80m.yaml');
  const runs = Number(process.env.MC_BENCH_RUNS ?? 16);
  const site = await loadSite(file);
  const { plan, label } = await obtainPlan(site, 'human');
  const figures: Record<string, number | string> = { scenario: 'enav-80m', runs_per_measurement: runs };
  const rate: Record<number, number> = {};
  for (const workers of [1, 2]) {
    const out = mkdtempSync(join(tmpdir(), 'rover-mc-bench-'));
    const config: BatchConfig = { scenarioFile: file, scenario: 'enav-80m', batchSeed: 1000, runs, plans: [{ label, plan }], timeoutS: 600 };
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
    const t0 = performance.now();
    const result = await runBatch(config, { out, workers, resume: false });
    const minutes = (performance.now() - t0) / 60_000;
    clearInterval(sampler);
    rmSync(out, { recursive: true, force: true });
    rate[workers] = runs / minutes;
    figures[`runs_per_min_${workers}_worker${workers > 1 ? 's' : ''}`] = round(rate[workers]);
    figures[`memory_per_worker_mb_${workers}`] = round((rssPeak - rssBefore) / 1e6 / workers);
    const s = result.summary.plans[label];
    figures[`success_rate_${workers}`] = s.success.rate;
    figures[`errors_${workers}`] = s.errors;
  }
  figures.speedup_2_workers = round(rate[2] / rate[1]);
  figures.projected_1000_runs_min_2_workers = round(1000 / rate[2]);
  return figures;
}

const round = (v: number): number => Number(v.toFixed(2));
