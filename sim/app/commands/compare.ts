import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../../src/core/errors';
import { claimOutputDir, StagedDir } from '../../../src/core/files';
import { COMPARE_COLOURS, compareMap } from '../runner/map';
import { comparisonHtml } from '../runner/compare-page';
import { writeRunOutputs } from '../runner/outputs';
import type { RunResult, RunSummary } from '../runner/run';
import { loadSite } from '../scenario/site';
import { Progress } from './progress';
import { keepFailedExchange, obtainPlan, planLabel, planningFiles, runTiming, runWithProgress } from './run';
import { PlanningError } from '../../../src/ground/planners/planner';
import type { Relief } from '../../../src/ground/relief';

export interface CompareOptions {
  plans?: string[];
  runs?: number;
  seed?: number;
  out?: string;
  json?: boolean;
  model?: string;
  relief?: Relief;
}

/** One row of the comparison: a plan's run on one seed. */
export interface ComparisonRow extends RunSummary {
  planner_model?: string;
  tokens?: { input: number; output: number };
}

const COLUMNS: [string, (r: ComparisonRow) => string][] = [
  ['plan', (r) => r.plan],
  ['seed', (r) => String(r.seed)],
  ['outcome', (r) => r.outcome],
  ['distance m', (r) => r.distance_m.toFixed(1)],
  ['driven/straight', (r) => r.path_ratio.toFixed(2)],
  ['sols', (r) => String(r.sols)],
  ['hazard stops', (r) => String(r.hazard_stops)],
  ['min clearance m', (r) => r.min_clearance_m.toFixed(2)],
  ['max tilt deg', (r) => r.max_tilt_deg.toFixed(1)],
  ['energy Wh', (r) => r.energy_wh.toFixed(0)],
  ['final error m', (r) => r.final_error_m.toFixed(1)],
];

/** The comparison's header and cells, as every form of it shows them. */
export const comparisonCells = (rows: readonly ComparisonRow[]): { head: string[]; rows: string[][] } => ({ head: COLUMNS.map(([h]) => h), rows: rows.map((r) => COLUMNS.map(([, f]) => f(r))) });

