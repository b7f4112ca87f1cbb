import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { obtainPlan } from './commands/run';
import { runBatch, type BatchConfig } from './montecarlo/batch';
import type { PlanSummary } from './montecarlo/summary';
import { loadScenario, type LoadedScenario } from './scenario/loader';
import type { MonteCarloExpectation } from './scenario/schema';
import { loadSite } from './scenario/site';
import { runScenario, type RunSummary } from './runner/run';

/*
 * The shipped scenarios' verdicts, as the README states them: each scenario's `expect` block names
 * the plans it is expected to carry to an outcome; the table is made from the runs themselves (the
 * tests run each and check its README row equals what the run gives), never written by hand.
 * `npm run verdicts` runs every one and rewrites the table between the README's markers.
 */

export const ROOT = resolve(__dirname, '../..');
const README = join(ROOT, 'README.md');
export const MARKERS = { begin: '<!-- shipped-verdicts:begin -->', end: '<!-- shipped-verdicts:end -->' } as const;

/** A shipped scenario and one plan its `expect` block names. */
export interface ShippedCase {
  file: string;
  loaded: LoadedScenario;
  plan: 'human' | 'baseline';
}

/** Every (scenario, plan) the shipped scenarios expect an outcome of, in file-name order. */
export function shippedCases(): ShippedCase[] {
  const dir = join(ROOT, 'scenarios');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => {
    const loaded = loadScenario(join(dir, f));
    const expect = loaded.scenario.expect ?? {};
    return (['human', 'baseline'] as const).filter((p) => expect[p]).map((plan) => ({ file: loaded.file, loaded, plan }));
  });
}

/** The README row of one run: what it is, the plan, and what the run came to. */
export function verdictRow(loaded: LoadedScenario, plan: string, s: RunSummary): string {
  const what = (loaded.scenario.description ?? '').replace(/\|/g, '/');
  return `| \`${loaded.scenario.name}\` | ${what} | ${plan} | ${s.outcome} | ${s.sols} | ${s.distance_m.toFixed(0)} | ${s.path_ratio.toFixed(2)} | ${s.hazard_stops} |`;
}

export const TABLE_HEAD = [
  '| scenario | what it is | plan | verdict | sols | driven (m) | driven/straight | hazard stops |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];

/** The rows of the README's table as it stands, by `scenario plan`. */
export function readmeRows(): Map<string, string> {
  const text = readFileSync(README, 'utf8');
  const begin = text.indexOf(MARKERS.begin), end = text.indexOf(MARKERS.end);
  const rows = new Map<string, string>();
  if (begin < 0 || end < begin) return rows;
  for (const line of text.slice(begin, end).split('\n')) {
    const m = /^\| `([^`]+)` \|[^|]*\| (\w+) \|/.exec(line);
    if (m) rows.set(`${m[1]} ${m[2]}`, line);
  }
  return rows;
}

/** Runs one shipped case as the tests do: the scenario's own seed, the plan as the planner makes it. */
export async function runShippedCase(c: ShippedCase) {
  const site = await loadSite(c.file);
  const { plan } = await obtainPlan(site, c.plan);
  return runScenario(site, plan, { label: c.plan });
}

/** A shipped scenario with a Monte Carlo expectation. */
export interface ShippedBatch {
  loaded: LoadedScenario;
  expect: MonteCarloExpectation;
}

export function shippedBatches(): ShippedBatch[] {
  const dir = join(ROOT, 'scenarios');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => {
    const loaded = loadScenario(join(dir, f));
    const mc = loaded.scenario.expect?.montecarlo;
    return mc ? [{ loaded, expect: mc }] : [];
  });
}

/** Runs a shipped batch as `rover montecarlo` would, into `out` (a fresh folder); its plan's summary. */
export async function runShippedBatch(b: ShippedBatch, out: string, workers = 2) {
  const site = await loadSite(b.loaded.file);
  const { plan, label } = await obtainPlan(site, b.expect.plan);
  const config: BatchConfig = { scenarioFile: resolve(b.loaded.file), scenario: b.loaded.scenario.name, batchSeed: b.expect.seed, runs: b.expect.runs, plans: [{ label, plan }], timeoutS: 600 };
  const result = await runBatch(config, { out, workers, resume: false });
  return result.summary.plans[label];
}

/** The README line of a batch. */
export function batchLine(b: ShippedBatch, s: PlanSummary): string {
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const modes = Object.entries(s.failure_modes).map(([m, n]) => `${m} ${n}`).join(', ') || 'none';
  return `- \`${b.loaded.scenario.name}\`, ${b.expect.plan} plan, ${s.runs} dispersed runs (batch seed ${b.expect.seed}): ` +
    `${s.success.reached} reached, ${pct(s.success.rate)} (95% interval ${pct(s.success.ci95[0])}–${pct(s.success.ci95[1])}); ` +
    `failures: ${modes}; truth safety violations: ${s.safety_violations.any}`;
}

export const BATCH_MARKERS = { begin: '<!-- shipped-montecarlo:begin -->', end: '<!-- shipped-montecarlo:end -->' } as const;

/** The README's batch lines as they stand. */
export function readmeBatchLines(): string[] {
  const text = readFileSync(README, 'utf8');
  const begin = text.indexOf(BATCH_MARKERS.begin), end = text.indexOf(BATCH_MARKERS.end);
  return begin < 0 || end < begin ? [] : text.slice(begin, end).split('\n').filter((l) => l.startsWith('- '));
}

function replaceBetween(text: string, markers: { begin: string; end: string }, lines: string[]): string {
  const begin = text.indexOf(markers.begin), end = text.indexOf(markers.end);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${markers.begin} ... ${markers.end} section`);
  return `${text.slice(0, begin + markers.begin.length)}\n${lines.join('\n')}\n${text.slice(end)}`;
}

async function main(): Promise<void> {
  const lines = [...TABLE_HEAD];
  for (const c of shippedCases()) {
    const run = await runShippedCase(c);
    lines.push(verdictRow(c.loaded, c.plan, run.summary));
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  }
  const batches: string[] = [];
  for (const b of shippedBatches()) {
    const out = mkdtempSync(join(tmpdir(), 'rover-verdicts-'));
    try {
      batches.push(batchLine(b, await runShippedBatch(b, out)));
      process.stderr.write(`${batches[batches.length - 1]}\n`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  writeFileSync(README, replaceBetween(replaceBetween(readFileSync(README, 'utf8'), MARKERS, lines), BATCH_MARKERS, batches));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
