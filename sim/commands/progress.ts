import { SingleBar } from 'cli-progress';

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
