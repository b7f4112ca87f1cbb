import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import IORedis, { type RedisOptions } from 'ioredis';
import { Piscina } from 'piscina';
import { InputError } from '../../../src/core/errors';
import { batchIdentity, finishBatch, prepareBatch, type BatchConfig, type BatchProgress, type BatchResult } from './batch';
import { appendRecord } from './records';
import { failedRecord, type McTask, type RunRecord } from './task';

/*
 * Beyond one machine: the batch's runs as jobs on a BullMQ queue in Redis. `rover montecarlo --queue
 * redis://host:port` is the producer: it queues the runs not yet finished and gathers each result into
 * runs.jsonl as it completes; `rover worker --queue …` on any machine (with the same checkout at the
 * same path) takes jobs and runs them on its own thread pool. A worker that dies mid-run leaves its job
 * stalled; BullMQ hands it to another worker.
 */

export const QUEUE_NAME = 'rover-montecarlo';

interface JobData {
  task: McTask;
  timeoutS: number;
}

/** BullMQ connection options from a redis:// URL. */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('command line', '--queue', `expected a Redis URL such as redis://127.0.0.1:6379, got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InputError('command line', '--queue', `expected a redis:// URL, got "${url}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** How often `requireRedis` tries, and how long it waits between tries. */
const REDIS_RETRY_MS = 2000;

/**
 * Connects to the Redis at `url` once, bounded (a few tries, each with a connect timeout), so that an
 * unreachable server is a clear message and not an endless retry: BullMQ's own connections retry forever.
 */
export async function requireRedis(url: string, tries: number, log?: (line: string) => void): Promise<void> {
  // The same options BullMQ gets, read as ioredis' own (the two packages type them apart).
  const options = redisConnection(url) as RedisOptions & { host: string; port: number };
  const where = `${options.host}:${options.port}`;
  let last = '';
  for (let attempt = 1; attempt <= tries; attempt++) {
    const redis = new IORedis({ ...options, lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    let cause: NodeJS.ErrnoException | undefined;
    redis.on('error', (e: NodeJS.ErrnoException) => (cause = e)); // the socket's own error, reported below once
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch (e) {
      const err = cause ?? (e as NodeJS.ErrnoException);
      last = err.code ?? err.message;
    } finally {
      redis.disconnect();
    }
    if (attempt < tries) {
      log?.(`waiting for Redis at ${where} (${last}): try ${attempt + 1} of ${tries} in ${REDIS_RETRY_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, REDIS_RETRY_MS));
    }
  }
  throw new InputError('command line', '--queue', `cannot connect to Redis at ${where} (${last}) after ${tries} ${tries === 1 ? 'try' : 'tries'}: is redis-server running there and reachable from this machine?`);
}

/** How long the producer waits for a Redis it lost mid-batch before it stops (s): ROVER_REDIS_OUTAGE_S, default 60 [assumed]. */
export const REDIS_OUTAGE_ENV = 'ROVER_REDIS_OUTAGE_S';
const redisOutageS = (): number => {
  const v = Number(process.env[REDIS_OUTAGE_ENV]);
  return Number.isFinite(v) && v > 0 ? v : 60;
};
const REDIS_CHECK_MS = 2000;

/**
 * Pings the Redis at `url` every REDIS_CHECK_MS on a connection of its own and calls `lost` once it has not answered for the
 * outage limit; `log` hears of the outage when it starts and when it ends. Returns the stop function.
 */
function watchRedis(url: string, lost: (e: Error) => void, log?: (line: string) => void): () => void {
  const options = redisConnection(url) as RedisOptions & { host: string; port: number };
  const where = `${options.host}:${options.port}`;
  // A connection of its own that fails fast (no offline queue) and reconnects each second.
  const client = new IORedis({ ...options, connectTimeout: 3000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 1000 });
  // The socket's own error (ECONNREFUSED, ...) says more than the refused command's.
  let cause = '';
  client.on('error', (e: NodeJS.ErrnoException) => (cause = e.code ?? e.message));
  client.on('close', () => (cause ||= 'connection closed'));
  client.on('ready', () => (cause = ''));
  let downSince: number | undefined;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await Promise.race([client.ping(), new Promise((_, fail) => setTimeout(() => fail(new Error('no answer')), REDIS_CHECK_MS))]);
      if (downSince !== undefined) log?.(`Redis at ${where} answers again`);
      downSince = undefined;
    } catch (e) {
      const now = Date.now();
      if (downSince === undefined) {
        downSince = now;
        log?.(`lost Redis at ${where} (${cause || (e as Error).message}): waiting up to ${redisOutageS()} s for it (${REDIS_OUTAGE_ENV})`);
      } else if (now - downSince >= redisOutageS() * 1000) {
        lost(new InputError('command line', '--queue', `lost Redis at ${where} for ${redisOutageS()} s in the middle of the batch: every finished run is in runs.jsonl; start redis-server again and rerun with --resume`));
      }
    } finally {
      busy = false;
    }
  }, REDIS_CHECK_MS);
  return () => {
    clearInterval(timer);
    client.disconnect();
  };
}

/** Closes BullMQ's connections, giving up after a few seconds on a Redis that is gone (close() would wait for it). */
async function closeWithin(closers: (() => Promise<unknown>)[], ms = 5000): Promise<void> {
  await Promise.race([Promise.allSettled(closers.map((c) => c())), new Promise((done) => setTimeout(done, ms).unref())]);
}

/** Runs a batch through the queue; resolves when every run of it is in runs.jsonl. */
export async function runBatchOnQueue(config: BatchConfig, options: { out: string; shownAs?: string; resume: boolean; url: string; progress?: (p: BatchProgress) => void; log?: (line: string) => void }): Promise<BatchResult> {
  const connection = redisConnection(options.url);
  // Before anything is written: an unreachable queue leaves no half-started batch behind.
  await requireRedis(options.url, 3);
  const { done, todo, runsFile } = prepareBatch(config, options.out, options.resume);
  const total = config.runs * config.plans.length;
  const records = [...done];
  options.progress?.({ done: records.length, total });
  const batchId = createHash('sha256').update(batchIdentity(config)).digest('hex').slice(0, 12);
  const jobId = (t: McTask): string => `${batchId}-${t.planLabel}-${t.index}`;
  const waiting = new Map(todo.map((t) => [jobId(t), t]));
  if (waiting.size) {
    const queue = new Queue<JobData, RunRecord>(QUEUE_NAME, { connection });
    const events = new QueueEvents(QUEUE_NAME, { connection });
    // Their connections retry on their own; what a lost Redis means is watchRedis' to say, once.
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    let stopWatching = (): void => undefined;
    try {
      await events.waitUntilReady();
      await new Promise<void>((resolve, reject) => {
        stopWatching = watchRedis(options.url, reject, options.log);
        const take = (id: string, record: RunRecord): void => {
          if (!waiting.delete(id)) return;
          appendRecord(runsFile, record);
          records.push(record);
          options.progress?.({ done: records.length, total, record });
          if (!waiting.size) resolve();
        };
        events.on('completed', ({ jobId: id, returnvalue }) => {
          const record = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as RunRecord;
          take(id, record);
        });
        events.on('failed', ({ jobId: id, failedReason }) => {
          const t = waiting.get(id);
          if (t) take(id, failedRecord(t, new Error(failedReason), config.timeoutS));
        });
        // Listen first, then queue: a fast worker cannot finish a job before we hear of it.
        queue.addBulk(todo.map((task) => ({
          name: 'run',
          data: { task, timeoutS: config.timeoutS },
          opts: { jobId: jobId(task), attempts: 2, removeOnComplete: true, removeOnFail: true },
        }))).catch(reject);
      });
    } finally {
      stopWatching();
      await closeWithin([() => events.close(), () => queue.close()]);
    }
  }
  const summary = await finishBatch(config, options.out, records, options.shownAs);
  return { records, summary, ran: todo.length };
}

/** A queue worker: takes runs off the queue until closed, `concurrency` at a time on its own threads. */
export function startQueueWorker(url: string, options: { concurrency: number; log?: (line: string) => void }): { close: () => Promise<void>; worker: Worker } {
  const connection = redisConnection(url);
  const pool = new Piscina({ filename: join(__dirname, 'worker.js'), minThreads: 1, maxThreads: options.concurrency, idleTimeout: 5000 });
  const worker = new Worker<JobData, RunRecord>(QUEUE_NAME, async (job) => {
    const { task, timeoutS } = job.data;
    try {
      return (await pool.run(task, { signal: AbortSignal.timeout(timeoutS * 1000) })) as RunRecord;
    } catch (e) {
      return failedRecord(task, e, timeoutS);
    }
  }, { connection, concurrency: options.concurrency, lockDuration: 60_000, stalledInterval: 15_000 });
  worker.on('completed', (job, record) => options.log?.(`run ${record.index} (${record.plan}): ${record.summary?.outcome ?? `error: ${record.error}`}`));
  worker.on('error', (e) => options.log?.(`queue error: ${e.message}`));
  return {
    worker,
    close: async () => {
      await worker.close();
      await pool.destroy();
    },
  };
}
