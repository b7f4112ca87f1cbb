import { GAIN_DN } from '../terrain/orbital/orthoimage';
import { SOIL_ALBEDO, type SoilClass } from '../terrain/soil';
import type { TruthTerrain } from '../terrain/terrain';
import type { CameraModel, RenderedFrame } from './camera-model';
import type { RoverPlacement } from '../vehicle/placement';
import type { RenderOptions } from './render';

/**
 * Max-height pyramid over the base grid's cells: level 0 holds, per cell, an upper bound of the
 * truth surface over it (the cell's four posts, plus ripple crests where sand lies, plus the top of
 * every rock that reaches into it); each level above takes the max of 2 x 2 cells below. A ray
 * that passes above a cell's bound cannot hit anything in it, so whole regions are skipped at once.
 */
export class MaxPyramid {
  /** levels[k] has ceil(cells / 2^k) cells a side; index row * cols + col, row 0 at the base's north edge. */
  readonly levels: { cols: number; rows: number; max: Float32Array }[] = [];

  constructor(readonly terrain: TruthTerrain) {
    const base = terrain.base;
    const cols = base.cols - 1, rows = base.rows - 1;
    const max = new Float32Array(cols * rows);
    const v = base.values;
    const sand = terrain.sand;
    const rippleTop = sand.params.ripple_height_m;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * base.cols + c;
        let m = Math.max(v[i], v[i + 1], v[i + base.cols], v[i + base.cols + 1]);
        if (sand.cellHasSand[i] === 1) m += rippleTop;
        max[r * cols + c] = m;
      }
    }
    const rocks = terrain.rocks;
    for (let k = 0; k < rocks.count; k++) {
      const R = rocks.radius[k];
      const c0 = Math.max(0, Math.floor(base.colOf(rocks.x[k] - R))), c1 = Math.min(cols - 1, Math.floor(base.colOf(rocks.x[k] + R)));
      const r0 = Math.max(0, Math.floor(base.rowOf(rocks.y[k] + R))), r1 = Math.min(rows - 1, Math.floor(base.rowOf(rocks.y[k] - R)));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          // The rock sits on ground no higher than this cell's bound (ripples included; sand has no rocks).
          const i = r * base.cols + c;
          const ground = Math.max(v[i], v[i + 1], v[i + base.cols], v[i + base.cols + 1]);
          max[r * cols + c] = Math.max(max[r * cols + c], ground + rocks.height[k]);
        }
      }
    }
    this.levels.push({ cols, rows, max });
    while (this.levels[this.levels.length - 1].cols > 1 || this.levels[this.levels.length - 1].rows > 1) {
      const below = this.levels[this.levels.length - 1];
      const up = { cols: Math.ceil(below.cols / 2), rows: Math.ceil(below.rows / 2), max: new Float32Array(0) };
      up.max = new Float32Array(up.cols * up.rows).fill(-Infinity);
      for (let r = 0; r < below.rows; r++) {
        for (let c = 0; c < below.cols; c++) {
          const j = (r >> 1) * up.cols + (c >> 1);
          if (below.max[r * below.cols + c] > up.max[j]) up.max[j] = below.max[r * below.cols + c];
        }
      }
      this.levels.push(up);
    }
  }
}

const pyramids = new WeakMap<TruthTerrain, MaxPyramid>();

/** The pyramid of a terrain, built on first use. */
export function maxPyramidOf(terrain: TruthTerrain): MaxPyramid {
  let p = pyramids.get(terrain);
  if (!p) {
    p = new MaxPyramid(terrain);
    pyramids.set(terrain, p);
  }
  return p;
}

/** Fine-march step inside a candidate cell: never more than this (m), nor more than ~half a pixel footprint. */
const MAX_STEP_M = 0.02;
const BISECTIONS = 14;

/**
 * The reference renderer: casts one ray per pixel against the exact truth surface. The max-height
 * pyramid skips empty space; inside a cell the ray may hit, it marches in steps of at most 2 cm (or
 * half a pixel's footprint) and refines the crossing by bisection to ~0.1 mm. Slow (about 1.5 s a 512 x 384
 * frame) but exact up to that step: it checks the fast z-buffer renderer (renderFrame), and
 * `rover view --exact` uses it.
 */
