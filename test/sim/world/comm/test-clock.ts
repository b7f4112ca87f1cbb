import type { SimClock } from '../../../../src/core/time';

/**
 * A tiny SimClock for tests: callbacks in a queue sorted by time (ties in the order scheduled);
 * advanceTo(t) runs everything due by t in time order, with now set to each callback's time.
 */
export class TestClock implements SimClock {
  private now = 0;
  private seq = 0;
  private readonly queue: { t: number; seq: number; fn: () => void }[] = [];

  nowS(): number {
    return this.now;
  }

  at(timeS: number, fn: () => void): void {
    // Not in the future: runs at once, on the next advance.
    const entry = { t: Math.max(timeS, this.now), seq: this.seq++, fn };
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1].t > entry.t || (this.queue[i - 1].t === entry.t && this.queue[i - 1].seq > entry.seq))) i--;
    this.queue.splice(i, 0, entry);
  }

  advanceTo(timeS: number): void {
    while (this.queue.length > 0 && this.queue[0].t <= timeS) {
      const e = this.queue.shift()!;
      this.now = e.t;
      e.fn();
    }
    this.now = Math.max(this.now, timeS);
  }

  /** Callbacks waiting. */
  pending(): number {
    return this.queue.length;
  }
}
