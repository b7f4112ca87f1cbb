/**
 * The truth safety limits a run is judged by, as the outputs (summary.json, Monte Carlo batches)
 * name them. The truth watch (rover-world.ts) sets them; a module of its own so that tools reading
 * summaries need not load the world.
 */
export const SAFETY_LIMITS = ['tilt', 'clearance', 'joint', 'tip_over', 'wheel_lift', 'loss_of_contact'] as const;
export type SafetyLimit = (typeof SAFETY_LIMITS)[number];
export type SafetyViolations = Record<SafetyLimit, boolean>;

export const noViolations = (): SafetyViolations => Object.fromEntries(SAFETY_LIMITS.map((k) => [k, false])) as SafetyViolations;
