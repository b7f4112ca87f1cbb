import type { Rng } from '../../../src/core/random';
import { RockDiameterSampler } from './golombek-rapp';

/** Axis-aligned site-frame rectangle (m). */
export interface Region {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** One rock as callers see it. Rocks are half-ellipsoids resting on the base surface. */
export interface Rock {
  x: number;
  y: number;
  diameterM: number;
  heightM: number;
}

/**
 * All rocks of a site as parallel typed arrays, with a uniform bucket grid so that a point query
 * touches only the few rocks whose footprint covers its cell. Rocks stay analytic (never rasterised),
 * so a 1 km^2 site with ~10^6 cm-scale rocks costs tens of MB.
 */
export class RockField {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly radius: Float32Array;
  readonly height: Float32Array;
  private readonly cellSize: number;
  private readonly gridX0: number;
  private readonly gridY0: number;
  private readonly gridCols: number;
  private readonly gridRows: number;
  /** CSR layout: the entries of cell i are cellStart[i] .. cellStart[i+1]). */
  private readonly cellStart: Int32Array;
  /** Rock index of each entry. */
  private readonly cellItems: Int32Array;
  /**
   * Each entry's rock copied in beside it (x, y relative to the grid origin, R^2, height), so a
   * point query reads one contiguous block instead of four arrays at scattered rock indices.
   */
  private readonly cellData: Float32Array;

  constructor(rocks: { x: Float64Array; y: Float64Array; radius: Float32Array; height: Float32Array }, region: Region, cellSizeM = 1) {
    this.count = rocks.x.length;
    this.x = rocks.x;
    this.y = rocks.y;
    this.radius = rocks.radius;
    this.height = rocks.height;
    this.cellSize = cellSizeM;
    this.gridX0 = region.xMin;
    this.gridY0 = region.yMin;
    this.gridCols = Math.max(1, Math.ceil((region.xMax - region.xMin) / cellSizeM));
    this.gridRows = Math.max(1, Math.ceil((region.yMax - region.yMin) / cellSizeM));
    const nCells = this.gridCols * this.gridRows;
    const counts = new Int32Array(nCells + 1);
    this.forEachCoveredCell((cell) => counts[cell + 1]++);
    for (let i = 1; i <= nCells; i++) counts[i] += counts[i - 1];
    this.cellStart = counts;
    this.cellItems = new Int32Array(counts[nCells]);
    this.cellData = new Float32Array(4 * counts[nCells]);
    const fill = counts.slice(0, nCells);
    this.forEachCoveredCell((cell, rock) => {
      const j = fill[cell]++;
      this.cellItems[j] = rock;
      this.cellData[4 * j] = this.x[rock] - this.gridX0;
      this.cellData[4 * j + 1] = this.y[rock] - this.gridY0;
      this.cellData[4 * j + 2] = this.radius[rock] * this.radius[rock];
      this.cellData[4 * j + 3] = this.height[rock];
    });
  }

  static empty(region: Region): RockField {
    return new RockField(
      { x: new Float64Array(0), y: new Float64Array(0), radius: new Float32Array(0), height: new Float32Array(0) },
      region,
    );
  }

  rock(i: number): Rock {
    return { x: this.x[i], y: this.y[i], diameterM: 2 * this.radius[i], heightM: this.height[i] };
  }

  /**
   * Height (m) that rocks add above the base surface at (x, y): the tallest covering rock's
   * half-ellipsoid, z = h * sqrt(1 - (d/R)^2); 0 where no rock is.
   */
  heightAt(x: number, y: number): number {
    const lx = x - this.gridX0, ly = y - this.gridY0;
    const c = Math.floor(lx / this.cellSize), r = Math.floor(ly / this.cellSize);
    if (c < 0 || r < 0 || c >= this.gridCols || r >= this.gridRows) return 0;
    const cell = r * this.gridCols + c;
    const data = this.cellData;
    let best = 0;
    for (let j = 4 * this.cellStart[cell], end = 4 * this.cellStart[cell + 1]; j < end; j += 4) {
      const dx = lx - data[j], dy = ly - data[j + 1], r2 = data[j + 2];
      const d2 = dx * dx + dy * dy;
      if (d2 < r2) {
        const z = data[j + 3] * Math.sqrt(1 - d2 / r2);
        if (z > best) best = z;
      }
    }
    return best;
  }

