import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors';
import { Raster, type GridGeometry } from '../raster';

export type DemFormat = 'geotiff' | 'pds3' | 'raw' | 'npy' | 'png16';

export interface GeoReference {
  /** Projected easting (m) of the CENTRE of post (0,0), the north-west post. */
  easting0: number;
  /** Projected northing (m) of the CENTRE of post (0,0). */
  northing0: number;
  /** Short text describing the CRS, e.g. from GeoTIFF citation keys or PDS MAP_PROJECTION_TYPE. */
  crs?: string;
  /** GeoKeys to write back verbatim when re-writing a GeoTIFF (name -> value). */
  geoKeys?: Record<string, number | string | number[]>;
}

export interface Dem {
  raster: Raster;
  /** The file the heights were read from. */
  source: string;
  format: DemFormat;
  geo?: GeoReference;
  /** Free-text provenance from a sidecar's `source` field, when it has one. */
  note?: string;
}

/**
 * Site placement shared by every loader: the south-west post sits at site (0, 0), so site
 * coordinates are non-negative metres east and north of the DEM's corner whatever its projection.
 */
export function siteGeometry(rows: number, cols: number, spacing: number): GridGeometry {
  return { rows, cols, spacing, x0: 0, y0: (rows - 1) * spacing };
}

/** A DEM with no valid post would only fail later, far from its cause; refuse it where the file is named. */
export function requireValidData(file: string, raster: Raster): void {
  for (const v of raster.values) if (!Number.isNaN(v)) return;
  throw new InputError(file, '', 'holds no valid elevation (every post is nodata)');
}

/** What a Mars DEM can hold; `terrain.dem.plausible` in a scenario changes it. */
export interface DemPlausibility {
  /** Heights about the datum, m: Mars' lowest (Hellas, about -8.2 km) to highest (Olympus Mons, about +21.2 km), rounded out. */
  heightRangeM: [number, number];
  /** The least share of posts that hold a height: a DEM that is almost all nodata is a broken file [assumed]. */
  minValidFraction: number;
}

export const MARS_DEM: DemPlausibility = { heightRangeM: [-9000, 22000], minValidFraction: 0.1 };

/**
 * A DEM that cannot be Mars ground (too small to interpolate, heights off the planet's range, almost no
 * valid posts) is refused where the file is named, not accepted to fail far from its cause.
 */
export function requirePlausible(dem: Dem, limits: DemPlausibility = MARS_DEM): void {
  const { rows, cols, values } = dem.raster;
  if (rows < 2 || cols < 2) throw new InputError(dem.source, '', `a DEM needs at least 2 x 2 posts, the file has ${rows} x ${cols}`);
  let valid = 0, lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    valid++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const share = valid / values.length;
  if (share < limits.minValidFraction) {
    throw new InputError(dem.source, '', `only ${valid} of its ${values.length} posts hold a height (${(100 * share).toPrecision(2)}%, fewer than ${100 * limits.minValidFraction}%): not a usable DEM (the least share is terrain.dem.plausible.min_valid_fraction)`);
  }
  const [min, max] = limits.heightRangeM;
  if (lo < min || hi > max) {
    throw new InputError(dem.source, '', `holds heights from ${lo.toPrecision(6)} to ${hi.toPrecision(6)} m, outside ${min} .. ${max} m about the datum (Mars' range): a damaged file or one in other units (the range is terrain.dem.plausible.height_range_m)`);
  }
}

export function requirePositiveSpacing(file: string, field: string, spacing: number): void {
  if (!(spacing > 0) || !Number.isFinite(spacing)) {
    throw new InputError(file, field, `post spacing must be a positive number of metres, got ${spacing}`);
  }
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    throw new InputError(path, '', 'file not found');
  }
}

/** Reverses the row order in place (for grids stored south row first). */
export function flipRows(values: Float32Array, rows: number, cols: number): void {
  const tmp = new Float32Array(cols);
  for (let top = 0, bottom = rows - 1; top < bottom; top++, bottom--) {
    const a = top * cols, b = bottom * cols;
    tmp.set(values.subarray(a, a + cols));
    values.copyWithin(a, b, b + cols);
    values.set(tmp, b);
  }
}

/** Reads `length` bytes at `offset` without loading the rest (PDS DTMs can be gigabytes). */
export function readBytes(path: string, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    if (done < length) throw new InputError(path, '', `ends after ${offset + done} bytes; expected at least ${offset + length}`);
  } finally {
    closeSync(fd);
  }
  return out;
}
