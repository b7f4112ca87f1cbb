import { SingleBar } from 'cli-progress';
import type { BatchProgress } from '../montecarlo/batch';

type Payload = Record<string, string | number>;

/**
 * A progress bar with ETA on stderr for long commands; silent when stderr is not a terminal (logs,
 * CI, pipes) or when `enabled` is false. `format` is cli-progress's, with {payload} fields.
 */
export class Progress {
  private bar: SingleBar | undefined;

  constructor(private readonly enabled = Boolean(process.stderr.isTTY)) {}

  start(format: string, total: number, value: number, payload: Payload): void {
    if (!this.enabled) return;
    this.bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true });
    this.bar.start(Math.max(1, Math.round(total)), Math.round(value), payload);
  }

  get started(): boolean {
    return this.bar !== undefined;
  }

  update(value: number, payload: Payload): void {
    this.bar?.update(Math.round(value), payload);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** The batch's progress bar: runs done of all, failures and errors so far. */
export function batchProgress(progress: Progress): { update: (p: BatchProgress) => void; stop: () => void } {
  let failed = 0, errors = 0;
  return {
    update: (p) => {
      if (p.record?.error) errors++;
      else if (p.record && p.record.summary?.outcome !== 'reached') failed++;
      if (progress.started) progress.update(p.done, { failed, errors });
      else progress.start('runs [{bar}] {value}/{total} | {failed} failed, {errors} errors | ETA {eta_formatted}', p.total, p.done, { failed, errors });
    },
    stop: () => progress.stop(),
  };
}
