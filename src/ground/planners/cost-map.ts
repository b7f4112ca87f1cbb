import { SoilClass } from '../../core/soil-class';
import { insideKeepIn, type Mission } from '../mission';
import type { OrbitalMaps } from '../orbital-maps';
import type { CostGrid } from './field-dstar';

/*
 * The baseline's cost map: one cell per orbital DEM post (centred on it), cost per metre driven.
 * Flat open ground costs 1; slope adds a quadratic penalty up to the limit and is impassable above
 * it; sand ripples cost extra (the rover slips and embeds in them); rocks resolved from orbit, keep-out
 * zones and the keep-in edges are impassable within the margin. Weights are [assumed]: they set how
 * far the baseline detours to avoid slope and sand, as a human planner's judgement would.
 */

/** Extra cost per metre at the slope limit (quadratic in slope / limit). */
export const SLOPE_WEIGHT = 2;
/**
 * Extra cost per metre with sand under the rover (its centre within the margin of sand): a 10 m
 * sand crossing costs a 90 m detour on flat ground.
 */
export const SAND_PENALTY = 8;
/** Extra cost per metre within two margins of a rock seen from orbit (beyond the impassable margin). */
export const ROCK_HALO_PENALTY = 1;

export interface CostMapOptions {
  /**
   * Replanning from where the rover stands: ground within this radius (m) of the start is passable
   * (at the slope limit's cost) whatever the maps say, since the rover is already on it.
   */
  startClearanceM?: number;
}

/**
 * How far beyond its radius a zone is impassable (m): the margin, and half a cell's diagonal as
 * well, so no point of a passable cell is within the margin of a zone (the flight rules measure
 * straight legs against the zones themselves).
 */
export function zoneReachM(maps: OrbitalMaps, rules: Mission['rules']): number {
  return rules.margin_m + (maps.dem.spacing * Math.SQRT2) / 2;
}

export function buildCostMap(maps: OrbitalMaps, mission: Mission, options: CostMapOptions = {}): CostGrid {
  const { dem, slopeDeg, soil } = maps;
  const { rules } = mission;
  const s = dem.spacing;
  const zoneMargin = zoneReachM(maps, rules);
  const cost = new Float32Array(dem.rows * dem.cols);
  for (let r = 0; r < dem.rows; r++) {
    for (let c = 0; c < dem.cols; c++) {
      const i = r * dem.cols + c;
      const slope = slopeDeg.values[i];
      const x = dem.xOf(c), y = dem.yOf(r);
      if (Number.isNaN(dem.values[i]) || Number.isNaN(slope) || slope > rules.max_slope_deg || !insideKeepIn(mission.keepIn, x, y, zoneMargin)) {
        cost[i] = Infinity;
        continue;
      }
      const t = slope / rules.max_slope_deg;
      cost[i] = 1 + SLOPE_WEIGHT * t * t;
    }
  }
  // Sand: the rover's wheels are in it while its centre is within the margin (half its width and more).
  const sandy = new Uint8Array(cost.length);
  for (let i = 0; i < soil.values.length; i++) {
    if (soil.values[i] !== SoilClass.sand) continue;
    forDisc(maps, dem.xOf(i % dem.cols), dem.yOf(Math.floor(i / dem.cols)), rules.margin_m, (j) => (sandy[j] = 1));
  }
  for (let i = 0; i < cost.length; i++) if (sandy[i]) cost[i] += SAND_PENALTY;
  // Rocks: impassable within the margin of any rock post, a soft halo out to twice the margin.
  const halo = new Uint8Array(cost.length);
  for (let i = 0; i < soil.values.length; i++) {
    if (soil.values[i] !== SoilClass.bigRock) continue;
    const x = dem.xOf(i % dem.cols), y = dem.yOf(Math.floor(i / dem.cols));
    forDisc(maps, x, y, 2 * rules.margin_m, (j, d) => {
      if (d <= rules.margin_m) cost[j] = Infinity;
      else if (!halo[j]) {
        halo[j] = 1;
        cost[j] += ROCK_HALO_PENALTY;
      }
    });
  }
  // The rover's own ground is passable (it stands there, be it near a rock or on a slope)...
  const own = new Uint8Array(cost.length);
  if (options.startClearanceM) {
    forDisc(maps, mission.start.x_m, mission.start.y_m, options.startClearanceM, (j) => {
      own[j] = 1;
      if (!Number.isFinite(cost[j])) cost[j] = 1 + SLOPE_WEIGHT;
    });
  }
  // ...but nothing, not even that, overrides a keep-out: zones last. On the rover's own ground a
  // zone reaches as far as the flight rules measure it (the margin), not the half cell more: the
  // rover may stand just beyond the margin (its navigation keeps out of the zone itself), and must
  // be able to plan its way out from there.
  for (const z of mission.keepOut) {
    forDisc(maps, z.x_m, z.y_m, z.radius_m + zoneMargin, (j, d) => {
      if (!own[j] || d <= z.radius_m + rules.margin_m) cost[j] = Infinity;
    });
  }
  return { rows: dem.rows, cols: dem.cols, spacing: s, x0: dem.x0 - s / 2, y0: dem.y0 + s / 2, cost };
}

