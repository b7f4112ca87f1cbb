import { degToRad, radToDeg } from './geometry';

/*
 * Time of day on Mars and where the Sun stands, from a UTC instant and a place: the equations of
 * NASA GISS's Mars24 (Allison & McEwen 2000, as revised on the Mars24 "Algorithm and Worked Examples"
 * page; docs/reference.md, Power and the working day). TT - UTC is taken as 69.184 s, its value since
 * 2017 [simplification: before 2017 it was up to 5 s less from 1972, which moves the Sun by < 0.02 deg].
 */

const TT_MINUS_UTC_S = 69.184;
const J2000_JD = 2451545.0;
/** A Mars solar day in Earth days (Mars24). */
const SOL_DAYS = 1.0274912517;

export interface MarsSolarTime {
  /** Mars Sol Date (days since 29 Dec 1873, Mars24). */
  msd: number;
  /** Areocentric solar longitude, the season (deg, 0 at the northern spring equinox). */
  lsDeg: number;
  /** Local mean and true solar time at the place (hours, 0..24). */
  lmstH: number;
  ltstH: number;
  /** The Sun's declination (deg). */
  declinationDeg: number;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Mars solar time at a UTC instant and a longitude (deg east, planetocentric). */
export function marsSolarTime(utcMs: number, longitudeEastDeg: number): MarsSolarTime {
  const jdTT = 2440587.5 + utcMs / 8.64e7 + TT_MINUS_UTC_S / 86400;
  const dt = jdTT - J2000_JD;
  // B: the season.
  const m = degToRad(19.3871 + 0.52402073 * dt);
  const alphaFms = 270.3871 + 0.524038496 * dt;
  const amplitudes = [0.0071, 0.0057, 0.0039, 0.0037, 0.0021, 0.002, 0.0018];
  const periods = [2.2353, 2.7543, 1.1177, 15.7866, 2.1354, 2.4694, 32.8493];
  const phases = [49.409, 168.173, 191.837, 21.736, 15.704, 95.528, 49.095];
  let perturbations = 0;
  for (let i = 0; i < 7; i++) perturbations += amplitudes[i] * Math.cos(degToRad((0.985626 * dt) / periods[i] + phases[i]));
  const centre = (10.691 + 3e-7 * dt) * Math.sin(m) + 0.623 * Math.sin(2 * m) + 0.05 * Math.sin(3 * m) + 0.005 * Math.sin(4 * m) + 0.0005 * Math.sin(5 * m) + perturbations;
  const lsDeg = mod(alphaFms + centre, 360);
  const ls = degToRad(lsDeg);
  // C: the time of day.
  const eotDeg = 2.861 * Math.sin(2 * ls) - 0.071 * Math.sin(4 * ls) + 0.002 * Math.sin(6 * ls) - centre;
  const msd = (jdTT - 2451549.5) / SOL_DAYS + 44796.0 - 0.0009626;
  const mstH = mod(24 * msd, 24);
  const lmstH = mod(mstH + longitudeEastDeg / 15, 24);
  const ltstH = mod(lmstH + eotDeg / 15, 24);
  // D: the Sun's declination.
  const declinationDeg = radToDeg(Math.asin(0.42565 * Math.sin(ls))) + 0.25 * Math.sin(ls);
  return { msd, lsDeg, lmstH, ltstH, declinationDeg };
}

/** The Sun's elevation above the horizon and azimuth (deg clockwise from north) at a place and instant. */
export function marsSunPosition(utcMs: number, latitudeDeg: number, longitudeEastDeg: number): { elevationDeg: number; azimuthDeg: number } {
  const t = marsSolarTime(utcMs, longitudeEastDeg);
  const hourAngle = degToRad((t.ltstH - 12) * 15); // positive in the afternoon, the Sun to the west
  const lat = degToRad(latitudeDeg), dec = degToRad(t.declinationDeg);
  const elevation = Math.asin(Math.sin(lat) * Math.sin(dec) + Math.cos(lat) * Math.cos(dec) * Math.cos(hourAngle));
  const azimuth = Math.atan2(Math.sin(hourAngle), Math.cos(hourAngle) * Math.sin(lat) - Math.tan(dec) * Math.cos(lat)) + Math.PI;
  return { elevationDeg: radToDeg(elevation), azimuthDeg: mod(radToDeg(azimuth), 360) };
}

/** The first instant at or after `fromUtcMs` when local mean solar time at the longitude is `lmstH`. */
export function nextLmst(fromUtcMs: number, longitudeEastDeg: number, lmstH: number): number {
  const now = marsSolarTime(fromUtcMs, longitudeEastDeg).lmstH;
  const hoursAhead = mod(lmstH - now, 24);
  // A Mars hour is 1/24 of a sol.
  return fromUtcMs + (hoursAhead / 24) * SOL_DAYS * 8.64e7;
}
