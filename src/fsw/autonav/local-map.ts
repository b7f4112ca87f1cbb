import { siteFromRover } from '../../core/geometry';
import type { StereoFrame } from '../ports';

/** Where the rover believed it was when it took a frame. */
export interface MapPose {
  x: number;
  y: number;
  /** Height of the rover origin on the onboard estimate (m). */
  zM: number;
  headingRad: number;
  rollRad: number;
  pitchRad: number;
}

export interface LocalMapOptions {
  /** Side of the square map (m): ENav's map is 30 m x 30 m (docs/reference.md). */
  sizeM: number;
  /** Cell size (m). */
  cellM: number;
  /** Stereo points farther than this are not fused (m) [assumed: noise grows as range squared]. */
  maxRangeM: number;
}

export const DEFAULT_MAP_OPTIONS: LocalMapOptions = { sizeM: 30, cellM: 0.1, maxRangeM: 8 };

/**
 * Height error of a stereo point besides its range noise [assumed]: attitude knowledge (the IMU's
 * ~0.05 deg, i.e. ~1 mm per metre of range) and calibration, and a floor for pose-estimate jitter.
 */
const ATTITUDE_ERROR_RAD = 1e-3;
const FLOOR_ERROR_M = 0.005;
/**
 * A range error also moves the point along the ground, which on sloping ground is a height error:
 * this share of the horizontal error is counted as height (a ~17 deg local slope) [assumed].
 */
const SLOPE_SHARE = 0.3;
/** A frame is registered in height on the ground it shares with the map within this range (m), where stereo is best [assumed]... */
const REGISTER_RANGE_M = 5;
/** ...if it shares this many points with it (every other point is compared) [assumed]. */
const REGISTER_MIN_POINTS = 100;
/** Gaps are filled from known cells at most this many cells away [assumed]. */
const FILL_REACH = 2;

/**
 * A height read from the map: the fused height, and where the ground may lie: between lo and hi
 * (equal to z in a cell that was seen; a filled gap spans what its neighbours show), give or take
 * sigma (1 sigma of what was seen, m).
 */
export interface MapSample {
  z: number;
  lo: number;
  hi: number;
  sigma: number;
}

/**
 * The rover's local 2.5-D height map, in the site frame as the onboard pose estimate has it (never
 * the truth). Each 10 cm cell fuses its observations (stereo points, the ground under the wheels)
 * into a small plane, an inverse-variance weighted least-squares fit, so that a read inside the cell
 * follows the ground's slope instead of stepping from cell to cell; the cell's uncertainty is the fit's
 * standard error plus the scatter left about it (relief inside the cell, an edge, disagreeing looks).
 * A cell seen by few points keeps a flat fit (its mean). Cells never seen are unknown (NaN).
 *
 * Storage is toroidal: a site cell (gx, gy) lives in slot (gx mod N, gy mod N) together with its own
 * key; a slot holding another cell's key reads as unknown. The map so always covers the N x N cells
 * around wherever the rover has looked last, keeps what it saw while the rover moves, and forgets
 * ground more than a map-width away without ever copying cells. When the pose estimate is corrected
 * (a sun update turns the heading), `reregister` moves the map with it: every later read and write
 * goes through that correction, so what the rover saw stays where it is relative to the rover.
 */
export class LocalMap {
  readonly n: number;
  readonly cellM: number;
  private readonly keyX: Int32Array;
  private readonly keyY: Int32Array;
  private readonly count: Int32Array;
  /** Height the cell's sums are taken relative to (its first observation), for precision. */
  private readonly z0: Float64Array;
  /** Weighted sums per cell, positions relative to the cell's centre: w, wz, wzz, wx, wy, wxx, wyy, wxy, wxz, wyz. */
  private readonly sums: Float64Array;
  /** The fit per cell (height at the centre, slopes along x and y, sigma), refreshed when the cell changes. */
  private readonly fit: Float64Array;
  private readonly stale: Uint8Array;
  /** 1 where stereo has seen the cell (not only the rover's assumptions about the ground it stands on). */
  private readonly seen: Uint8Array;
  /** Site (current estimate) to map frame: p_map = (cos, -sin; sin, cos) p + (ox, oy), z_map = z + dz. */
  private frame = { cos: 1, sin: 0, ox: 0, oy: 0, dz: 0 };
  /** Reused by addFrame: a frame's points (x, y, z, sigma) and their differences from the map. */
  private scratch = new Float64Array(0);
  private residuals = new Float64Array(0);
  /** Cells updated since the map was made (for tests and telemetry). */
  cellsUpdated = 0;

