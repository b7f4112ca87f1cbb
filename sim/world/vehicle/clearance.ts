import type { TruthTerrain } from '../terrain/terrain';
import type { VehicleConfig } from './config';

/** Grid step (m) for the smooth ground under the belly; rocks are checked exactly. */
const GROUND_STEP_M = 0.2;

/**
 * Belly-pan clearance: the smallest vertical gap between the belly pan (a flat rectangle in the
 * body frame, at the configured clearance above the body origin) and the terrain under it, rocks
 * included. Smooth ground is sampled on a grid; every rock that reaches under the pan is checked at
 * the pan point closest to its centre, where the rock stands tallest within the pan.
 */
export function bellyClearance(terrain: TruthTerrain, config: VehicleConfig, rotation: Float64Array, x: number, y: number, zM: number): number {
  const b = config.belly;
  const h = b.clearance_m;
  const nx = Math.max(2, Math.ceil((b.x_max_m - b.x_min_m) / GROUND_STEP_M) + 1);
  const ny = Math.max(2, Math.ceil((2 * b.half_width_m) / GROUND_STEP_M) + 1);
  const r = rotation;
  let min = Infinity;
  /** Gap at body-frame belly point (bx, by). */
  const gapAt = (bx: number, by: number): number => {
    const sx = r[0] * bx + r[1] * by + r[2] * h + x;
    const sy = r[3] * bx + r[4] * by + r[5] * h + y;
    const sz = r[6] * bx + r[7] * by + r[8] * h + zM;
    return sz - terrain.heightAt(sx, sy);
  };
  for (let i = 0; i < nx; i++) {
    const bx = b.x_min_m + ((b.x_max_m - b.x_min_m) * i) / (nx - 1);
    for (let j = 0; j < ny; j++) {
      const gap = gapAt(bx, -b.half_width_m + (2 * b.half_width_m * j) / (ny - 1));
      if (gap < min) min = gap;
    }
  }
  // Rocks: search the pan's bounding box in the site frame, test in the body frame.
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (const [bx, by] of [[b.x_min_m, -b.half_width_m], [b.x_min_m, b.half_width_m], [b.x_max_m, -b.half_width_m], [b.x_max_m, b.half_width_m]]) {
    const sx = r[0] * bx + r[1] * by + r[2] * h + x, sy = r[3] * bx + r[4] * by + r[5] * h + y;
    xMin = Math.min(xMin, sx); xMax = Math.max(xMax, sx); yMin = Math.min(yMin, sy); yMax = Math.max(yMax, sy);
  }
  const rocks = terrain.rocks;
  // Heading axes in the horizontal plane, to express rock centres in pan coordinates.
  const fn = Math.hypot(r[0], r[3]) || 1, fx = r[0] / fn, fy = r[3] / fn;
  rocks.forEachRockNear(xMin, yMin, xMax, yMax, (k) => {
    const dx = rocks.x[k] - x, dy = rocks.y[k] - y;
    const along = dx * fx + dy * fy, left = -dx * fy + dy * fx;
    const bx = Math.min(b.x_max_m, Math.max(b.x_min_m, along));
    const by = Math.min(b.half_width_m, Math.max(-b.half_width_m, left));
    if ((bx - along) ** 2 + (by - left) ** 2 >= rocks.radius[k] ** 2) return; // the rock stays outside the pan
    const gap = gapAt(bx, by);
    if (gap < min) min = gap;
  });
  return min;
}
