import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Piscina } from 'piscina';

/**
 * Issue 15's figures: how long the `rover` command takes to start (`--help`, and `validate` on the
 * default scenario, each as a fresh process, the median of 5) and how long a Monte Carlo worker thread
 * takes to load its run task (the pool's first task; the run itself is not part of it).
 */
export async function startupBenchmark(): Promise<Record<string, number>> {
  const rover = join(__dirname, '../sim/rover.js');
  const scenario = join(__dirname, '../scenarios/jezero-rim.yaml');
  const time = (args: string[]): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [rover, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`rover ${args.join(' ')} failed: ${r.stderr}`);
    return (performance.now() - t0) / 1000;
  };
  const median = (f: () => number): number => {
    const xs = Array.from({ length: 5 }, f).sort((a, b) => a - b);
    return round(xs[2]);
  };
  const t0 = performance.now();
  // A task the worker refuses at once (no such scenario): what is timed is loading the worker's code.
  const pool = new Piscina({ filename: join(__dirname, '../sim/montecarlo/worker.js'), minThreads: 1, maxThreads: 1 });
  await pool.run({ scenarioFile: '/nonexistent.yaml', plan: { waypoints: [] }, planLabel: 'x', batchSeed: 1, index: 0 }).catch(() => undefined);
  const workerS = (performance.now() - t0) / 1000;
  await pool.destroy();
  return {
    help_s: median(() => time(['--help'])),
    validate_s: median(() => time(['validate', scenario])),
    worker_thread_first_task_s: round(workerS),
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
