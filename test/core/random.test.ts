import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStreams, streamSeed } from '../../src/core/random';

/** Pearson correlation of two equal-length series. */
function correlation(a: number[], b: number[]): number {
  const n = a.length, ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/**
 * The independence checks of first draws of streams named `name(0..n-1)`: no correlation with the
 * index, and steps between neighbours' draws (mod 1) spread as uniformly as independent draws' are
 * (sd 1/sqrt(12) = 0.289), which catches draws that fall by a constant step from name to name.
 */
function firstDrawChecks(first: (i: number) => number, n = 1000): { r: number; stepSd: number } {
  const index = Array.from({ length: n }, (_, i) => i);
  const draws = index.map(first);
  const steps = draws.slice(1).map((d, i) => (((d - draws[i]) % 1) + 1) % 1);
  const mean = steps.reduce((s, v) => s + v, 0) / steps.length;
  const stepSd = Math.sqrt(steps.reduce((s, v) => s + (v - mean) ** 2, 0) / steps.length);
  return { r: correlation(index, draws), stepSd };
}

describe('RandomStreams', () => {
  it('gives the same sequence for the same seed and stream name', () => {
    const a = new RandomStreams(42).stream('terrain.rocks');
    const b = new RandomStreams(42).stream('terrain.rocks');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
  });

  it('keeps streams independent: drawing from one does not shift another', () => {
    const s1 = new RandomStreams(7);
    const s2 = new RandomStreams(7);
    for (let i = 0; i < 100; i++) s1.stream('noise').next();
    expect(s1.stream('craters').next()).toBe(s2.stream('craters').next());
  });

  it('draws independently for names and seeds that differ only in their last characters', () => {
    for (const first of [
      (i: number) => new RandomStreams(7).stream(`run/rock_k${i}`).next(),
      (i: number) => new RandomStreams(i).stream('terrain.rocks').next(),
      (i: number) => new RandomStreams(`batch-${i}`).stream('dispersion').next(),
    ]) {
      const { r, stepSd } = firstDrawChecks(first);
      expect(Math.abs(r)).toBeLessThan(0.1);
      expect(stepSd).toBeGreaterThan(0.25);
    }
    // The checks can fail: Alea seeded with the raw names (what the core did before) draws in steps.
    const raw = firstDrawChecks((i) => seedrandom.alea(`run/rock_k${i % 10}`)());
    expect(raw.stepSd).toBeLessThan(0.2);
    expect(streamSeed(7, 'a')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs between seeds and between names', () => {
    expect(new RandomStreams(1).stream('a').next()).not.toBe(new RandomStreams(2).stream('a').next());
    expect(new RandomStreams(1).stream('a').next()).not.toBe(new RandomStreams(1).stream('b').next());
  });

  it('draws normals with mean 0 and sd 1, and Poisson counts with the right mean', () => {
    const rng = new RandomStreams(3).stream('stats');
    const n = 50_000;
    let s = 0, ss = 0;
    for (let i = 0; i < n; i++) {
      const v = rng.normal();
      s += v;
      ss += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(ss / n) - 1)).toBeLessThan(0.02);
    for (const mean of [3, 200]) {
      let total = 0;
      for (let i = 0; i < 5000; i++) total += rng.poisson(mean);
      expect(total / 5000).toBeCloseTo(mean, mean < 10 ? 1 : 0);
    }
  });
});
