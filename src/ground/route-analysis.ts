import { SoilClass } from '../core/soil-class';
import { insideKeepIn, keepOutHit, type Mission } from './mission';
import { mapBounds, type OrbitalMaps } from './orbital-maps';
import { roundTo } from '../core/round';

/*
 * What the orbital maps say about a candidate route of straight legs: slope, sand and resolvable
 * rocks along each leg, zones and spacing. The Claude planner's check_route tool, the baseline's
 * self-check and the flight-rule check before uplink all read the maps through this one module.
 */

/** Spacing (m) of the samples taken along each leg. */
export const SAMPLE_STEP_M = 0.5;
/** Radius (m) of the rover footprint over which slope at a point is averaged: half its ~3 m length. */
export const FOOTPRINT_RADIUS_M = 1.5;

export interface LegReport {
  /** 1-based: leg k runs from waypoint k-1 (0 = the start) to waypoint k. */
  leg: number;
  from: [number, number];
  to: [number, number];
  length_m: number;
  max_slope_deg: number;
  mean_slope_deg: number;
  /** Metres of the leg where the orbital slope exceeds the limit. */
  steep_m: number;
  /** Metres of the leg over sand. */
  sand_m: number;
  /** Map posts marked as rocks resolved from orbit within the margin of the leg. */
  rock_posts_near: number;
  /** Metres of the leg off the orbital map. */
  off_map_m: number;
  /** The leg leaves the keep-in box (shrunk by the margin). */
  leaves_keep_in: boolean;
  /** Index of the first keep-out circle (grown by the margin) the leg enters, or -1. */
  keep_out_index: number;
  /** Orbital slope over the rover footprint at the leg's end (its waypoint). */
  waypoint_slope_deg: number;
}

export interface RouteReport {
  legs: LegReport[];
  total_length_m: number;
  straight_line_m: number;
  /** Everything a planner should fix, one sentence each; empty when the route is clean. */
  problems: string[];
}

/** Mean orbital slope (deg) over the rover footprint at (x, y); NaN off the map. */
export function slopeAround(maps: OrbitalMaps, x: number, y: number, radius = FOOTPRINT_RADIUS_M): number {
  const s = maps.slopeDeg;
  const r = Math.max(radius, s.spacing / 2);
  const c0 = Math.ceil(s.colOf(x - r)), c1 = Math.floor(s.colOf(x + r));
  const r0 = Math.ceil(s.rowOf(y + r)), r1 = Math.floor(s.rowOf(y - r));
  let sum = 0, n = 0;
  for (let row = Math.max(0, r0); row <= Math.min(s.rows - 1, r1); row++) {
    for (let c = Math.max(0, c0); c <= Math.min(s.cols - 1, c1); c++) {
      if (Math.hypot(s.xOf(c) - x, s.yOf(row) - y) > r) continue;
      const v = s.values[row * s.cols + c];
      if (Number.isNaN(v)) continue;
      sum += v;
      n++;
    }
  }
  return n ? sum / n : s.nearest(x, y);
}