  constructor(readonly options: LocalMapOptions = DEFAULT_MAP_OPTIONS) {
    this.cellM = options.cellM;
    this.n = Math.round(options.sizeM / options.cellM);
    const n2 = this.n * this.n;
    this.keyX = new Int32Array(n2).fill(2 ** 31 - 1);
    this.keyY = new Int32Array(n2).fill(2 ** 31 - 1);
    this.count = new Int32Array(n2);
    this.z0 = new Float64Array(n2);
    this.sums = new Float64Array(SUMS * n2);
    this.fit = new Float64Array(4 * n2);
    this.stale = new Uint8Array(n2);
    this.seen = new Uint8Array(n2);
  }

  /**
   * Fuses a stereo frame's valid points (every `stride`-th pixel; frames arrive at the onboard
   * stereo's resolution, so every pixel by default) taken at `pose`. A point's height
   * error follows from its range error (sigma_z = z^2 sigma_d / (f b), the correlator's model), split
   * into its vertical part and, on sloping ground, the part its sideways displacement makes.
   *
   * The frame is first registered in height to what the map already holds: the pose estimate's
   * height comes from odometry along the IMU's pitch, which drifts (a body pitched over a rock reads
   * as a climb), and frames fused at different heights would put steps in the map where there are
   * none. The median difference over the ground both see (within REGISTER_RANGE_M) moves the frame;
   * returns that correction (m, 0 when too little overlaps), which is also the error of pose.zM.
   */
  addFrame(frame: StereoFrame, pose: MapPose, stride = 1): number {
    const R = siteFromRover(pose.headingRad, pose.pitchRad, pose.rollRad);
    const pts = frame.pointsRover, valid = frame.valid;
    const maxRange = this.options.maxRangeM;
    const k = frame.disparityNoisePx / (frame.focalPx * frame.baselineM);
    const [cx, cy, cz] = frame.centreRover;
    const cxs = R[0] * cx + R[1] * cy + R[2] * cz, cys = R[3] * cx + R[4] * cy + R[5] * cz, czs = R[6] * cx + R[7] * cy + R[8] * cz;
    const { width, height } = frame;
    const capacity = Math.ceil(height / stride) * Math.ceil(width / stride);
    if (this.scratch.length < 4 * capacity) this.scratch = new Float64Array(4 * capacity);
    if (this.residuals.length < capacity) this.residuals = new Float64Array(capacity);
    const points = this.scratch, residuals = this.residuals;
    let nPoints = 0, nResiduals = 0;
    for (let r = 0; r < height; r += stride) {
      for (let c = 0; c < width; c += stride) {
        const i = r * width + c;
        if (!valid[i]) continue;
        const range = frame.rangeM[i];
        if (!(range <= maxRange)) continue;
        const px = pts[3 * i], py = pts[3 * i + 1], pz = pts[3 * i + 2];
        const dx = R[0] * px + R[1] * py + R[2] * pz, dy = R[3] * px + R[4] * py + R[5] * pz, dz = R[6] * px + R[7] * py + R[8] * pz;
        // Unit ray from the camera: its vertical share turns range error into height error.
        const rx = dx - cxs, ry = dy - cys;
        const vertical = Math.abs(dz - czs) / range;
        const horizontal = Math.sqrt(rx * rx + ry * ry) / range;
        const along = k * range * range * (vertical + SLOPE_SHARE * horizontal), attitude = ATTITUDE_ERROR_RAD * range;
        const sigma = Math.sqrt(along * along + attitude * attitude + FLOOR_ERROR_M * FLOOR_ERROR_M);
        const x = dx + pose.x, y = dy + pose.y, z = dz + pose.zM;
        const o = 4 * nPoints++;
        points[o] = x;
        points[o + 1] = y;
        points[o + 2] = z;
        points[o + 3] = sigma;
        if (range <= REGISTER_RANGE_M && (nPoints & 1) === 0) {
          // Against what stereo saw before, not against what the rover assumed (the ground under it).
          const seen = this.seenHeight(x, y);
          if (!Number.isNaN(seen)) residuals[nResiduals++] = seen - z;
        }
      }
    }
    let shift = 0;
    if (nResiduals >= REGISTER_MIN_POINTS) {
      const sorted = residuals.subarray(0, nResiduals).sort();
      shift = sorted[nResiduals >> 1];
    }
    for (let j = 0; j < 4 * nPoints; j += 4) this.seen[this.fuse(points[j], points[j + 1], points[j + 2] + shift, points[j + 3])] = 1;
    return shift;
  }

