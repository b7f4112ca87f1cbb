import { InputError } from '../errors';
import { Raster } from '../raster';
import { fileSize, flipRows, readBytes, requireValidData, siteGeometry, type Dem } from './dem';
import { BYTES_PER_SAMPLE, decodeSamples, nodataEquals, toHeights } from './samples';
import { DemSidecar, geoFromDescription, resolveDescription } from './sidecar';

export { DemSidecar } from './sidecar';

/**
 * Reads a headerless (or fixed-header) binary grid. The layout comes from `description` when given
 * (e.g. inline in a scenario), else from the sidecar `<path>.json`.
 */
export function readRaw(path: string, description?: DemSidecar): Dem {
  const size = fileSize(path);
  const { description: d, descriptionFile } = resolveDescription(path, DemSidecar, description,
    `a raw grid needs a description: write ${path}.json with at least rows, cols and spacing_m ` +
    `(e.g. {"rows": 512, "cols": 512, "spacing_m": 1.0})`);

  const type = d.sample_type ?? 'float32';
  const headerBytes = d.header_bytes ?? 0;
  const n = d.rows * d.cols;
  const expected = headerBytes + n * BYTES_PER_SAMPLE[type];
  if (size !== expected) {
    throw new InputError(descriptionFile, 'rows/cols',
      `${d.rows} x ${d.cols} ${type} samples` + (headerBytes ? ` after a ${headerBytes}-byte header` : '') +
      ` make ${expected} bytes, but ${path} has ${size} bytes`);
  }

  const bytes = readBytes(path, headerBytes, expected - headerBytes);
  const values = new Float32Array(n);
  decodeSamples(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, n, type, (d.byte_order ?? 'little') === 'little', values);
  toHeights(values, { isNodata: nodataEquals(d.nodata), scale: d.height_scale, offset: d.height_offset_m });
  if (d.row0 === 'south') flipRows(values, d.rows, d.cols);

  const raster = new Raster(siteGeometry(d.rows, d.cols, d.spacing_m), values);
  requireValidData(path, raster);
  const geo = geoFromDescription(descriptionFile, d, d.rows, d.spacing_m);
  return { raster, source: path, format: 'raw', ...(geo && { geo }), ...(d.source !== undefined && { note: d.source }) };
}
