import { AngleFromSun, Body, GeoVector, KM_PER_AU } from 'astronomy-engine';
import { describe, expect, it } from 'vitest';
import { isSolarConjunction, oneWayLightTimeS, sunEarthMarsAngleDeg } from '../../../../sim/world/comm/light-time';

// Dates from docs/reference.md "Communications and operations": ~5.3 min at the January 2025 opposition,
// ~20 min in December 2025 – January 2026 (solar conjunction 2026-01-09).
const NEAR_OPPOSITION = Date.UTC(2025, 0, 12);
const CONJUNCTION = Date.UTC(2026, 0, 9);
const DAY_MS = 86_400_000;

/** Independent of the implementation: astronomy-engine's light-time-corrected geocentric vector. */
function expectedOwltS(utcMs: number): number {
  return (GeoVector(Body.Mars, new Date(utcMs), false).Length() * KM_PER_AU) / 299_792.458;
}

describe('one-way light time', () => {
  it('is ~5.3 min near the January 2025 opposition', () => {
    const owlt = oneWayLightTimeS(NEAR_OPPOSITION);
    expect(owlt).toBeCloseTo(expectedOwltS(NEAR_OPPOSITION), 0);
    expect(owlt / 60).toBeGreaterThan(5.0);
    expect(owlt / 60).toBeLessThan(5.6);
  });

  it('is ~20 min at the January 2026 solar conjunction', () => {
    const owlt = oneWayLightTimeS(CONJUNCTION);
    expect(owlt).toBeCloseTo(expectedOwltS(CONJUNCTION), 0);
    expect(owlt / 60).toBeGreaterThan(19.5);
    expect(owlt / 60).toBeLessThan(21);
  });

  it('stays within 3–22 min over a synodic period (docs/reference.md)', () => {
    for (let d = 0; d < 800; d += 10) {
      const min = oneWayLightTimeS(NEAR_OPPOSITION + d * DAY_MS) / 60;
      expect(min).toBeGreaterThan(3);
      expect(min).toBeLessThan(22.5);
    }
  });
});

describe('Sun–Earth–Mars angle', () => {
  it('is small at conjunction and large at opposition, matching astronomy-engine AngleFromSun', () => {
    expect(sunEarthMarsAngleDeg(CONJUNCTION)).toBeLessThan(3);
    expect(sunEarthMarsAngleDeg(NEAR_OPPOSITION)).toBeGreaterThan(100);
    for (const t of [CONJUNCTION, NEAR_OPPOSITION, NEAR_OPPOSITION + 200 * DAY_MS]) {
      expect(Math.abs(sunEarthMarsAngleDeg(t) - AngleFromSun(Body.Mars, new Date(t)))).toBeLessThan(0.05);
    }
  });

  it('flags solar conjunction by the threshold', () => {
    expect(isSolarConjunction(CONJUNCTION)).toBe(true);
    expect(isSolarConjunction(NEAR_OPPOSITION)).toBe(false);
    const angle = sunEarthMarsAngleDeg(CONJUNCTION);
    expect(isSolarConjunction(CONJUNCTION, angle * 0.9)).toBe(false);
  });

  it('keeps the link down for weeks, not months, around the 2026 conjunction', () => {
    let days = 0;
    for (let d = -60; d <= 60; d += 0.25) if (isSolarConjunction(CONJUNCTION + d * DAY_MS)) days += 0.25;
    // docs/reference.md: ~2 weeks at ~3°; the exact span depends on the threshold.
    expect(days).toBeGreaterThan(10);
    expect(days).toBeLessThan(30);
  });
});
