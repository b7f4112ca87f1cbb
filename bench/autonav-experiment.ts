/**
 * JPL's ENav Monte Carlo protocol (Abcouwer et al. 2021; Toupet et al. 2020, docs/reference.md): terrains
 * by rock abundance k, with the rocks scattered uniformly or mostly in clusters, an 80 m goal, the path
 * tree with ACE (Mars 2020 ENav) beside arc voting (MER's GESTALT), SEEDS terrains each; a trial fails on
 * no feasible path (or no progress), a fault, or the time limit. Trials run on two worker threads.
 *   npm run experiment [-- SEEDS GOAL_M K,K,... MODE,MODE LAYOUT,LAYOUT]
 * prints the markdown table (success with its 95% Wilson interval, failure modes, path efficiency,
 * truth safety) and, with the README's defaults (30 seeds, 80 m, every k, both modes), writes every
 * trial to docs/autonav-experiment.json and the table into the README between its markers; the
 * test suite reruns every trial and checks that table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Piscina } from 'piscina';
import { wilson } from '../sim/app/montecarlo/stats';
import type { NavMode, RockLayout } from '../sim/app/runner/autonav-trial';
import type { ExperimentTrial } from './autonav-experiment-trial';

export const EXPERIMENT = { seeds: 30, goalM: 80, ks: [0.05, 0.1, 0.15, 0.2, 0.25], modes: ['AUTONAV', 'ARC_VOTING'] as NavMode[], layouts: ['uniform', 'clustered'] as RockLayout[] };
const ROOT = resolve(__dirname, '..');
export const EXPERIMENT_MARKERS = { begin: '<!-- autonav-experiment:begin -->', end: '<!-- autonav-experiment:end -->' } as const;

/** Every trial of the experiment, in (layout, k, mode, seed) order, on `threads` worker threads. */
export async function runExperiment(seeds: number, goalM: number, ks: number[], modes: NavMode[], layouts: RockLayout[] = ['uniform'], threads = 2): Promise<ExperimentTrial[]> {
  const pool = new Piscina({ filename: resolve(__dirname, 'autonav-trial.worker.js'), maxThreads: threads, minThreads: threads });
  try {
    const jobs: Promise<ExperimentTrial>[] = [];
    for (const layout of layouts) for (const k of ks) for (const mode of modes) for (let seed = 1; seed <= seeds; seed++) jobs.push(pool.run({ k, layout, mode, seed, goalM }));
    return await Promise.all(jobs);
  } finally {
    await pool.destroy();
  }
}

/** One cell of the table: a rock layout, a k and a mode over its seeds. */
export function experimentCell(trials: readonly ExperimentTrial[], k: number, mode: NavMode, goalM: number, layout: RockLayout = 'uniform') {
  const cell = trials.filter((t) => t.k === k && t.mode === mode && t.layout === layout);
  const reached = cell.filter((t) => t.outcome === 'reached');
  const failureModes = new Map<string, number>();
  for (const t of cell) if (t.failure) failureModes.set(t.failure, (failureModes.get(t.failure) ?? 0) + 1);
  return {
    trials: cell.length,
    reached: reached.length,
    interval: wilson(reached.length, cell.length),
    failureModes,
    efficiency: reached.length ? reached.reduce((s, t) => s + goalM / t.distanceM, 0) / reached.length : undefined,
    nearStart: cell.filter((t) => t.outcome !== 'reached' && t.fromStartM < 1).length,
    violations: cell.filter((t) => Object.values(t.violations).some(Boolean)).length,
  };
}

/** The markdown table of the experiment. */
export function experimentTable(trials: readonly ExperimentTrial[], ks: number[], modes: NavMode[], goalM: number, layouts: RockLayout[] = ['uniform']): string[] {
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const lines = [
    '| rocks | k | navigation | success (95% interval) | failure modes | path efficiency | failures within 1 m of the start | truth safety violations |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const layout of layouts) {
    for (const k of ks) {
      for (const mode of modes) {
        const c = experimentCell(trials, k, mode, goalM, layout);
        const failures = [...c.failureModes].map(([f, n]) => `${f} ${n}`).join(', ') || '–';
        lines.push(`| ${layout} | ${k} | ${mode === 'AUTONAV' ? 'path tree + ACE' : 'arc voting'} | ${c.reached}/${c.trials}: ${pct(c.reached / c.trials)} (${pct(c.interval.lo)}–${pct(c.interval.hi)}) | ${failures} | ${c.efficiency === undefined ? '–' : c.efficiency.toFixed(2)} | ${c.nearStart} | ${c.violations} |`);
      }
    }
  }
  return lines;
}

