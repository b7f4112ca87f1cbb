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
  /** Side of the square map (m): ENav's map is 30 m x 30 m (REFERENCE.md). */
  sizeM: number;
  /** Cell size (m). */
  cellM: number;
  /** Stereo points farther than this are not fused (m) [assumed: noise grows as range squared]. */
  maxRangeM: number;
  /** Disparity noise (px) used to weight points by their expected depth variance [assumed]. */
  disparityNoisePx: number;
}

export const DEFAULT_MAP_OPTIONS: LocalMapOptions = { sizeM: 30, cellM: 0.1, maxRangeM: 8, disparityNoisePx: 0.1 };

/**
 * The rover's local 2.5-D height map: stereo points placed with the onboard pose estimate (never the
 * truth) and fused per 10 cm cell as an inverse-variance weighted mean height, so near, precise
 * points outweigh far, noisy ones. Cells never seen are unknown (NaN).
 *
 * Storage is toroidal: a site cell (gx, gy) lives in slot (gx mod N, gy mod N) together with its own
 * key; a slot holding another cell's key reads as unknown. The map so always covers the N x N cells
 * around wherever the rover has looked last, keeps what it saw while the rover moves, and forgets
 * ground more than a map-width away without ever copying cells.
 */
export class LocalMap {
  readonly n: number;
  readonly cellM: number;
  private readonly keyX: Int32Array;
  private readonly keyY: Int32Array;
  private readonly sumW: Float32Array;
  private readonly sumWZ: Float32Array;
  /** Cells updated since the map was made (for tests and telemetry). */
  cellsUpdated = 0;

  constructor(readonly options: LocalMapOptions = DEFAULT_MAP_OPTIONS) {
    this.cellM = options.cellM;
    this.n = Math.round(options.sizeM / options.cellM);
    const n2 = this.n * this.n;
    this.keyX = new Int32Array(n2).fill(2 ** 31 - 1);
    this.keyY = new Int32Array(n2).fill(2 ** 31 - 1);
    this.sumW = new Float32Array(n2);
    this.sumWZ = new Float32Array(n2);
  }

  /** Fuses a stereo frame's valid points (every `stride`-th pixel) taken at `pose`. */
  addFrame(frame: StereoFrame, pose: MapPose, stride = 2): void {
    const R = siteFromRover(pose.headingRad, pose.pitchRad, pose.rollRad);
    const pts = frame.pointsRover, valid = frame.valid;
    const maxRange = this.options.maxRangeM;
    // Depth variance grows as (z^2 sigma_d / (f b))^2; the weight is its inverse (up to a constant).
    const k = this.options.disparityNoisePx / frame.focalPx;
    const { width, height } = frame;
    for (let r = 0; r < height; r += stride) {
      for (let c = 0; c < width; c += stride) {
        const i = r * width + c;
        if (!valid[i]) continue;
        const range = frame.rangeM[i];
        if (!(range <= maxRange)) continue;
        const px = pts[3 * i], py = pts[3 * i + 1], pz = pts[3 * i + 2];
        const x = R[0] * px + R[1] * py + R[2] * pz + pose.x;
        const y = R[3] * px + R[4] * py + R[5] * pz + pose.y;
        const z = R[6] * px + R[7] * py + R[8] * pz + pose.zM;
        const sigma = k * range * range + 0.005;
        this.accumulate(x, y, z, 1 / (sigma * sigma));
      }
    }
  }

  /** Fused height of the cell containing (x, y), NaN if unknown. */
  height(x: number, y: number): number {
    const gx = Math.floor(x / this.cellM), gy = Math.floor(y / this.cellM);
    const s = this.slot(gx, gy);
    if (this.keyX[s] !== gx || this.keyY[s] !== gy || this.sumW[s] === 0) return NaN;
    return this.sumWZ[s] / this.sumW[s];
  }

  /**
   * Height at (x, y) with small gaps filled: the cell's own height if known, else the highest known
   * cell within `reach` cells (conservative for hazards). Far from the cameras each image row spans
   * decimetres of ground, so 10 cm cells are seen only now and then; this bridges those gaps.
   */
  heightFilled(x: number, y: number, reach = 2): number {
    const gx = Math.floor(x / this.cellM), gy = Math.floor(y / this.cellM);
    const own = this.heightOfCell(gx, gy);
    if (!Number.isNaN(own)) return own;
    let best = NaN;
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        const h = this.heightOfCell(gx + dx, gy + dy);
        if (!Number.isNaN(h) && !(h <= best)) best = h; // the first known, then the highest
      }
    }
    return best;
  }

  /** Height of cell (gx, gy) by global cell index, NaN if unknown. */
  heightOfCell(gx: number, gy: number): number {
    const s = this.slot(gx, gy);
    if (this.keyX[s] !== gx || this.keyY[s] !== gy || this.sumW[s] === 0) return NaN;
    return this.sumWZ[s] / this.sumW[s];
  }

  private accumulate(x: number, y: number, z: number, w: number): void {
    const gx = Math.floor(x / this.cellM), gy = Math.floor(y / this.cellM);
    const s = this.slot(gx, gy);
    if (this.keyX[s] !== gx || this.keyY[s] !== gy) {
      this.keyX[s] = gx;
      this.keyY[s] = gy;
      this.sumW[s] = 0;
      this.sumWZ[s] = 0;
      this.cellsUpdated++;
    }
    this.sumW[s] += w;
    this.sumWZ[s] += w * z;
  }

  private slot(gx: number, gy: number): number {
    const n = this.n;
    return (((gx % n) + n) % n) * n + (((gy % n) + n) % n);
  }
}
