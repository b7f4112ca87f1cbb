import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Piscina } from 'piscina';

const ROOT = join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledTree } = require(join(ROOT, 'sim/compiled-tree.js')) as { compiledTree: (root: string) => { dist?: string; stale?: string } };

/**
 * How long the `rover` command takes to start (`--help`, and `validate` on the
 * default scenario, each as a fresh process, the median of 5) and how long a Monte Carlo worker thread
 * takes to load its run task (the pool's first task; the run itself is not part of it). Measured on
 * the compiled tree (dist/, `npm run build`) and on the sources through ts-node in the same run; the
 * compiled figures need a current dist/ (`compiled_tree`).
 */
export async function startupBenchmark(): Promise<Record<string, number | string>> {
  const rover = join(ROOT, 'sim/rover.js');
  const scenario = join(ROOT, 'scenarios/jezero-rim.yaml');
  const time = (args: string[], env: Record<string, string>): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [rover, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`rover ${args.join(' ')} failed: ${r.stderr}`);
    return (performance.now() - t0) / 1000;
  };
  const median = (f: () => number): number => {
    const xs = Array.from({ length: 5 }, f).sort((a, b) => a - b);
    return round(xs[2]);
  };
  const workerFirstTask = async (env: Record<string, string>): Promise<number> => {
    const t0 = performance.now();
    // A task the worker refuses at once (no such scenario): what is timed is loading the worker's code.
    const pool = new Piscina({ filename: join(ROOT, 'sim/app/montecarlo/worker.js'), minThreads: 1, maxThreads: 1, env: { ...process.env, ...env } });
    await pool.run({ scenarioFile: '/nonexistent.yaml', plan: { waypoints: [] }, planLabel: 'x', batchSeed: 1, index: 0 }).catch(() => undefined);
    const s = (performance.now() - t0) / 1000;
    await pool.destroy();
    return round(s);
  };
  const tree = compiledTree(ROOT);
  const compiled = {}, tsNode = { ROVER_TS_NODE: '1' };
  return {
    compiled_tree: tree.dist ? 'current' : `stale: ${tree.stale}`,
    help_s: median(() => time(['--help'], compiled)),
    validate_s: median(() => time(['validate', scenario], compiled)),
    worker_thread_first_task_s: await workerFirstTask(compiled),
    ts_node_help_s: median(() => time(['--help'], tsNode)),
    ts_node_validate_s: median(() => time(['validate', scenario], tsNode)),
    ts_node_worker_thread_first_task_s: await workerFirstTask(tsNode),
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
