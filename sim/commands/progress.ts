import { SingleBar } from 'cli-progress';

/** A progress bar on stderr for long runs; silent when stderr is not a terminal (logs, CI, pipes). */
export class Progress {
  private bar: SingleBar | undefined;

  constructor(private readonly enabled = Boolean(process.stderr.isTTY)) {}

  start(label: string, total: number): void {
    if (!this.enabled) return;
    this.bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} m | sol {sol} {phase} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    this.bar.start(Math.max(1, Math.round(total)), 0, { sol: 1, phase: 'planning' });
  }

  update(distanceM: number, sol: number, phase: string): void {
    this.bar?.update(Math.round(distanceM), { sol, phase });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
