import { radToDeg } from '../../../src/core/geometry';
import { fixedTo as round } from '../../../src/core/round';
import { SOL_S } from '../../../src/core/time';
import type { FswEvent } from '../../../src/fsw/events';
import { insideKeepIn, type Mission } from '../../../src/ground/mission';
import { spentTimeBudget, type StopKind } from '../../../src/ground/ops';
import type { Plan } from '../../../src/ground/plan';
import type { RuleViolation } from '../../../src/ground/uplink/flight-rules';
import type { SimVehicle } from '../../world/vehicle/vehicle';
import type { TruthWatch } from '../../world/rover-world';
import { refereeSentence, type StopReferee } from './referee';
import type { Outcome, RunSummary, SolRecord, StopRecord } from './run';

/*
 * The verdict of a run, from truth: where the truth rover ended against the goal, how the last drive
 * stopped, and what the truth watch saw on the way. Flight software's beliefs never decide it.
 */

/**
 * How far past the goal tolerance truth may lie and still count as reached: 1 m plus 3% of the
 * distance driven, the onboard pose estimate's drift budget [assumed] (visual odometry drifts
 * ~1-2% of distance, docs/reference.md).
 */
const reachedSlackM = (distanceM: number): number => 1 + 0.03 * distanceM;

/** How the sol loop ended (sol-loop.ts). */
export interface LoopEnd {
  endReason: 'reached' | 'gave_up' | 'limit' | 'rejected';
  endNote: string;
  lastStop: StopKind;
  violations: RuleViolation[];
}

/** What the summary is made from: the truth at the end, the record of the sols, the onboard events. */
export interface RunEnd {
  scenario: string;
  label: string;
  seed: number;
  plan: Plan;
  mission: Mission;
  truthStart: { x: number; y: number };
  vehicle: SimVehicle;
  truth: TruthWatch;
  events: readonly FswEvent[];
  sols: readonly SolRecord[];
  stops: readonly StopRecord[];
}

/** The run's summary.json: its outcome, judged on truth, and its figures. */
export function summarise(r: RunEnd, end: LoopEnd): RunSummary {
  const { vehicle, truth, mission, events, sols, stops } = r;
  const pose = vehicle.pose;
  const goal = mission.goal;
  const finalError = Math.hypot(pose.x - goal.x_m, pose.y - goal.y_m);
  const straight = Math.hypot(goal.x_m - r.truthStart.x, goal.y_m - r.truthStart.y);
  const outcome = judge({ embedded: vehicle.embedded, highCentred: vehicle.highCentred, reached: finalError <= goal.tolerance_m + reachedSlackM(vehicle.odometerM), endReason: end.endReason, lastStop: end.lastStop });
  // Truth track points outside the scenario's keep-in box (half-metre spacing, so roughly metres outside).
  const keepInViolations = truth.track.filter(([x, y]) => !insideKeepIn(mission.keepIn, x, y)).length;
  const lastDriveEnd = sols.reduce((t, s) => Math.max(t, s.driveEndS ?? 0), 0);
  return {
    scenario: r.scenario,
    plan: r.label,
    outcome,
    verdict: verdict(outcome, end.endNote, finalError, stops[stops.length - 1]?.truth),
    stop_reason: outcome === 'reached' ? '' : lastStopReason(events),
    stop_referee: outcome === 'stopped_hazard' ? stops[stops.length - 1]?.truth ?? null : null,
    seed: r.seed,
    distance_m: round(vehicle.odometerM, 2),
    straight_line_m: round(straight, 2),
    path_ratio: round(vehicle.odometerM / straight, 3),
    duration_s: round(lastDriveEnd, 1),
    sols: lastDriveEnd > 0 ? Math.floor(lastDriveEnd / SOL_S) + 1 : 0,
    final_error_m: round(finalError, 2),
    max_tilt_deg: round(radToDeg(truth.maxTiltRad), 2),
    min_clearance_m: Number.isFinite(truth.minClearanceM) ? round(truth.minClearanceM, 3) : -1,
    hazard_stops: events.filter((e) => e.name === 'AUTONAV_NO_PATH' || e.name === 'AUTONAV_STUCK').length,
    faults: events.filter((e) => e.name === 'FP_SAFE_MODE').length,
    energy_wh: round(vehicle.energyWh, 1),
    drive_energy_wh: round(vehicle.driveEnergyWh, 1),
    min_soc: round(vehicle.battery.minStateOfCharge, 3),
    final_soc: round(vehicle.battery.stateOfCharge, 3),
    keepin_violations: keepInViolations,
    safety_violations: { ...truth.violations },
    waypoints_planned: r.plan.waypoints.length,
    flight_rule_violations: end.violations.map((v) => v.message),
  };
}

/** The last warning that stopped something: a hazard, a fault monitor, a time budget. */
function lastStopReason(events: readonly FswEvent[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.name.startsWith('AUTONAV_') && e.severity === 'WARNING_HI') return e.name;
    if (e.name.startsWith('FP_') && e.name !== 'FP_SAFE_MODE' && e.severity === 'WARNING_HI') return e.name;
    if (spentTimeBudget(e)) return 'TIME_BUDGET';
  }
  return '';
}

function judge(r: { embedded: boolean; highCentred: boolean; reached: boolean; endReason: string; lastStop: StopKind }): Outcome {
  if (r.embedded) return 'embedded';
  if (r.highCentred) return 'high_centred';
  if (r.reached) return 'reached';
  if (r.endReason === 'rejected') return 'rejected';
  if (r.endReason === 'reached') return 'nav_error';
  if (r.lastStop === 'hazard') return 'stopped_hazard';
  if (r.lastStop === 'fault') return 'fault';
  return 'sol_limit';
}

function verdict(outcome: Outcome, note: string, finalErrorM: number, referee?: StopReferee): string {
  switch (outcome) {
    case 'reached': return `reached the goal (${finalErrorM.toFixed(1)} m off)`;
    case 'embedded': return 'embedded in sand: the wheels spin in place';
    case 'high_centred': return `high-centred ${finalErrorM.toFixed(1)} m from the goal: the belly rests on the ground and the wheels cannot push it off`;
    case 'rejected': return note;
    case 'nav_error': return `the rover believes it reached the goal but is ${finalErrorM.toFixed(1)} m from it`;
    case 'stopped_hazard': return `stopped on a hazard ${finalErrorM.toFixed(1)} m from the goal${note ? `; ${note}` : ''}${referee ? `; ${refereeSentence(referee)}` : ''}`;
    case 'fault': return `stopped by fault protection ${finalErrorM.toFixed(1)} m from the goal${note ? `; ${note}` : ''}`;
    case 'sol_limit': return `sol limit reached ${finalErrorM.toFixed(1)} m from the goal${note ? `; ${note}` : ''}`;
  }
}
