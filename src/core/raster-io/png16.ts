import { readFileSync } from 'node:fs';
import { decode, encode } from 'fast-png';
import { InputError } from '../errors';
import { writeFileAtomic } from '../files';
import { Raster } from '../raster';
import { fileSize, flipRows, requireValidData, siteGeometry, type Dem } from './dem';
import { nodataEquals, toHeights } from './samples';
import { GridSidecar, checkSize, geoFromDescription, refuseFields, resolveDescription } from './sidecar';

/*
 * 16-bit grayscale PNG heightmaps, as game engines and terrain tools export them. 65536 levels are
 * enough for a DEM only with a scale and offset, which the sidecar gives (the PNG cannot).
 */

export function readPng16(path: string, description?: GridSidecar): Dem {
  fileSize(path);
  const { description: d, descriptionFile } = resolveDescription(path, GridSidecar, description,
    `a 16-bit PNG heightmap needs its post spacing and height scaling: write ${path}.json with at least ` +
    `spacing_m, and height_scale / height_offset_m unless one PNG level is one metre ` +
    `(e.g. {"spacing_m": 1.0, "height_scale": 0.01, "height_offset_m": -100})`);
  refuseFields(descriptionFile, d, ['sample_type', 'byte_order', 'header_bytes'], 'the PNG header gives the layout');

  let png: ReturnType<typeof decode>;
  try {
    png = decode(readFileSync(path));
  } catch (e) {
    throw new InputError(path, '', `is not a readable PNG: ${(e as Error).message}`);
  }
  if (png.depth !== 16 || png.channels !== 1 || png.palette) {
    const kind = png.palette ? 'palette' : ({ 1: 'grayscale', 2: 'grayscale+alpha', 3: 'RGB', 4: 'RGBA' } as Record<number, string>)[png.channels] ?? `${png.channels}-channel`;
    throw new InputError(path, '', `expected a 16-bit grayscale PNG heightmap, got a ${png.depth}-bit ${kind} PNG`);
  }
  const { width: cols, height: rows } = png;
  checkSize(descriptionFile, d, rows, cols, 'PNG');

  const values = Float32Array.from(png.data);
  toHeights(values, { isNodata: nodataEquals(d.nodata), scale: d.height_scale, offset: d.height_offset_m });
  if (d.row0 === 'south') flipRows(values, rows, cols);
  const raster = new Raster(siteGeometry(rows, cols, d.spacing_m), values);
  requireValidData(path, raster);
  const geo = geoFromDescription(descriptionFile, d, rows, d.spacing_m);
  return { raster, source: path, format: 'png16', ...(geo && { geo }), ...(d.source !== undefined && { note: d.source }) };
}

export interface Png16Encoding {
  /** Metres per PNG level: height = offset + scale * level. */
  scale: number;
  /** Height (m) of level 0. */
  offset: number;
  /** Level written for NaN posts; required when the raster has any. */
  nodata?: number;
}

/**
 * Writes a raster as a 16-bit grayscale PNG, row 0 north. Returns the description to store beside
 * it as `<path>.json` so that readPng16 gets the heights back (within scale / 2).
 * Heights that do not fit the 0..65535 levels are an error rather than clipped: a clipped DEM would
 * silently flatten peaks or pits.
 */
export function writePng16(path: string, raster: Raster, encoding: Png16Encoding): GridSidecar {
  const { scale, offset, nodata } = encoding;
  if (!Number.isFinite(scale) || scale === 0 || !Number.isFinite(offset)) {
    throw new RangeError(`png16 scale must be finite and non-zero and offset finite, got scale ${scale}, offset ${offset}`);
  }
  if (nodata !== undefined && !(Number.isInteger(nodata) && nodata >= 0 && nodata <= 65535)) {
    throw new RangeError(`png16 nodata must be a whole level in 0..65535, got ${nodata}`);
  }
  const levels = new Uint16Array(raster.values.length);
  for (let i = 0; i < levels.length; i++) {
    const h = raster.values[i];
    if (Number.isNaN(h)) {
      if (nodata === undefined) throw new RangeError('raster has nodata posts; give encoding.nodata, a level to write for them');
      levels[i] = nodata;
      continue;
    }
    const level = Math.round((h - offset) / scale);
    if (!(level >= 0 && level <= 65535) || level === nodata) {
      throw new RangeError(`height ${h} m at post ${Math.floor(i / raster.cols)},${i % raster.cols} maps to level ${level}, ` +
        `outside 0..65535${nodata !== undefined ? ` excluding nodata ${nodata}` : ''}; choose another scale/offset`);
    }
    levels[i] = level;
  }
  writeFileAtomic(path, encode({ width: raster.cols, height: raster.rows, data: levels, depth: 16, channels: 1 }));
  return {
    rows: raster.rows, cols: raster.cols, spacing_m: raster.spacing,
    height_scale: scale, height_offset_m: offset, ...(nodata !== undefined && { nodata }),
  };
}
