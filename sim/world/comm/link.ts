import { Subject } from 'rxjs';
import { type Epoch, type SimClock, utcMsAt } from '../../../src/core/time';
import { isSolarConjunction, oneWayLightTimeS } from './light-time';
import { nextPassWindow, type PassWindow, type RelayConfig } from './passes';

/*
 * The Earth–Mars link, driven only by the simulation clock.
 *
 * Model (docs/reference.md "Communications and operations"): commands go up about once per sol and reach
 * the rover at the sol's uplink relay pass; data comes down at every relay pass, as much as the pass's
 * volume allows. Both directions take the one-way light time computed from the date. Around solar
 * conjunction (Sun–Earth–Mars angle below the threshold, ~3°) nothing crosses: uplinks are refused
 * and telemetry waits on board.
 *
 * Simplifications: the relay orbiter's store-and-forward and DSN scheduling are folded into the pass
 * (a command is on board at the pass start if it left Earth at least one light time before; telemetry
 * sent at a pass reaches Earth one light time after the pass start). A pass carries what is queued
 * when it starts. No dropouts, so nothing here draws random numbers.
 */

/** What Ground gets back when it sends a command payload. */
export interface UplinkReceipt {
  label: string;
  /** When Ground radiated it (sim s). */
  sentS: number;
  /** When it will be on board (sim s): the start of the uplink pass; undefined if refused. */
  deliveredS: number | undefined;
  /** Why it was not sent (e.g. 'solar conjunction'). */
  refused?: string;
}

/** A command payload arriving on board (emitted on `delivered$` at `deliveredS`). */
export interface UplinkDelivery<P> {
  payload: P;
  label: string;
  sentS: number;
  deliveredS: number;
}

/** A telemetry item arriving on Earth (emitted on `received$` at `receivedS`). */
export interface DownlinkArrival<I> {
  item: I;
  /** When the rover queued it (sim s). */
  generatedS: number;
  /** Start of the relay pass that carried it (sim s). */
  passStartS: number;
  /** passStartS + one-way light time at the pass. */
  receivedS: number;
}

interface Queued<I> {
  item: I;
  bits: number;
  generatedS: number;
}

export const SOLAR_CONJUNCTION = 'solar conjunction';

export class MarsLink<Up = unknown, Down = unknown> {
  /** Command payloads arriving on board, at the uplink pass start. */
  readonly delivered$ = new Subject<UplinkDelivery<Up>>();
  /** Telemetry arriving on Earth, one light time after the pass that carried it. */
  readonly received$ = new Subject<DownlinkArrival<Down>>();

  /** Payloads waiting for an uplink pass, by pass start (one clock callback per pass, so send order holds). */
  private readonly uplinkBatches = new Map<number, UplinkDelivery<Up>[]>();
  /** Telemetry on board, oldest first. */
  private queue: Queued<Down>[] = [];
  private queueBits = 0;
  /** Start of the downlink pass scheduled on the clock, if any: at most one pass is ever pending. */
  private scheduledPassS: number | undefined;
  /** Start of the last pass handled, so a pass is never used twice. */
  private lastPassS = -Infinity;
  /** The largest pass volume: an item bigger than this could never leave. */
  private readonly maxPassBits: number;

  constructor(
    private readonly clock: SimClock,
    private readonly epoch: Epoch,
    readonly config: RelayConfig,
    /** Added to the ephemeris light time (s): a Monte Carlo dispersion, 0 normally. */
    private readonly owltOffsetS = 0,
  ) {
    this.maxPassBits = Math.max(...config.passes.map((p) => p.downlink_mbit * 1e6));
  }

  /** One-way light time (s) at simulation time `simS`. */
  owltS(simS: number): number {
    return oneWayLightTimeS(utcMsAt(this.epoch, simS)) + this.owltOffsetS;
  }

  /** True if the link is down for solar conjunction at simulation time `simS`. */
  inConjunction(simS: number): boolean {
    return isSolarConjunction(utcMsAt(this.epoch, simS), this.config.conjunction_threshold_deg);
  }

