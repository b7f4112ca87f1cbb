import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { Raster } from '../../../../src/core/raster';
import { craterProfile, drawCraters } from '../../../../sim/world/terrain/craters';
import { fillNodata, generateTerrain, terrainFromDem } from '../../../../sim/world/terrain/generate';
import { CraterParams, ProceduralTerrainParams, RockParams } from '../../../../sim/world/terrain/params';
import { SoilClass } from '../../../../sim/world/terrain/soil';

const SMALL = ProceduralTerrainParams.parse({
  size_m: [120, 100],
  post_spacing_m: 0.5,
  rocks: { k: 0.1 },
  sand: { fraction: 0.2 },
  craters: { density_per_km2: 400, min_diameter_m: 4, max_diameter_m: 30 },
});

function median(values: Float32Array): number {
  const s = Float32Array.from(values).sort();
  return s[s.length >> 1];
}

describe('procedural terrain', () => {
  it('raises hand-placed steps into the relief by their height, with vertical sides as sharp as the posts', () => {
    const flat = { size_m: [20, 20], post_spacing_m: 0.1, relief: { median_slope_deg: 0 }, craters: { density_per_km2: 0 }, rocks: { k: 0.01, min_diameter_m: 5 }, sand: { fraction: 0 } };
    const plain = generateTerrain(ProceduralTerrainParams.parse(flat), 9);
    const stepped = generateTerrain(ProceduralTerrainParams.parse({ ...flat, steps: [{ x_m: 5, y_m: 5, length_m: 4, width_m: 2, height_m: 0.4 }] }), 9);
    expect(stepped.heightAt(7, 6) - plain.heightAt(7, 6)).toBeCloseTo(0.4, 5); // float32 posts
    expect(stepped.heightAt(9.15, 6) - plain.heightAt(9.15, 6)).toBeCloseTo(0, 9); // past the end, beyond one post
    expect(stepped.heightAt(7, 4.85) - plain.heightAt(7, 4.85)).toBeCloseTo(0, 9);
  });

  it('is identical for the same seed and differs for another', () => {
    const a = generateTerrain(SMALL, 42);
    const b = generateTerrain(SMALL, 42);
    const c = generateTerrain(SMALL, 43);
    expect(Buffer.from(a.base.values.buffer)).toEqual(Buffer.from(b.base.values.buffer));
    expect(a.rocks.x).toEqual(b.rocks.x);
    expect(a.rocks.height).toEqual(b.rocks.height);
    expect(a.soilClasses.values).toEqual(b.soilClasses.values);
    expect(Buffer.from(a.base.values.buffer).equals(Buffer.from(c.base.values.buffer))).toBe(false);
    expect(a.rocks.count).not.toBe(c.rocks.count);
  });

  it('spans the asked-for site with the south-west post at the origin', () => {
    const t = generateTerrain(SMALL, 1);
    expect(t.bounds).toEqual({ xMin: 0, xMax: 120, yMin: 0, yMax: 100 });
    expect(t.base.rows).toBe(201);
    expect(t.base.cols).toBe(241);
    expect(t.heightAt(-1, 50)).toBeNaN();
    expect(t.heightAt(60, 50)).toBeTypeOf('number');
  });

  it('hits the target median slope of the relief', () => {
    for (const median_slope_deg of [3, 8, 15]) {
      const params = ProceduralTerrainParams.parse({
        size_m: [200, 200],
        relief: { median_slope_deg },
        craters: { density_per_km2: 0 },
        rocks: { k: 0.01 },
      });
      const t = generateTerrain(params, 9);
      const measuredDeg = (median(t.base.slope().values) * 180) / Math.PI;
      expect(measuredDeg).toBeGreaterThan(median_slope_deg * 0.93);
      expect(measuredDeg).toBeLessThan(median_slope_deg * 1.07);
    }
  });

  it('tilts the site toward the asked-for direction', () => {
    const params = ProceduralTerrainParams.parse({
      size_m: [200, 200],
      relief: { median_slope_deg: 12, tilt_deg: 10, tilt_azimuth_deg: 90 },
      craters: { density_per_km2: 0 },
      rocks: { k: 0.01 },
    });
    const t = generateTerrain(params, 2);
    // Facing east means it descends toward the east: the west edge is higher on average.
    let west = 0, east = 0;
    for (let r = 0; r < t.base.rows; r++) {
      west += t.base.get(r, 0);
      east += t.base.get(r, t.base.cols - 1);
    }
    expect((west - east) / t.base.rows).toBeGreaterThan(200 * Math.tan((10 * Math.PI) / 180) * 0.7);
  });

  it('puts rocks on top of the ground and gives upward unit normals', () => {
    const t = generateTerrain(SMALL, 3);
    const i = Array.from({ length: t.rocks.count }, (_, j) => j).find((j) => t.rocks.radius[j] > 0.3)!;
    const { x, y, heightM, diameterM } = t.rocks.rock(i);
    expect(t.heightAt(x, y) - t.groundHeightAt(x, y)).toBeGreaterThanOrEqual(heightM - 1e-5);
    expect(t.soilAt(x, y)).toBe(diameterM >= 0.4 ? SoilClass.bigRock : t.soilClasses.nearest(x, y));
    for (const [px, py] of [[10, 10], [x + 0.5 * t.rocks.radius[i], y], [60, 40]]) {
      const n = t.normalAt(px, py);
      expect(Math.hypot(n.x, n.y, n.z)).toBeCloseTo(1, 9);
      expect(n.z).toBeGreaterThan(0);
    }
    // On the east flank of a rock the surface faces east.
    expect(t.normalAt(x + 0.6 * t.rocks.radius[i], y).x).toBeGreaterThan(0);
  });

  it('lays sand sheets over the asked-for fraction, with ripples and no rocks', () => {
    const t = generateTerrain(SMALL, 4);
    let sand = 0;
    for (const v of t.soilClasses.values) if (v === SoilClass.sand) sand++;
    expect(sand / t.soilClasses.values.length).toBeCloseTo(0.2, 1);
    for (let i = 0; i < t.rocks.count; i++) expect(t.sand.coverAt(t.rocks.x[i], t.rocks.y[i])).toBeLessThan(0.5);
    // Ripples: inside a full sand sheet, heights over one wavelength along the wind span the ripple height.
    const deep = t.soilClasses.values.findIndex((_, j) => {
      const x = t.base.xOf(j % t.base.cols), y = t.base.yOf(Math.floor(j / t.base.cols));
      return [[0, 0], [6, 0], [-6, 0], [0, 6], [0, -6]].every(([dx, dy]) => t.sand.coverAt(x + dx, y + dy) === 1);
    });
    expect(deep).toBeGreaterThanOrEqual(0);
    const x0 = t.base.xOf(deep % t.base.cols), y0 = t.base.yOf(Math.floor(deep / t.base.cols));
    const az = (60 * Math.PI) / 180; // the default wind azimuth
    const ripple = Array.from({ length: 51 }, (_, k) => t.sand.rippleHeightAt(x0 + k * 0.1 * Math.sin(az), y0 + k * 0.1 * Math.cos(az)));
    expect(Math.max(...ripple) - Math.min(...ripple)).toBeGreaterThan(0.24);
    expect(Math.max(...ripple)).toBeLessThanOrEqual(0.25 + 1e-9);
    // Across the wind (along the crests) the height does not change.
    const along = [0, 1, 2, 3].map((k) => t.sand.rippleHeightAt(x0 + k * Math.cos(az), y0 - k * Math.sin(az)));
    expect(Math.max(...along) - Math.min(...along)).toBeLessThan(1e-6);
  });
});

