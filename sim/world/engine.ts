import type { SimClock } from '../../src/core/time';
import type { RoverFsw } from '../../src/fsw/topology';
import type { SimHardware } from './sensors/rig';

/**
 * The simulation clock: the time every part reads, and a queue of timed callbacks (link passes,
 * deliveries, fault injections). Only the engine advances it. Callbacks due at the same time run
 * in the order they were scheduled, so runs are reproducible.
 */
export class EngineClock implements SimClock {
  private t = 0;
  private seq = 0;
  private readonly queue: { t: number; seq: number; fn: () => void }[] = [];

  nowS(): number {
    return this.t;
  }

  at(timeS: number, fn: () => void): void {
    const item = { t: Math.max(timeS, this.t), seq: this.seq++, fn };
    // Binary insertion keeps the queue sorted by (time, order of scheduling).
    let lo = 0, hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = this.queue[mid];
      if (q.t < item.t || (q.t === item.t && q.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, item);
  }

  /** Time of the next scheduled callback, if any. */
  nextDueS(): number | undefined {
    return this.queue[0]?.t;
  }

  /** Moves the clock to `timeS` (never backward) and runs the callbacks due by then, in order. */
  advanceTo(timeS: number): void {
    this.setNow(timeS);
    this.runDue();
  }

  /** Moves the clock without running callbacks (the engine moves the world first, then runs them). */
  setNow(timeS: number): void {
    this.t = Math.max(this.t, timeS);
  }

  /** Runs the callbacks due by now, in order (including any they schedule for now). */
  runDue(): void {
    while (this.queue.length && this.queue[0].t <= this.t) this.queue.shift()!.fn();
  }

  /**
   * Runs every callback due by `timeS`, each at its own time (the clock reads that time while it
   * runs), then moves to `timeS`: time with nothing to move in between, as for the link on its own.
   * The engine instead moves the world a tick and then runs what fell due in it (advanceTo).
   */
  runThrough(timeS: number): void {
    while (this.queue.length && this.queue[0].t <= timeS) {
      this.setNow(this.queue[0].t);
      this.runDue();
    }
    this.setNow(timeS);
  }

  /** Callbacks waiting. */
  get pending(): number {
    return this.queue.length;
  }
}

export interface EngineOptions {
  /** The fixed tick of the mobility rate group (s) [assumed 10 Hz motor control]. */
  tickS: number;
  /** Navigation rate group every this many ticks (1 Hz at the default tick). */
  navigationEveryTicks: number;
  /**
   * Telemetry snapshots this often (s), by activity: densely while the rover moves, sparsely while it
   * is parked (as a rover's downlink budget spends its bits on the drive) [assumed].
   */
  telemetryPeriodS: { driving: number; parked: number };
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { tickS: 0.1, navigationEveryTicks: 10, telemetryPeriodS: { driving: 10, parked: 600 } };

/**
 * The discrete-time engine. While the rover moves, it runs fixed ticks: the vehicle advances, then
 * the rate groups run (mobility every tick; navigation every navigationEveryTicks; sequencer every
 * tick; telemetry every telemetryPeriodS.driving, and at once when motion begins). While nothing moves, it jumps straight to the next thing
 * that can happen (a timed callback, a sequence step, a telemetry snapshot), advancing the parked
 * vehicle in one step: a sol of waiting costs a few thousand steps, not 888,000 ticks.
 * Nothing here reads the wall clock.
 */
export class Engine {
  private ticks = 0;
  private nextTelemetryS: number;

  constructor(
    readonly clock: EngineClock,
    readonly hardware: SimHardware,
    readonly fsw: RoverFsw,
    readonly options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
  ) {
    this.nextTelemetryS = clock.nowS();
  }

  /** Advances the simulation to `untilS`. */
  run(untilS: number): void {
    const tick = this.options.tickS;
    while (this.clock.nowS() < untilS - 1e-9) {
      const now = this.clock.nowS();
      let next = now + tick;
      if (!this.fsw.isMoving()) {
        // Idle: jump to the next moment anything can happen (at least one tick ahead).
        const candidates = [untilS, this.nextTelemetryS, this.clock.nextDueS(), this.fsw.nextWakeS()];
        let wake = untilS;
        for (const c of candidates) if (c !== undefined && c > now && c < wake) wake = c;
        next = Math.max(next, wake);
      }
      next = Math.min(next, untilS);
      this.step(next - now);
    }
  }

  private step(dtS: number): void {
    // The world moves over the step; sensors sample at its end; then timed events and the rate groups.
    this.clock.setNow(this.clock.nowS() + dtS);
    this.hardware.stepVehicle(dtS);
    this.clock.runDue();
    const now = this.clock.nowS();
    this.ticks++;
    this.fsw.mobilityTick(now, dtS);
    if (this.ticks % this.options.navigationEveryTicks === 0) this.fsw.navigationTick();
    this.fsw.sequencerTick(now);
    const moving = this.fsw.isMoving();
    const period = moving ? this.options.telemetryPeriodS.driving : this.options.telemetryPeriodS.parked;
    // A drive that begins between sparse snapshots is sampled from its start.
    if (moving && this.nextTelemetryS > now + period) this.nextTelemetryS = now;
    if (now >= this.nextTelemetryS - 1e-9) {
      this.fsw.telemetryTick(now);
      this.nextTelemetryS = now + period;
    }
  }
}
