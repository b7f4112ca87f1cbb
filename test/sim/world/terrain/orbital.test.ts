import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { Raster } from '../../../../src/core/raster';
import { generateTerrain } from '../../../../sim/world/terrain/generate';
import { orbitalDem, orbitalSoilMap } from '../../../../sim/world/terrain/orbital/orbital-dem';
import { renderOrthoimage } from '../../../../sim/world/terrain/orbital/orthoimage';
import { makeOrbitalProducts } from '../../../../sim/world/terrain/orbital/products';
import { reliefShadows } from '../../../../sim/world/terrain/orbital/shadows';
import { sunDirection } from '../../../../sim/world/terrain/orbital/sun';
import { OrbitalParams, ProceduralTerrainParams, SandParams } from '../../../../sim/world/terrain/params';
import { RockField } from '../../../../sim/world/terrain/rocks';
import { SandField } from '../../../../sim/world/terrain/sand';
import { SoilClass } from '../../../../sim/world/terrain/soil';
import { TruthTerrain } from '../../../../sim/world/terrain/terrain';

/** A flat 40 m x 40 m site of plain soil with the given rocks (x, y, diameter, height). */
function flatSite(rocks: [number, number, number, number][]): TruthTerrain {
  const geometry = { rows: 41, cols: 41, spacing: 1, x0: 0, y0: 40 };
  const base = new Raster(geometry);
  const region = base.bounds;
  const field = new RockField(
    {
      x: Float64Array.from(rocks.map((r) => r[0])),
      y: Float64Array.from(rocks.map((r) => r[1])),
      radius: Float32Array.from(rocks.map((r) => r[2] / 2)),
      height: Float32Array.from(rocks.map((r) => r[3])),
    },
    region,
  );
  const sand = new SandField(new Raster(geometry), SandParams.parse({}));
  return new TruthTerrain(base, field, sand, Raster.filled(geometry, SoilClass.soil), [], { kind: 'procedural', seed: 0 });
}

const QUIET = OrbitalParams.parse({ image_noise_dn: 0, dem_noise_m: 0, sun_azimuth_deg: 270, sun_elevation_deg: 30 });

describe('orthoimage', () => {
  it('shows a 2 m boulder with a lit west face and a shadow to the east, and leaves out a 0.5 m rock', () => {
    const withRocks = flatSite([[20, 20, 2, 1], [10, 30, 0.5, 0.25]]);
    const bare = flatSite([]);
    const image = renderOrthoimage(withRocks, QUIET, new RandomStreams(1).stream('i'));
    const plain = renderOrthoimage(bare, QUIET, new RandomStreams(1).stream('i'));
    const at = (img: Raster, x: number, y: number) => img.get(Math.round(img.rowOf(y)), Math.round(img.colOf(x)));
    const ground = (x: number, y: number) => at(plain, x, y);
    expect(at(image, 19.4, 20)).toBeGreaterThan(ground(19.4, 20) + 20); // sunlit face toward the west sun
    expect(at(image, 20.6, 20)).toBeLessThan(ground(20.6, 20) - 30); // the rock's own shaded side
    // Shadow: the sun ray grazing a 1 m hemisphere at 30 deg meets the ground R / sin(30 deg) = 2 m
    // from its centre, i.e. 1 m beyond its east rim.
    expect(at(image, 21.5, 20)).toBeLessThan(ground(21.5, 20) * 0.6);
    expect(at(image, 21.9, 20)).toBeLessThan(ground(21.9, 20) * 0.6);
    expect(at(image, 22.25, 20)).toBe(ground(22.25, 20));
    expect(at(image, 20, 22.5)).toBe(ground(20, 22.5)); // nothing north of it
    // The small rock is below what the camera resolves: the image there is bare ground.
    for (const [x, y] of [[10, 30], [10.5, 30], [11, 30]]) expect(at(image, x, y)).toBe(at(plain, x, y));
  });

  it('shades a sun-facing slope brighter than one facing away, and casts relief shadows', () => {
    // A ridge running north-south: west face toward the western sun.
    const geometry = { rows: 61, cols: 61, spacing: 1, x0: 0, y0: 60 };
    const ridge = new Raster(geometry).map((_, __, c) => Math.max(0, 10 - Math.abs(c - 30) * 0.5));
    const sun = sunDirection(20, 270);
    const lit = reliefShadows(ridge, sun);
    expect(lit.get(30, 25)).toBe(1); // west face
    expect(lit.get(30, 45)).toBe(0); // east foot: 10 m ridge, 20 deg sun -> ~27 m shadow
    expect(lit.get(30, 60)).toBe(1);
    const t = new TruthTerrain(ridge, RockField.empty(ridge.bounds), new SandField(new Raster(geometry), SandParams.parse({})),
      Raster.filled(geometry, SoilClass.soil), [], { kind: 'procedural', seed: 0 });
    const image = renderOrthoimage(t, { ...QUIET, sun_elevation_deg: 20 }, new RandomStreams(1).stream('i'));
    const at = (x: number) => image.get(Math.round(image.rowOf(30)), Math.round(image.colOf(x)));
    expect(at(25)).toBeGreaterThan(at(5)); // facing the sun beats flat ground
    expect(at(5)).toBeGreaterThan(at(40)); // flat ground beats the shadowed lee
  });
});

