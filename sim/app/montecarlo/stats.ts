/*
 * Statistics that hold at Monte Carlo batch sizes: Wilson score intervals for a success rate
 * (good coverage even near 0% and 100%, where the normal approximation fails), Newcombe's interval
 * for the difference of two paired rates, and plain quantiles.
 */

/** Two-sided 95% standard normal quantile. */
const Z95 = 1.959963984540054;

export interface Interval {
  lo: number;
  hi: number;
}

/** Wilson score interval for k successes in n trials (Wilson 1927); [0, 1] when n = 0. */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = k / n, z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/**
 * 95% interval for the difference p1 - p2 of two success rates measured on the same runs (paired:
 * each run's dispersions given to both plans), by Newcombe's method 10 (Newcombe 1998, "Improved
 * confidence intervals for the difference between binomial proportions based on paired data"):
 * Wilson intervals for each rate, combined with the correlation of the pairs.
 * Counts: a = both succeed, b = only the first, c = only the second, d = neither.
 */
export function pairedDifference(a: number, b: number, c: number, d: number, z = Z95): { difference: number } & Interval {
  const n = a + b + c + d;
  if (n === 0) return { difference: 0, lo: -1, hi: 1 };
  const p1 = (a + b) / n, p2 = (a + c) / n;
  const w1 = wilson(a + b, n, z), w2 = wilson(a + c, n, z);
  const diff = p1 - p2;
  // Phi: the correlation of the paired outcomes (0 when a margin is empty, as Newcombe takes it).
  const denominator = Math.sqrt((a + b) * (c + d) * (a + c) * (b + d));
  const phi = denominator > 0 ? (a * d - b * c) / denominator : 0;
  const dl1 = p1 - w1.lo, du1 = w1.hi - p1, dl2 = p2 - w2.lo, du2 = w2.hi - p2;
  const lo = diff - Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  const hi = diff + Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  return { difference: diff, lo: Math.max(-1, lo), hi: Math.min(1, hi) };
}

export interface Distribution {
  n: number;
  min: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
  mean: number;
}

/** Quantiles by linear interpolation between order statistics (type 7, as R and NumPy default). */
export function distribution(values: readonly number[]): Distribution | undefined {
  const v = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (!v.length) return undefined;
  const q = (p: number): number => {
    const h = (v.length - 1) * p, lo = Math.floor(h);
    return v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (h - lo);
  };
  const r = (x: number): number => Number(x.toFixed(4));
  return {
    n: v.length, min: r(v[0]), p5: r(q(0.05)), p25: r(q(0.25)), median: r(q(0.5)), p75: r(q(0.75)), p95: r(q(0.95)), max: r(v[v.length - 1]),
    mean: r(v.reduce((s, x) => s + x, 0) / v.length),
  };
}
