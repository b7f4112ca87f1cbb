import { describe, expect, it } from 'vitest';
import { marsSolarTime, nextLmst } from '../../../src/core/mars-time';
import { SOL_S } from '../../../src/core/time';
import { DriveWindowMonitor } from '../../../src/fsw/mobility/drive-window';

const LON = 77.45;
const WINDOW = { longitudeEastDeg: LON, openLmstH: 10, closeLmstH: 15, drivePerSolS: 2 * 3600 };
// Time 0 at local mean midnight, as a run starts.
const EPOCH = { utcMs: nextLmst(Date.UTC(2025, 11, 8, 12), LON, 0) };
const MARS_HOUR_S = SOL_S / 24;
const lmstAt = (s: number) => marsSolarTime(EPOCH.utcMs + s * 1000, LON).lmstH;

describe('the drive window', () => {
  it('is closed before it opens and after it closes, open between', () => {
    const w = new DriveWindowMonitor(WINDOW, EPOCH);
    expect(w.closedBecause(9.5 * MARS_HOUR_S)).toMatch(/drive window \(10:00-15:00 LMST\) is closed at 09:29 LMST/);
    expect(w.closedBecause(12 * MARS_HOUR_S)).toBeUndefined();
    expect(w.closedBecause(15.2 * MARS_HOUR_S)).toMatch(/closed at 15:1\d LMST/);
  });

  it('waits from before the window to its opening, and from after it to the next sol\'s', () => {
    const w = new DriveWindowMonitor(WINDOW, EPOCH);
    const early = 4.8 * MARS_HOUR_S;
    expect(lmstAt(early + w.untilOpenS(early))).toBeCloseTo(10, 3);
    expect(w.untilOpenS(11 * MARS_HOUR_S)).toBe(0);
    const late = 16 * MARS_HOUR_S;
    const opens = late + w.untilOpenS(late);
    expect(lmstAt(opens)).toBeCloseTo(10, 3);
    expect(opens - late).toBeCloseTo(18 * MARS_HOUR_S, -1);
  });

  it('counts the sol\'s driving: spent at the budget, fresh the next sol', () => {
    const w = new DriveWindowMonitor(WINDOW, EPOCH);
    let t = 10.5 * MARS_HOUR_S;
    for (let k = 0; k < 7199; k++) w.drove((t += 1), 1);
    expect(w.closedBecause(t)).toBeUndefined();
    w.drove((t += 1), 1);
    expect(w.closedBecause(t)).toMatch(/the sol's 2\.0 h of driving is spent/);
    // Spent today: the wait runs to the next sol's opening, and then the budget is fresh.
    const opens = t + w.untilOpenS(t);
    expect(opens - t).toBeGreaterThan(20 * MARS_HOUR_S);
    expect(w.closedBecause(opens)).toBeUndefined();
    expect(w.drivenThisSolS(opens)).toBe(0);
  });
});
