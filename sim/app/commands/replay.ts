import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { readBatchFile } from '../montecarlo/batch';
import { readRecords } from '../montecarlo/records';
import { recordKey, runTask, type RunRecord } from '../montecarlo/task';

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