  /** Index of the rock whose surface is highest at (x, y), or -1. */
  rockAt(x: number, y: number): number {
    const cell = this.cellOf(x, y);
    if (cell < 0) return -1;
    let best = -1, bestZ = 0;
    for (let j = this.cellStart[cell], end = this.cellStart[cell + 1]; j < end; j++) {
      const i = this.cellItems[j];
      const dx = x - this.x[i], dy = y - this.y[i], r = this.radius[i];
      const s = 1 - (dx * dx + dy * dy) / (r * r);
      if (s > 0 && this.height[i] * Math.sqrt(s) > bestZ) {
        bestZ = this.height[i] * Math.sqrt(s);
        best = i;
      }
    }
    return best;
  }

  /**
   * Gradient of the rock surface at (x, y) (dz/dx, dz/dy) from the highest covering rock; zero
   * where no rock is. The slope is capped near the rim, where the ellipsoid turns vertical.
   */
  gradientAt(x: number, y: number, out: { dzdx: number; dzdy: number }): void {
    const i = this.rockAt(x, y);
    if (i < 0) {
      out.dzdx = 0;
      out.dzdy = 0;
      return;
    }
    const dx = x - this.x[i], dy = y - this.y[i], r = this.radius[i], h = this.height[i];
    const s = Math.max(1 - (dx * dx + dy * dy) / (r * r), 0.0025);
    const f = -h / (r * r * Math.sqrt(s));
    out.dzdx = f * dx;
    out.dzdy = f * dy;
  }

  /**
   * Calls fn once for every rock whose footprint may overlap the box (it reaches into one of the
   * box's index cells); the caller does the exact test.
   */
  forEachRockNear(xMin: number, yMin: number, xMax: number, yMax: number, fn: (rock: number) => void): void {
    const s = this.cellSize;
    const c0 = Math.max(0, Math.floor((xMin - this.gridX0) / s)), c1 = Math.min(this.gridCols - 1, Math.floor((xMax - this.gridX0) / s));
    const r0 = Math.max(0, Math.floor((yMin - this.gridY0) / s)), r1 = Math.min(this.gridRows - 1, Math.floor((yMax - this.gridY0) / s));
    if (c0 > c1 || r0 > r1) return;
    const single = c0 === c1 && r0 === r1;
    const seen = single ? undefined : new Set<number>();
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.gridCols + c;
        for (let j = this.cellStart[cell], end = this.cellStart[cell + 1]; j < end; j++) {
          const rock = this.cellItems[j];
          if (seen) {
            if (seen.has(rock)) continue;
            seen.add(rock);
          }
          fn(rock);
        }
      }
    }
  }

  /** Bytes held by the rock arrays and the index. */
  get byteLength(): number {
    return this.x.byteLength * 2 + this.radius.byteLength * 2 + this.cellStart.byteLength + this.cellItems.byteLength + this.cellData.byteLength;
  }

  private cellOf(x: number, y: number): number {
    const c = Math.floor((x - this.gridX0) / this.cellSize);
    const r = Math.floor((y - this.gridY0) / this.cellSize);
    if (c < 0 || r < 0 || c >= this.gridCols || r >= this.gridRows) return -1;
    return r * this.gridCols + c;
  }

  private forEachCoveredCell(fn: (cell: number, rock: number) => void): void {
    const s = this.cellSize;
    for (let i = 0; i < this.count; i++) {
      const r = this.radius[i];
      const c0 = Math.max(0, Math.floor((this.x[i] - r - this.gridX0) / s));
      const c1 = Math.min(this.gridCols - 1, Math.floor((this.x[i] + r - this.gridX0) / s));
      const r0 = Math.max(0, Math.floor((this.y[i] - r - this.gridY0) / s));
      const r1 = Math.min(this.gridRows - 1, Math.floor((this.y[i] + r - this.gridY0) / s));
      for (let row = r0; row <= r1; row++) {
        for (let col = c0; col <= c1; col++) fn(row * this.gridCols + col, i);
      }
    }
  }
}

export interface RockPopulationParams {
  /** Total rock area fraction k of the Golombek-Rapp model, in (0, 1). */
  k: number;
  minDiameterM: number;
  maxDiameterM: number;
  /** Rock height / diameter; docs/reference.md gives ~0.5 [assumed]. */
  heightRatio: number;
  /** Each rock's height ratio is spread uniformly by +/- this fraction [assumed]. */
  heightRatioSpread: number;
  /** Clustered rocks (terrain/params.ts RockParams.clustering); absent or fraction 0: uniform. */
  clustering?: { fraction: number; clustersPerKm2: number; sigmaM: number; centres?: readonly { x: number; y: number }[] };
}

