/**
 * Small geometry kit: 2-D and 3-D vectors, planar poses and rigid transforms between named frames.
 *
 * Frames used across the project:
 * - `site`: local east-north-up frame of a terrain, metres; x east, y north, z up. (Note: JPL's SITE
 *   frame is north-east-down; this project keeps z up so heights read naturally.)
 * - `rover`: body frame as in the M2020 URDF, x forward, y right, z down, origin on the ground
 *   under the middle axle.
 * A transform is named `aFromB`: it maps coordinates in frame B into frame A.
 */

export interface Vec2 {
  x: number;
  y: number;
}

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export const vec3 = (x: number, y: number, z: number): Vec3 => ({ x, y, z });
export const add3 = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x + b.x, y: a.y + b.y, z: a.z + b.z });
export const sub3 = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
export const scale3 = (a: Vec3, s: number): Vec3 => ({ x: a.x * s, y: a.y * s, z: a.z * s });
export const dot3 = (a: Vec3, b: Vec3): number => a.x * b.x + a.y * b.y + a.z * b.z;
export const cross3 = (a: Vec3, b: Vec3): Vec3 => ({
  x: a.y * b.z - a.z * b.y,
  y: a.z * b.x - a.x * b.z,
  z: a.x * b.y - a.y * b.x,
});
export const norm3 = (a: Vec3): number => Math.hypot(a.x, a.y, a.z);
export function normalize3(a: Vec3): Vec3 {
  const n = norm3(a);
  if (n === 0) throw new RangeError('cannot normalize a zero vector');
  return scale3(a, 1 / n);
}

export const degToRad = (deg: number): number => (deg * Math.PI) / 180;
export const radToDeg = (rad: number): number => (rad * 180) / Math.PI;

/** Wraps an angle to (-pi, pi]. */
export function wrapAngle(rad: number): number {
  const twoPi = 2 * Math.PI;
  let a = rad % twoPi;
  if (a <= -Math.PI) a += twoPi;
  else if (a > Math.PI) a -= twoPi;
  return a;
}

/** A planar pose in the site frame: position (m) and heading (rad, counter-clockwise from +x/east). */
export interface Pose2 {
  x: number;
  y: number;
  headingRad: number;
}

/** Row-major 3x3 rotation matrix. */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

/** A rigid transform `aFromB`: p_a = rotation * p_b + translation. */
export interface RigidTransform {
  readonly rotation: Mat3;
  readonly translation: Vec3;
}

export const IDENTITY_ROTATION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Rotation from intrinsic Z-Y-X Euler angles (yaw about z, then pitch about y, then roll about x). */
export function rotationFromYawPitchRoll(yawRad: number, pitchRad: number, rollRad: number): Mat3 {
  const cy = Math.cos(yawRad), sy = Math.sin(yawRad);
  const cp = Math.cos(pitchRad), sp = Math.sin(pitchRad);
  const cr = Math.cos(rollRad), sr = Math.sin(rollRad);
  return [
    cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
    sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
    -sp, cp * sr, cp * cr,
  ];
}

export function mulMat3(a: Mat3, b: Mat3): Mat3 {
  const r: number[] = new Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
    }
  }
  return r as unknown as Mat3;
}

export function transposeMat3(m: Mat3): Mat3 {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

export function rotate(m: Mat3, v: Vec3): Vec3 {
  return {
    x: m[0] * v.x + m[1] * v.y + m[2] * v.z,
    y: m[3] * v.x + m[4] * v.y + m[5] * v.z,
    z: m[6] * v.x + m[7] * v.y + m[8] * v.z,
  };
}

export function applyTransform(aFromB: RigidTransform, pB: Vec3): Vec3 {
  return add3(rotate(aFromB.rotation, pB), aFromB.translation);
}

/** Given aFromB and bFromC, returns aFromC. */
export function composeTransforms(aFromB: RigidTransform, bFromC: RigidTransform): RigidTransform {
  return {
    rotation: mulMat3(aFromB.rotation, bFromC.rotation),
    translation: applyTransform(aFromB, bFromC.translation),
  };
}

/** Given aFromB, returns bFromA. */
export function invertTransform(aFromB: RigidTransform): RigidTransform {
  const rt = transposeMat3(aFromB.rotation);
  return { rotation: rt, translation: scale3(rotate(rt, aFromB.translation), -1) };
}

/**
 * Body-to-site rotation (row-major 3x3, written into `out`) for the z-up body frame (x forward,
 * y left): heading counter-clockwise from east, nose-up pitch, left-up roll; Rz(heading) Ry(-pitch) Rx(roll).
 */
export function bodyToSite(headingRad: number, pitchRad: number, rollRad: number, out: Float64Array): void {
  const cy = Math.cos(headingRad), sy = Math.sin(headingRad);
  const cp = Math.cos(pitchRad), sp = Math.sin(pitchRad);
  const cr = Math.cos(rollRad), sr = Math.sin(rollRad);
  out[0] = cy * cp;
  out[1] = -cy * sp * sr - sy * cr;
  out[2] = -cy * sp * cr + sy * sr;
  out[3] = sy * cp;
  out[4] = -sy * sp * sr + cy * cr;
  out[5] = -sy * sp * cr - cy * sr;
  out[6] = sp;
  out[7] = cp * sr;
  out[8] = cp * cr;
}

/**
 * site-from-rover rotation for the URDF rover frame (x forward, y right, z down): the z-up body
 * rotation with its y and z axes flipped.
 */
export function siteFromRover(headingRad: number, pitchRad: number, rollRad: number): Float64Array {
  const b = new Float64Array(9);
  bodyToSite(headingRad, pitchRad, rollRad, b);
  return Float64Array.of(b[0], -b[1], -b[2], b[3], -b[4], -b[5], b[6], -b[7], -b[8]);
}
