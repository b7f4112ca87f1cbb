/**
 * Solves the n x n system m x = b in place by Gaussian elimination with partial pivoting: `m`
 * (row-major) is destroyed and `b` becomes the solution. Returns false if m is singular. In place so
 * hot loops (the rover's settling solve) allocate nothing.
 */
export function solveLinearInPlace(m: Float64Array, b: Float64Array, n = b.length): boolean {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    if (Math.abs(m[pivot * n + col]) < 1e-12) return false;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const t = m[col * n + c];
        m[col * n + c] = m[pivot * n + c];
        m[pivot * n + c] = t;
      }
      const t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
    }
    const d = m[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col] / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] -= f * m[col * n + c];
      b[r] -= f * b[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s -= m[r * n + c] * b[c];
    b[r] = s / m[r * n + r];
  }
  return true;
}

/** Solves m x = b without touching the inputs; null if m is singular. */
export function solveLinear(m: ArrayLike<number>, b: ArrayLike<number>, n = b.length): Float64Array | null {
  const x = Float64Array.from(b);
  return solveLinearInPlace(Float64Array.from(m), x, n) ? x : null;
}