  /** Fuses one height observation at site (x, y) with its 1-sigma error (m), from anything but stereo. */
  addPoint(x: number, y: number, z: number, sigmaM: number): void {
    this.fuse(x, y, z, sigmaM);
  }

  /** Fuses one observation; returns its slot. */
  private fuse(x: number, y: number, z: number, sigmaM: number): number {
    const f = this.frame, cell = this.cellM;
    const mx = f.cos * x - f.sin * y + f.ox, my = f.sin * x + f.cos * y + f.oy;
    const gx = Math.floor(mx / cell), gy = Math.floor(my / cell);
    const s = this.slot(gx, gy);
    const zm = z + f.dz;
    if (this.keyX[s] !== gx || this.keyY[s] !== gy || this.count[s] === 0) {
      this.keyX[s] = gx;
      this.keyY[s] = gy;
      this.count[s] = 0;
      this.z0[s] = zm;
      this.sums.fill(0, SUMS * s, SUMS * s + SUMS);
      this.seen[s] = 0;
      this.cellsUpdated++;
    }
    const w = 1 / (sigmaM * sigmaM);
    const u = mx - (gx + 0.5) * cell, v = my - (gy + 0.5) * cell, h = zm - this.z0[s];
    const o = SUMS * s, m = this.sums;
    m[o] += w;
    m[o + 1] += w * h;
    m[o + 2] += w * h * h;
    m[o + 3] += w * u;
    m[o + 4] += w * v;
    m[o + 5] += w * u * u;
    m[o + 6] += w * v * v;
    m[o + 7] += w * u * v;
    m[o + 8] += w * u * h;
    m[o + 9] += w * v * h;
    this.count[s]++;
    this.stale[s] = 1;
    // A sparse neighbour borrows its slope from this cell (refresh): it must be refitted too.
    this.stale[this.slot(gx + 1, gy)] = this.stale[this.slot(gx - 1, gy)] = this.stale[this.slot(gx, gy + 1)] = this.stale[this.slot(gx, gy - 1)] = 1;
    return s;
  }

  /** Height at (x, y) if stereo has seen its cell, else NaN. */
  private seenHeight(x: number, y: number): number {
    const f = this.frame;
    const mx = f.cos * x - f.sin * y + f.ox, my = f.sin * x + f.cos * y + f.oy;
    const gx = Math.floor(mx / this.cellM), gy = Math.floor(my / this.cellM);
    const s = this.slotOfCell(gx, gy);
    return s < 0 || !this.seen[s] ? NaN : this.heightIn(s, gx, gy, mx, my) - f.dz;
  }

  /** Fuses a height observation at (x, y) only if its cell holds nothing yet (a prior, not a measurement). */
  addPointIfUnknown(x: number, y: number, z: number, sigmaM: number): void {
    if (Number.isNaN(this.height(x, y))) this.addPoint(x, y, z, sigmaM);
  }

  /**
   * The ground at (x, y) cannot be above zMax (something rests on it there): a cell the map puts
   * higher by more than `toleranceM` holds a misplaced observation, and the bound replaces it.
   */
  clampAbove(x: number, y: number, zMax: number, toleranceM: number, sigmaM: number): void {
    const z = this.height(x, y);
    if (!(z > zMax + toleranceM)) return;
    const f = this.frame;
    const mx = f.cos * x - f.sin * y + f.ox, my = f.sin * x + f.cos * y + f.oy;
    this.count[this.slot(Math.floor(mx / this.cellM), Math.floor(my / this.cellM))] = 0;
    this.addPoint(x, y, zMax, sigmaM);
  }