/** Calls `f(index, distance)` for every post within `radius` of (x, y). */
function forDisc(maps: OrbitalMaps, x: number, y: number, radius: number, f: (index: number, distance: number) => void): void {
  const d = maps.dem;
  const c0 = Math.max(0, Math.ceil(d.colOf(x - radius))), c1 = Math.min(d.cols - 1, Math.floor(d.colOf(x + radius)));
  const r0 = Math.max(0, Math.ceil(d.rowOf(y + radius))), r1 = Math.min(d.rows - 1, Math.floor(d.rowOf(y - radius)));
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const dist = Math.hypot(d.xOf(c) - x, d.yOf(r) - y);
      if (dist <= radius) f(r * d.cols + c, dist);
    }
  }
}

/** Cost of the cell holding (x, y), Infinity off the grid. */
export function costAt(grid: CostGrid, x: number, y: number): number {
  const c = Math.floor((x - grid.x0) / grid.spacing), r = Math.floor((grid.y0 - y) / grid.spacing);
  if (c < 0 || r < 0 || c >= grid.cols || r >= grid.rows) return Infinity;
  return grid.cost[r * grid.cols + c];
}

/**
 * The highest cost of the cells the straight segment passes through (every cell it enters, walked
 * exactly as Amanatides & Woo's grid traversal does); Infinity if any is impassable or off the grid.
 */
export function segmentMaxCost(grid: CostGrid, x0: number, y0: number, x1: number, y1: number): number {
  // Work in cell units: u east from the west edge, v south from the north edge.
  const u0 = (x0 - grid.x0) / grid.spacing, v0 = (grid.y0 - y0) / grid.spacing;
  const u1 = (x1 - grid.x0) / grid.spacing, v1 = (grid.y0 - y1) / grid.spacing;
  let c = Math.floor(u0), r = Math.floor(v0);
  const cEnd = Math.floor(u1), rEnd = Math.floor(v1);
  const du = u1 - u0, dv = v1 - v0;
  const stepC = du > 0 ? 1 : -1, stepR = dv > 0 ? 1 : -1;
  const tDeltaC = du !== 0 ? Math.abs(1 / du) : Infinity, tDeltaR = dv !== 0 ? Math.abs(1 / dv) : Infinity;
  let tMaxC = du !== 0 ? ((stepC > 0 ? c + 1 - u0 : u0 - c) * tDeltaC) : Infinity;
  let tMaxR = dv !== 0 ? ((stepR > 0 ? r + 1 - v0 : v0 - r) * tDeltaR) : Infinity;
  let max = 0;
  for (let guard = 0; guard < 4 * (grid.rows + grid.cols) + 8; guard++) {
    if (c < 0 || r < 0 || c >= grid.cols || r >= grid.rows) return Infinity;
    max = Math.max(max, grid.cost[r * grid.cols + c]);
    if (max === Infinity || (c === cEnd && r === rEnd)) break;
    if (tMaxC < tMaxR) {
      if (tMaxC > 1) break;
      c += stepC;
      tMaxC += tDeltaC;
    } else {
      if (tMaxR > 1) break;
      r += stepR;
      tMaxR += tDeltaR;
    }
  }
  return max;
}

/** Why the cell at (x, y) is impassable, in words (for error messages); undefined if it is not. */
export function whyImpassable(grid: CostGrid, maps: OrbitalMaps, mission: Mission, x: number, y: number): string | undefined {
  if (Number.isFinite(costAt(grid, x, y))) return undefined;
  const { rules } = mission;
  const slope = maps.slopeDeg.nearest(x, y);
  if (Number.isNaN(slope)) return 'it is off the map or the DEM has no data there';
  if (slope > rules.max_slope_deg) return `the orbital slope there is ${slope.toFixed(1)} deg, above the ${rules.max_slope_deg} deg limit`;
  if (!insideKeepIn(mission.keepIn, x, y, rules.margin_m)) return `it is within ${rules.margin_m} m of the keep-in box edge or outside it`;
  // Zones are marked on the cells' posts: the post of the cell that holds (x, y).
  const px = grid.x0 + (Math.floor((x - grid.x0) / grid.spacing) + 0.5) * grid.spacing;
  const py = grid.y0 - (Math.floor((grid.y0 - y) / grid.spacing) + 0.5) * grid.spacing;
  const reach = zoneReachM(maps, rules);
  if (mission.keepOut.some((z) => Math.hypot(z.x_m - px, z.y_m - py) <= z.radius_m + reach)) return `it is within ${reach.toFixed(2)} m of a keep-out zone (the ${rules.margin_m} m margin and half the diagonal of a ${maps.dem.spacing} m map cell)`;
  return `it is within ${rules.margin_m} m of a rock seen from orbit`;
}
