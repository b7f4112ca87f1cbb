import type { PlanSummary, summarize } from './summary';
import { esc, page, plotGrid } from '../report/html';

/*
 * A Monte Carlo batch's report.html: per plan the success rate with its 95% interval, the outcomes
 * and failure modes, the safety limits broken, the distributions (the batch's histograms, inline),
 * and the worst runs with their seeds and the `rover replay` line that reruns each; the paired
 * comparison when the batch ran several plans.
 */

type BatchSummary = ReturnType<typeof summarize>;

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

function countsTable(title: string, counts: Record<string, number>, total: number): string {
  const entries = Object.entries(counts);
  if (!entries.length) return `<p>${esc(title)}: none</p>`;
  return `<table><tr><th>${esc(title)}</th><th>runs</th><th>share</th></tr>${entries.map(([k, n]) => `<tr><td>${esc(k)}</td><td>${n}</td><td>${pct(n / total)}</td></tr>`).join('')}</table>`;
}

function worstTable(title: string, rows: readonly Record<string, unknown>[], columns: string[], replay: (index: number) => string): string {
  if (!rows.length) return `<h4>${esc(title)}</h4><p>none</p>`;
  return `<h4>${esc(title)}</h4><table class="worst"><tr><th>run</th><th>seed</th>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}<th>rerun it</th></tr>
${rows.map((r) => `<tr><td>${r.index}</td><td>${r.seed}</td>${columns.map((c) => `<td>${esc(String(r[c]))}</td>`).join('')}<td><code>${esc(replay(r.index as number))}</code></td></tr>`).join('\n')}</table>`;
}

function planSection(label: string, s: PlanSummary, replay: (index: number) => string): string {
  const d = s.distributions as Record<string, { n: number; min: number; p5: number; median: number; p95: number; max: number; mean: number } | undefined>;
  const violations = Object.entries(s.safety_violations).filter(([k]) => k !== 'any');
  return `<h2>${esc(label)}</h2>
<p class="verdict ${s.success.rate >= 0.95 ? 'good' : 'bad'}" data-success="${s.success.rate}">success <b>${pct(s.success.rate)}</b> (${s.success.reached} of ${s.completed} runs reached the goal; 95% interval ${pct(s.success.ci95[0])} to ${pct(s.success.ci95[1])}, ${esc(s.success.method)})${s.errors ? `; ${s.errors} runs could not be made` : ''}</p>
<div class="plots">${countsTable('outcome', s.outcomes, s.completed)}${countsTable('failure mode', s.failure_modes, s.completed)}</div>
<h3>Truth safety limits</h3>
<p>${s.safety_violations.any ? `${s.safety_violations.any} runs broke a limit: ${violations.filter(([, n]) => n).map(([k, n]) => `${esc(k)} ${n}`).join(', ')}` : 'No run broke a truth safety limit.'}</p>
<h3>Distributions</h3>
<table><tr><th>metric</th><th>n</th><th>min</th><th>5%</th><th>median</th><th>95%</th><th>max</th><th>mean</th></tr>
${Object.entries(d).filter(([, v]) => v).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${v!.n}</td><td>${v!.min}</td><td>${v!.p5}</td><td>${v!.median}</td><td>${v!.p95}</td><td>${v!.max}</td><td>${v!.mean}</td></tr>`).join('\n')}</table>
<h3>The worst runs</h3>
${worstTable('runs that did not reach the goal', s.worst_runs.failures, ['outcome', 'verdict'], replay)}
${worstTable('least belly clearance', s.worst_runs.least_clearance, ['min_clearance_m', 'outcome'], replay)}
${worstTable('most tilt', s.worst_runs.most_tilt, ['max_tilt_deg', 'outcome'], replay)}`;
}

/**
 * The page. `svgs` are the batch's plots (plots/*.svg); `folder` is the batch folder as the user named
 * it, for the replay lines.
 */
export function montecarloHtml(summary: BatchSummary, svgs: Record<string, string>, folder: string): string {
  const plans = Object.entries(summary.plans);
  const several = plans.length > 1;
  // The line reruns the run alone, checks it against runs.jsonl and writes its report and replay page.
  const replayFor = (label: string) => (index: number) => `rover replay ${folder} --run ${index}${several ? ` --plan ${label}` : ''} --out ${folder}/run-${index}${several ? `-${label}` : ''}`;
  const paired = (summary.paired_comparisons ?? []) as { plans: string[]; pairs: number; both: number; only_first: number; only_second: number; neither: number; success_difference: number; ci95: number[] }[];
  const body = `<h1>${esc(summary.scenario)}: Monte Carlo, ${summary.runs_per_plan} runs per plan</h1>
<p>Batch seed ${summary.batch_seed}: every run draws its dispersions from it and its index, so any run can be rerun alone: each replay line below reruns one, checks it against its line in runs.jsonl, and writes its report and replay page.</p>
${paired.length ? `<h2>Plans compared, run by run</h2><table><tr><th>plans</th><th>pairs</th><th>both reached</th><th>only the first</th><th>only the second</th><th>neither</th><th>success difference</th><th>95% interval</th></tr>
${paired.map((p) => `<tr><td>${esc(p.plans.join(' − '))}</td><td>${p.pairs}</td><td>${p.both}</td><td>${p.only_first}</td><td>${p.only_second}</td><td>${p.neither}</td><td>${(100 * p.success_difference).toFixed(1)} points</td><td>${(100 * p.ci95[0]).toFixed(1)} to ${(100 * p.ci95[1]).toFixed(1)}</td></tr>`).join('')}</table>` : ''}
${plans.map(([label, s]) => planSection(label, s, replayFor(label))).join('\n')}
<h2>Distributions, by plan</h2>
${plotGrid(svgs)}`;
  return page(`${summary.scenario}: Monte Carlo`, body);
}
