import { roundTo } from '../../core/round';
import { degToRad } from '../../core/geometry';
import type { VehicleGeometry } from '../../core/vehicle-geometry';
import type { LocalMap, MapSample } from './local-map';
import { apply, minOver, SuspensionModel, type Configuration, type Functional } from './suspension-model';

export type AceHazard = 'unknown' | 'wheel_drop' | 'tilt' | 'rocker' | 'bogie' | 'clearance';

export interface AceLimits {
  /** Ground under a wheel's footprint rising or falling more than this (m) out of the rover's slope is a step hazard (docs/reference.md: wheel drop > 35 cm). */
  wheelDropM: number;
  tiltRad: number;
  rockerRad: number;
  bogieRad: number;
  /** Belly-pan clearance must stay above this (m) [assumed]. */
  clearanceMarginM: number;
}

/**
 * Share of the mechanical rocker and bogie travel ACE lets a path use [assumed]: the hard stops are
 * no place to drive, and the map's heights are estimates.
 */
const JOINT_MARGIN = 0.75;
/**
 * ACE's tilt limit sits this far under the rover's (deg): its kinematics (SuspensionModel) leave the
 * side planes' lean under roll out, and on the exact contacts of ~23,000 settled poses on rocky
 * slopes (k 0.1-0.25, 5-15 deg) with the joints inside ACE's limits it read the tilt at most 0.78 deg
 * low (99th percentile 0.2-0.33 deg).
 */
export const TILT_MARGIN_DEG = 1;
/** Map heights are taken to lie within this many of their standard deviations [assumed: ~98% one-sided]. */
const MAP_SIGMAS = 2;
/**
 * How far a wheel's contact may sit from where the kinematics put it (m) [assumed]: the rover
 * follows its path to a few centimetres over the metre it drives between looks, and its
 * configuration, hence where its hubs stand, is known only as well as the map. ACE takes each wheel's
 * ground over this neighbourhood, relative to the rover's own slope, so a rock at the edge of a
 * wheel's reach counts.
 */
const SHIFT_M = 0.05;
/** Where a wheel's mid-plane may land across its heading, and where its tread's rows lie from the mid-plane, in widths. */
const LANDINGS_ACROSS = [-SHIFT_M, 0, SHIFT_M];
const TREAD_FRACTIONS = [-0.5, -0.25, 0, 0.25, 0.5];
/** Belly-pan clearance is checked on this grid (m): the map's 10 cm cell [assumed]. */
const BELLY_STEP_M = 0.1;

export function aceLimits(g: VehicleGeometry): AceLimits {
  return {
    wheelDropM: 0.35,
    tiltRad: degToRad(g.tilt_limit_deg - TILT_MARGIN_DEG),
    rockerRad: JOINT_MARGIN * degToRad(g.joint_limits.rocker_deg),
    bogieRad: JOINT_MARGIN * degToRad(g.joint_limits.bogie_deg),
    clearanceMarginM: 0.1,
  };
}

/**
 * ACE, Approximate Clearance Evaluation (Otsu et al. 2020): for a rover pose on the local map,
 * bound what the rocker-bogie could do there without solving for how it settles.
 *
 * 1. Each wheel's ground-contact height at its rest position, as the wheel would take it: the
 *    highest point of its rim over the mapped ground, the rim a disc of the wheel radius along the
 *    heading read on rows across the tread (a rock under an edge lifts the wheel as one under its middle).
 *    The suspension model turns these into the rover's slope and a first configuration, and that
 *    into where each hub will stand (pitching, rolling and articulating move hubs by decimetres).
 * 2. Each wheel's contact height there may lie anywhere in an interval: its contacts over the
 *    neighbourhood it may land in, carried back to its rest position along the rover's slope, and
 *    widened by the map's uncertainty.
 * 3. Tilt, rocker and bogie angles come from contact heights through the rigid links, monotonically,
 *    so their extremes over the box of intervals lie at the corners the linear model's signs point
 *    to; the belly pan's height is linear in them. On a plane every bound is the plane's own.
 * A pose passes only if every bound is within its limit and every wheel stands on known ground.
 */
