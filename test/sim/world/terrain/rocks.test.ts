import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { cumulativeFractionalArea, RockDiameterSampler } from '../../../../sim/world/terrain/golombek-rapp';
import { measuredCfa, RockField, scatterRocks, type Region } from '../../../../sim/world/terrain/rocks';

const SQUARE_KM: Region = { xMin: 0, xMax: 1000, yMin: 0, yMax: 1000 };

function population(k: number) {
  return { k, minDiameterM: 0.2, maxDiameterM: 8, heightRatio: 0.5, heightRatioSpread: 0.3 };
}


describe('Golombek-Rapp rock populations', () => {
  it.each([0.05, 0.1, 0.2])('reproduce F_k(D) within 10 percent for D >= 0.5 m over 1 km^2 at k = %s', (k) => {
    const field = scatterRocks(population(k), SQUARE_KM, new RandomStreams(11).stream('terrain.rocks'));
    // Thresholds where a 1 km^2 site still holds hundreds of rocks, so the check is not Poisson noise.
    for (const d of [0.5, 0.75, 1.0]) {
      const expected = cumulativeFractionalArea(k, d);
      const measured = measuredCfa(field, SQUARE_KM, d);
      expect(Math.abs(measured / expected - 1), `k=${k} D>=${d}: ${measured} vs ${expected}`).toBeLessThan(0.1);
    }
  });

  it('samples diameters in proportion to the model number density', () => {
    const sampler = new RockDiameterSampler(0.15, 0.2, 8);
    const rng = new RandomStreams(5).stream('d');
    let inRange = 0;
    for (let i = 0; i < 20000; i++) {
      const d = sampler.diameterFor(rng.next());
      expect(d).toBeGreaterThanOrEqual(0.2);
      expect(d).toBeLessThanOrEqual(8);
      if (d < 0.4) inRange++;
    }
    // Fraction of rocks between 0.2 and 0.4 m, from the sampler's own integral of the number density:
    const expectedFraction = 1 - new RockDiameterSampler(0.15, 0.4, 8).rocksPerM2 / sampler.rocksPerM2;
    expect(inRange / 20000).toBeCloseTo(expectedFraction, 1);
  });

  it('rejects k outside (0, 1)', () => {
    for (const k of [0, -0.1, 1, 1.5, NaN]) {
      expect(() => new RockDiameterSampler(k, 0.2, 8)).toThrow(/rock abundance k must be in \(0, 1\)/);
    }
  });
});

describe('RockField', () => {
  const region: Region = { xMin: 0, xMax: 20, yMin: 0, yMax: 20 };
  const field = new RockField(
    {
      x: Float64Array.of(5, 5.6),
      y: Float64Array.of(5, 5),
      radius: Float32Array.of(1, 0.3),
      height: Float32Array.of(1, 0.9),
    },
    region,
  );

  it('gives half-ellipsoid heights, the tallest rock where rocks overlap, and zero off rocks', () => {
    expect(field.heightAt(5, 5)).toBeCloseTo(1, 6);
    expect(field.heightAt(5.5, 5)).toBeCloseTo(Math.sqrt(1 - 0.25), 6);
    expect(field.heightAt(5.6, 5)).toBeCloseTo(0.9, 6); // the small tall rock pokes above the big one's flank
    expect(field.heightAt(8, 8)).toBe(0);
    expect(field.heightAt(-3, 5)).toBe(0);
    expect(field.rockAt(5.6, 5)).toBe(1);
    expect(field.rockAt(9, 9)).toBe(-1);
  });

  it('finds a rock from every cell its footprint touches', () => {
    // Probe points around the big rock's rim, across cell boundaries.
    for (let a = 0; a < 2 * Math.PI; a += 0.3) {
      const x = 5 + 0.95 * Math.cos(a), y = 5 + 0.95 * Math.sin(a);
      expect(field.heightAt(x, y)).toBeGreaterThan(0);
    }
  });
});

describe('clustered rock fields', () => {
  const SITE: Region = { xMin: 0, xMax: 300, yMin: 0, yMax: 300 };
  /** Variance over mean of rock counts in 10 m cells: ~1 for a Poisson field, far above it for clusters. */
  function dispersion(field: RockField): number {
    const counts = new Array(900).fill(0);
    for (let i = 0; i < field.count; i++) counts[Math.min(29, Math.floor(field.y[i] / 10)) * 30 + Math.min(29, Math.floor(field.x[i] / 10))]++;
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    return counts.reduce((a, c) => a + (c - mean) ** 2, 0) / counts.length / mean;
  }
  const draw = (fraction: number, centres?: { x: number; y: number }[], clustersPerKm2 = 1000) =>
    scatterRocks({ ...population(0.1), clustering: { fraction, clustersPerKm2, sigmaM: 3, centres } }, SITE, new RandomStreams(3).stream('terrain.rocks'));

  it('a fraction of 0 is the uniform field, rock for rock', () => {
    const uniform = scatterRocks(population(0.1), SITE, new RandomStreams(3).stream('terrain.rocks'));
    const zero = draw(0);
    expect(zero.count).toBe(uniform.count);
    expect([...zero.x]).toEqual([...uniform.x]);
    expect(dispersion(uniform)).toBeLessThan(1.3);
  });

  it('gathers rocks into clusters and keeps the abundance over the site', () => {
    const clustered = draw(0.8);
    expect(dispersion(clustered)).toBeGreaterThan(5);
    const uniformCfa = measuredCfa(scatterRocks(population(0.1), SITE, new RandomStreams(3).stream('terrain.rocks')), SITE, 0.2);
    expect(measuredCfa(clustered, SITE, 0.2) / uniformCfa).toBeGreaterThan(0.9);
    expect(measuredCfa(clustered, SITE, 0.2) / uniformCfa).toBeLessThan(1.1);
  });

  it('around given centres (crater rims), most clustered rocks lie within three sigma of one', () => {
    const rims = [{ x: 100, y: 100 }, { x: 200, y: 220 }];
    const field = draw(1, rims, 1e-6);
    let near = 0;
    for (let i = 0; i < field.count; i++) if (rims.some((c) => Math.hypot(field.x[i] - c.x, field.y[i] - c.y) < 9)) near++;
    expect(near / field.count).toBeGreaterThan(0.95);
  });
});