/** Analyses the legs start → waypoint 1 → … against the maps, the mission's zones and its rules. */
export function analyseRoute(points: readonly [number, number][], maps: OrbitalMaps, mission: Mission): RouteReport {
  const { rules } = mission;
  const bounds = mapBounds(maps);
  const legs: LegReport[] = [];
  // The rover may already stand within the margin of a zone (replanning where it stopped): its first
  // leg is then held to the smaller clearance it has, so long as it gets no closer.
  const [sx, sy] = points[0];
  const startKeepOutMargin = Math.min(rules.margin_m, ...mission.keepOut.map((c) => Math.max(0, Math.hypot(sx - c.x_m, sy - c.y_m) - c.radius_m - 1e-6)));
  const box = mission.keepIn;
  const startKeepInMargin = box ? Math.min(rules.margin_m, Math.max(0, Math.min(sx - box.x_min_m, box.x_max_m - sx, sy - box.y_min_m, box.y_max_m - sy) - 1e-6)) : rules.margin_m;
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1], [x1, y1] = points[k];
    const keepInMargin = k === 1 ? startKeepInMargin : rules.margin_m;
    const keepOutMargin = k === 1 ? startKeepOutMargin : rules.margin_m;
    const length = Math.hypot(x1 - x0, y1 - y0);
    const n = Math.max(1, Math.ceil(length / SAMPLE_STEP_M));
    const step = length / n;
    let maxSlope = 0, slopeSum = 0, slopeCount = 0, steep = 0, sand = 0, offMap = 0, leaves = false;
    const rockPosts = new Set<number>();
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
      const w = i === 0 || i === n ? step / 2 : step; // trapezoid weights: the samples share the leg's length
      if (x < bounds.xMin || x > bounds.xMax || y < bounds.yMin || y > bounds.yMax) {
        offMap += w;
        continue;
      }
      if (!insideKeepIn(mission.keepIn, x, y, keepInMargin)) leaves = true;
      const slope = maps.slopeDeg.nearest(x, y);
      if (!Number.isNaN(slope)) {
        maxSlope = Math.max(maxSlope, slope);
        slopeSum += slope;
        slopeCount++;
        if (slope > rules.max_slope_deg) steep += w;
      }
      if (maps.soil.nearest(x, y) === SoilClass.sand) sand += w;
      collectRockPosts(maps, x, y, rules.margin_m, rockPosts);
    }
    const hit = keepOutHit(mission.keepOut, x0, y0, x1, y1, keepOutMargin);
    legs.push({
      leg: k,
      from: [round(x0), round(y0)],
      to: [round(x1), round(y1)],
      length_m: round(length),
      max_slope_deg: round(maxSlope),
      mean_slope_deg: round(slopeCount ? slopeSum / slopeCount : 0),
      steep_m: round(steep),
      sand_m: round(sand),
      rock_posts_near: rockPosts.size,
      off_map_m: round(offMap),
      leaves_keep_in: leaves,
      keep_out_index: hit ? mission.keepOut.indexOf(hit) : -1,
      waypoint_slope_deg: round(slopeAround(maps, x1, y1)),
    });
  }
  const first = points[0], last = points[points.length - 1];
  const report: RouteReport = {
    legs,
    total_length_m: round(legs.reduce((s, l) => s + l.length_m, 0)),
    straight_line_m: round(Math.hypot(last[0] - first[0], last[1] - first[1])),
    problems: [],
  };
  report.problems = routeProblems(report, points, mission);
  return report;
}

/** Rock posts (soil map class big rock) within `radius` of (x, y), as post indices, into `into`. */
export function collectRockPosts(maps: OrbitalMaps, x: number, y: number, radius: number, into: Set<number>): void {
  const s = maps.soil;
  const c0 = Math.max(0, Math.ceil(s.colOf(x - radius))), c1 = Math.min(s.cols - 1, Math.floor(s.colOf(x + radius)));
  const r0 = Math.max(0, Math.ceil(s.rowOf(y + radius))), r1 = Math.min(s.rows - 1, Math.floor(s.rowOf(y - radius)));
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * s.cols + c;
      if (s.values[i] === SoilClass.bigRock && Math.hypot(s.xOf(c) - x, s.yOf(r) - y) <= radius) into.add(i);
    }
  }
}

function routeProblems(report: RouteReport, points: readonly [number, number][], mission: Mission): string[] {
  const { rules } = mission;
  const problems: string[] = [];
  for (const l of report.legs) {
    const name = `leg ${l.leg} (to waypoint ${l.leg})`;
    if (l.off_map_m > 0) problems.push(`${name}: ${l.off_map_m} m off the orbital map`);
    if (l.length_m > rules.max_waypoint_spacing_m) problems.push(`${name}: ${l.length_m} m long, more than the ${rules.max_waypoint_spacing_m} m waypoint spacing`);
    if (l.leaves_keep_in) problems.push(`${name}: leaves the keep-in box (with the ${rules.margin_m} m margin)`);
    if (l.keep_out_index >= 0) problems.push(`${name}: enters keep-out zone ${l.keep_out_index} (with the ${rules.margin_m} m margin)`);
    if (l.steep_m > 0) problems.push(`${name}: ${l.steep_m} m steeper than ${rules.max_slope_deg} deg (max ${l.max_slope_deg} deg)`);
    if (l.sand_m > 0) problems.push(`${name}: ${l.sand_m} m over sand ripples`);
    if (l.rock_posts_near > 0) problems.push(`${name}: passes within ${rules.margin_m} m of rocks visible from orbit (${l.rock_posts_near} map posts)`);
  }
  for (const l of report.legs) {
    if (l.waypoint_slope_deg > rules.max_slope_deg) problems.push(`waypoint ${l.leg}: ground slope ${l.waypoint_slope_deg} deg exceeds ${rules.max_slope_deg} deg`);
  }
  const last = points[points.length - 1];
  const miss = Math.hypot(last[0] - mission.goal.x_m, last[1] - mission.goal.y_m);
  if (miss > mission.goal.tolerance_m) problems.push(`the last waypoint is ${round(miss)} m from the goal (tolerance ${mission.goal.tolerance_m} m)`);
  return problems;
}

const round = (v: number): number => roundTo(v, 2);