export class Ace {
  private readonly model: SuspensionModel;
  private readonly lo = new Float64Array(6);
  private readonly hi = new Float64Array(6);
  private readonly nominal = new Float64Array(6);
  private readonly corner = new Float64Array(6);
  private readonly shiftAlong = new Float64Array(6);
  private readonly shiftAcross = new Float64Array(6);
  private readonly config: Configuration = { pitchRad: 0, rollRad: 0, tiltRad: 0, rockerRad: 0, bogieLeftRad: 0, bogieRightRad: 0 };
  /** Rim sample offsets along the heading (m) and how far below the hub's lowest point each lies. */
  private readonly rim: number[] = [];
  private readonly rimLift: number[] = [];
  /** Offsets read per wheel, along and across its heading: the rim about each place it may land. */
  private readonly along: number[] = [];
  /** Rows across the heading: the tread's width and the neighbourhood either side (the middle row is the mid-plane). */
  private readonly across: number[];
  /** Per row: the rows the tread covers when the wheel's mid-plane lies on it. */
  private readonly tread: number[][];
  private readonly rowsAll: number[];
  /** The rows of the three landings across the heading (-shift, none, +shift): the step rule reads them. */
  private readonly landingRows: number[];
  private readonly landings: number[];
  /** Per footprint sample: the map's height, and the lowest and highest the ground may be there. */
  private readonly zs: Float64Array;
  private readonly zLo: Float64Array;
  private readonly zHi: Float64Array;
  private readonly known: Uint8Array;
  /** Belly sample points (forward, right) and the pan-height functional under each. */
  private readonly belly: { x: number; y: number; ground: Functional }[] = [];
  private readonly sampleOut: MapSample = { z: 0, lo: 0, hi: 0, sigma: 0 };
  /** Checks made since construction (for the benchmark). */
  checks = 0;

  constructor(private readonly map: LocalMap, private readonly geometry: VehicleGeometry, readonly limits: AceLimits) {
    this.model = new SuspensionModel(geometry);
    const r = geometry.wheel_radius_m, step = map.cellM / 2;
    // A rock under either edge of the tread lifts the wheel: for each place the mid-plane may land
    // (the shift either way, or none), rows across the tread at its middle, quarters and edges, the
    // same for every landing so that a plane reads alike from each.
    const w = geometry.wheel_width_m;
    const offsets = [...new Set(LANDINGS_ACROSS.flatMap((v) => TREAD_FRACTIONS.map((f) => roundTo(v + f * w, 6))))].sort((a, b) => a - b);
    this.across = offsets;
    this.rowsAll = offsets.map((_, r) => r);
    this.landingRows = LANDINGS_ACROSS.map((v) => offsets.indexOf(roundTo(v, 6)));
    this.tread = offsets.map((v) => TREAD_FRACTIONS.map((f) => offsets.indexOf(roundTo(v + f * w, 6))).filter((r) => r >= 0));
    // The rim every map cell; landings every half cell, so both share one row of reads.
    const half = Math.floor(r / map.cellM);
    for (let k = -half; k <= half; k++) {
      this.rim.push(k * map.cellM);
      this.rimLift.push(Math.sqrt(r * r - (k * map.cellM) ** 2) - r);
    }
    const reach = Math.round(SHIFT_M / step);
    this.landings = [];
    for (let k = -reach; k <= reach; k++) this.landings.push(k);
    for (let k = -2 * half - reach; k <= 2 * half + reach; k++) this.along.push(k * step);
    const n = 6 * this.along.length * this.across.length;
    this.zs = new Float64Array(n);
    this.zLo = new Float64Array(n);
    this.zHi = new Float64Array(n);
    this.known = new Uint8Array(n);
    const b = geometry.belly;
    for (let x = b.x_min_m; x <= b.x_max_m + 1e-9; x += BELLY_STEP_M) {
      for (let y = -b.half_width_m; y <= b.half_width_m + 1e-9; y += BELLY_STEP_M) this.belly.push({ x, y, ground: this.model.groundAt(x, y) });
    }
  }

