import { InputError } from '../errors';
import { Raster } from '../raster';
import { fileSize, flipRows, readBytes, requireValidData, siteGeometry, type Dem } from './dem';
import { BYTES_PER_SAMPLE, decodeSamples, nodataEquals, toHeights, type SampleType } from './samples';
import { GridSidecar, checkSize, geoFromDescription, refuseFields, resolveDescription } from './sidecar';

/*
 * NumPy .npy (format versions 1, 2, 3): magic "\x93NUMPY", version bytes, a little-endian header
 * length (2 bytes in v1, 4 in v2/v3), then a Python dict literal giving descr, fortran_order, shape.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const KINDS: Record<string, SampleType> = {
  f4: 'float32', f8: 'float64', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32',
};

export interface NpyHeader {
  type: SampleType;
  littleEndian: boolean;
  rows: number;
  cols: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
}

export function readNpyHeader(path: string, size: number): NpyHeader {
  if (size < 10) throw new InputError(path, '', `is not a NumPy .npy file: only ${size} bytes`);
  const start = readBytes(path, 0, Math.min(size, 12));
  if (!MAGIC.every((b, i) => start[i] === b)) {
    throw new InputError(path, '', 'is not a NumPy .npy file (it does not start with "\\x93NUMPY")');
  }
  const major = start[6];
  if (major < 1 || major > 3) throw new InputError(path, 'version', `npy format version ${major}.${start[7]} is not supported (1, 2 or 3)`);
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (size < 8 + lenBytes) throw new InputError(path, 'header', 'the file ends inside the header');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lenBytes + headerLen;
  if (dataOffset > size) throw new InputError(path, 'header', `the header says it is ${headerLen} bytes but the file ends first`);
  const header = Buffer.from(readBytes(path, 8 + lenBytes, headerLen)).toString(major === 3 ? 'utf8' : 'latin1');

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  if (descr === undefined) {
    throw new InputError(path, 'descr', `expected a simple dtype such as '<f4' in the header, got ${header.trim()}`);
  }
  const m = /^([<>|=])?([a-z]\d+)$/.exec(descr);
  const type = m ? KINDS[m[2]] : undefined;
  if (!m || !type) {
    throw new InputError(path, 'descr', `dtype '${descr}' is not supported; expected one of ` +
      Object.keys(KINDS).map((k) => `'<${k}'`).join(', ') + ' (either byte order)');
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  if (fortran === undefined) throw new InputError(path, 'fortran_order', 'missing from the header');
  if (fortran === 'True') {
    throw new InputError(path, 'fortran_order', 'is True; save the array in C order (numpy.ascontiguousarray) instead');
  }
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) throw new InputError(path, 'shape', 'missing from the header');
  const dims = shapeText.split(',').map((s) => s.trim().replace(/L$/, '')).filter((s) => s !== '').map(Number);
  if (dims.length !== 2 || !dims.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new InputError(path, 'shape', `expected 2 dimensions (rows, cols) of at least 1, got (${shapeText})`);
  }
  return { type, littleEndian: m[1] !== '>', rows: dims[0], cols: dims[1], dataOffset };
}

/** Reads a 2-D .npy height grid; spacing and options come from `description` or `<path>.json`. */
export function readNpy(path: string, description?: GridSidecar): Dem {
  const size = fileSize(path);
  const h = readNpyHeader(path, size);
  const { description: d, descriptionFile } = resolveDescription(path, GridSidecar, description,
    `a .npy grid needs its post spacing: write ${path}.json with at least spacing_m (e.g. {"spacing_m": 1.0})`);
  refuseFields(descriptionFile, d, ['sample_type', 'byte_order', 'header_bytes'], 'the .npy header gives the layout');
  checkSize(descriptionFile, d, h.rows, h.cols, '.npy header');

  const n = h.rows * h.cols;
  const dataBytes = n * BYTES_PER_SAMPLE[h.type];
  if (size !== h.dataOffset + dataBytes) {
    throw new InputError(path, 'shape', `(${h.rows}, ${h.cols}) of ${h.type} needs ${h.dataOffset + dataBytes} bytes ` +
      `(header ${h.dataOffset} + data ${dataBytes}) but the file has ${size} bytes`);
  }
  const bytes = readBytes(path, h.dataOffset, dataBytes);
  const values = new Float32Array(n);
  decodeSamples(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, n, h.type, h.littleEndian, values);
  toHeights(values, { isNodata: nodataEquals(d.nodata), scale: d.height_scale, offset: d.height_offset_m });
  if (d.row0 === 'south') flipRows(values, h.rows, h.cols);

  const raster = new Raster(siteGeometry(h.rows, h.cols, d.spacing_m), values);
  requireValidData(path, raster);
  const geo = geoFromDescription(descriptionFile, d, h.rows, d.spacing_m);
  return { raster, source: path, format: 'npy', ...(geo && { geo }), ...(d.source !== undefined && { note: d.source }) };
}
