import { hubPlan, type VehicleGeometry } from '../../core/vehicle-geometry';

/*
 * Flight software's own model of how the rocker-bogie takes up the ground (ACE's kinematics,
 * Otsu et al. 2020): every quantity is a linear function of the six wheels' ground-contact heights
 * (WHEELS order LF LM LR RF RM RR), which is exact for any plane and first-order right on rough
 * ground. Per side, the bogie joins the middle and rear wheels and carries its pivot at a fixed share
 * of the way between them; the rocker joins that pivot and the front wheel and carries the body's
 * pivot likewise; the differential sets the body's pitch to the mean of the two rockers'.
 *
 * Rover frame as in src/fsw/ports.ts (x forward, y right). Slopes are rises per metre; angles come
 * from them with atan. Signs: pitch > 0 nose up; crossSlope > 0 right side up (the IMU's roll is
 * left side up); rocker > 0 lifts the left front wheel against the body; bogie > 0 lifts that
 * side's middle wheel against its rocker (the suspension sensors' conventions).
 */

/** One linear functional of the six contact heights: value = sum of coef[i] * z[i]. */
export type Functional = Float64Array;

/** How the rover sits on six contact heights (the suspension sensors' signs, see above). */
export interface Configuration {
  pitchRad: number;
  /** Left side up. */
  rollRad: number;
  tiltRad: number;
  rockerRad: number;
  bogieLeftRad: number;
  bogieRightRad: number;
}

export class SuspensionModel {
  /** Body pitch slope (tan pitch). */
  readonly pitch: Functional;
  /** Body cross slope along +y (right): tan of the lateral tilt. */
  readonly crossSlope: Functional;
  /** Differential: slope of the left rocker relative to the body (the right one is its negative). */
  readonly rocker: Functional;
  /** Each bogie's slope relative to its rocker, left then right. */
  readonly bogie: [Functional, Functional];
  /** Hub plan positions (x forward, y right), WHEELS order. */
  readonly hubs: { x: number; y: number }[];
  private readonly pivot: { x: number; yLeft: number; yRight: number };
  private readonly pivotHeightLeft: Functional;
  private readonly inverse: Float64Array;
  private readonly residualScratch = new Float64Array(6);
  /** Rigid-link geometry per side, in the side's plane (x forward, z up), from the rest pose. */
  private readonly links: {
    /** Middle-to-rear hub distance (the hubs rest level). */
    bogieM: number;
    /** Bogie pivot from the rear hub. */
    pivotFromRear: [number, number];
    /** Front hub from the bogie pivot: distance and rest elevation. */
    rockerM: number;
    rockerRestRad: number;
    /** Body pivot from the bogie pivot. */
    bodyFromBogie: [number, number];
    /** Rest positions (x, z) of the hubs, the bogie pivot and the body pivot. */
    front: [number, number];
    middle: [number, number];
    rear: [number, number];
    bogiePivot: [number, number];
    bodyPivot: [number, number];
    /** Half the distance between the two body pivots. */
    pivotHalfTrack: number;
  };