  /**
   * The uplink pass a payload radiated at `sendS` would make: the first uplink pass starting no
   * earlier than sendS + one-way light time (at send). `refused` is set if that pass falls in
   * solar conjunction.
   */
  private planUplink(sendS: number): { pass: PassWindow; refused?: string } {
    const earliestS = sendS + this.owltS(sendS);
    const pass = nextPassWindow(this.config, earliestS, (w) => w.uplink);
    // The schema guarantees the uplink pass exists, and it recurs every sol.
    if (!pass) throw new Error(`no uplink pass "${this.config.uplink_pass}" after ${earliestS} s`);
    return this.inConjunction(pass.startS) ? { pass, refused: SOLAR_CONJUNCTION } : { pass };
  }

  /** For planning: when a payload sent at `sendS` would be on board, or undefined if it would be refused. */
  nextUplinkDelivery(sendS: number): number | undefined {
    const plan = this.planUplink(sendS);
    return plan.refused ? undefined : plan.pass.startS;
  }

  /** Ground sends `payload` now. It is delivered on board at the next uplink pass it can make. */
  uplink(payload: Up, label: string): UplinkReceipt {
    const sentS = this.clock.nowS();
    const plan = this.planUplink(sentS);
    if (plan.refused) return { label, sentS, deliveredS: undefined, refused: plan.refused };
    const deliveredS = plan.pass.startS;
    let batch = this.uplinkBatches.get(deliveredS);
    if (!batch) {
      batch = [];
      this.uplinkBatches.set(deliveredS, batch);
      this.clock.at(deliveredS, () => {
        this.uplinkBatches.delete(deliveredS);
        for (const d of batch!) this.delivered$.next(d);
      });
    }
    batch.push({ payload, label, sentS, deliveredS });
    return { label, sentS, deliveredS };
  }

  /** On board: queue `item` (of `bytes` bytes) for the next relay passes, in order. */
  queueTelemetry(bytes: number, item: Down): void {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`telemetry size must be a whole number of bytes >= 0, got ${bytes}`);
    const bits = bytes * 8;
    if (bits > this.maxPassBits) {
      throw new RangeError(`telemetry item of ${bytes} bytes exceeds every pass's volume (${this.maxPassBits / 8e6} MB); split it`);
    }
    this.queue.push({ item, bits, generatedS: this.clock.nowS() });
    this.queueBits += bits;
    if (this.scheduledPassS === undefined) this.scheduleNextPass();
  }

  /** Telemetry items still on board. */
  get queuedCount(): number {
    return this.queue.length;
  }

  /** Telemetry bytes still on board. */
  get queuedBytes(): number {
    return this.queueBits / 8;
  }

  /**
   * Schedules only the next pass, and only while telemetry waits: a run of many sols keeps at most
   * one pass callback on the clock, and an idle link keeps none.
   */
  private scheduleNextPass(): void {
    const fromS = Math.max(this.clock.nowS(), this.lastPassS);
    const pass = nextPassWindow(this.config, fromS, (w) => w.startS > this.lastPassS);
    if (!pass) throw new Error(`no relay pass after ${fromS} s`);
    this.scheduledPassS = pass.startS;
    this.clock.at(pass.startS, () => this.runPass(pass));
  }

  private runPass(pass: PassWindow): void {
    this.scheduledPassS = undefined;
    this.lastPassS = pass.startS;
    if (!this.inConjunction(pass.startS)) {
      // Strict queue order: when the head does not fit, everything behind it waits too.
      let leftBits = pass.downlinkMbit * 1e6;
      let n = 0;
      while (n < this.queue.length && this.queue[n].bits <= leftBits) leftBits -= this.queue[n++].bits;
      if (n > 0) {
        const sent = this.queue.slice(0, n);
        this.queue = this.queue.slice(n);
        for (const q of sent) this.queueBits -= q.bits;
        const receivedS = pass.startS + this.owltS(pass.startS);
        this.clock.at(receivedS, () => {
          for (const q of sent) this.received$.next({ item: q.item, generatedS: q.generatedS, passStartS: pass.startS, receivedS });
        });
      }
    }
    if (this.queue.length > 0) this.scheduleNextPass();
  }
}
