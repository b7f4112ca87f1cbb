import { isInputError } from '../../core/errors';
import { commandDictionary } from '../../fsw/cmd/dictionary';
import { parseSequence } from '../../fsw/seq/seqjson';
import { missionVehicle, type Mission } from '../mission';
import type { OrbitalMaps } from '../orbital-maps';
import { routePoints, type Plan } from '../plan';
import { analyseRoute, type RouteReport } from '../route-analysis';
import { planToSequence, type SequenceOptions } from './to-seqjson';

/*
 * The flight-rule check before uplink: a plan that breaks a rule is not uplinked, and every broken
 * rule is listed. Hazards the onboard navigation is there to handle (sand, rocks seen from orbit,
 * steep stretches between waypoints) are warnings for the reviewer, not vetoes.
 */

export type FlightRule = 'waypoint_count' | 'on_map' | 'spacing' | 'keep_in' | 'keep_out' | 'waypoint_slope' | 'ends_at_goal' | 'sequence';

export interface RuleViolation {
  rule: FlightRule;
  /** 1-based waypoint the violation is at, when it is at one. */
  waypoint?: number;
  message: string;
}

export interface FlightRuleCheck {
  ok: boolean;
  violations: RuleViolation[];
  warnings: string[];
  route: RouteReport;
  /** The SeqJSON sequence to uplink (present, and valid, when ok). */
  sequence?: object;
}

export function checkFlightRules(plan: Plan, maps: OrbitalMaps, mission: Mission, sequence: SequenceOptions): FlightRuleCheck {
  const { rules } = mission;
  const points = routePoints(plan, mission.start);
  const route = analyseRoute(points, maps, mission);
  const violations: RuleViolation[] = [];
  const at = (waypoint: number, rule: FlightRule, message: string): void => {
    violations.push({ rule, waypoint, message: `waypoint ${waypoint}: ${message}` });
  };
  if (plan.waypoints.length > rules.max_waypoints) {
    violations.push({ rule: 'waypoint_count', message: `${plan.waypoints.length} waypoints, more than the ${rules.max_waypoints} allowed` });
  }
  for (const leg of route.legs) {
    const k = leg.leg;
    if (leg.off_map_m > 0) at(k, 'on_map', `the leg to it runs ${leg.off_map_m} m off the orbital map`);
    if (leg.length_m > rules.max_waypoint_spacing_m) at(k, 'spacing', `${leg.length_m} m from the previous point, more than ${rules.max_waypoint_spacing_m} m`);
    if (leg.leaves_keep_in) at(k, 'keep_in', `the leg to it leaves the keep-in box shrunk by the ${rules.margin_m} m margin`);
    if (leg.keep_out_index >= 0) at(k, 'keep_out', `the leg to it comes within ${rules.margin_m} m of keep-out zone ${leg.keep_out_index}`);
    if (leg.waypoint_slope_deg > rules.max_slope_deg) at(k, 'waypoint_slope', `orbital slope ${leg.waypoint_slope_deg.toFixed(1)} deg over the rover footprint exceeds ${rules.max_slope_deg} deg`);
  }
  const last = plan.waypoints[plan.waypoints.length - 1];
  const miss = Math.hypot(last.x_m - mission.goal.x_m, last.y_m - mission.goal.y_m);
  if (miss > mission.goal.tolerance_m) {
    violations.push({ rule: 'ends_at_goal', message: `the last waypoint is ${miss.toFixed(1)} m from the goal, more than its ${mission.goal.tolerance_m} m tolerance` });
  }
  const doc = planToSequence(plan, mission, sequence);
  try {
    const v = missionVehicle(mission);
    parseSequence(JSON.stringify(doc, null, 2), `${sequence.id}.seq.json`, { dictionary: commandDictionary(v.geometry, v.params) });
  } catch (e) {
    if (!isInputError(e)) throw e;
    violations.push({ rule: 'sequence', message: `the generated sequence is invalid: ${e.message}` });
  }
  const warnings = route.legs.flatMap((l) => {
    const w: string[] = [];
    if (l.steep_m > 0) w.push(`leg ${l.leg}: ${l.steep_m} m steeper than ${rules.max_slope_deg} deg between waypoints (max ${l.max_slope_deg} deg)`);
    if (l.sand_m > 0) w.push(`leg ${l.leg}: ${l.sand_m} m over sand`);
    if (l.rock_posts_near > 0) w.push(`leg ${l.leg}: passes within ${rules.margin_m} m of rocks visible from orbit`);
    return w;
  });
  const ok = violations.length === 0;
  return { ok, violations, warnings, route, ...(ok ? { sequence: doc } : {}) };
}