describe('craters', () => {
  it('follow the configured cumulative power law', () => {
    for (const exponent of [-2, -1.5]) {
      const params = CraterParams.parse({ density_per_km2: 5000, min_diameter_m: 2, max_diameter_m: 400, exponent });
      const craters = drawCraters(params, { xMin: 0, xMax: 1000, yMin: 0, yMax: 1000 }, new RandomStreams(8).stream('c'));
      expect(craters.length).toBeGreaterThan(4500);
      expect(craters.length).toBeLessThan(5500);
      // Least-squares slope of log N(>=D) against log D over two decades.
      const ds = [2, 4, 8, 16, 32];
      const xs = ds.map(Math.log);
      const ys = ds.map((d) => Math.log(craters.filter((c) => c.diameterM >= d).length));
      const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
      const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      expect(slope).toBeGreaterThan(exponent - 0.15);
      expect(slope).toBeLessThan(exponent + 0.15);
    }
  });

  it('are bowls 0.2 D deep below a raised rim', () => {
    const crater = { x: 0, y: 0, diameterM: 50, depthM: 10, rimHeightM: 1.8 };
    expect(craterProfile(crater, 25) - craterProfile(crater, 0)).toBeCloseTo(0.2 * 50, 9);
    expect(craterProfile(crater, 25)).toBeCloseTo(1.8, 9);
    expect(craterProfile(crater, 50)).toBeCloseTo(1.8 / 8, 9);
  });

  it('are stamped into the base with their depth', () => {
    const params = ProceduralTerrainParams.parse({
      size_m: [300, 300],
      relief: { median_slope_deg: 1 },
      craters: { density_per_km2: 30, min_diameter_m: 40, max_diameter_m: 60 },
      rocks: { k: 0.01 },
      sand: { fraction: 0 },
    });
    const t = generateTerrain(params, 5);
    const inside = t.craters.filter((c) => c.x > 40 && c.x < 260 && c.y > 40 && c.y < 260);
    expect(inside.length).toBeGreaterThan(0);
    for (const c of inside) {
      const floor = t.base.sample(c.x, c.y);
      let rim = -Infinity;
      for (let a = 0; a < 2 * Math.PI; a += 0.1) rim = Math.max(rim, t.base.sample(c.x + (c.diameterM / 2) * Math.cos(a), c.y + (c.diameterM / 2) * Math.sin(a)));
      expect((rim - floor) / c.diameterM).toBeGreaterThan(0.15);
    }
  });
});

describe('terrain from a DEM', () => {
  it('fills nodata holes and adds rocks for a given k', () => {
    const raster = new Raster({ rows: 50, cols: 60, spacing: 1, x0: 0, y0: 49 }).map((_, r, c) => 0.1 * c);
    raster.set(10, 10, NaN);
    raster.set(10, 11, NaN);
    const t = terrainFromDem({ raster, source: 'mem.tif', format: 'geotiff' }, { rocks: RockParams.parse({ k: 0.1 }) }, 1);
    expect(t.sourceDem!.get(10, 10)).toBeCloseTo(1.0, 1);
    // The truth surface runs through the filled post (a plane has no sub-post relief to add).
    expect(t.base.sample(10, 39)).toBeCloseTo(t.sourceDem!.get(10, 10), 2);
    expect(t.origin.filledFraction).toBeCloseTo(2 / 3000, 9);
    expect(t.rocks.count).toBeGreaterThan(100);
    expect(Number.isNaN(raster.get(10, 10))).toBe(true); // the DEM itself is left alone
  });

  it('refuses to fill a raster with no valid post', () => {
    const raster = Raster.filled({ rows: 3, cols: 3, spacing: 1, x0: 0, y0: 2 }, NaN);
    expect(() => fillNodata(raster)).toThrow(/no valid value/);
  });
});