export function rayCastFrame(terrain: TruthTerrain, camera: CameraModel, rover: RoverPlacement, options: RenderOptions): RenderedFrame {
  const W = camera.width, H = camera.height, n = W * H;
  const rangeM = new Float32Array(n).fill(NaN);
  const pointsRover = new Float32Array(3 * n).fill(NaN);
  const image = new Uint8Array(n);
  const soil = new Uint8Array(n).fill(255);
  const R = rover.rotation, rc = camera.roverFromCamera, cr = camera.centreInRover;
  const C = [
    R[0] * cr[0] + R[1] * cr[1] + R[2] * cr[2] + rover.origin[0],
    R[3] * cr[0] + R[4] * cr[1] + R[5] * cr[2] + rover.origin[1],
    R[6] * cr[0] + R[7] * cr[1] + R[8] * cr[2] + rover.origin[2],
  ];
  const tracer = new RayTracer(terrain, maxPyramidOf(terrain));
  const maxRange = camera.spec.render_range_m;
  const rays = camera.pixelRays();
  const sun = options.sun, ambient = options.ambient ?? 0.3;
  const pixelAngle = 1 / camera.f;
  for (let i = 0; i < n; i++) {
    // Ray in the rover frame, then the site frame (unit length: t is the range).
    const norm = rays.norm[i];
    const cx = rays.x[i] / norm, cy = rays.y[i] / norm, cz = 1 / norm;
    const rx = rc[0] * cx + rc[1] * cy + rc[2] * cz, ry = rc[3] * cx + rc[4] * cy + rc[5] * cz, rz = rc[6] * cx + rc[7] * cy + rc[8] * cz;
    const dx = R[0] * rx + R[1] * ry + R[2] * rz, dy = R[3] * rx + R[4] * ry + R[5] * rz, dz = R[6] * rx + R[7] * ry + R[8] * rz;
    const t = tracer.trace(C[0], C[1], C[2], dx, dy, dz, maxRange, pixelAngle);
    if (!(t > 0)) continue;
    rangeM[i] = t;
    pointsRover[3 * i] = cr[0] + t * rx;
    pointsRover[3 * i + 1] = cr[1] + t * ry;
    pointsRover[3 * i + 2] = cr[2] + t * rz;
    const hx = C[0] + t * dx, hy = C[1] + t * dy;
    const s = terrain.soilAt(hx, hy);
    const normal = terrain.normalAt(hx, hy);
    const cosI = Math.max(0, normal.x * sun.x + normal.y * sun.y + normal.z * sun.z);
    soil[i] = s;
    image[i] = Math.max(1, Math.min(255, Math.round(GAIN_DN * SOIL_ALBEDO[s as SoilClass] * (ambient + (1 - ambient) * cosI))));
  }
  return { camera, rangeM, pointsRover, image, soil };
}

class RayTracer {
  private readonly x0: number;
  private readonly yTop: number;
  private readonly spacing: number;

  constructor(private readonly terrain: TruthTerrain, private readonly pyramid: MaxPyramid) {
    this.x0 = terrain.base.x0;
    this.yTop = terrain.base.y0;
    this.spacing = terrain.base.spacing;
  }

  /** Range of the first hit along a unit ray from (ox, oy, oz), or NaN if none within maxRange. */
  trace(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxRange: number, pixelAngle: number): number {
    const levels = this.pyramid.levels;
    const top = levels.length - 1;
    // Grid coordinates: u along columns (east), w along rows (south), in level-0 cells.
    const s = this.spacing;
    const u0 = (ox - this.x0) / s, w0 = (this.yTop - oy) / s;
    const du = dx / s, dw = -dy / s;
    // Clip the ray to the grid's extent.
    let tStart = 0, tEnd = maxRange;
    const clip = (p: number, d: number, hi: number): boolean => {
      if (Math.abs(d) < 1e-15) return p >= 0 && p <= hi;
      let a = (0 - p) / d, b = (hi - p) / d;
      if (a > b) [a, b] = [b, a];
      tStart = Math.max(tStart, a);
      tEnd = Math.min(tEnd, b);
      return tStart <= tEnd;
    };
    if (!clip(u0, du, levels[0].cols) || !clip(w0, dw, levels[0].rows)) return NaN;
    let t = tStart;
    let level = top;
    while (t < tEnd) {
      const L = levels[level];
      const scale = 2 ** level;
      const u = (u0 + du * t) / scale, w = (w0 + dw * t) / scale;
      const c = Math.min(L.cols - 1, Math.max(0, Math.floor(u + (du > 0 ? 1e-9 : -1e-9))));
      const r = Math.min(L.rows - 1, Math.max(0, Math.floor(w + (dw > 0 ? 1e-9 : -1e-9))));
      // Where the ray leaves this cell.
      const tu = du > 0 ? ((c + 1) * scale - u0) / du : du < 0 ? (c * scale - u0) / du : Infinity;
      const tw = dw > 0 ? ((r + 1) * scale - w0) / dw : dw < 0 ? (r * scale - w0) / dw : Infinity;
      const tExit = Math.min(tu, tw, tEnd);
      const zMin = oz + dz * (dz < 0 ? tExit : t);
      if (zMin > L.max[r * L.cols + c]) {
        t = tExit + 1e-9;
        if (level < top) level++;
        continue;
      }
      if (level > 0) {
        level--;
        continue;
      }
      const hit = this.march(ox, oy, oz, dx, dy, dz, t, tExit, pixelAngle);
      if (hit >= 0) return hit;
      t = tExit + 1e-9;
    }
    return NaN;
  }

  /** First crossing below the surface in [t0, t1], refined by bisection; -1 if none. */
  private march(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, t0: number, t1: number, pixelAngle: number): number {
    const h = this.terrain;
    const above = (t: number): boolean => oz + dz * t > h.heightAt(ox + dx * t, oy + dy * t);
    let prev = t0;
    if (!above(prev)) return prev; // starts inside: the crossing was at the cell boundary
    while (prev < t1) {
      const step = Math.min(MAX_STEP_M, Math.max(0.002, 0.5 * pixelAngle * prev));
      const next = Math.min(t1, prev + step);
      if (!above(next)) {
        let lo = prev, hi = next;
        for (let k = 0; k < BISECTIONS; k++) {
          const mid = 0.5 * (lo + hi);
          if (above(mid)) lo = mid;
          else hi = mid;
        }
        return hi;
      }
      prev = next;
    }
    return -1;
  }
}
