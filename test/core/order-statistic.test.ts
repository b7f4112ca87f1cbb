import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../src/core/order-statistic';
import { RandomStreams } from '../../src/core/random';

describe('kthSmallest', () => {
  it('is the value a sort puts at k, for every k, on random, sorted, reversed and constant arrays', () => {
    const rng = new RandomStreams(7).stream('order');
    const cases: Float64Array[] = [
      Float64Array.from({ length: 1001 }, () => rng.uniform(-5, 5)),
      Float64Array.from({ length: 500 }, () => Math.round(rng.uniform(0, 4))), // many ties
      Float64Array.from({ length: 300 }, (_, i) => i),
      Float64Array.from({ length: 300 }, (_, i) => -i),
      new Float64Array(64).fill(2.5),
      Float64Array.of(3),
    ];
    for (const values of cases) {
      const sorted = values.slice().sort();
      for (let k = 0; k < values.length; k++) expect(kthSmallest(values.slice(), k)).toBe(sorted[k]);
    }
    const f32 = Float32Array.from({ length: 777 }, () => rng.uniform(0, 1));
    expect(kthSmallest(f32.slice(), 388)).toBe(f32.slice().sort()[388]);
  });

  it('refuses a k outside the array', () => {
    expect(() => kthSmallest(new Float64Array(3), 3)).toThrow(RangeError);
    expect(() => kthSmallest(new Float64Array(0), 0)).toThrow(RangeError);
  });
});
