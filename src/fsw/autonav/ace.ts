import { degToRad } from '../../core/geometry';
import { hubPlan, type VehicleGeometry } from '../../core/vehicle-geometry';
import type { LocalMap } from './local-map';

export type AceHazard = 'unknown' | 'wheel_drop' | 'tilt' | 'rocker' | 'bogie' | 'clearance';

export interface AceLimits {
  /** A wheel dropping more than this (m) is a hazard (REFERENCE.md: 35 cm). */
  wheelDropM: number;
  tiltRad: number;
  rockerRad: number;
  bogieRad: number;
  /** Belly-pan clearance must stay above this (m) [assumed]. */
  clearanceMarginM: number;
}

/** Share of the mechanical rocker and bogie travel ACE lets a path use: map heights are estimates [assumed]. */
const JOINT_MARGIN = 0.75;

export function aceLimits(g: VehicleGeometry): AceLimits {
  return {
    wheelDropM: 0.35,
    tiltRad: degToRad(g.tilt_limit_deg),
    rockerRad: JOINT_MARGIN * degToRad(g.joint_limits.rocker_deg),
    bogieRad: JOINT_MARGIN * degToRad(g.joint_limits.bogie_deg),
    clearanceMarginM: 0.1,
  };
}

/** Unknown ground within this distance (m) of where the rover stands is taken as the ground it stands on. */
const STANDING_RADIUS_M = 2.2;

/**
 * ACE, Approximate Clearance Evaluation (Otsu et al. 2020): for a rover pose on the local map, bound
 * what the rocker-bogie could do there without solving for how it settles. Each wheel may rest
 * anywhere between the lowest and highest mapped height under its footprint; from those intervals
 * the worst-case body tilt, rocker and bogie angles and belly-pan clearance follow. A pose passes
 * only if every bound is within its limit and every wheel stands on known ground.
 */
export class Ace {
  private readonly hubs: { x: number; y: number }[];
  private readonly lo = new Float64Array(6);
  private readonly hi = new Float64Array(6);
  private readonly wheelbase: number;
  private readonly track: number;
  private readonly bogieLength: number;
  private readonly rockerLength: number;
  /** Belly sample points (forward, right) in the rover frame. */
  private readonly belly: { x: number; y: number }[] = [];
  /** Checks made since construction (for the benchmark). */
  checks = 0;
  private standing = { x: NaN, y: NaN, zM: 0 };

  constructor(private readonly map: LocalMap, private readonly geometry: VehicleGeometry, readonly limits: AceLimits) {
    this.hubs = hubPlan(geometry);
    const w = geometry.wheels;
    this.wheelbase = w.front.x_m - w.rear.x_m;
    this.track = 2 * w.front.y_m;
    this.bogieLength = w.middle.x_m - w.rear.x_m;
    this.rockerLength = w.front.x_m - geometry.bogie_pivot.x_m;
    const b = geometry.belly;
    for (let x = b.x_min_m; x <= b.x_max_m + 1e-9; x += 0.2) {
      for (let y = -b.half_width_m; y <= b.half_width_m + 1e-9; y += 0.2) this.belly.push({ x, y });
    }
  }

  /** Where the rover stands now: unknown ground around it is taken as its own ground (it is on it). */
  setStanding(x: number, y: number, zM: number): void {
    this.standing = { x, y, zM };
  }

