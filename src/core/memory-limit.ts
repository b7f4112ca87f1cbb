/** The most memory one site (a DEM, or the truth terrain built on it) may take, MB, before it is refused. */
export const MAX_SITE_MB_ENV = 'ROVER_MAX_SITE_MB';

/** The limit in MB: ROVER_MAX_SITE_MB, or 4,096 [assumed: a quarter of a 16 GB workstation]. */
export function maxSiteMb(): number {
  const v = Number(process.env[MAX_SITE_MB_ENV]);
  return Number.isFinite(v) && v > 0 ? v : 4096;
}

/** Why `count` items of `bytesEach` may not be allocated for `what` (past the limit), or null when they fit. */
export function memoryProblem(count: number, bytesEach: number, what: string, advice: string): string | null {
  const mb = (count * bytesEach) / 1e6, limitMb = maxSiteMb();
  if (mb <= limitMb) return null;
  return `${(count / 1e6).toPrecision(3)} million posts need about ${Math.round(mb).toLocaleString('en-US')} MB for ${what}, more than the ${limitMb.toLocaleString('en-US')} MB allowed (${MAX_SITE_MB_ENV}): ${advice}`;
}
