import { solveLinear } from '../../../src/core/linear';
import { hubsInBody, type Linkage, type SuspensionState } from './kinematics';
import type { VehicleConfig } from './config';

export interface StaticLoads {
  /** Vertical load on each wheel (N), WHEELS order; negative means the wheel would lift. */
  wheelLoadsN: Float64Array;
  /** Distance (m) from the centre of mass's vertical projection to the support polygon's edge; negative outside. */
  tipOverMarginM: number;
}

/**
 * Static wheel loads of the rocker-bogie under gravity. The vehicle is rigid in roll and has three
 * internal freedoms (the differential rocker and two bogies), so six equations fix the six loads:
 * vertical force, roll and pitch moment balance of the whole rover; each bogie in balance about its
 * pivot; and the differential's rule that both rockers carry the same torque about their pivots.
 * All forces are vertical (gravity and the contact forces that balance it), so lever arms are the
 * horizontal distances along the heading (forward) and across it (left).
 */
export function staticLoads(
  config: VehicleConfig,
  linkage: Linkage,
  rotation: Float64Array,
  state: SuspensionState,
  gravity: number,
): StaticLoads {
  const weight = config.mass_kg * gravity;
  const hubs = new Float64Array(18);
  const bogies = new Float64Array(4);
  hubsInBody(linkage, state.rockerRad, state.bogieLeftRad, state.bogieRightRad, hubs, bogies);
  // Horizontal unit vectors along the heading (f) and to the left (l).
  const un = Math.hypot(rotation[0], rotation[3]) || 1;
  const fx = rotation[0] / un, fy = rotation[3] / un;
  const lx = -fy, ly = fx;
  /** Horizontal (forward, left) coordinates of a body-frame point, relative to the body origin. */
  const plan = (px: number, py: number, pz: number): [number, number] => {
    const sx = rotation[0] * px + rotation[1] * py + rotation[2] * pz;
    const sy = rotation[3] * px + rotation[4] * py + rotation[5] * pz;
    return [sx * fx + sy * fy, sx * lx + sy * ly];
  };
  // Wheels touch the ground one radius below their hubs along the body's down axis (exact on a plane).
  const r = linkage.wheelRadius;
  const wheels: [number, number][] = [];
  for (let i = 0; i < 6; i++) wheels.push(plan(hubs[3 * i], hubs[3 * i + 1], hubs[3 * i + 2] - r));
  const com = plan(config.centre_of_mass.x_m, -config.centre_of_mass.y_m, config.centre_of_mass.height_m);
  const P = linkage.pivot;
  const pivots = [plan(P.x, P.y, P.z), plan(P.x, -P.y, P.z)];
  const bogiePivots = [plan(bogies[0], hubs[4], bogies[1]), plan(bogies[2], hubs[13], bogies[3])];

  const a = new Float64Array(36), b = new Float64Array(6);
  for (let i = 0; i < 6; i++) {
    a[i] = 1; // sum of loads = weight
    a[6 + i] = wheels[i][1]; // roll moment
    a[12 + i] = wheels[i][0]; // pitch moment
  }
  b[0] = weight;
  b[1] = weight * com[1];
  b[2] = weight * com[0];
  for (let side = 0; side < 2; side++) {
    // Bogie balance about its pivot: middle and rear loads.
    for (const w of [1, 2]) a[(3 + side) * 6 + side * 3 + w] = wheels[side * 3 + w][0] - bogiePivots[side][0];
    // Differential: torque of the side's wheels about its rocker pivot, left minus right = 0.
    const sign = side === 0 ? 1 : -1;
    for (const w of [0, 1, 2]) a[30 + side * 3 + w] = sign * (wheels[side * 3 + w][0] - pivots[side][0]);
  }
  const loads = solveLinear(a, b) ?? new Float64Array(6).fill(NaN);
  return { wheelLoadsN: loads, tipOverMarginM: marginInside(convexHull(wheels), com) };
}

/** Andrew's monotone chain; returns the hull counter-clockwise. */
function convexHull(points: [number, number][]): [number, number][] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [], upper: [number, number][] = [];
  for (const pt of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], pt) <= 0) lower.pop();
    lower.push(pt);
  }
  for (let i = p.length - 1; i >= 0; i--) {
    const pt = p[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], pt) <= 0) upper.pop();
    upper.push(pt);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Signed distance from a point to the nearest edge of a counter-clockwise convex polygon (positive inside). */
function marginInside(hull: [number, number][], pt: [number, number]): number {
  let margin = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i], b = hull[(i + 1) % hull.length];
    const ex = b[0] - a[0], ey = b[1] - a[1];
    const d = (ex * (pt[1] - a[1]) - ey * (pt[0] - a[0])) / Math.hypot(ex, ey);
    margin = Math.min(margin, d);
  }
  return margin;
}
