import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { z } from 'zod';
import { InputError } from '../../../src/core/errors';
import { claimOutputDir, recordOutputs, writeFileAtomic, writeFilesTogether } from '../../../src/core/files';
import type { Plan } from '../../../src/ground/plan';
import { renderPlots } from './plots';
import { montecarloHtml } from './report-page';
import { appendRecord, readRecords, recordKeyOf, TIMING_FILE } from './records';
import { summarize } from './summary';
import { failedRecord, type McTask, type RunRecord } from './task';

/*
 * A Monte Carlo batch on this machine: every (plan, run index) pair is a task for a pool of worker
 * threads (piscina); each finished run is appended to runs.jsonl as it ends; a run that throws, hangs
 * past the time limit or kills its worker is recorded as an error with its seed and the batch goes on;
 * `resume` picks up an interrupted batch without redoing what it finished. Then summary.json and plots.
 */

/** Default wall-time limit (s) of one run [assumed]: ten times a long sol-loop run on this machine kind. */
export const DEFAULT_RUN_TIMEOUT_S = 600;

export interface BatchConfig {
  /** The scenario file, absolute. */
  scenarioFile: string;
  scenario: string;
  batchSeed: number;
  runs: number;
  plans: { label: string; plan: Plan }[];
  /** A run taking longer than this (wall s) is stopped and recorded as an error. */
  timeoutS: number;
}

export interface BatchProgress {
  done: number;
  total: number;
  record?: RunRecord;
}

export interface BatchOptions {
  out: string;
  /** The folder as the user named it (the replay lines of report.html); `out` when absent. */
  shownAs?: string;
  workers: number;
  resume: boolean;
  progress?: (p: BatchProgress) => void;
}

export interface BatchResult {
  records: RunRecord[];
  summary: ReturnType<typeof summarize>;
  /** Runs run by this invocation (the rest came from an earlier one). */
  ran: number;
}

const BATCH_FILE = 'batch.json';
const RUNS_FILE = 'runs.jsonl';

/** What identifies a batch: resuming must not mix runs of another scenario, seed, size or plan. */
export function batchIdentity(c: BatchConfig): string {
  return JSON.stringify({ scenario: c.scenarioFile, batch_seed: c.batchSeed, runs: c.runs, plans: c.plans.map((p) => [p.label, p.plan.waypoints]) });
}

/** What batch.json must hold to be one rover wrote (the plans' own fields are checked when a run loads them). */
const SavedBatch = z.object({
  identity: z.string(),
  scenarioFile: z.string(),
  scenario: z.string(),
  batchSeed: z.number().int(),
  runs: z.number().int().positive(),
  plans: z.array(z.object({ label: z.string(), plan: z.object({ waypoints: z.array(z.unknown()) }).passthrough() })).min(1),
  timeoutS: z.number().positive(),
});

/** Reads a batch's batch.json, refusing (InputError naming the file and field) one that is not whole. */
export function readBatchFile(batchFile: string): BatchConfig & { identity: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(batchFile, 'utf8'));
  } catch (e) {
    throw new InputError(batchFile, '', `is not a batch.json rover wrote (${(e as Error).message}); start the batch again in a new folder`);
  }
  const parsed = SavedBatch.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(batchFile, issue.path.join('.') || '(top level)', `${issue.message}: not a batch.json rover wrote; start the batch again in a new folder`);
  }
  return parsed.data as unknown as BatchConfig & { identity: string };
}