  constructor(readonly geometry: VehicleGeometry) {
    const hubs = hubPlan(geometry);
    this.hubs = hubs;
    const w = geometry.wheels;
    const xF = w.front.x_m, xM = w.middle.x_m, xR = w.rear.x_m, xB = geometry.bogie_pivot.x_m, xP = geometry.rocker_pivot.x_m;
    /** Share of the way from the rear to the middle wheel at which the bogie pivot rides. */
    const lambda = (xB - xR) / (xM - xR);
    /** Share of the way from the bogie pivot to the front wheel at which the body's pivot rides. */
    const mu = (xP - xB) / (xF - xB);
    const unit = (i: number) => Float64Array.from({ length: 6 }, (_, j) => (i === j ? 1 : 0));
    const basis = [0, 1, 2, 3, 4, 5].map(unit);
    // Everything below is built once on the six basis vectors: a functional's coefficient j is its value for z = e_j.
    const side = (z: Float64Array | number[], o: number) => {
      const bogiePoint = (1 - lambda) * z[o + 2] + lambda * z[o + 1];
      return { bogiePoint, rockerSlope: (z[o] - bogiePoint) / (xF - xB), pivot: (1 - mu) * bogiePoint + mu * z[o] };
    };
    const yEff = (o: number) => (1 - mu) * ((1 - lambda) * hubs[o + 2].y + lambda * hubs[o + 1].y) + mu * hubs[o].y;
    this.pivot = { x: xP, yLeft: yEff(0), yRight: yEff(3) };
    const pitchOf = (z: Float64Array) => (side(z, 0).rockerSlope + side(z, 3).rockerSlope) / 2;
    const crossOf = (z: Float64Array) => (side(z, 3).pivot - side(z, 0).pivot) / (this.pivot.yRight - this.pivot.yLeft);
    /** Heights less the body plane: what the suspension has to take up. */
    const residual = (z: Float64Array) => {
      const p = pitchOf(z), g = crossOf(z);
      return z.map((v, i) => v - p * hubs[i].x - g * hubs[i].y);
    };
    const functional = (f: (z: Float64Array) => number) => Float64Array.from(basis, f);
    this.pitch = functional(pitchOf);
    this.crossSlope = functional(crossOf);
    this.rocker = functional((z) => {
      const e = residual(z);
      return (side(e, 0).rockerSlope - side(e, 3).rockerSlope) / 2;
    });
    const bogieOf = (o: number) => functional((z) => {
      const e = residual(z);
      return (e[o + 1] - e[o + 2]) / (xM - xR) - side(e, o).rockerSlope;
    });
    this.bogie = [bogieOf(0), bogieOf(3)];
    this.pivotHeightLeft = functional((z) => side(z, 0).pivot);
    // The six functionals (contact-plane height at the origin, pitch, cross slope, rocker, two bogies)
    // are independent: inverting them gives the contact heights of a measured attitude.
    const rows = [this.groundAt(0, 0), this.pitch, this.crossSlope, this.rocker, this.bogie[0], this.bogie[1]];
    this.inverse = invert6(rows);
    const hubH = geometry.wheel_hub_height_m, bH = geometry.bogie_pivot.height_m, pH = geometry.rocker_pivot.height_m;
    this.links = {
      bogieM: xM - xR,
      pivotFromRear: [xB - xR, bH - hubH],
      rockerM: Math.hypot(xF - xB, hubH - bH),
      rockerRestRad: Math.atan2(hubH - bH, xF - xB),
      bodyFromBogie: [xP - xB, pH - bH],
      front: [xF, hubH], middle: [xM, hubH], rear: [xR, hubH], bogiePivot: [xB, bH], bodyPivot: [xP, pH],
      pivotHalfTrack: geometry.rocker_pivot.y_m,
    };
  }

  /**
   * The configuration on six contact heights (at the hubs' rest positions). The body's plane comes
   * from the linear functionals, exact for any plane; what the suspension takes up beyond it goes
   * through the rigid links at their true lengths (no small angles): each bogie's angle from its
   * hubs' rise over its length, its pivot from the rear hub, each rocker's from the front hub's rise
   * over the bogie pivot, the body's pitch as the differential's mean, its roll from the two body
   * pivots.
   */
  solve(z: ArrayLike<number>, out: Configuration): Configuration {
    const L = this.links, e = this.residualScratch;
    const p = apply(this.pitch, z), g = apply(this.crossSlope, z);
    for (let i = 0; i < 6; i++) e[i] = z[i] - p * this.hubs[i].x - g * this.hubs[i].y;
    const side = (o: number) => {
      const bogie = Math.asin(clampUnit((e[o + 1] - e[o + 2]) / L.bogieM));
      const pivotZ = e[o + 2] + L.pivotFromRear[0] * Math.sin(bogie) + L.pivotFromRear[1] * Math.cos(bogie);
      // Rise of the front hub over the bogie pivot (hubs rest pivotFromRear[1] below it).
      const rocker = Math.asin(clampUnit((e[o] - pivotZ) / L.rockerM)) - L.rockerRestRad;
      const bodyZ = pivotZ + L.bodyFromBogie[0] * Math.sin(rocker) + L.bodyFromBogie[1] * Math.cos(rocker);
      return { bogie, rocker, bodyZ };
    };
    const left = side(0), right = side(3);
    out.pitchRad = Math.atan(p) + (left.rocker + right.rocker) / 2;
    out.rockerRad = (left.rocker - right.rocker) / 2;
    out.bogieLeftRad = left.bogie - left.rocker;
    out.bogieRightRad = right.bogie - right.rocker;
    // Roll is left side up; the cross slope rises to the right.
    out.rollRad = -Math.atan(g / Math.sqrt(1 + p * p)) + Math.asin(clampUnit((left.bodyZ - right.bodyZ) / (2 * L.pivotHalfTrack)));
    out.tiltRad = Math.acos(Math.min(1, Math.cos(out.pitchRad) * Math.cos(out.rollRad)));
    return out;
  }

