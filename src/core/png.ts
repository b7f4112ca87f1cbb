import { encode } from 'fast-png';
import type { Raster } from './raster';
import { writeFileAtomic } from './files';

/** An 8-bit image, row-major, `channels` interleaved samples per pixel (1 gray, 3 RGB). */
export interface Image8 {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

export function encodePng(image: Image8): Uint8Array {
  return encode({ width: image.width, height: image.height, data: image.data, channels: image.channels, depth: 8 });
}

export function writePng(path: string, image: Image8): void {
  writeFileAtomic(path, encodePng(image));
}

/** Grayscale image of a raster, mapping [lo, hi] linearly to 0..255 (NaN black). */
export function rasterToGray(raster: Raster, lo: number, hi: number): Image8 {
  const data = new Uint8Array(raster.values.length);
  const k = 255 / (hi - lo || 1);
  for (let i = 0; i < data.length; i++) {
    const v = raster.values[i];
    data[i] = Number.isNaN(v) ? 0 : Math.max(0, Math.min(255, Math.round((v - lo) * k)));
  }
  return { width: raster.cols, height: raster.rows, channels: 1, data };
}

/** A colour ramp: stops of (value, [r, g, b]) in increasing value order. */
export type ColourRamp = readonly (readonly [number, readonly [number, number, number]])[];

/** The colour of a value on a ramp: linear between stops, clamped at the ends. */
export function rampColour(v: number, ramp: ColourRamp): [number, number, number] {
  let j = 0;
  while (j < ramp.length - 1 && v > ramp[j + 1][0]) j++;
  const [v0, c0] = ramp[j];
  const [v1, c1] = ramp[Math.min(j + 1, ramp.length - 1)];
  const t = v1 > v0 ? Math.max(0, Math.min(1, (v - v0) / (v1 - v0))) : 0;
  return [0, 1, 2].map((k) => Math.round(c0[k] + (c1[k] - c0[k]) * t)) as [number, number, number];
}

/** RGB image of a raster through a colour ramp (linear between stops, clamped at the ends; NaN black). */
export function rasterToColour(raster: Raster, ramp: ColourRamp): Image8 {
  const data = new Uint8Array(raster.values.length * 3);
  for (let i = 0; i < raster.values.length; i++) {
    const v = raster.values[i];
    if (Number.isNaN(v)) continue;
    data.set(rampColour(v, ramp), 3 * i);
  }
  return { width: raster.cols, height: raster.rows, channels: 3, data };
}
