import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { cumulativeFractionalArea, RockDiameterSampler } from '../../../../sim/world/terrain/golombek-rapp';
import { RockField, scatterRocks, type Region } from '../../../../sim/world/terrain/rocks';

const SQUARE_KM: Region = { xMin: 0, xMax: 1000, yMin: 0, yMax: 1000 };

function population(k: number) {
  return { k, minDiameterM: 0.2, maxDiameterM: 8, heightRatio: 0.5, heightRatioSpread: 0.3 };
}

/** Measured cumulative fractional area: plan area of rocks with diameter >= d over the region area. */
function measuredCfa(field: RockField, d: number, region: Region): number {
  let area = 0;
  for (let i = 0; i < field.count; i++) {
    const diameter = 2 * field.radius[i];
    if (diameter >= d) area += (Math.PI * diameter * diameter) / 4;
  }
  return area / ((region.xMax - region.xMin) * (region.yMax - region.yMin));
}

describe('Golombek-Rapp rock populations', () => {
  it.each([0.05, 0.1, 0.2])('reproduce F_k(D) within 10 percent for D >= 0.5 m over 1 km^2 at k = %s', (k) => {
    const field = scatterRocks(population(k), SQUARE_KM, new RandomStreams(11).stream('terrain.rocks'));
    // Thresholds where a 1 km^2 site still holds hundreds of rocks, so the check is not Poisson noise.
    for (const d of [0.5, 0.75, 1.0]) {
      const expected = cumulativeFractionalArea(k, d);
      const measured = measuredCfa(field, d, SQUARE_KM);
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