  /**
   * Where the hubs stand in the rover's plan in a configuration, as shifts from their rest positions
   * (m, forward and right, WHEELS order): the rocker and bogies swing them, the body's pitch and roll
   * lean them (each hub is a wheel radius above its ground).
   */
  hubShifts(c: Configuration, along: Float64Array, across: Float64Array): void {
    const L = this.links;
    const cp = Math.cos(c.pitchRad), sp = Math.sin(c.pitchRad), cr = Math.cos(c.rollRad), sr = Math.sin(c.rollRad);
    const about = (p: [number, number], q: [number, number], a: number): [number, number] => {
      const dx = q[0] - p[0], dz = q[1] - p[1], ca = Math.cos(a), sa = Math.sin(a);
      return [p[0] + dx * ca - dz * sa, p[1] + dx * sa + dz * ca];
    };
    for (let o = 0; o <= 3; o += 3) {
      const rho = o === 0 ? c.rockerRad : -c.rockerRad, beta = o === 0 ? c.bogieLeftRad : c.bogieRightRad;
      const pivot = about(L.bodyPivot, L.bogiePivot, rho);
      const hubs = [about(L.bodyPivot, L.front, rho), about(pivot, shift(L.middle, L.bogiePivot, pivot), rho + beta), about(pivot, shift(L.rear, L.bogiePivot, pivot), rho + beta)];
      for (let k = 0; k < 3; k++) {
        const i = o + k, [x, zb] = hubs[k];
        const yLeft = -this.hubs[i].y;
        // Body (x forward, y left, z up) to site plan: roll about x, then pitch (as the IMU reports them).
        const yRolled = yLeft * cr - zb * sr, zRolled = yLeft * sr + zb * cr;
        along[i] = x * cp - zRolled * sp - this.hubs[i].x;
        across[i] = -yRolled - this.hubs[i].y;
      }
    }
  }

  /** The contact plane's height under body point (x forward, y right): the ground the body rides on. */
  groundAt(px: number, py: number): Functional {
    const f = new Float64Array(6);
    for (let j = 0; j < 6; j++) f[j] = this.pivotHeightLeft[j] + this.pitch[j] * (px - this.pivot.x) + this.crossSlope[j] * (py - this.pivot.yLeft);
    return f;
  }

  /**
   * The six contact heights of a measured configuration: origin ground height (m), IMU roll (left up)
   * and pitch (nose up), and the suspension's rocker and bogie angles (rad). What the rover stands on.
   */
  contactHeights(groundZ: number, rollRad: number, pitchRad: number, rockerRad: number, bogieLeftRad: number, bogieRightRad: number): Float64Array {
    const tp = Math.tan(pitchRad);
    // Roll is left side up; the cross slope rises to the right, measured along the pitched body.
    const v = [groundZ, tp, -Math.tan(rollRad) * Math.sqrt(1 + tp * tp), Math.tan(rockerRad), Math.tan(bogieLeftRad), Math.tan(bogieRightRad)];
    const z = new Float64Array(6);
    for (let i = 0; i < 6; i++) {
      let s = 0;
      for (let j = 0; j < 6; j++) s += this.inverse[i * 6 + j] * v[j];
      z[i] = s;
    }
    return z;
  }
}

const clampUnit = (v: number): number => Math.max(-1, Math.min(1, v));

/** Point q moved with the pivot it hangs from: q + (to - from). */
const shift = (q: [number, number], from: [number, number], to: [number, number]): [number, number] => [q[0] + to[0] - from[0], q[1] + to[1] - from[1]];

/** Value of a functional at z. */
export function apply(f: Functional, z: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < 6; i++) s += f[i] * z[i];
  return s;
}

/** Smallest value of a functional when each z[i] may lie anywhere in [lo[i], hi[i]]. */
export function minOver(f: Functional, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < 6; i++) s += f[i] > 0 ? f[i] * lo[i] : f[i] * hi[i];
  return s;
}

/** Inverse of the 6 x 6 matrix whose rows are the given functionals (Gauss-Jordan with partial pivoting). */
function invert6(rows: Functional[]): Float64Array {
  const n = 6, a = new Float64Array(n * 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * 2 * n + j] = rows[i][j];
    a[i * 2 * n + n + i] = 1;
  }
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * 2 * n + col]) > Math.abs(a[p * 2 * n + col])) p = r;
    if (Math.abs(a[p * 2 * n + col]) < 1e-12) throw new RangeError('suspension model: the geometry gives dependent functionals');
    for (let j = 0; j < 2 * n; j++) [a[col * 2 * n + j], a[p * 2 * n + j]] = [a[p * 2 * n + j], a[col * 2 * n + j]];
    const d = a[col * 2 * n + col];
    for (let j = 0; j < 2 * n; j++) a[col * 2 * n + j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * 2 * n + col];
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r * 2 * n + j] -= f * a[col * 2 * n + j];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) inv[i * n + j] = a[i * 2 * n + n + j];
  return inv;
}