  /** The first hazard at the pose (site x, y, heading counter-clockwise from east), or undefined if it passes. */
  check(x: number, y: number, headingRad: number): AceHazard | undefined {
    this.checks++;
    const c = Math.cos(headingRad), s = Math.sin(headingRad);
    const model = this.model;
    const mid = (this.along.length - 1) / 2, centreRow = this.landingRows[1];
    // 1. Contacts at rest: the rover's slope and where its hubs will stand.
    for (let i = 0; i < 6; i++) {
      this.readFootprint(i, x, y, c, s, 0, 0, true);
      if (!this.known[this.index(i, centreRow, mid)]) return 'unknown';
      const rest = this.treadContact(i, centreRow, mid, this.zs);
      if (Number.isNaN(rest)) return 'unknown';
      this.nominal[i] = rest;
    }
    const pitch = apply(model.pitch, this.nominal), cross = apply(model.crossSlope, this.nominal);
    if (Math.atan(Math.hypot(pitch, cross)) > this.limits.tiltRad) return 'tilt';
    // A configuration already past a limit at rest is refused here: where its hubs would stand says nothing.
    const first = model.solve(this.nominal, this.config);
    const early = this.exceeded(first);
    if (early) return early;
    model.hubShifts(first, this.shiftAlong, this.shiftAcross);
    // 2. Each wheel's interval where it will stand, relative to the rover's slope.
    for (let i = 0; i < 6; i++) {
      this.readFootprint(i, x, y, c, s, this.shiftAlong[i], this.shiftAcross[i]);
      if (this.step(i, pitch, cross) > this.limits.wheelDropM) return 'wheel_drop';
      let lo = Infinity, hi = -Infinity;
      for (const row of this.landingRows) {
        const v = this.across[row];
        for (const k of this.landings) {
          // Back to the rest position along the rover's slope: moving with the slope changes no angle.
          const trend = (this.shiftAlong[i] + k * (this.map.cellM / 2)) * pitch + (this.shiftAcross[i] + v) * cross;
          const top = this.treadContact(i, row, mid + k, this.zHi);
          if (Number.isNaN(top)) continue;
          hi = Math.max(hi, top - trend);
          lo = Math.min(lo, this.treadContact(i, row, mid + k, this.zLo) - trend);
        }
      }
      if (!(hi >= lo)) return 'unknown';
      this.lo[i] = lo;
      this.hi[i] = hi;
    }
    // 3. Bounds at the worst corners.
    const pitchMax = Math.max(Math.abs(this.extreme(model.pitch, 1).pitchRad), Math.abs(this.extreme(model.pitch, -1).pitchRad));
    const rollMax = Math.max(Math.abs(this.extreme(model.crossSlope, 1).rollRad), Math.abs(this.extreme(model.crossSlope, -1).rollRad));
    if (Math.acos(Math.cos(pitchMax) * Math.cos(rollMax)) > this.limits.tiltRad) return 'tilt';
    if (Math.max(Math.abs(this.extreme(model.rocker, 1).rockerRad), Math.abs(this.extreme(model.rocker, -1).rockerRad)) > this.limits.rockerRad) return 'rocker';
    if (Math.max(Math.abs(this.extreme(model.bogie[0], 1).bogieLeftRad), Math.abs(this.extreme(model.bogie[0], -1).bogieLeftRad)) > this.limits.bogieRad) return 'bogie';
    if (Math.max(Math.abs(this.extreme(model.bogie[1], 1).bogieRightRad), Math.abs(this.extreme(model.bogie[1], -1).bogieRightRad)) > this.limits.bogieRad) return 'bogie';
    return this.bellyClear(x, y, c, s, pitch, cross) ? undefined : 'clearance';
  }

  /** The limit a configuration breaks, if any. */
  private exceeded(c: Configuration): AceHazard | undefined {
    const L = this.limits;
    if (c.tiltRad > L.tiltRad) return 'tilt';
    if (Math.abs(c.rockerRad) > L.rockerRad) return 'rocker';
    if (Math.abs(c.bogieLeftRad) > L.bogieRad || Math.abs(c.bogieRightRad) > L.bogieRad) return 'bogie';
    return undefined;
  }

  /**
   * The step under wheel i: how far the ground it rolls over (along its footprint, within the landing
   * shift of its mid-plane) rises or falls out of the rover's slope. A wheel does not climb what is
   * higher than the limit, nor drop off it. The tread's edges count in the suspension's bounds, not
   * here: the truth wheel climbs 1.5-2 radii, well over the 35 cm this rule keeps to.
   */
  private step(i: number, pitch: number, cross: number): number {
    let lo = Infinity, hi = -Infinity;
    for (const row of this.landingRows) {
      for (let k = 0; k < this.along.length; k++) {
        const j = this.index(i, row, k);
        if (!this.known[j]) continue;
        const z = this.zs[j] - (this.shiftAlong[i] + this.along[k]) * pitch - (this.shiftAcross[i] + this.across[row]) * cross;
        if (z < lo) lo = z;
        if (z > hi) hi = z;
      }
    }
    return hi - lo;
  }