/** The table as the README holds it between its markers (empty when the markers are missing). */
export function readmeExperimentTable(): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const begin = text.indexOf(EXPERIMENT_MARKERS.begin), end = text.indexOf(EXPERIMENT_MARKERS.end);
  if (begin < 0 || end < begin) return [];
  return text.slice(begin + EXPERIMENT_MARKERS.begin.length, end).split('\n').filter((l) => l.startsWith('|'));
}

/** The command line `[SEEDS GOAL_M K,K,... MODE,MODE LAYOUT,LAYOUT]`, or a usage message naming the bad argument. */
export function parseExperimentArgs(argv: readonly string[]): { seeds: number; goalM: number; ks: number[]; modes: NavMode[]; layouts: RockLayout[] } | string {
  const [seedsArg, goalArg, ksArg, modesArg, layoutsArg, ...extra] = argv;
  if (extra.length) return `unexpected argument '${extra[0]}'`;
  const seeds = seedsArg === undefined ? EXPERIMENT.seeds : Number(seedsArg);
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1000) return `SEEDS must be a whole number from 1 to 1000, not '${seedsArg}'`;
  const goalM = goalArg === undefined ? EXPERIMENT.goalM : Number(goalArg);
  if (!Number.isFinite(goalM) || goalM < 5 || goalM > 500) return `GOAL_M must be a distance from 5 to 500 m, not '${goalArg}'`;
  const ks = ksArg === undefined ? EXPERIMENT.ks : ksArg.split(',').map(Number);
  if (ks.some((k) => !Number.isFinite(k) || k <= 0 || k > 0.4)) return `K must be rock abundances above 0 and at most 0.4, comma-separated, not '${ksArg}'`;
  const modes = modesArg === undefined ? EXPERIMENT.modes : (modesArg.split(',') as NavMode[]);
  if (modes.some((m) => !EXPERIMENT.modes.includes(m))) return `MODE must be ${EXPERIMENT.modes.join(' or ')}, comma-separated, not '${modesArg}'`;
  const layouts = layoutsArg === undefined ? EXPERIMENT.layouts : (layoutsArg.split(',') as RockLayout[]);
  if (layouts.some((l) => !EXPERIMENT.layouts.includes(l))) return `LAYOUT must be ${EXPERIMENT.layouts.join(' or ')}, comma-separated, not '${layoutsArg}'`;
  return { seeds, goalM, ks, modes, layouts };
}

async function main(): Promise<void> {
  const args = parseExperimentArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`npm run experiment: ${args}\nusage: npm run experiment [-- SEEDS GOAL_M K,K,... MODE,MODE LAYOUT,LAYOUT]`);
    process.exitCode = 2;
    return;
  }
  const { seeds, goalM, ks, modes, layouts } = args;
  // With the README's defaults the run rewrites its table: a README without the markers is refused first.
  const defaults = seeds === EXPERIMENT.seeds && goalM === EXPERIMENT.goalM && ks.join() === EXPERIMENT.ks.join() && modes.join() === EXPERIMENT.modes.join() && layouts.join() === EXPERIMENT.layouts.join();
  const readme = join(ROOT, 'README.md');
  if (defaults && readmeExperimentTable().length === 0) throw new Error(`${readme} has no ${EXPERIMENT_MARKERS.begin} ... ${EXPERIMENT_MARKERS.end} section`);
  const trials = await runExperiment(seeds, goalM, ks, modes, layouts);
  const table = experimentTable(trials, ks, modes, goalM, layouts);
  console.log(table.join('\n'));
  if (!defaults) return;
  writeFileSync(join(ROOT, 'docs', 'autonav-experiment.json'), JSON.stringify({ seeds, goal_m: goalM, trials }, null, 1) + '\n');
  const text = readFileSync(readme, 'utf8');
  const begin = text.indexOf(EXPERIMENT_MARKERS.begin), end = text.indexOf(EXPERIMENT_MARKERS.end);
  writeFileSync(readme, `${text.slice(0, begin + EXPERIMENT_MARKERS.begin.length)}\n${table.join('\n')}\n${text.slice(end)}`);
  console.log('wrote docs/autonav-experiment.json and the README table');
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
