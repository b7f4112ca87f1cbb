import { requireRedis, startQueueWorker } from '../montecarlo/queue';

/** `rover worker --queue URL`: takes Monte Carlo runs off the queue until SIGINT or SIGTERM. */
export async function workerCommand(options: { queue: string; concurrency?: number }, log: (line: string) => void): Promise<void> {
  log(`worker: connecting to Redis at ${options.queue}`);
  await requireRedis(options.queue, 5, log);
  const { worker, close } = startQueueWorker(options.queue, { concurrency: options.concurrency ?? 2, log });
  await worker.waitUntilReady();
  log(`worker on ${options.queue}: taking Monte Carlo runs (${options.concurrency ?? 2} at a time); Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
