import { createNoise2D } from 'simplex-noise';
import { Raster } from '../../src/core/raster';
import type { Rng } from '../../src/core/random';
import { degToRad } from '../../src/core/geometry';
import type { SoilParams } from './params';
import type { SandField } from './sand';
import { SoilClass } from './soil';

/**
 * The soil-class map on the base grid (values are SoilClass codes): sand where sand sheets lie,
 * bedrock on steep slopes and on outcrops (a noise field thresholded to bedrock_fraction), soil
 * elsewhere. Big rocks are not in the map: they come from the rock field at query time.
 */
export function classifySoil(base: Raster, sand: SandField, params: SoilParams, rng: Rng): Raster {
  const classes = new Raster(base.geometry);
  const slope = base.slope();
  const steep = degToRad(params.bedrock_slope_deg);
  const noise = createNoise2D(() => rng.next());
  const f = 1 / 40; // outcrop scale (m^-1) [assumed]
  const ox = rng.uniform(-1e4, 1e4), oy = rng.uniform(-1e4, 1e4);
  const outcrop = new Float32Array(base.values.length);
  for (let r = 0; r < base.rows; r++) {
    for (let c = 0; c < base.cols; c++) {
      outcrop[r * base.cols + c] = noise(base.xOf(c) * f + ox, base.yOf(r) * f + oy);
    }
  }
  const threshold = params.bedrock_fraction > 0
    ? Float32Array.from(outcrop).sort()[Math.floor((1 - params.bedrock_fraction) * (outcrop.length - 1))]
    : Infinity;
  const sandCover = sand.cover.values;
  for (let i = 0; i < classes.values.length; i++) {
    if (sandCover[i] >= 0.5) classes.values[i] = SoilClass.sand;
    else if (slope.values[i] > steep || outcrop[i] > threshold) classes.values[i] = SoilClass.bedrock;
    else classes.values[i] = SoilClass.soil;
  }
  return classes;
}
