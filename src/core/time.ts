/*
 * Simulation time. One clock: seconds since the scenario's epoch (a UTC instant), advanced only by
 * the engine. Nothing in the simulation or the flight software reads the wall clock.
 */

/** A Mars solar day (s) (docs/reference.md). */
export const SOL_S = 88775.244;

/** The simulation clock and its scheduler: what every time-driven part is given. */
export interface SimClock {
  /** Seconds since the scenario epoch. */
  nowS(): number;
  /** Runs `fn` when the clock reaches `timeS` (at once, on the next step, if that is not in the future). */
  at(timeS: number, fn: () => void): void;
}

/** A time that can be converted to and from UTC: the scenario epoch as Unix milliseconds. */
export interface Epoch {
  utcMs: number;
}

export function utcMsAt(epoch: Epoch, simS: number): number {
  return epoch.utcMs + simS * 1000;
}

export function simSAt(epoch: Epoch, utcMs: number): number {
  return (utcMs - epoch.utcMs) / 1000;
}

const DOY = /^(\d{4})-(\d{3})T(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/;
const DURATION = /^([+-])?(?:(\d+)T)?(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/;

/**
 * Parses an AMMOS day-of-year UTC time, `YYYY-DDDTHH:MM:SS[.sss]` (the ABSOLUTE time tag of SeqJSON),
 * to Unix milliseconds; undefined if it is not one.
 */
export function parseDoyUtc(text: string): number | undefined {
  const m = DOY.exec(text);
  if (!m) return undefined;
  const [year, doy, hh, mm] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const ss = Number(m[5]);
  const daysInYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
  if (doy < 1 || doy > daysInYear || hh > 23 || mm > 59 || ss >= 60) return undefined;
  return Date.UTC(year, 0, 1) + ((doy - 1) * 86400 + hh * 3600 + mm * 60 + ss) * 1000;
}

/** Formats Unix milliseconds as `YYYY-DDDTHH:MM:SS.sss` UTC. */
export function formatDoyUtc(utcMs: number): string {
  const d = new Date(utcMs);
  const year = d.getUTCFullYear();
  const doy = Math.floor((utcMs - Date.UTC(year, 0, 1)) / 86400000) + 1;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${year}-${pad(doy, 3)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/**
 * Parses a relative time tag `[+|-][DDDT]HH:MM:SS[.sss]` (COMMAND_RELATIVE, EPOCH_RELATIVE) to
 * seconds; undefined if it is not one.
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const days = m[2] ? Number(m[2]) : 0;
  const [hh, mm, ss] = [Number(m[3]), Number(m[4]), Number(m[5])];
  if (mm > 59 || ss >= 60) return undefined;
  return sign * (days * 86400 + hh * 3600 + mm * 60 + ss);
}

/** Formats seconds as a relative time tag `HH:MM:SS.sss` (with `DDDT` when a day or more). */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hh = Math.floor(s / 3600), mm = Math.floor((s - hh * 3600) / 60), ss = s - hh * 3600 - mm * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const secs = ss.toFixed(3).padStart(6, '0');
  return `${sign}${days ? `${String(days).padStart(3, '0')}T` : ''}${pad(hh)}:${pad(mm)}:${secs}`;
}
