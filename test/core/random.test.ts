import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/core/random';

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