/** Prepares the output folder and returns the finished records to keep, and the tasks still to run. */
export function prepareBatch(config: BatchConfig, out: string, resume: boolean): { done: RunRecord[]; todo: McTask[]; runsFile: string } {
  const runsFile = join(out, RUNS_FILE);
  const batchFile = join(out, BATCH_FILE);
  if (!resume && existsSync(runsFile)) {
    throw new InputError('command line', '--out', `${out} already holds a batch (runs.jsonl); add --resume to continue it, or choose another --out`);
  }
  // A new batch goes into a new folder or one rover wrote (a resumed one is known by its batch.json).
  if (!resume) claimOutputDir(out);
  if (resume) {
    if (!existsSync(batchFile)) throw new InputError('command line', '--resume', `${out} holds no batch to resume (no ${BATCH_FILE})`);
    const saved = readBatchFile(batchFile);
    if (saved.identity !== batchIdentity(config)) {
      throw new InputError(batchFile, '', 'the batch there was started with another scenario, seed, number of runs or plan; resume it with the same arguments');
    }
  }
  mkdirSync(out, { recursive: true });
  writeFileAtomic(batchFile, JSON.stringify({ identity: batchIdentity(config), ...config }, null, 2) + '\n');
  recordOutputs(out, [BATCH_FILE, RUNS_FILE, TIMING_FILE]);
  const done = resume ? readRecords(runsFile) : [];
  const finished = new Set(done.map((r) => recordKeyOf(r.plan, r.index)));
  const todo: McTask[] = [];
  for (let index = 0; index < config.runs; index++) {
    for (const { label, plan } of config.plans) {
      if (!finished.has(recordKeyOf(label, index))) todo.push({ scenarioFile: config.scenarioFile, plan, planLabel: label, batchSeed: config.batchSeed, index });
    }
  }
  return { done, todo, runsFile };
}

/** Writes summary.json and the plots from every record of the batch. */
export async function finishBatch(config: BatchConfig, out: string, records: RunRecord[], shownAs = out): Promise<ReturnType<typeof summarize>> {
  const summary = summarize({ scenario: config.scenario, batch_seed: config.batchSeed, runs: config.runs, plans: config.plans.map((p) => p.label) }, records);
  const plots = await renderPlots([...records].sort((a, b) => a.index - b.index || a.plan.localeCompare(b.plan)));
  const svgs = Object.fromEntries(plots.filter((p) => p.name.endsWith('.svg')).map((p) => [p.name.slice('plots/'.length, -'.svg'.length), String(p.data)]));
  // summary.json goes in last: a batch folder with a summary has all its plots and its page, and a
  // kill part-way is completed by the next --resume (writeFilesTogether).
  writeFilesTogether([
    ...plots.map((p) => ({ path: join(out, p.name), data: p.data })),
    { path: join(out, 'report.html'), data: montecarloHtml(summary, svgs, shownAs) },
    { path: join(out, 'summary.json'), data: JSON.stringify(summary, null, 2) + '\n' },
  ]);
  recordOutputs(out, ['summary.json', 'report.html', ...plots.map((p) => p.name)]);
  return summary;
}

/** Runs a batch on a pool of worker threads. */
export async function runBatch(config: BatchConfig, options: BatchOptions): Promise<BatchResult> {
  const { done, todo, runsFile } = prepareBatch(config, options.out, options.resume);
  const total = config.runs * config.plans.length;
  const records = [...done];
  options.progress?.({ done: records.length, total });
  if (todo.length) {
    const pool = new Piscina({ filename: join(__dirname, 'worker.js'), minThreads: options.workers, maxThreads: options.workers, idleTimeout: 1000 });
    try {
      // No more runs handed to the pool than it has threads: a run's time limit starts when it is
      // handed over, so a run must not wait in the pool's queue behind others with its clock running.
      await inLanes(todo, options.workers, async (task) => {
        let record: RunRecord;
        try {
          record = await pool.run(task, { signal: AbortSignal.timeout(config.timeoutS * 1000) });
        } catch (e) {
          record = failedRecord(task, e, config.timeoutS);
        }
        appendRecord(runsFile, record);
        records.push(record);
        options.progress?.({ done: records.length, total, record });
      });
    } finally {
      await pool.destroy();
    }
  }
  const summary = await finishBatch(config, options.out, records, options.shownAs);
  return { records, summary, ran: todo.length };
}

/** Runs `work` on every item, in order, at most `lanes` at a time. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}