describe('orbital DEM and maps', () => {
  const t = generateTerrain(ProceduralTerrainParams.parse({ size_m: [150, 120], rocks: { k: 0.15 }, sand: { fraction: 0.1 } }), 12);

  it('is the truth surface averaged per post, plus correlated noise of the configured size', () => {
    const exact = orbitalDem(t, QUIET, new RandomStreams(1).stream('d'));
    expect(exact.spacing).toBe(1);
    expect([exact.cols, exact.rows]).toEqual([151, 121]);
    // Without noise, a post in bare ground equals the truth ground height there (to a few cm).
    expect(Math.abs(exact.get(60, 75) - t.groundHeightAt(75, 60))).toBeLessThan(0.3);
    const noisy = orbitalDem(t, { ...QUIET, dem_noise_m: 0.2 }, new RandomStreams(1).stream('d'));
    let ss = 0, lagged = 0;
    for (let i = 0; i < noisy.values.length; i++) {
      const e = noisy.values[i] - exact.values[i];
      ss += e * e;
      if (i + 1 < noisy.values.length) lagged += e * (noisy.values[i + 1] - exact.values[i + 1]);
    }
    expect(Math.sqrt(ss / noisy.values.length)).toBeCloseTo(0.2, 2);
    expect(lagged / ss).toBeGreaterThan(0.5); // neighbouring posts' errors are correlated, as in stereo DEMs
  });

  it('marks resolvable rocks as big rock on the soil map and leaves small ones out', () => {
    const dem = orbitalDem(t, QUIET, new RandomStreams(1).stream('d'));
    const soil = orbitalSoilMap(t, dem.geometry, 1);
    let checked = 0;
    for (let i = 0; i < t.rocks.count; i++) {
      if (2 * t.rocks.radius[i] < 1.2) continue;
      expect(soil.nearest(t.rocks.x[i], t.rocks.y[i])).toBe(SoilClass.bigRock);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    let big = 0;
    for (const v of soil.values) if (v === SoilClass.bigRock) big++;
    // Rocks of 1 m and more cover F_k(1) ~ 0.9% of the ground at k = 0.15; small rocks add nothing.
    expect(big / soil.values.length).toBeLessThan(0.03);
  });

  it('gives identical products for the same seed and different images for another', () => {
    const a = makeOrbitalProducts(t, {}, 5);
    const b = makeOrbitalProducts(t, {}, 5);
    const c = makeOrbitalProducts(t, {}, 6);
    expect(a.image.values).toEqual(b.image.values);
    expect(a.dem.values).toEqual(b.dem.values);
    expect(a.image.values).not.toEqual(c.image.values);
    expect(a.slopeDeg.rows).toBe(a.dem.rows);
  });
});
