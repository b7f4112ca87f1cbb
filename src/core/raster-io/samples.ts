/*
 * Decoding of plain binary sample grids, shared by the raw, npy and PDS3 loaders: they differ only in
 * where the description comes from, not in how the bytes turn into heights.
 */

export type SampleType = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32';

export const BYTES_PER_SAMPLE: Record<SampleType, number> = {
  float32: 4, float64: 8, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4,
};

/**
 * Decodes `count` samples starting at byte `start` of `view` into `out` from index `outStart`.
 * DataView rather than a typed-array view, because the data may be big-endian or unaligned
 * (a PDS label or npy header of any length precedes it).
 */
export function decodeSamples(
  view: DataView,
  start: number,
  count: number,
  type: SampleType,
  littleEndian: boolean,
  out: Float32Array,
  outStart = 0,
): void {
  const size = BYTES_PER_SAMPLE[type];
  let p = start;
  const end = outStart + count;
  switch (type) {
    case 'float32': for (let i = outStart; i < end; i++, p += size) out[i] = view.getFloat32(p, littleEndian); break;
    case 'float64': for (let i = outStart; i < end; i++, p += size) out[i] = view.getFloat64(p, littleEndian); break;
    case 'int8': for (let i = outStart; i < end; i++, p += size) out[i] = view.getInt8(p); break;
    case 'uint8': for (let i = outStart; i < end; i++, p += size) out[i] = view.getUint8(p); break;
    case 'int16': for (let i = outStart; i < end; i++, p += size) out[i] = view.getInt16(p, littleEndian); break;
    case 'uint16': for (let i = outStart; i < end; i++, p += size) out[i] = view.getUint16(p, littleEndian); break;
    case 'int32': for (let i = outStart; i < end; i++, p += size) out[i] = view.getInt32(p, littleEndian); break;
    case 'uint32': for (let i = outStart; i < end; i++, p += size) out[i] = view.getUint32(p, littleEndian); break;
  }
}

export interface HeightTransform {
  /** Raw values that mean "no data" (compared before scaling). */
  isNodata?: (raw: number) => boolean;
  /** height = offset + scale * raw */
  scale?: number;
  offset?: number;
}

/**
 * Turns decoded raw samples into heights in place: nodata and non-finite values become NaN (the
 * project's one nodata marker), the rest are scaled.
 */
export function toHeights(values: Float32Array, t: HeightTransform): void {
  const scale = t.scale ?? 1;
  const offset = t.offset ?? 0;
  const isNodata = t.isNodata;
  const identity = scale === 1 && offset === 0;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (!Number.isFinite(raw) || (isNodata !== undefined && isNodata(raw))) values[i] = NaN;
    else if (!identity) values[i] = offset + scale * raw;
  }
}

/** A nodata test for a value given in a file's own units, after the rounding decoding applies. */
export function nodataEquals(nodata: number | undefined): ((raw: number) => boolean) | undefined {
  if (nodata === undefined || Number.isNaN(nodata)) return undefined; // NaN is caught as non-finite anyway
  // Raw samples pass through a Float32Array, so compare against the value as float32 holds it.
  const target = Math.fround(nodata);
  return (raw) => raw === target;
}