  /** The first hazard at the pose (site x, y, heading counter-clockwise from east), or undefined if it passes. */
  check(x: number, y: number, headingRad: number): AceHazard | undefined {
    this.checks++;
    const c = Math.cos(headingRad), s = Math.sin(headingRad);
    const r = this.geometry.wheel_radius_m;
    for (let i = 0; i < 6; i++) {
      // Rover frame (forward, right) to site: right is (sin, -cos).
      const h = this.hubs[i];
      const wx = x + h.x * c + h.y * s, wy = y + h.x * s - h.y * c;
      if (!this.footprint(wx, wy, c, s, r, i)) return 'unknown';
      if (this.hi[i] - this.lo[i] > this.limits.wheelDropM) return 'wheel_drop';
    }
    const lo = this.lo, hi = this.hi;
    // Tilt: the steepest plane the wheels' height intervals allow, front-to-back and side-to-side.
    const pitch = Math.max(Math.max(hi[0], hi[3]) - Math.min(lo[2], lo[5]), Math.max(hi[2], hi[5]) - Math.min(lo[0], lo[3])) / this.wheelbase;
    const roll = Math.max(Math.max(hi[0], hi[1], hi[2]) - Math.min(lo[3], lo[4], lo[5]), Math.max(hi[3], hi[4], hi[5]) - Math.min(lo[0], lo[1], lo[2])) / this.track;
    if (Math.atan(Math.hypot(pitch, roll)) > this.limits.tiltRad) return 'tilt';
    for (let side = 0; side <= 3; side += 3) {
      const f = side, m = side + 1, rr = side + 2;
      // World angles of the bogie (middle vs rear wheel) and of the rocker (front wheel vs bogie pivot).
      const bogieWorld = Math.atan(Math.max(hi[m] - lo[rr], hi[rr] - lo[m]) / this.bogieLength);
      const pivotLo = (lo[m] + lo[rr]) / 2, pivotHi = (hi[m] + hi[rr]) / 2;
      const rockerWorld = Math.atan(Math.max(hi[f] - pivotLo, pivotHi - lo[f]) / this.rockerLength);
      // The bogie angle is measured from its rocker, which may lean the other way: bound their sum.
      if (bogieWorld + rockerWorld > this.limits.bogieRad) return 'bogie';
      // The differential shares a rocker's swing with the body: the rocker turns about half of it.
      if (rockerWorld / 2 > this.limits.rockerRad) return 'rocker';
    }
    return this.bellyClear(x, y, c, s) ? undefined : 'clearance';
  }

  /** Lowest and highest mapped height under a wheel's footprint (about wheel-sized, 3 x 3 cells). */
  private footprint(wx: number, wy: number, c: number, s: number, r: number, i: number): boolean {
    let lo = Infinity, hi = -Infinity, known = 0;
    const cell = this.map.cellM;
    for (let a = -1; a <= 1; a++) {
      for (let b = -1; b <= 1; b++) {
        const px = wx + (a * r * 0.6) * c - b * cell * s, py = wy + (a * r * 0.6) * s + b * cell * c;
        let h = this.map.heightFilled(px, py);
        if (Number.isNaN(h) && Math.hypot(px - this.standing.x, py - this.standing.y) < STANDING_RADIUS_M) h = this.standing.zM;
        if (Number.isNaN(h)) continue;
        known++;
        if (h < lo) lo = h;
        if (h > hi) hi = h;
      }
    }
    this.lo[i] = lo;
    this.hi[i] = hi;
    return known >= 5;
  }

  /**
   * Belly clearance bound: the pan rides clearance_m above the plane through the wheels' lowest
   * supports (a least-squares plane in the rover frame), lowered by the largest height interval to
   * stay conservative; every mapped point under the pan must stay below it by the margin.
   */
  private bellyClear(x: number, y: number, c: number, s: number): boolean {
    const lo = this.lo, hi = this.hi, hubs = this.hubs;
    let mx = 0, my = 0, mz = 0, spread = 0;
    for (let i = 0; i < 6; i++) {
      mx += hubs[i].x / 6;
      my += hubs[i].y / 6;
      mz += lo[i] / 6;
      spread = Math.max(spread, hi[i] - lo[i]);
    }
    let sxx = 0, syy = 0, sxz = 0, syz = 0;
    for (let i = 0; i < 6; i++) {
      const dx = hubs[i].x - mx, dy = hubs[i].y - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxz += dx * lo[i];
      syz += dy * lo[i];
    }
    const gx = sxz / sxx, gy = syz / syy; // the hubs are mirror-symmetric, so x and y decouple
    const lift = this.geometry.belly.clearance_m - spread / 2;
    for (const p of this.belly) {
      const h = this.map.height(x + p.x * c + p.y * s, y + p.x * s - p.y * c);
      if (Number.isNaN(h)) continue;
      const pan = mz + gx * (p.x - mx) + gy * (p.y - my) + lift;
      if (pan - h < this.limits.clearanceMarginM) return false;
    }
    return true;
  }
}
