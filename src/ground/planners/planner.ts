import { InputError } from '../../core/errors';
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

/**
 * A planner that failed after its exchange began (an API error, a reply without a route, the
 * deadline): the error as the user sees it, and what to keep of the attempt (the exchange so far and
 * the pictures sent), which the commands write before they report the error.
 */
export class PlanningError extends InputError {
  constructor(cause: InputError, readonly attachments: PlanAttachment[]) {
    super(cause.file, cause.field, cause.problem);
  }

  /** The same error, saying where the exchange was kept. */
  keptAt(exchangePath: string): InputError {
    return new InputError(this.file, this.field, `${this.problem} (the exchange so far is in ${exchangePath})`);
  }
}
