import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { DEFAULT_RUN_TIMEOUT_S, readBatchFile, runBatch, type BatchConfig } from '../montecarlo/batch';
import { runBatchOnQueue } from '../montecarlo/queue';
import { readRecords } from '../montecarlo/records';
import { recordKey, runTask, type RunRecord } from '../montecarlo/task';
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
      ? await runBatchOnQueue(config, { out, resume: Boolean(options.resume), url: options.queue, progress: bar.update, log: options.json ? undefined : log })
      : await runBatch(config, { out, workers: options.workers ?? 2, resume: Boolean(options.resume), progress: bar.update });
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
  log(`  wrote runs.jsonl, summary.json and plots/ in ${outShown}`);
}

/** `rover replay DIR --run K`: reruns one run of a batch alone and checks it against its line. */
export async function replayCommand(dir: string, options: { run: number; plan?: string; json?: boolean }, log: (line: string) => void): Promise<void> {
  const batchFile = join(dir, 'batch.json');
  if (!existsSync(batchFile)) throw new InputError(dir, '', 'no batch.json here: give the --out folder of a rover montecarlo batch');
  const config = readBatchFile(batchFile);
  const plan = options.plan ? config.plans.find((p) => p.label === options.plan) : config.plans[0];
  if (!plan) throw new InputError('command line', '--plan', `the batch ran ${config.plans.map((p) => p.label).join(', ')}`);
  if (!(options.run >= 0 && options.run < config.runs)) throw new InputError('command line', '--run', `the batch has runs 0 to ${config.runs - 1}`);
  const record = await runTask({ scenarioFile: config.scenarioFile, plan: plan.plan, planLabel: plan.label, batchSeed: config.batchSeed, index: options.run });
  const original = readRecords(join(dir, 'runs.jsonl')).find((r: RunRecord) => r.index === options.run && r.plan === plan.label);
  if (options.json) log(JSON.stringify(record));
  else log(`run ${record.index} (${record.plan}, seed ${record.seed}): ${record.summary ? `${record.summary.outcome} — ${record.summary.verdict}` : `error: ${record.error}`}`);
  if (!original) {
    if (!options.json) log('  (not in runs.jsonl yet)');
    return;
  }
  if (recordKey(original) !== recordKey(record)) throw new InputError(join(dir, 'runs.jsonl'), `run ${options.run}`, 'the rerun differs from the recorded run: the code or the scenario changed since the batch');
  if (!options.json) log('  identical to its line in runs.jsonl');
}