/** Where clusters of rocks gather: centres scattered over the region, then any given (crater rims). */
function clusterCentres(c: NonNullable<RockPopulationParams['clustering']>, region: Region, rng: Rng): { x: number; y: number }[] {
  const area = (region.xMax - region.xMin) * (region.yMax - region.yMin);
  const n = rng.poisson((c.clustersPerKm2 * area) / 1e6);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) out.push({ x: rng.uniform(region.xMin, region.xMax), y: rng.uniform(region.yMin, region.yMax) });
  return out.concat(c.centres ?? []);
}

/** Ground the rock field keeps free: every point within radiusM of the segment (x0, y0)-(x1, y1). */
export interface RockClearing {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  radiusM: number;
}

/** Whether a rock of radius r at (x, y) reaches into a clearing. */
export function reachesInto(c: RockClearing, x: number, y: number, r: number): boolean {
  const dx = c.x1 - c.x0, dy = c.y1 - c.y0, len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - c.x0) * dx + (y - c.y0) * dy) / len2)) : 0;
  return Math.hypot(x - (c.x0 + t * dx), y - (c.y0 + t * dy)) < c.radiusM + r;
}

/**
 * Scatters a Golombek-Rapp rock population over a region: uniformly, or with a share of the rocks
 * gathered in clusters. `excluded(x, y, radius)` may veto rocks (sand sheets bury them, the parked
 * rover's ground is clear); vetoed rocks are dropped, so the achieved abundance over the whole
 * region is lower there by design.
 */
export function scatterRocks(
  params: RockPopulationParams,
  region: Region,
  rng: Rng,
  excluded?: (x: number, y: number, radius: number) => boolean,
): RockField {
  const sampler = new RockDiameterSampler(params.k, params.minDiameterM, params.maxDiameterM);
  const area = (region.xMax - region.xMin) * (region.yMax - region.yMin);
  const n = rng.poisson(sampler.rocksPerM2 * area);
  const clustering = params.clustering && params.clustering.fraction > 0 ? params.clustering : undefined;
  const centres = clustering ? clusterCentres(clustering, region, rng) : [];
  const x = new Float64Array(n), y = new Float64Array(n);
  const radius = new Float32Array(n), height = new Float32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    // Always draw all four values so that a veto never shifts later rocks.
    let px = rng.uniform(region.xMin, region.xMax);
    let py = rng.uniform(region.yMin, region.yMax);
    const d = sampler.diameterFor(rng.next());
    const spread = 1 + params.heightRatioSpread * (2 * rng.next() - 1);
    if (clustering && centres.length) {
      // A clustered rock: about a centre, if it lands on the site (else it stays where it was drawn).
      const inCluster = rng.next() < clustering.fraction;
      const c = centres[Math.min(centres.length - 1, Math.floor(rng.next() * centres.length))];
      const cx = c.x + clustering.sigmaM * rng.normal(), cy = c.y + clustering.sigmaM * rng.normal();
      if (inCluster && cx >= region.xMin && cx <= region.xMax && cy >= region.yMin && cy <= region.yMax) {
        px = cx;
        py = cy;
      }
    }
    if (excluded?.(px, py, d / 2)) continue;
    x[kept] = px;
    y[kept] = py;
    radius[kept] = d / 2;
    height[kept] = d * params.heightRatio * spread;
    kept++;
  }
  return new RockField(
    { x: x.slice(0, kept), y: y.slice(0, kept), radius: radius.slice(0, kept), height: height.slice(0, kept) },
    region,
  );
}

/**
 * Cumulative fractional area of a rock field: the plan area of its rocks at least `minDiameterM`
 * wide over the region's area (overlaps counted twice, as Golombek and Rapp count it).
 */
export function measuredCfa(rocks: RockField, region: Region, minDiameterM = 0): number {
  let sum = 0;
  for (let i = 0; i < rocks.count; i++) if (2 * rocks.radius[i] >= minDiameterM) sum += Math.PI * rocks.radius[i] * rocks.radius[i];
  return sum / ((region.xMax - region.xMin) * (region.yMax - region.yMin));
}
