import { describe, expect, it } from 'vitest';
import { Raster } from '../../src/core/raster';

/** A plane z = a*x + b*y sampled on a grid. */
function plane(a: number, b: number, spacing = 1, rows = 20, cols = 30): Raster {
  const r = new Raster({ rows, cols, spacing, x0: 10, y0: 50 });
  return r.map((_, row, col) => a * r.xOf(col) + b * r.yOf(row));
}

describe('Raster', () => {
  it('places posts in the site frame with row 0 north', () => {
    const r = new Raster({ rows: 3, cols: 4, spacing: 2, x0: 100, y0: 20 });
    expect(r.xOf(3)).toBe(106);
    expect(r.yOf(2)).toBe(16);
    expect(r.bounds).toEqual({ xMin: 100, xMax: 106, yMin: 16, yMax: 20 });
    expect(r.grid.shape).toEqual([3, 4]);
  });

  it('samples a plane exactly by bilinear interpolation, and NaN outside', () => {
    const r = plane(0.3, -0.2, 0.5);
    expect(r.sample(12.37, 45.11)).toBeCloseTo(0.3 * 12.37 - 0.2 * 45.11, 5);
    expect(r.sample(9.99, 45)).toBeNaN();
    const g = { dzdx: 0, dzdy: 0 };
    r.gradient(13.1, 46.2, g);
    expect(g.dzdx).toBeCloseTo(0.3, 5);
    expect(g.dzdy).toBeCloseTo(-0.2, 5);
  });

  it('gives the analytic slope and aspect of a planar surface', () => {
    const a = 0.25, b = 0.1;
    for (const spacing of [0.25, 1, 2.02]) {
      const r = plane(a, b, spacing);
      const slope = r.slope();
      const aspect = r.aspect();
      const expected = Math.atan(Math.hypot(a, b));
      // The plane rises to the north-east, so it faces (descends toward) the south-west.
      const expectedAspect = Math.atan2(-a, -b) + 2 * Math.PI;
      for (const [row, col] of [[0, 0], [10, 15], [19, 29]]) {
        expect(slope.get(row, col)).toBeCloseTo(expected, 5);
        expect(aspect.get(row, col)).toBeCloseTo(expectedAspect, 4);
      }
      expect(Math.max(...r.roughness(1).values)).toBeLessThan(1e-3);
    }
  });

  it('measures roughness as the residual from a local plane', () => {
    const r = plane(0.1, 0.1).map((v, row, col) => v + ((row + col) % 2 === 0 ? 0.05 : -0.05));
    const rough = r.roughness(1);
    expect(rough.get(10, 10)).toBeGreaterThan(0.04);
    expect(rough.get(10, 10)).toBeLessThan(0.06);
  });

  it('reports stats and treats NaN as nodata', () => {
    const r = plane(1, 0, 1, 2, 3);
    r.set(0, 0, NaN);
    const s = r.stats();
    expect(s.validCount).toBe(5);
    expect(s.nodataCount).toBe(1);
    expect(s.min).toBe(10);
    expect(s.max).toBe(12);
    expect(r.slope().get(0, 0)).toBeNaN();
  });

  it('rejects bad geometry', () => {
    expect(() => new Raster({ rows: 2, cols: 2, spacing: -1, x0: 0, y0: 0 })).toThrow(/spacing/);
    expect(() => new Raster({ rows: 0, cols: 2, spacing: 1, x0: 0, y0: 0 })).toThrow(/size/);
    expect(() => new Raster({ rows: 2, cols: 2, spacing: 1, x0: 0, y0: 0 }, new Float32Array(3))).toThrow(/4 values/);
  });
});