export function comparisonTable(rows: readonly ComparisonRow[]): string[] {
  const table = comparisonCells(rows);
  const cells = [table.head, ...table.rows];
  const widths = COLUMNS.map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells.map((row) => row.map((c, j) => (j === 0 || j === 2 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
}

export function comparisonMarkdown(scenario: string, rows: readonly ComparisonRow[]): string {
  const table = comparisonCells(rows);
  const head = `| ${table.head.join(' | ')} |`;
  const rule = `| ${table.head.map((_, j) => (j === 0 || j === 2 ? '---' : '---:')).join(' | ')} |`;
  const body = table.rows.map((cells) => `| ${cells.join(' | ')} |`);
  const verdicts = rows.map((r) => `- **${r.plan}** (seed ${r.seed}): ${r.verdict}`);
  return [`# ${scenario}: plans compared`, '', 'Each plan is run through the same simulation (same terrain, same seeds).', '', head, rule, ...body, '', ...verdicts, ''].join('\n');
}

/**
 * `rover compare`: every plan through the same simulation (same site, same seeds): a table in the
 * terminal, comparison.md / comparison.json, a map of all tracks, and each run's outputs in a folder.
 */
export async function compareCommand(scenarioFile: string, options: CompareOptions, log: (line: string) => void): Promise<void> {
  const runs = options.runs ?? 1;
  const first = await loadSite(scenarioFile, options.seed);
  const scenario = first.loaded.scenario;
  const asked = options.plans ?? scenario.compare;
  const explicit = options.plans !== undefined;
  if (explicit && asked.includes('human') && !scenario.planners.human) {
    throw new InputError('command line', '--plans', `human: ${scenarioFile} names no human plan (planners.human); leave human out of --plans or add the plan file to the scenario`);
  }
  let plans = asked.filter((p) => p !== 'human' || scenario.planners.human);
  const credentialEnv = scenario.planners.ai.credential_env;
  if (!process.env[credentialEnv] && plans.includes('ai')) {
    if (scenario.planners.ai_exchange) {
      // No key: the scenario's recorded exchange stands in for the ai plan, replayed on this site.
      const recorded = relative(process.cwd(), resolve(first.loaded.dir, scenario.planners.ai_exchange));
      plans = plans.map((p) => (p === 'ai' ? `replay:${recorded}` : p));
      if (!options.json) log(`  (the ai plan replayed from ${scenario.planners.ai_exchange}: ${credentialEnv} is not set)`);
    } else if (!explicit) {
      plans = plans.filter((p) => p !== 'ai');
      if (!options.json) log(`  (skipping the ai plan: ${credentialEnv} is not set)`);
    }
  }
  const labels = plans.map(planLabel);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice) throw new InputError('command line', '--plans', `two plans would both be called "${twice}" (a replayed exchange is the ai plan): compare each once`);
  if (!plans.length) throw new InputError(scenarioFile, 'compare', 'no plan to compare');
  const outShown = options.out ?? join('out', `${scenario.name}-compare`);
  const out = resolve(outShown);
  // Refused before anything runs if the folder holds what rover did not write.
  claimOutputDir(out);
  const rows: ComparisonRow[] = [];
  const lastRuns: { label: string; folder: string; run: RunResult }[] = [];
  // Every run's outputs are written only once all have run: a plan that fails leaves nothing behind.
  const runOutputs: Parameters<typeof writeRunOutputs>[] = [];
  const timing: ({ plan: string; seed: number } & ReturnType<typeof runTiming>)[] = [];
  const progress = new Progress();
  let site = first;
  for (let k = 0; k < runs; k++) {
    if (k > 0) site = await loadSite(scenarioFile, first.seed + k);
    for (const which of plans) {
      const t0 = performance.now();
      let obtained: Awaited<ReturnType<typeof obtainPlan>>;
      try {
        obtained = await obtainPlan(site, which, { model: options.model });
      } catch (e) {
        // Nothing of the comparison is written, only the failed exchange (the folder was claimed above).
        throw e instanceof PlanningError ? keepFailedExchange(out, outShown, planLabel(which), e) : e;
      }
      const { plan, label, planningS, attachments } = obtained;
      const { run, wallS } = runWithProgress(site, plan, label, progress);
      const wall = runTiming(planningS, wallS, t0);
      const folder = runs > 1 ? `${label}-seed-${site.seed}` : label;
      runOutputs.push([folder, site, run, wall, planningFiles(label, attachments), { relief: options.relief }]);
      const p = plan.provenance;
      // Wall times go to timing.json: every other output is the same bytes for the same seeds.
      timing.push({ plan: label, seed: site.seed, ...wall });
      rows.push({ ...run.summary, ...(p.model ? { planner_model: p.model } : {}), ...(p.tokens ? { tokens: { input: p.tokens.input, output: p.tokens.output } } : {}) });
      if (k === runs - 1) lastRuns.push({ label, folder, run });
      if (!options.json) log(`  ${label} (seed ${site.seed}): ${run.summary.outcome}, ${run.summary.distance_m} m in ${run.summary.sols} sol(s)`);
    }
  }
  // One folder, committed whole: the comparison and every run's folder in it are the new ones or the old ones.
  const files = new StagedDir(out);
  let written: string[];
  try {
    for (const [name, ...args] of runOutputs) await writeRunOutputs(files.subfolder(name), ...args);
    files.write('comparison.md', comparisonMarkdown(scenario.name, rows));
    files.write('comparison.json', JSON.stringify({ scenario: scenario.name, plans, runs, rows }, null, 2) + '\n');
    const map = compareMap(site.orbital, site.mission, lastRuns.map((r) => r.run), options.relief).png();
    files.write('map.png', map);
    const compared = lastRuns.map((r, i) => ({ ...r, colour: COMPARE_COLOURS[i % COMPARE_COLOURS.length] }));
    files.write('report.html', await comparisonHtml(scenario.name, comparisonCells(rows), rows.map((r) => `${r.plan} (seed ${r.seed}): ${r.verdict}`), compared, map, { tiltLimitDeg: site.vehicle.tilt_limit_deg, relief: options.relief }));
    files.write('timing.json', JSON.stringify({ runs: timing }, null, 2) + '\n');
    written = files.commit();
  } catch (e) {
    files.abort();
    throw e;
  }
  if (options.json) {
    log(JSON.stringify({ scenario: scenario.name, rows }, null, 2));
    return;
  }
  log(`${scenario.name}: ${plans.join(' vs ')}${runs > 1 ? ` over ${runs} seeds` : ''}`);
  for (const line of comparisonTable(rows)) log(`  ${line}`);
  log(`  wrote ${written.map((f) => f.slice(out.length + 1)).join(', ')} and a folder per run in ${outShown}`);
}
