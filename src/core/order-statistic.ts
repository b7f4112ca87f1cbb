/**
 * The k-th smallest of `values` (0-based), the value `values.slice().sort()[k]` would give, found in
 * linear expected time by Hoare's selection instead of a sort. Reorders `values` in place; the values
 * must be finite (NaN has no place in an order).
 */
export function kthSmallest(values: Float32Array | Float64Array, k: number): number {
  if (!(k >= 0 && k < values.length)) throw new RangeError(`k = ${k} outside 0..${values.length - 1}`);
  let lo = 0, hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot: sorted or constant stretches stay linear.
    const mid = (lo + hi) >>> 1;
    const a = values[lo], b = values[mid], c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
