import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../../src/core/errors';
import { claimOutputDir } from '../../../src/core/files';
import { writeRunOutputs } from '../runner/outputs';
import { readBatchFile } from '../montecarlo/batch';
import { readRecords } from '../montecarlo/records';
import { recordKey, runTaskWithOutputs, type RunRecord } from '../montecarlo/task';

/**
 * `rover replay DIR --run K`: reruns one run of a batch alone and checks it against its line; with
 * --out, writes the run's full outputs there (report.html, replay page, telemetry, frames) as
 * `rover run` does.
 */
export async function replayCommand(dir: string, options: { run: number; plan?: string; json?: boolean; out?: string }, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  const batchFile = join(dir, 'batch.json');
  if (!existsSync(batchFile)) throw new InputError(dir, '', 'no batch.json here: give the --out folder of a rover montecarlo batch');
  const config = readBatchFile(batchFile);
  const plan = options.plan ? config.plans.find((p) => p.label === options.plan) : config.plans[0];
  if (!plan) throw new InputError('command line', '--plan', `the batch ran ${config.plans.map((p) => p.label).join(', ')}`);
  if (!(options.run >= 0 && options.run < config.runs)) throw new InputError('command line', '--run', `the batch has runs 0 to ${config.runs - 1}`);
  // Refused before running if the folder holds what rover did not write.
  if (options.out) claimOutputDir(resolve(options.out));
  const { record, site, run } = await runTaskWithOutputs({ scenarioFile: config.scenarioFile, plan: plan.plan, planLabel: plan.label, batchSeed: config.batchSeed, index: options.run }, { driveFrames: Boolean(options.out) });
  if (options.out && site && run) {
    await writeRunOutputs(resolve(options.out), site, run, { wall_s: Number(((performance.now() - t0) / 1000).toFixed(3)) });
    if (!options.json) log(`  wrote the run's outputs in ${options.out} (report.html, replay.html, summary.json, telemetry.jsonl, frames/)`);
  }
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
