import { Body, HelioVector, KM_PER_AU, type Vector } from 'astronomy-engine';
import { radToDeg } from '../../../src/core/geometry';

/*
 * Earth–Mars geometry from the date: how long a signal takes, and whether the Sun is in the way.
 *
 * Source: astronomy-engine (Don Cross, https://github.com/cosinekitty/astronomy), VSOP87 planetary
 * series; positions in J2000 equatorial coordinates, AU. docs/reference.md "Communications and operations"
 * gives the figures these reproduce: ~5.3 min one-way at the January 2025 opposition, ~20 min in
 * December 2025 – January 2026, 3–22 min over the synodic cycle, and no commanding while the
 * Sun–Earth–Mars angle is below ~3° (solar conjunction, ~2 weeks every ~26 months).
 */

/** Speed of light in vacuum (m/s), exact by the SI definition. */
export const SPEED_OF_LIGHT_M_PER_S = 299_792_458;

/** Metres per astronomical unit: astronomy-engine's KM_PER_AU (within 10 m of the IAU 2012 au), so distances match its vectors. */
export const M_PER_AU = KM_PER_AU * 1000;

/** Sun-to-Earth and Sun-to-Mars at one instant (AU). */
function helio(utcMs: number): { earth: Vector; mars: Vector } {
  const date = new Date(utcMs);
  return { earth: HelioVector(Body.Earth, date), mars: HelioVector(Body.Mars, date) };
}

/**
 * Earth–Mars centre-to-centre distance (m) at `utcMs`: the instantaneous geometric distance. The
 * exact light-time solution differs by range-rate × light time (< ~25,000 km, < 0.1 s), far below
 * anything the sol-scale operations loop resolves.
 */
export function earthMarsDistanceM(utcMs: number): number {
  const { earth, mars } = helio(utcMs);
  return Math.hypot(mars.x - earth.x, mars.y - earth.y, mars.z - earth.z) * M_PER_AU;
}

/** One-way light time Earth↔Mars (s) at `utcMs` (Unix milliseconds, UTC). */
export function oneWayLightTimeS(utcMs: number): number {
  return earthMarsDistanceM(utcMs) / SPEED_OF_LIGHT_M_PER_S;
}

/**
 * The Sun–Earth–Mars angle (deg): the angle at Earth between the directions to the Sun and to
 * Mars (Mars's solar elongation). Near 180° at opposition, near 0° at solar conjunction.
 */
export function sunEarthMarsAngleDeg(utcMs: number): number {
  const { earth, mars } = helio(utcMs);
  // Earth→Sun is −earth; Earth→Mars is mars − earth.
  const ax = -earth.x, ay = -earth.y, az = -earth.z;
  const bx = mars.x - earth.x, by = mars.y - earth.y, bz = mars.z - earth.z;
  const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
  // atan2(|a×b|, a·b) keeps full precision at the small angles that matter here (acos does not).
  return radToDeg(Math.atan2(Math.hypot(cx, cy, cz), ax * bx + ay * by + az * bz));
}

/**
 * True while Mars is too close to the Sun, as seen from Earth, to command or relay reliably
 * (docs/reference.md: commanding stops when the Sun–Earth–Mars angle < ~3°).
 */
export function isSolarConjunction(utcMs: number, thresholdDeg = 3): boolean {
  return sunEarthMarsAngleDeg(utcMs) < thresholdDeg;
}
