import { describe, expect, it } from 'vitest';
import { marsSolarTime, marsSunPosition, nextLmst } from '../../src/core/mars-time';
import { SOL_S } from '../../src/core/time';

const JEZERO = { lat: 18.44, lonE: 77.45 };

describe('Mars solar time (Mars24)', () => {
  it('puts the start of Mars Year 36 (Ls 0) on 7 February 2021', () => {
    const ls = marsSolarTime(Date.UTC(2021, 1, 7, 12), 0).lsDeg;
    expect(Math.min(ls, 360 - ls)).toBeLessThan(0.6);
  });

  it('gives the Mars24 mean solar time at the prime meridian for 6 January 2000 00:00 UTC: 23:59:39', () => {
    const mst = marsSolarTime(Date.UTC(2000, 0, 6), 0).lmstH;
    expect(mst * 3600).toBeCloseTo(23 * 3600 + 59 * 60 + 39.6, -1);
  });

  it('advances local mean solar time 24 h a sol, 1 h per 15 deg of east longitude', () => {
    const t0 = Date.UTC(2025, 11, 8, 12);
    const a = marsSolarTime(t0, JEZERO.lonE).lmstH;
    expect(marsSolarTime(t0 + SOL_S * 1000, JEZERO.lonE).lmstH).toBeCloseTo(a, 4);
    expect(marsSolarTime(t0 + SOL_S * 250, JEZERO.lonE).lmstH).toBeCloseTo((a + 6) % 24, 4);
    expect(marsSolarTime(t0, JEZERO.lonE + 15).lmstH).toBeCloseTo((a + 1) % 24, 9);
  });

  it('finds the next instant of a local time, within the coming sol', () => {
    const t0 = Date.UTC(2025, 11, 8, 12);
    const at = nextLmst(t0, JEZERO.lonE, 11);
    expect(at).toBeGreaterThanOrEqual(t0);
    expect(at - t0).toBeLessThan(SOL_S * 1000);
    expect(marsSolarTime(at, JEZERO.lonE).lmstH).toBeCloseTo(11, 4);
  });

  it('stands the Sun due south at true solar noon, at 90 deg less the latitude less the declination, and west in the afternoon', () => {
    const t0 = Date.UTC(2025, 11, 8, 12);
    // Search the sol for true solar noon.
    let noon = t0;
    for (let s = 0; s < SOL_S; s += 10) if (Math.abs(marsSolarTime(t0 + s * 1000, JEZERO.lonE).ltstH - 12) < Math.abs(marsSolarTime(noon, JEZERO.lonE).ltstH - 12)) noon = t0 + s * 1000;
    const sun = marsSunPosition(noon, JEZERO.lat, JEZERO.lonE);
    const dec = marsSolarTime(noon, JEZERO.lonE).declinationDeg;
    expect(sun.elevationDeg).toBeCloseTo(90 - (JEZERO.lat - dec), 1);
    expect(Math.abs(sun.azimuthDeg - 180)).toBeLessThan(1);
    const afternoon = marsSunPosition(noon + 3 * 3700 * 1000, JEZERO.lat, JEZERO.lonE);
    expect(afternoon.azimuthDeg).toBeGreaterThan(200);
    expect(afternoon.azimuthDeg).toBeLessThan(300);
    expect(afternoon.elevationDeg).toBeLessThan(sun.elevationDeg);
    // Midnight: below the horizon.
    expect(marsSunPosition(noon + (SOL_S / 2) * 1000, JEZERO.lat, JEZERO.lonE).elevationDeg).toBeLessThan(0);
  });
});
