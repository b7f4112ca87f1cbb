import { performance } from 'node:perf_hooks';
import { InputError } from '../../core/errors';
import { PLAN_FORMAT, type Plan } from '../plan';
import { buildCostMap, whyImpassable } from './cost-map';
import { fieldDStar } from './field-dstar';
import type { PlanOutcome, Planner, PlanRequest } from './planner';
import { pathToWaypoints } from './waypoints';
import { fixedTo } from '../../core/round';

/** Arrival radius (m) of intermediate waypoints [assumed]: room for the onboard navigation to round a rock. */
export const INTERMEDIATE_TOLERANCE_M = 1.5;

/**
 * The algorithmic baseline, as MER's ground and onboard global planning did it: Field D* over a
 * cost map made from orbital slope, visible rocks and sand (Ferguson & Stentz; Carsten et al. 2007,
 * docs/reference.md), then waypoints where the path turns, no more than the spacing rule apart.
 */
export class BaselinePlanner implements Planner {
  readonly name = 'baseline' as const;

  async plan(request: PlanRequest): Promise<PlanOutcome> {
    return { plan: planBaseline(request), attachments: [] };
  }
}

/**
 * The baseline's plan (synchronous: it is pure computation). `fromRover`: replanning from where the
 * rover stopped, whose own ground counts as passable.
 * @throws InputError when no route exists
 */
export function planBaseline(request: PlanRequest, options: { fromRover?: boolean } = {}): Plan {
  const t0 = performance.now();
  const { mission, maps } = request;
  const { start, goal, rules } = mission;
  const grid = buildCostMap(maps, mission, options.fromRover ? { startClearanceM: rules.margin_m + 1 } : {});
  const who = `baseline planner (${request.scenario})`;
  for (const [name, p] of [['start', start], ['goal', goal]] as const) {
    const why = whyImpassable(grid, maps, mission, p.x_m, p.y_m);
    if (why) throw new InputError(who, name, `(${p.x_m}, ${p.y_m}) is on ground the flight rules forbid: ${why}`);
  }
  const result = fieldDStar(grid, [start.x_m, start.y_m], [goal.x_m, goal.y_m]);
  if (!result) {
    throw new InputError(who, '', `no route from the start to the goal keeps under ${rules.max_slope_deg} deg, ${rules.margin_m} m from rocks and zones, and inside the keep-in box`);
  }
  const points = pathToWaypoints(result.path, grid, rules.max_waypoint_spacing_m);
  const waypoints = points.slice(1).map(([x, y], i, all) => ({
    x_m: round(x), y_m: round(y),
    tolerance_m: i === all.length - 1 ? goal.tolerance_m : INTERMEDIATE_TOLERANCE_M,
  }));
  const last = waypoints[waypoints.length - 1];
  [last.x_m, last.y_m] = [goal.x_m, goal.y_m];
  const pathLength = result.path.reduce((L, p, i) => (i ? L + Math.hypot(p[0] - result.path[i - 1][0], p[1] - result.path[i - 1][1]) : 0), 0);
  const straight = Math.hypot(goal.x_m - start.x_m, goal.y_m - start.y_m);
  return {
    format: PLAN_FORMAT,
    scenario: request.scenario,
    waypoints,
    rationale: `Field D* over the orbital cost map (slope to ${rules.max_slope_deg} deg, sand and visible rocks penalised, ${rules.margin_m} m margins): ` +
      `a ${pathLength.toFixed(1)} m path (${(pathLength / straight).toFixed(2)} x the ${straight.toFixed(1)} m straight line), ` +
      `${waypoints.length} waypoint(s) where it turns, legs at most ${rules.max_waypoint_spacing_m} m.`,
    provenance: {
      planner: 'baseline',
      author: 'Field D* (Ferguson & Stentz 2006) on orbital slope, rocks and sand',
      planning_time_s: round((performance.now() - t0) / 1000, 3),
      source: `orbital DEM, slope and soil maps of ${request.scenario}`,
    },
  };
}

const round = (v: number, digits = 2): number => fixedTo(v, digits);
