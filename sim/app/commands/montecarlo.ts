import { join, resolve } from 'node:path';
import { DEFAULT_RUN_TIMEOUT_S, runBatch, type BatchConfig } from '../montecarlo/batch';
import { runBatchOnQueue } from '../montecarlo/queue';
import { loadSite } from '../scenario/site';
import { batchProgress, Progress } from './progress';
import { obtainPlan, defaultPlan } from './run';

export interface MonteCarloOptions {
  runs: number;
  workers?: number;
  seed?: number;
  plan?: string;
  plans?: string[];
  out?: string;
  resume?: boolean;
  queue?: string;
  timeout?: number;
  json?: boolean;
}

/** `rover montecarlo`: the batch, on local worker threads or, with --queue, on BullMQ workers anywhere. */
export async function montecarloCommand(scenarioFile: string, options: MonteCarloOptions, log: (line: string) => void): Promise<void> {
  const file = resolve(scenarioFile);
  const site = await loadSite(file);
  const name = site.loaded.scenario.name;
  const outShown = options.out ?? join('out', `${name}-montecarlo`);
  const out = resolve(outShown);
  const which = options.plans ?? [options.plan ?? defaultPlan(site)];
  // Plans are made once, on the nominal site: every run drives the same uplinked plan.
  const plans: BatchConfig['plans'] = [];
  for (const w of which) {
    const { plan, label } = await obtainPlan(site, w);
    plans.push({ label, plan });
  }
  const config: BatchConfig = { scenarioFile: file, scenario: name, batchSeed: options.seed ?? site.loaded.scenario.seed, runs: options.runs, plans, timeoutS: options.timeout ?? DEFAULT_RUN_TIMEOUT_S };
  const bar = batchProgress(new Progress(Boolean(process.stderr.isTTY) && !options.json));
  let result;
  try {
    result = options.queue
      ? await runBatchOnQueue(config, { out, shownAs: outShown, resume: Boolean(options.resume), url: options.queue, progress: bar.update, log: options.json ? undefined : log })
      : await runBatch(config, { out, shownAs: outShown, workers: options.workers ?? 2, resume: Boolean(options.resume), progress: bar.update });
  } finally {
    bar.stop();
  }
  if (options.json) {
    log(JSON.stringify(result.summary, null, 2));
    return;
  }
  log(`${name}: ${config.runs} runs per plan, batch seed ${config.batchSeed}${result.ran < result.records.length ? ` (${result.records.length - result.ran} from before, ${result.ran} now)` : ''}`);
  for (const [label, s] of Object.entries(result.summary.plans)) {
    const ci = s.success.ci95;
    log(`  ${label}: success ${(100 * s.success.rate).toFixed(1)}% (95% CI ${(100 * ci[0]).toFixed(1)}-${(100 * ci[1]).toFixed(1)}%, ${s.success.reached}/${s.completed}), ` +
      `${s.errors} errors, safety violations ${s.safety_violations.any}; ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  for (const p of (result.summary.paired_comparisons ?? []) as { plans: string[]; success_difference: number; ci95: number[] }[]) {
    log(`  ${p.plans[0]} - ${p.plans[1]}: ${(100 * p.success_difference).toFixed(1)} points (95% CI ${(100 * p.ci95[0]).toFixed(1)} to ${(100 * p.ci95[1]).toFixed(1)})`);
  }
  log(`  wrote runs.jsonl, summary.json, report.html and plots/ in ${outShown}`);
}
