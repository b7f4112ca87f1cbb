import type { Mission } from '../mission';
import type { OrbitalMaps } from '../orbital-maps';
import type { Plan, PlannerName } from '../plan';

/*
 * The planner interface: orbital products and a drive request in, a waypoint plan out. Every planner
 * (a human's file, the Field D* baseline, Claude) answers the same request, so runs can compare them.
 */

export interface PlanRequest {
  /** The scenario's name (recorded in the plan). */
  scenario: string;
  maps: OrbitalMaps;
  /** Start, goal, keep-in/keep-out zones and the rover's limits (flight rules). */
  mission: Mission;
}

/** A file to save beside the plan, named `<plan stem><suffix>` (e.g. the exchange with the model). */
export interface PlanAttachment {
  suffix: string;
  data: string | Uint8Array;
}

export interface PlanOutcome {
  plan: Plan;
  attachments: PlanAttachment[];
}

export interface Planner {
  readonly name: PlannerName;
  plan(request: PlanRequest): Promise<PlanOutcome>;
}
