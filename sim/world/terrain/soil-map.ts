import { createNoise2D } from 'simplex-noise';
import { Raster } from '../../../src/core/raster';
import type { Rng } from '../../../src/core/random';
import { degToRad } from '../../../src/core/geometry';
import type { SoilParams } from './params';
import type { SandField } from './sand';
import { SoilClass } from './soil';

/** Scales (m) of the outcrop pattern [assumed]: the local-relief window, and noise octaves. */
const RELIEF_WINDOW_M = 15;
const OUTCROP_OCTAVES_M = [40, 20, 10, 5];

/**
 * The soil-class map on the base grid (values are SoilClass codes): sand where sand sheets lie;
 * bedrock on steep slopes and where the ground stands above its surroundings (knobs and ridges shed
 * their soil cover), roughened by fractal noise and thresholded to bedrock_fraction; soil elsewhere.
 * Big rocks are not in the map: they come from the rock field at query time.
 */
export function classifySoil(base: Raster, sand: SandField, params: SoilParams, rng: Rng): Raster {
  const classes = new Raster(base.geometry);
  const slope = base.slope();
  const steep = degToRad(params.bedrock_slope_deg);
  const score = outcropScore(base, rng);
  const sorted = Float32Array.from(score).sort();
  const threshold = params.bedrock_fraction > 0 ? sorted[Math.floor((1 - params.bedrock_fraction) * (sorted.length - 1))] : Infinity;
  const sandCover = sand.cover.values;
  for (let i = 0; i < classes.values.length; i++) {
    if (sandCover[i] >= 0.5) classes.values[i] = SoilClass.sand;
    else if (slope.values[i] > steep || score[i] > threshold) classes.values[i] = SoilClass.bedrock;
    else classes.values[i] = SoilClass.soil;
  }
  return classes;
}

/** Local relief (height above the surrounding mean, in standard deviations) plus fractal noise. */
function outcropScore(base: Raster, rng: Rng): Float32Array {
  const noise = createNoise2D(() => rng.next());
  const ox = rng.uniform(-1e4, 1e4), oy = rng.uniform(-1e4, 1e4);
  const localMean = base.boxMean(Math.max(1, Math.round(RELIEF_WINDOW_M / base.spacing)));
  const n = base.values.length;
  const relief = new Float32Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    relief[i] = base.values[i] - localMean.values[i];
    ss += relief[i] * relief[i];
  }
  const sd = Math.sqrt(ss / n) || 1;
  const score = new Float32Array(n);
  for (let r = 0; r < base.rows; r++) {
    const y = base.yOf(r);
    for (let c = 0; c < base.cols; c++) {
      const x = base.xOf(c);
      let fractal = 0, amplitude = 1;
      for (const wavelength of OUTCROP_OCTAVES_M) {
        fractal += amplitude * noise(x / wavelength + ox, y / wavelength + oy);
        amplitude *= 0.5;
      }
      const i = r * base.cols + c;
      score[i] = fractal + 0.8 * (relief[i] / sd);
    }
  }
  return score;
}