  /** The configuration at the corner of the box where functional f is largest (sign 1) or smallest (-1). */
  private extreme(f: Functional, sign: 1 | -1): Configuration {
    for (let i = 0; i < 6; i++) this.corner[i] = f[i] * sign > 0 ? this.hi[i] : this.lo[i];
    return this.model.solve(this.corner, this.config);
  }

  /** Index of wheel i's footprint sample at (row across, column along). */
  private index(i: number, row: number, column: number): number {
    return (i * this.across.length + row) * this.along.length + column;
  }

  /**
   * Reads the map along wheel i's footprint, its centre shifted (forward, right) from rest: rows
   * across the heading, columns along it; `rimOnly` reads just the centre row's rim at rest.
   */
  private readFootprint(i: number, x: number, y: number, c: number, s: number, du: number, dv: number, rimOnly = false): void {
    const out = this.sampleOut, nAlong = this.along.length, hub = this.model.hubs[i];
    const hx = hub.x + du, hy = hub.y + dv;
    const mid = (nAlong - 1) / 2, half = (this.rim.length - 1) / 2;
    const rows = rimOnly ? this.tread[this.landingRows[1]] : this.rowsAll;
    for (const row of rows) {
      const v = hy + this.across[row];
      for (let k = rimOnly ? mid - 2 * half : 0; k < (rimOnly ? mid + 2 * half + 1 : nAlong); k += rimOnly ? 2 : 1) {
        const a = hx + this.along[k];
        // Rover frame (forward, right) to site: forward is (c, s), right is (s, -c).
        const j = this.index(i, row, k);
        if (this.map.sample(x + a * c + v * s, y + a * s - v * c, out)) {
          this.known[j] = 1;
          this.zs[j] = out.z;
          this.zLo[j] = out.lo - MAP_SIGMAS * out.sigma;
          this.zHi[j] = out.hi + MAP_SIGMAS * out.sigma;
        } else this.known[j] = 0;
      }
    }
  }

  /**
   * Ground-contact height of wheel i with its mid-plane on row `row`, centred on column `centre`: the
   * highest of its tread's rows' contacts (NaN when none is known).
   */
  private treadContact(i: number, row: number, centre: number, heights: Float64Array): number {
    let best = NaN;
    for (const r of this.tread[row]) {
      const z = this.contact(i, r, centre, heights);
      if (!(z <= best)) best = Number.isNaN(z) ? best : z;
    }
    return best;
  }

  /**
   * Ground-contact height of wheel i centred on column `centre` of its footprint row `row`: the
   * highest rim point over the mapped ground (`heights`: the map's, or the lowest or highest the
   * ground may be). NaN when fewer than three rim points are known.
   */
  private contact(i: number, row: number, centre: number, heights: Float64Array): number {
    const half = (this.rim.length - 1) / 2;
    let best = -Infinity, known = 0;
    for (let k = 0; k < this.rim.length; k++) {
      // The rim every map cell is every second column.
      const j = this.index(i, row, centre + 2 * (k - half));
      if (!this.known[j]) continue;
      known++;
      const z = heights[j] + this.rimLift[k];
      if (z > best) best = z;
    }
    return known >= 3 ? best : NaN;
  }

  /**
   * Belly clearance bound: the pan rides clearance_m above the ground plane its wheels define (its
   * lowest over the box of contact heights), leaning with the body (its plan shifts by its height
   * times the slope); every mapped point under it, taken at its highest, must stay below it by the margin.
   */
  private bellyClear(x: number, y: number, c: number, s: number, pitch: number, cross: number): boolean {
    const lift = this.geometry.belly.clearance_m, out = this.sampleOut;
    const du = -lift * pitch / Math.hypot(1, pitch), dv = -lift * cross / Math.hypot(1, cross);
    for (const p of this.belly) {
      const px = p.x + du, py = p.y + dv;
      // Ground under the pan the map does not know is let pass [assumed]: the wheels' ground is known
      // (checked above), and ground unseen between them lies mostly in a seen rock's shadow, below
      // the sight line over it, so no higher than the rock the pan is already checked against.
      if (!this.map.sample(x + px * c + py * s, y + px * s - py * c, out)) continue;
      const pan = minOver(p.ground, this.lo, this.hi) + lift;
      if (pan - (out.hi + MAP_SIGMAS * out.sigma) < this.limits.clearanceMarginM) return false;
    }
    return true;
  }
}