  /** Fused height at (x, y), NaN if its cell is unknown. */
  height(x: number, y: number): number {
    const f = this.frame;
    const mx = f.cos * x - f.sin * y + f.ox, my = f.sin * x + f.cos * y + f.oy;
    const gx = Math.floor(mx / this.cellM), gy = Math.floor(my / this.cellM);
    const s = this.slotOfCell(gx, gy);
    return s < 0 ? NaN : this.heightIn(s, gx, gy, mx, my) - f.dz;
  }

  /**
   * Height and uncertainty at (x, y), small gaps filled: the cell itself if known, else the mean of
   * the known cells within two cells (far from the cameras each image row spans decimetres, so
   * 10 cm cells are seen only now and then), spanning from the lowest to the highest of them. A fill
   * so never makes a step the stereo did not see. Returns false (and leaves `out` alone) where
   * nothing near is known.
   */
  sample(x: number, y: number, out: MapSample): boolean {
    const f = this.frame;
    const mx = f.cos * x - f.sin * y + f.ox, my = f.sin * x + f.cos * y + f.oy;
    const gx = Math.floor(mx / this.cellM), gy = Math.floor(my / this.cellM);
    const own = this.slotOfCell(gx, gy);
    if (own >= 0) {
      out.z = out.lo = out.hi = this.heightIn(own, gx, gy, mx, my) - f.dz;
      out.sigma = this.fit[4 * own + 3];
      return true;
    }
    let sum = 0, n = 0, lo = Infinity, hi = -Infinity, sigma = 0;
    for (let dx = -FILL_REACH; dx <= FILL_REACH; dx++) {
      for (let dy = -FILL_REACH; dy <= FILL_REACH; dy++) {
        const s = this.slotOfCell(gx + dx, gy + dy);
        if (s < 0) continue;
        this.refresh(s);
        const z = this.fit[4 * s];
        sum += z;
        n++;
        if (z < lo) lo = z;
        if (z > hi) hi = z;
        sigma = Math.max(sigma, this.fit[4 * s + 3]);
      }
    }
    if (!n) return false;
    out.z = sum / n - f.dz;
    out.lo = lo - f.dz;
    out.hi = hi - f.dz;
    out.sigma = sigma;
    return true;
  }

  /**
   * The pose estimate was corrected: it turned by dHeadingRad about (pivotX, pivotY) and moved by
   * (dx, dy, dz). The map moves with it, so that it stays where it was relative to the rover.
   */
  reregister(pivotX: number, pivotY: number, dHeadingRad: number, dx = 0, dy = 0, dz = 0): void {
    // A point the old estimate put at p is now at p' = Rot(d) (p - pivot) + pivot + delta. The map
    // keeps p: F'(p') = F(p) with p = Rot(-d) p' + a, a = Rot(-d) (-pivot - delta) + pivot.
    const c = Math.cos(-dHeadingRad), s = Math.sin(-dHeadingRad);
    const qx = -pivotX - dx, qy = -pivotY - dy;
    const ax = c * qx - s * qy + pivotX, ay = s * qx + c * qy + pivotY;
    const f = this.frame;
    this.frame = {
      cos: f.cos * c - f.sin * s,
      sin: f.sin * c + f.cos * s,
      ox: f.cos * ax - f.sin * ay + f.ox,
      oy: f.sin * ax + f.cos * ay + f.oy,
      dz: f.dz - dz,
    };
  }

  /** Height (map frame) of slot s, cell (gx, gy), at map point (mx, my). */
  private heightIn(s: number, gx: number, gy: number, mx: number, my: number): number {
    this.refresh(s);
    const o = 4 * s, cell = this.cellM;
    return this.fit[o] + this.fit[o + 1] * (mx - (gx + 0.5) * cell) + this.fit[o + 2] * (my - (gy + 0.5) * cell);
  }

