import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Raster } from '../../../../src/core/raster';
import { loadDem } from '../../../../src/core/raster-io';
import { RandomStreams } from '../../../../src/core/random';
import { demRoughness, demTruthSurface, resampleCubic, rmsSecondDifference } from '../../../../sim/world/terrain/dem-surface';
import { terrainFromDem } from '../../../../sim/world/terrain/generate';
import { makeOrbitalProducts } from '../../../../sim/world/terrain/orbital/products';

const NERETVA = join(resolve(__dirname, '../../../..'), 'scenarios/dem/jezero-neretva-2m/jezero_neretva_neretva_center_512x512_f32le.bin');

describe('the ground between a real DTM\'s posts', () => {
  // A smooth surface sampled every 2 m, as a DTM would be.
  const dtm = new Raster({ rows: 30, cols: 30, spacing: 2, x0: 0, y0: 58 }).map((_, r, c) => 3 * Math.sin(c / 4) * Math.cos(r / 5));

  it('passes through every post and joins the posts smoothly (C1): its slopes follow the ground, where bilinear facets break at every post', () => {
    const f = (x: number, y: number) => 3 * Math.sin(x / 8) * Math.cos((58 - y) / 10);
    const dfdx = (x: number, y: number) => (3 / 8) * Math.cos(x / 8) * Math.cos((58 - y) / 10);
    const sampled = new Raster({ rows: 30, cols: 30, spacing: 2, x0: 0, y0: 58 }).map((_, r, c) => f(2 * c, 58 - 2 * r));
    const fine = resampleCubic(sampled, 4);
    for (const [r, c] of [[3, 4], [10, 17], [22, 9]]) expect(fine.get(4 * r, 4 * c)).toBeCloseTo(sampled.get(r, c), 5);
    // Slope errors along x over the grid's interior: on the finer grid, and on the DTM's own facets.
    let cubic = 0, bilinear = 0;
    for (let x = 6; x < 52; x += 0.37) {
      for (let y = 6; y < 52; y += 0.53) {
        const h = 0.05;
        cubic = Math.max(cubic, Math.abs((fine.sample(x + h, y) - fine.sample(x - h, y)) / (2 * h) - dfdx(x, y)));
        bilinear = Math.max(bilinear, Math.abs((sampled.sample(x + h, y) - sampled.sample(x - h, y)) / (2 * h) - dfdx(x, y)));
      }
    }
    expect(cubic).toBeLessThan(0.3 * bilinear);
  });

  it('adds no relief to a DTM with none (a plane)', () => {
    const plane = new Raster({ rows: 20, cols: 20, spacing: 2, x0: 0, y0: 38 }).map((_, r, c) => 0.2 * c - 0.1 * r);
    const { surface } = demTruthSurface(plane, new RandomStreams(1).stream('t'));
    for (let i = 0; i < surface.values.length; i += 97) {
      const x = surface.xOf(i % surface.cols), y = surface.yOf(Math.floor(i / surface.cols));
      expect(surface.values[i]).toBeCloseTo(plane.sample(x, y), 4);
    }
  });

  it('draws sub-post relief to the real Jezero DTM\'s own roughness law, keeping to its posts', async () => {
    const dem = await loadDem(NERETVA);
    const law = demRoughness(dem.raster);
    expect(law.hurst).toBeGreaterThan(0.3);
    expect(law.hurst).toBeLessThanOrEqual(1);
    const { surface } = demTruthSurface(dem.raster, new RandomStreams(1709).stream('terrain.dem_relief'));
    const target = law.amplitudeM * (surface.spacing / law.lagM) ** law.hurst;
    expect(rmsSecondDifference(surface, 1) / target).toBeCloseTo(1, 1);
    // Relief below a post's size: the posts stay where the DTM measured them, to a few centimetres.
    let sq = 0;
    const factor = Math.round(dem.raster.spacing / surface.spacing);
    for (let r = 0; r < dem.raster.rows; r++) for (let c = 0; c < dem.raster.cols; c++) sq += (surface.get(factor * r, factor * c) - dem.raster.get(r, c)) ** 2;
    expect(Math.sqrt(sq / dem.raster.values.length)).toBeLessThan(0.1);
  });

  it('leaves the DTM itself as the ground planners\' orbital DEM: no synthetic noise on a measurement', async () => {
    const dem = await loadDem(NERETVA);
    const terrain = terrainFromDem(dem, {}, 1709);
    const products = makeOrbitalProducts(terrain, { image_spacing_m: 2 }, 1709);
    expect(products.dem.geometry).toEqual(dem.raster.geometry);
    expect(Buffer.from(products.dem.values.buffer).equals(Buffer.from(dem.raster.values.buffer))).toBe(true);
    // ...while the rover drives on the finer truth.
    expect(terrain.base.spacing).toBeCloseTo(dem.raster.spacing / 4, 9);
  });
});
