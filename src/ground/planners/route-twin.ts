import type { Plan } from '../plan';

/*
 * The digital twin as the ground planners may use it: a candidate route driven in simulation on a
 * site made from the orbital products alone (never the truth terrain, which the ground cannot see).
 * The simulator provides it (sim/app/runner/route-twin.ts); the ground only knows this port.
 */

/** One simulated drive of a route, as the ground reads it back. */
export interface TwinRun {
  seed: number;
  outcome: string;
  verdict: string;
  distance_m: number;
  sols: number;
  final_error_m: number;
  max_tilt_deg: number;
  min_clearance_m: number;
  hazard_stops: number;
  /** Where the rover stopped at the end of each sol's drive, and why. */
  stops: { sol: number; kind: string; x_m: number; y_m: number }[];
  stop_reason: string;
  safety_violations: Record<string, boolean>;
}

export interface RouteTwin {
  /** What the twin's site is, in one sentence (for the model and the record). */
  readonly site: string;
  /** The route driven on the nominal twin site, and `dispersed` runs on dispersed copies of it. */
  simulate(plan: Plan, dispersed: number): { nominal: TwinRun; dispersed: TwinRun[] };
}