  /**
   * Refits a changed cell: z = a + b u + c v by weighted least squares, its sigma the fit's
   * standard error plus the residual scatter. A cell with fewer than PLANE_MIN_POINTS takes its
   * slope from its neighbours' means instead (far from the cameras a cell holds a point or two, and
   * a flat fit would read a slope's rise across the cell as a step).
   */
  private refresh(s: number): void {
    if (!this.stale[s]) return;
    this.stale[s] = 0;
    const m = this.sums, o = SUMS * s;
    const w = m[o], n = this.count[s];
    let a = m[o + 1] / w, b = 0, c = 0, params = 1;
    if (n < PLANE_MIN_POINTS) {
      const gx = this.keyX[s], gy = this.keyY[s];
      b = this.borrowedSlope(s, gx, gy, 1, 0);
      c = this.borrowedSlope(s, gx, gy, 0, 1);
      a -= b * (m[o + 3] / w) + c * (m[o + 4] / w);
    } else {
      // Normal equations about the weighted centroid; a ridge keeps a thin spread of points from tilting the fit.
      const ub = m[o + 3] / w, vb = m[o + 4] / w;
      const ridge = RIDGE * this.cellM * this.cellM;
      const suu = m[o + 5] / w - ub * ub + ridge, svv = m[o + 6] / w - vb * vb + ridge, suv = m[o + 7] / w - ub * vb;
      const suh = m[o + 8] / w - ub * a, svh = m[o + 9] / w - vb * a;
      const det = suu * svv - suv * suv;
      b = (svv * suh - suv * svh) / det;
      c = (suu * svh - suv * suh) / det;
      a -= b * ub + c * vb;
      params = 3;
    }
    // Weighted mean squared residual: sum w (h - a - b u - c v)^2 / w, expanded over the sums.
    const rss = m[o + 2] - 2 * (a * m[o + 1] + b * m[o + 8] + c * m[o + 9])
      + a * a * w + b * b * m[o + 5] + c * c * m[o + 6] + 2 * (a * b * m[o + 3] + a * c * m[o + 4] + b * c * m[o + 7]);
    const scatter = n > params ? (Math.max(0, rss) / w) * (n / (n - params)) : 0;
    const f = this.fit, q = 4 * s;
    f[q] = a + this.z0[s];
    f[q + 1] = b;
    f[q + 2] = c;
    f[q + 3] = Math.sqrt(1 / w + scatter);
  }

  /**
   * Slope along (dx, dy) (one of the axes) through the means of the cells either side of slot s,
   * each at the centroid of its points; one side with s itself; 0 when neither side is known.
   */
  private borrowedSlope(s: number, gx: number, gy: number, dx: number, dy: number): number {
    const m = this.sums, cell = this.cellM, axis = dx ? 3 : 4;
    const at = (slot: number, g: number) => ({ z: m[SUMS * slot + 1] / m[SUMS * slot] + this.z0[slot], p: (g + 0.5) * cell + m[SUMS * slot + axis] / m[SUMS * slot] });
    const self = at(s, dx ? gx : gy);
    const hiSlot = this.slotOfCell(gx + dx, gy + dy), loSlot = this.slotOfCell(gx - dx, gy - dy);
    const hi = hiSlot >= 0 ? at(hiSlot, (dx ? gx : gy) + 1) : self, lo = loSlot >= 0 ? at(loSlot, (dx ? gx : gy) - 1) : self;
    return hi.p - lo.p > 1e-9 ? (hi.z - lo.z) / (hi.p - lo.p) : 0;
  }

  /** The slot holding cell (gx, gy) with something in it, or -1. */
  private slotOfCell(gx: number, gy: number): number {
    const s = this.slot(gx, gy);
    return this.keyX[s] !== gx || this.keyY[s] !== gy || this.count[s] === 0 ? -1 : s;
  }

  private slot(gx: number, gy: number): number {
    const n = this.n;
    return (((gx % n) + n) % n) * n + (((gy % n) + n) % n);
  }
}

/** Weighted sums kept per cell. */
const SUMS = 10;
/** A cell fits a slope once it has this many points [assumed]; fewer keep a flat fit. */
const PLANE_MIN_POINTS = 6;
/** Ridge on the slope fit, as a share of the cell's area: a few points in a line must not tilt it. */
const RIDGE = 0.001;
