import { z } from 'zod';
import { InputError } from '../core/errors';
import { readYamlFile } from '../core/yaml-input';

/*
 * A waypoint plan: what every planner (a human's file, the baseline, Claude) produces and what the
 * flight-rule check and the uplink consume. Stored as JSON (`*.plan.json`), validated like any input.
 */

export const PLAN_FORMAT = 'rover-plan/1';

export const PlannerName = z.enum(['human', 'baseline', 'ai']);
export type PlannerName = z.infer<typeof PlannerName>;

export const Waypoint = z.strictObject({
  /** Site frame, metres east. */
  x_m: z.number().finite(),
  /** Site frame, metres north. */
  y_m: z.number().finite(),
  /** Arrival radius (m): the rover is there within this distance. */
  tolerance_m: z.number().min(0.1).max(20).default(1),
});
export type Waypoint = z.infer<typeof Waypoint>;

export const TokenUse = z.strictObject({
  input: z.int().min(0),
  output: z.int().min(0),
  cache_read: z.int().min(0).optional(),
  cache_write: z.int().min(0).optional(),
});

export const Provenance = z.strictObject({
  planner: PlannerName,
  /** Who drew it (human plans) or which algorithm / model made it. */
  author: z.string().optional(),
  /** The model id, for the ai planner. */
  model: z.string().optional(),
  /** Wall-clock planning time (s). */
  planning_time_s: z.number().min(0).optional(),
  /** Model turns (requests) and token use, for the ai planner. */
  turns: z.int().min(0).optional(),
  tokens: TokenUse.optional(),
  /** Sum of API request latencies (s), for the ai planner. */
  api_latency_s: z.number().min(0).optional(),
  /** The saved exchange (relative to the plan file), for review. */
  exchange_file: z.string().optional(),
  /** What the plan was drawn from, e.g. "orbital.png of jezero-rim (seed 1707)". */
  source: z.string().optional(),
});
export type Provenance = z.infer<typeof Provenance>;

export const Plan = z.strictObject({
  format: z.literal(PLAN_FORMAT),
  /** The scenario (its `name`) the plan was made for. */
  scenario: z.string().min(1),
  /** Ordered waypoints; the last one is the goal. */
  waypoints: z.array(Waypoint).min(1),
  /** Why this route: the planner's own words. */
  rationale: z.string().default(''),
  provenance: Provenance,
});
export type Plan = z.infer<typeof Plan>;

/** Reads and validates a plan file; errors name the file, the line and the field. */
export function loadPlanFile(path: string): Plan {
  return readYamlFile(path, Plan);
}

/** True for a file name `rover validate` should treat as a plan. */
export function isPlanFile(path: string): boolean {
  return /\.plan\.json$/i.test(path);
}

/** The plan's route as points: the start, then every waypoint. */
export function routePoints(plan: Plan, start: { x_m: number; y_m: number }): [number, number][] {
  return [[start.x_m, start.y_m], ...plan.waypoints.map((w) => [w.x_m, w.y_m] as [number, number])];
}

/** Total length (m) of the straight legs from the start through every waypoint. */
export function routeLength(points: readonly [number, number][]): number {
  let L = 0;
  for (let i = 1; i < points.length; i++) L += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
  return L;
}

/** Checks that a plan was made for this scenario. */
export function checkPlanScenario(plan: Plan, file: string, scenarioName: string): void {
  if (plan.scenario !== scenarioName) {
    throw new InputError(file, 'scenario', `the plan is for "${plan.scenario}", not "${scenarioName}"`);
  }
}
