import { distanceToSegment } from '../mission';
import { costAt, segmentMaxCost } from './cost-map';
import type { CostGrid } from './field-dstar';

/*
 * From a dense path to waypoints: keep the points where the path turns (Douglas–Peucker within a
 * corridor), never letting a simplified leg cross ground dearer than the stretch of path it
 * replaces (it would cut a corner into sand or a rock's halo), then split legs longer than the
 * waypoint spacing rule into equal parts.
 */

/** Largest sideways departure (m) of a simplified leg from the planned path [assumed]: a third of the rover's width. */
export const CORRIDOR_M = 1;
/** How much dearer per metre (cost units) a leg's worst cell may be than the path's [assumed]: slope noise and rock halos, not sand. */
export const COST_SLACK = 1;
/** Legs shorter than this (m) are not split further unless impassable [assumed]: waypoints a rover length apart help no one. */
export const MIN_LEG_M = 5;

export function pathToWaypoints(path: readonly [number, number][], grid: CostGrid, maxSpacingM: number, corridorM = CORRIDOR_M): [number, number][] {
  if (path.length < 2) return path.map((p) => [p[0], p[1]]);
  // Cost of the cell under each path segment's midpoint (the segment lies in that cell).
  const segCost = new Float64Array(path.length - 1);
  for (let i = 0; i < segCost.length; i++) segCost[i] = costAt(grid, (path[i][0] + path[i + 1][0]) / 2, (path[i][1] + path[i + 1][1]) / 2);
  const keep = new Uint8Array(path.length);
  keep[0] = keep[path.length - 1] = 1;
  // Iterative Douglas–Peucker (a stack, not recursion: Field D* paths can hold thousands of points).
  const stack: [number, number][] = [[0, path.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    if (b - a < 2) continue;
    const [ax, ay] = path[a], [bx, by] = path[b];
    let worst = -1, worstD = -1, pathMax = segCost[a];
    for (let i = a + 1; i < b; i++) {
      const d = distanceToSegment(path[i][0], path[i][1], ax, ay, bx, by);
      if (d > worstD) [worst, worstD] = [i, d];
      pathMax = Math.max(pathMax, segCost[i]);
    }
    const legCost = segmentMaxCost(grid, ax, ay, bx, by);
    const short = Math.hypot(bx - ax, by - ay) < MIN_LEG_M;
    if (legCost === Infinity || (!short && (worstD > corridorM || legCost > pathMax + COST_SLACK))) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const turns = dropCloseTurns(path.filter((_, i) => keep[i]), grid);
  const out: [number, number][] = [[turns[0][0], turns[0][1]]];
  for (let i = 1; i < turns.length; i++) {
    const [x0, y0] = turns[i - 1], [x1, y1] = turns[i];
    const pieces = Math.ceil(Math.hypot(x1 - x0, y1 - y0) / maxSpacingM - 1e-9);
    for (let k = 1; k <= pieces; k++) out.push([x0 + ((x1 - x0) * k) / pieces, y0 + ((y1 - y0) * k) / pieces]);
  }
  return out;
}

/** Drops turn points closer than MIN_LEG_M to the previous kept one when the leg past them stays passable. */
function dropCloseTurns(turns: [number, number][], grid: CostGrid): [number, number][] {
  const kept: [number, number][] = [turns[0]];
  for (let i = 1; i < turns.length; i++) {
    const prev = kept[kept.length - 1], p = turns[i], next = turns[i + 1];
    const close = Math.hypot(p[0] - prev[0], p[1] - prev[1]) < MIN_LEG_M;
    if (next && close) {
      const replaced = Math.max(segmentMaxCost(grid, prev[0], prev[1], p[0], p[1]), segmentMaxCost(grid, p[0], p[1], next[0], next[1]));
      const merged = segmentMaxCost(grid, prev[0], prev[1], next[0], next[1]);
      if (merged < Infinity && merged <= replaced + COST_SLACK) continue;
    }
    kept.push(p);
  }
  return kept;
}
