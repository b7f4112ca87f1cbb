import { marsSolarTime } from '../../core/mars-time';
import { SOL_S, utcMsAt, type Epoch } from '../../core/time';

/**
 * The part of the sol the rover may drive in, as operations set it (docs/reference.md, Power and the
 * working day): a window in local mean solar time and a drive-time budget per sol.
 */
export interface DriveWindow {
  /** The site's longitude (deg east): local mean solar time from the rover's clock. */
  longitudeEastDeg: number;
  /** Local mean solar time (h) at which the window opens and closes. */
  openLmstH: number;
  closeLmstH: number;
  /** Driving time allowed in one sol (s). */
  drivePerSolS: number;
}

const MARS_HOUR_S = SOL_S / 24;

/**
 * Keeps the rover's driving inside its window: says how long until driving may begin, and counts the
 * sol's driving, telling the rover to stop when the window closes or the sol's drive time is spent.
 * A sol here is the local one, midnight to midnight in local mean solar time.
 */
export class DriveWindowMonitor {
  private drivenS = 0;
  private sol = NaN;

  constructor(readonly window: DriveWindow, private readonly epoch: Epoch) {}

  /** Local mean solar time (h) and the local sol number now. */
  localTime(nowS: number): { lmstH: number; sol: number } {
    const t = marsSolarTime(utcMsAt(this.epoch, nowS), this.window.longitudeEastDeg);
    return { lmstH: t.lmstH, sol: Math.floor(t.msd + this.window.longitudeEastDeg / 360) };
  }

  /** Driving time spent this local sol (s). */
  drivenThisSolS(nowS: number): number {
    this.rollOver(nowS);
    return this.drivenS;
  }

  /** Why the rover may not drive now, or undefined when it may. */
  closedBecause(nowS: number): string | undefined {
    this.rollOver(nowS);
    const { lmstH } = this.localTime(nowS);
    const w = this.window;
    if (lmstH < w.openLmstH || lmstH >= w.closeLmstH) return `the drive window (${clock(w.openLmstH)}-${clock(w.closeLmstH)} LMST) is closed at ${clock(lmstH)} LMST`;
    if (this.drivenS >= w.drivePerSolS) return `the sol's ${(w.drivePerSolS / 3600).toFixed(1)} h of driving is spent`;
    return undefined;
  }

  /** Seconds from now until the rover may drive: 0 when it may now. */
  untilOpenS(nowS: number): number {
    if (!this.closedBecause(nowS)) return 0;
    const { lmstH } = this.localTime(nowS);
    const w = this.window;
    // Later this sol if the window has yet to open and the budget is unspent; else the next sol's.
    const hours = lmstH < w.openLmstH && this.drivenS < w.drivePerSolS ? w.openLmstH - lmstH : 24 - lmstH + w.openLmstH;
    return hours * MARS_HOUR_S + 1e-3;
  }

  /** Counts dtS of driving that ended now. */
  drove(nowS: number, dtS: number): void {
    this.rollOver(nowS);
    this.drivenS += dtS;
  }

  private rollOver(nowS: number): void {
    const { sol } = this.localTime(nowS);
    if (sol !== this.sol) {
      this.sol = sol;
      this.drivenS = 0;
    }
  }
}

/** Hours as HH:MM. */
function clock(hours: number): string {
  const minutes = Math.floor(hours * 60 + 1e-9);
  return `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
