/*
 * Hillshade of a height grid: the Lambertian brightness of each post's surface under a sun at
 * azimuth `azimuthDeg` (from north, clockwise) and elevation `elevationDeg`, from the grid's own
 * gradient (central differences; one-sided at edges and next to unknown posts). What a person reads
 * relief from on a map. Row 0 is north, columns run east; NaN posts stay NaN.
 */

export interface ShadeGrid {
  values: ArrayLike<number>;
  cols: number;
  rows: number;
  /** Post spacing (m). */
  spacingM: number;
}

/** Brightness 0..1 per post (cos of the sun's incidence on the surface, clamped at 0), NaN where the height is unknown. */
export function hillshade(grid: ShadeGrid, azimuthDeg: number, elevationDeg: number, verticalExaggeration = 1): Float32Array {
  const { values: z, cols, rows, spacingM } = grid;
  const az = (azimuthDeg * Math.PI) / 180, el = (elevationDeg * Math.PI) / 180;
  // Unit vector toward the sun: x east, y north, z up.
  const sx = Math.cos(el) * Math.sin(az), sy = Math.cos(el) * Math.cos(az), sz = Math.sin(el);
  const out = new Float32Array(cols * rows);
  const at = (r: number, c: number): number => (r < 0 || c < 0 || r >= rows || c >= cols ? NaN : z[r * cols + c]);
  /** Slope along one axis from the neighbours a and b (each `step` posts from the centre), falling back to one side. */
  const slope = (centre: number, minus: number, plus: number): number => {
    if (Number.isFinite(minus) && Number.isFinite(plus)) return (plus - minus) / (2 * spacingM);
    if (Number.isFinite(plus)) return (plus - centre) / spacingM;
    if (Number.isFinite(minus)) return (centre - minus) / spacingM;
    return 0;
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const h = at(r, c);
      if (!Number.isFinite(h)) {
        out[r * cols + c] = NaN;
        continue;
      }
      const dzdx = verticalExaggeration * slope(h, at(r, c - 1), at(r, c + 1));
      // Rows run south: the northward neighbour is the row above.
      const dzdy = verticalExaggeration * slope(h, at(r + 1, c), at(r - 1, c));
      const n = Math.hypot(dzdx, dzdy, 1);
      out[r * cols + c] = Math.max(0, (-dzdx * sx - dzdy * sy + sz) / n);
    }
  }
  return out;
}
