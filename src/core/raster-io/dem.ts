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
