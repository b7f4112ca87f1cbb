import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { distribution, pairedDifference, wilson } from '../../../../sim/app/montecarlo/stats';

describe('Monte Carlo statistics', () => {
  it('Wilson intervals match published values', () => {
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I.
    const a = wilson(81, 263);
    expect(a.lo).toBeCloseTo(0.2553, 3);
    expect(a.hi).toBeCloseTo(0.3662, 3);
    const b = wilson(0, 10);
    expect(b.lo).toBe(0);
    expect(b.hi).toBeCloseTo(0.2775, 3);
    expect(wilson(10, 10).hi).toBeCloseTo(1, 12);
  });

  it('the 95% Wilson interval covers the true rate of synthetic Bernoulli batches ~95% of the time', () => {
    const rng = new RandomStreams(2024).stream('bernoulli');
    for (const p of [0.05, 0.5, 0.9]) {
      let covered = 0;
      const batches = 2000, n = 100;
      for (let b = 0; b < batches; b++) {
        let k = 0;
        for (let i = 0; i < n; i++) if (rng.next() < p) k++;
        const ci = wilson(k, n);
        if (ci.lo <= p && p <= ci.hi) covered++;
      }
      expect(covered / batches, `p = ${p}`).toBeGreaterThan(0.92);
      expect(covered / batches, `p = ${p}`).toBeLessThan(0.99);
    }
  });

  it('the paired difference interval reduces to Wilson limits when the pairs are uncorrelated, and covers the truth', () => {
    // a d = b c: phi = 0, and method 10's limits are the square-and-add of the two Wilson intervals.
    const [a, b, c, d] = [6, 3, 8, 4];
    const n = a + b + c + d, p1 = (a + b) / n, p2 = (a + c) / n;
    const w1 = wilson(a + b, n), w2 = wilson(a + c, n);
    const ex = pairedDifference(a, b, c, d);
    expect(ex.difference).toBeCloseTo(p1 - p2, 12);
    expect(ex.lo).toBeCloseTo(p1 - p2 - Math.hypot(p1 - w1.lo, w2.hi - p2), 12);
    expect(ex.hi).toBeCloseTo(p1 - p2 + Math.hypot(w1.hi - p1, p2 - w2.lo), 12);
    // Positive correlation narrows the interval.
    const correlated = pairedDifference(20, 3, 1, 20);
    const independent = { w: wilson(23, 44), v: wilson(21, 44) };
    expect(correlated.hi - correlated.lo).toBeLessThan(Math.hypot(independent.w.hi - independent.w.lo, independent.v.hi - independent.v.lo));
    const rng = new RandomStreams(7).stream('pairs');
    let covered = 0;
    const batches = 1000, pairs = 80, q1 = 0.7, q2 = 0.55;
    for (let b = 0; b < batches; b++) {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < pairs; i++) {
        const shared = rng.next(); // correlated outcomes: the same draw decides both
        const s1 = shared < q1, s2 = shared < q2 ? true : rng.next() < 0.02;
        counts[s1 && s2 ? 0 : s1 ? 1 : s2 ? 2 : 3]++;
      }
      const ci = pairedDifference(counts[0], counts[1], counts[2], counts[3]);
      const truth = q1 - (q2 + (1 - q2) * 0.02);
      if (ci.lo <= truth && truth <= ci.hi) covered++;
    }
    expect(covered / batches).toBeGreaterThan(0.92);
  });

  it('quantiles interpolate between order statistics', () => {
    expect(distribution([4, 1, 3, 2, 5])).toMatchObject({ n: 5, min: 1, median: 3, max: 5, mean: 3, p25: 2, p75: 4 });
    expect(distribution([NaN])).toBeUndefined();
  });
});
