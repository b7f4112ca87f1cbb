import { Raster, type GridGeometry } from '../../../../src/core/raster';
import type { Rng } from '../../../../src/core/random';
import type { OrbitalParams } from '../params';
import type { TruthTerrain } from '../terrain';
import { SoilClass } from '../soil';
import { imageGeometry } from './orthoimage';

/** Truth heights averaged over each post's footprint on this many sub-samples a side. */
const FOOTPRINT_SAMPLES = 3;

/**
 * A HiRISE-like stereo DEM: the truth surface averaged over each post's footprint (so rocks and
 * ripples smaller than a post blur away), plus vertical noise that stereo matching leaves spatially
 * correlated (white noise smoothed over dem_noise_correlation_m, rescaled to dem_noise_m).
 */
export function orbitalDem(terrain: TruthTerrain, params: OrbitalParams, rng: Rng): Raster {
  const dem = new Raster(imageGeometry(terrain, params.dem_spacing_m));
  const s = dem.spacing;
  const b = terrain.bounds;
  const n = FOOTPRINT_SAMPLES;
  for (let r = 0; r < dem.rows; r++) {
    for (let c = 0; c < dem.cols; c++) {
      let sum = 0, count = 0;
      for (let i = 0; i < n; i++) {
        const y = Math.min(b.yMax, Math.max(b.yMin, dem.yOf(r) + ((i + 0.5) / n - 0.5) * s));
        for (let j = 0; j < n; j++) {
          const x = Math.min(b.xMax, Math.max(b.xMin, dem.xOf(c) + ((j + 0.5) / n - 0.5) * s));
          sum += terrain.heightAt(x, y);
          count++;
        }
      }
      dem.values[r * dem.cols + c] = sum / count;
    }
  }
  if (params.dem_noise_m > 0) addCorrelatedNoise(dem, params.dem_noise_m, params.dem_noise_correlation_m, rng);
  return dem;
}

function addCorrelatedNoise(dem: Raster, sigma: number, correlationM: number, rng: Rng): void {
  let noise = new Raster(dem.geometry);
  for (let i = 0; i < noise.values.length; i++) noise.values[i] = rng.normal();
  noise = noise.boxMean(Math.round(correlationM / dem.spacing));
  let ss = 0;
  for (const v of noise.values) ss += v * v;
  const k = sigma / Math.sqrt(ss / noise.values.length || 1);
  for (let i = 0; i < noise.values.length; i++) dem.values[i] += k * noise.values[i];
}

/**
 * The orbital soil-class map on a grid: the terrain's soil classes (as mapped from orbit), with
 * posts under rocks the camera resolves marked big rock. Smaller rocks are invisible from orbit.
 */
export function orbitalSoilMap(terrain: TruthTerrain, geometry: GridGeometry, visibleRockMinDiameterM: number): Raster {
  const map = new Raster(geometry);
  for (let r = 0; r < map.rows; r++) {
    for (let c = 0; c < map.cols; c++) map.values[r * map.cols + c] = terrain.soilClasses.nearest(map.xOf(c), map.yOf(r));
  }
  const rocks = terrain.rocks;
  for (let k = 0; k < rocks.count; k++) {
    const R = rocks.radius[k];
    if (2 * R < visibleRockMinDiameterM) continue;
    const c0 = Math.max(0, Math.ceil(map.colOf(rocks.x[k] - R))), c1 = Math.min(map.cols - 1, Math.floor(map.colOf(rocks.x[k] + R)));
    const r0 = Math.max(0, Math.ceil(map.rowOf(rocks.y[k] + R))), r1 = Math.min(map.rows - 1, Math.floor(map.rowOf(rocks.y[k] - R)));
    let marked = false;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        if (Math.hypot(map.xOf(c) - rocks.x[k], map.yOf(r) - rocks.y[k]) <= R) {
          map.values[r * map.cols + c] = SoilClass.bigRock;
          marked = true;
        }
      }
    }
    // A rock narrower than the post spacing still shows in the post nearest its centre.
    if (!marked) {
      const r = Math.round(map.rowOf(rocks.y[k])), c = Math.round(map.colOf(rocks.x[k]));
      if (r >= 0 && c >= 0 && r < map.rows && c < map.cols) map.values[r * map.cols + c] = SoilClass.bigRock;
    }
  }
  return map;
}
