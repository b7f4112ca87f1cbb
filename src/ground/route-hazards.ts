import { connectedClusters } from '../core/clusters';
import { SoilClass } from '../core/soil-class';
import type { Mission } from './mission';
import { mapBounds, type OrbitalMaps } from './orbital-maps';
import { collectRockPosts, SAMPLE_STEP_M } from './route-analysis';
import { roundTo } from '../core/round';

/*
 * The judgement calls of a route, each with where it is: stretches of a leg over sand, stretches
 * steeper than the slope limit, and rocks resolved from orbit inside the margin of a leg (each rock
 * one hazard, with its centre and the leg's clearance to it). Unlike a broken flight rule, a hazard
 * may be accepted, but only with a reason: the Claude planner's submit_route asks for a revision or a
 * one-line justification of each. Legs are sampled as route-analysis.ts samples them, so a leg's
 * hazards agree with its sand_m, steep_m and rock_posts_near.
 */

export type HazardKind = 'sand' | 'steep' | 'rock';

/** A stretch of a leg: where it enters and leaves, and how long it is. */
export interface Stretch {
  enter: [number, number];
  leave: [number, number];
  length_m: number;
}

export type RouteHazard = {
  /** Stable for the same route: `leg<k>.<kind><n>`, e.g. leg2.sand1. */
  id: string;
  /** 1-based: leg k runs from waypoint k-1 (0 = the start) to waypoint k. */
  leg: number;
  /** One sentence saying what and where. */
  text: string;
} & (
  | ({ kind: 'sand' } & Stretch)
  | ({ kind: 'steep'; max_slope_deg: number } & Stretch)
  | { kind: 'rock'; centre: [number, number]; clearance_m: number; posts: number }
);

export function routeHazards(points: readonly [number, number][], maps: OrbitalMaps, mission: Mission): RouteHazard[] {
  const hazards: RouteHazard[] = [];
  const { rules } = mission;
  const bounds = mapBounds(maps);
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1], [x1, y1] = points[k];
    const length = Math.hypot(x1 - x0, y1 - y0);
    const n = Math.max(1, Math.ceil(length / SAMPLE_STEP_M));
    const step = length / n;
    const sand = new StretchFinder(), steep = new StretchFinder();
    const nearPosts = new Set<number>();
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
      const w = i === 0 || i === n ? step / 2 : step;
      const onMap = x >= bounds.xMin && x <= bounds.xMax && y >= bounds.yMin && y <= bounds.yMax;
      const slope = onMap ? maps.slopeDeg.nearest(x, y) : NaN;
      sand.sample(x, y, w, onMap && maps.soil.nearest(x, y) === SoilClass.sand);
      steep.sample(x, y, w, slope > rules.max_slope_deg, slope);
      if (onMap) collectRockPosts(maps, x, y, rules.margin_m, nearPosts);
    }
    sand.stretches().forEach(({ peak: _none, ...s }, j) => {
      hazards.push({ id: `leg${k}.sand${j + 1}`, leg: k, kind: 'sand', ...s, text: `leg ${k}: ${s.length_m} m over sand from ${at(s.enter)} to ${at(s.leave)}` });
    });
    steep.stretches().forEach(({ peak, ...s }, j) => {
      hazards.push({
        id: `leg${k}.steep${j + 1}`, leg: k, kind: 'steep', ...s, max_slope_deg: round(peak),
        text: `leg ${k}: ${s.length_m} m steeper than ${rules.max_slope_deg} deg (up to ${round(peak)} deg) from ${at(s.enter)} to ${at(s.leave)}`,
      });
    });
    rockClusters(maps, nearPosts).forEach((posts, j) => {
      const s = maps.soil;
      let cx = 0, cy = 0, clearance = Infinity;
      for (const p of posts) {
        const px = s.xOf(p % s.cols), py = s.yOf(Math.floor(p / s.cols));
        cx += px / posts.length;
        cy += py / posts.length;
        clearance = Math.min(clearance, segmentDistance(px, py, x0, y0, x1, y1));
      }
      const centre: [number, number] = [round(cx), round(cy)];
      hazards.push({
        id: `leg${k}.rock${j + 1}`, leg: k, kind: 'rock', centre, clearance_m: round(clearance), posts: posts.length,
        text: `leg ${k}: passes ${round(clearance)} m from a rock seen from orbit at ${at(centre)} (${posts.length} map posts), inside the ${rules.margin_m} m margin`,
      });
    });
  }
  return hazards;
}

/** Contiguous runs of samples along a leg where a condition holds. */
class StretchFinder {
  private readonly done: (Stretch & { peak: number })[] = [];
  private open: (Stretch & { peak: number }) | undefined;

  sample(x: number, y: number, weight: number, inside: boolean, value = NaN): void {
    if (!inside) {
      this.close();
      return;
    }
    if (!this.open) this.open = { enter: [x, y], leave: [x, y], length_m: 0, peak: -Infinity };
    this.open.leave = [x, y];
    this.open.length_m += weight;
    if (value > this.open.peak) this.open.peak = value;
  }

  stretches(): (Stretch & { peak: number })[] {
    this.close();
    return this.done;
  }

  private close(): void {
    if (!this.open) return;
    const s = this.open;
    this.done.push({ enter: [round(s.enter[0]), round(s.enter[1])], leave: [round(s.leave[0]), round(s.leave[1])], length_m: round(s.length_m), peak: s.peak });
    this.open = undefined;
  }
}

/** Groups near rock posts into rocks: posts that touch (8-neighbours) are one rock. Ordered by their first post. */
function rockClusters(maps: OrbitalMaps, near: Set<number>): number[][] {
  return connectedClusters(maps.soil.cols, maps.soil.rows, (i) => near.has(i), [...near].sort((a, b) => a - b));
}

/** Distance from (px, py) to the segment (x0, y0)-(x1, y1). */
function segmentDistance(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2)) : 0;
  return Math.hypot(px - x0 - t * dx, py - y0 - t * dy);
}

const at = (p: readonly [number, number]): string => `(${p[0]}, ${p[1]})`;
const round = (v: number): number => roundTo(v, 2);
