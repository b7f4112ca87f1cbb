import { hubPlan, type VehicleGeometry } from '../../../src/core/vehicle-geometry';

/*
 * Rocker-bogie forward kinematics. Internally the body frame is x forward, y LEFT, z UP (FLU: the
 * URDF rover frame turned 180 deg about x), origin on the ground under the middle axle at rest, so
 * heights read as heights. Angles are "nose-up" positive:
 * - body roll > 0: left side up; body pitch > 0: nose up;
 * - rocker angle rho: the left rocker turns by +rho, the right by -rho (the differential couples
 *   them), positive lifting the rocker's front wheel relative to the body;
 * - bogie angles (left, right) relative to their rocker, positive lifting the middle wheel.
 */

/** The six unknowns of a settled rover, besides its planar position and heading. */
export interface SuspensionState {
  /** Site z (m) of the body origin. */
  zM: number;
  rollRad: number;
  pitchRad: number;
  rockerRad: number;
  bogieLeftRad: number;
  bogieRightRad: number;
}

/** Precomputed linkage geometry, per side, in the body frame (x forward, z up). */
export interface Linkage {
  wheelRadius: number;
  /** Hub y (left positive) in WHEELS order LF LM LR RF RM RR. */
  hubY: Float64Array;
  pivot: { x: number; z: number; y: number };
  front0: { x: number; z: number };
  bogie0: { x: number; z: number };
  middle0: { x: number; z: number };
  rear0: { x: number; z: number };
}

export function linkageOf(g: VehicleGeometry): Linkage {
  const plan = hubPlan(g); // y right positive
  const hub = g.wheel_hub_height_m;
  return {
    wheelRadius: g.wheel_radius_m,
    hubY: Float64Array.from(plan.map((p) => -p.y)),
    pivot: { x: g.rocker_pivot.x_m, z: g.rocker_pivot.height_m, y: g.rocker_pivot.y_m },
    front0: { x: g.wheels.front.x_m, z: hub },
    bogie0: { x: g.bogie_pivot.x_m, z: g.bogie_pivot.height_m },
    middle0: { x: g.wheels.middle.x_m, z: hub },
    rear0: { x: g.wheels.rear.x_m, z: hub },
  };
}

/**
 * Hub positions in the body frame for given rocker and bogie angles, written into `out` as
 * [x, y, z] triples in WHEELS order. Also returns the bogie pivots (for the statics) in `bogieOut`
 * as [x, z] for left then right.
 */
export function hubsInBody(l: Linkage, rockerRad: number, bogieLeftRad: number, bogieRightRad: number, out: Float64Array, bogieOut?: Float64Array): void {
  for (let side = 0; side < 2; side++) {
    const rho = side === 0 ? rockerRad : -rockerRad;
    const beta = side === 0 ? bogieLeftRad : bogieRightRad;
    const cr = Math.cos(rho), sr = Math.sin(rho);
    const P = l.pivot;
    // Rotate a point about P by the rocker angle (x' = dx cos - dz sin, z' = dx sin + dz cos).
    const fx = l.front0.x - P.x, fz = l.front0.z - P.z;
    const bx = l.bogie0.x - P.x, bz = l.bogie0.z - P.z;
    const Fx = P.x + fx * cr - fz * sr, Fz = P.z + fx * sr + fz * cr;
    const Bx = P.x + bx * cr - bz * sr, Bz = P.z + bx * sr + bz * cr;
    const a = rho + beta;
    const ca = Math.cos(a), sa = Math.sin(a);
    const mx = l.middle0.x - l.bogie0.x, mz = l.middle0.z - l.bogie0.z;
    const rx = l.rear0.x - l.bogie0.x, rz = l.rear0.z - l.bogie0.z;
    const Mx = Bx + mx * ca - mz * sa, Mz = Bz + mx * sa + mz * ca;
    const Rx = Bx + rx * ca - rz * sa, Rz = Bz + rx * sa + rz * ca;
    const o = side * 9;
    out[o] = Fx; out[o + 1] = l.hubY[side * 3]; out[o + 2] = Fz;
    out[o + 3] = Mx; out[o + 4] = l.hubY[side * 3 + 1]; out[o + 5] = Mz;
    out[o + 6] = Rx; out[o + 7] = l.hubY[side * 3 + 2]; out[o + 8] = Rz;
    if (bogieOut) {
      bogieOut[side * 2] = Bx;
      bogieOut[side * 2 + 1] = Bz;
    }
  }
}

export { bodyToSite } from '../../../src/core/geometry';
