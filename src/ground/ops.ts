import { isInputError } from '../core/errors';
import type { FswEvent } from '../fsw/events';
import { backOutAlong, trackBefore, type BackOut, type BackOutStep, type TrackPose } from './back-out';
import type { DownlinkKnowledge } from './downlink';
import { insideKeepIn, missionVehicle, type KeepOutCircle, type Mission } from './mission';
import type { OrbitalMaps } from './orbital-maps';
import type { Plan } from './plan';
import { planBaseline } from './planners/baseline';
import { zoneReachM } from './planners/cost-map';
import { checkFlightRules, type FlightRuleCheck } from './uplink/flight-rules';
import { type NavMode, sequenceId } from './uplink/to-seqjson';
import { minArcRadiusM } from '../fsw/cmd/dictionary';
import { roundTo } from '../core/round';

/*
 * The sol-by-sol operations loop, ground side: after each sol's downlink, assess where the rover is
 * and why it stopped, then plan the next sol (downlink → assess → plan → uplink). It knows only the
 * orbital maps and what came down the link. A stop on a hazard teaches it a keep-out zone and it
 * replans around it with the baseline, backing out along the rover's own track first when the rover
 * is boxed in; a fault is cleared and the drive resumed; the same fault twice in a row, or no route
 * left, and it stops trying.
 */

/** How the last drive ended, as the ground reads it from the downlink. */
export type StopKind = 'none' | 'completed' | 'hazard' | 'fault' | 'timeout' | 'window' | 'other';

/**
 * Where the ground puts a hazard it learned of: this far ahead of the stop (m), this big [assumed].
 * ENav looks ~6 m ahead; the zone's near edge stays clear of the rover by more than the margin.
 */
const HAZARD_AHEAD_M = 6.5;
const HAZARD_RADIUS_M = 2.5;
/**
 * A drive that ran out of time this close (m) to the waypoint it was after skips that waypoint next
 * sol [assumed]: the rover circled something there the orbital map could not show.
 */
const SKIP_WAYPOINT_WITHIN_M = 6;
/** The same fault this many sols running and the team stops driving this route [assumed]. */
const MAX_FAULT_RETRIES = 2;
/** A learned zone's impassable reach (margin and map cells) stops this far (m) short of the goal, and it is not learned smaller than MIN_LEARNED_RADIUS_M [assumed]. */
const GOAL_CLEARANCE_M = 0.5;
const MIN_LEARNED_RADIUS_M = 0.5;
/**
 * The rover is boxed in when no path at all passes where it stopped (AUTONAV_NO_PATH: from there it
 * will refuse every way again, whatever the route), or when it stops after less progress than this
 * in the sol (m) [assumed].
 */
const BOXED_IN_M = 2;
/** A back-out retraces this much of the rover's track (m) [assumed]: about a rover length, room to turn clear. */
const BACK_OUT_M = 3;
/** Back-outs in one run at most [assumed]: a rover boxed in again and again needs its team, not a loop. */
const MAX_BACK_OUTS = 2;
/** A back-out shorter than this (m) is not worth a sol [assumed]. */
const MIN_BACK_OUT_M = 1;

export type SolDecision =
  | { action: 'uplink'; plan: Plan; check: FlightRuleCheck; stop: StopKind; note: string }
  | { action: 'done'; reason: 'reached' | 'gave_up'; stop: StopKind; note: string };

export interface OpsOptions {
  scenario: string;
  navMode: NavMode;
  /** The track the rover arrived by before the first sol (oldest first), known safe: what a back-out at the start retraces. */
  arrival?: TrackPose[];
}

export class GroundOps {
  /** Keep-out zones learned from hazard stops, added to the scenario's. */
  readonly learnedKeepOut: KeepOutCircle[] = [];
  private plan: Plan;
  private faultRetries = 0;
  private lastFault = '';
  private sol = 0;
  private backOuts = 0;
  /** After a back-out: the track up to where it ended, and how many looks had come down by then (the later ones were undone). */
  private retraced: { kept: TrackPose[]; looksSeen: number } | undefined;
  /** Where the rover stood when the last sol's drive began. */
  private solStart: [number, number] | undefined;

  constructor(
    private readonly maps: OrbitalMaps,
    private readonly mission: Mission,
    initialPlan: Plan,
    private readonly options: OpsOptions,
  ) {
    this.plan = initialPlan;
  }

  /** The mission as it stands: start at the rover's last downlinked pose (or where a back-out leaves it), learned zones added. */
  missionNow(knowledge: DownlinkKnowledge, from?: TrackPose): Mission {
    const pose = from ? [from.x, from.y] : knowledge.poseM;
    const heading = from ? from.headingDeg : knowledge.headingDeg;
    const start = pose ? { x_m: round(pose[0]), y_m: round(pose[1]), heading_deg: round(heading ?? 0) } : this.mission.start;
    return { ...this.mission, start, keepOut: [...this.mission.keepOut, ...this.learnedKeepOut] };
  }

  /** Boxed in (see BOXED_IN_M), and back-outs are left. */
  private boxedIn(pose: [number, number], stop: { detail: string }): boolean {
    const s = this.solStart;
    if (this.backOuts >= MAX_BACK_OUTS || !s) return false;
    return stop.detail === 'AUTONAV_NO_PATH' || Math.hypot(pose[0] - s[0], pose[1] - s[1]) < BOXED_IN_M;
  }

  /** The track the rover may retrace, oldest first: its arrival and its looks, less what a back-out undid. */
  private track(knowledge: DownlinkKnowledge): TrackPose[] {
    if (!this.retraced) return [...(this.options.arrival ?? []), ...knowledge.looks];
    return [...this.retraced.kept, ...knowledge.looks.slice(this.retraced.looksSeen)];
  }

  /** The back-out along the rover's track, or undefined when there is none to retrace. */
  private backOut(knowledge: DownlinkKnowledge, pose: [number, number]): BackOut | undefined {
    const track = this.track(knowledge);
    const mission = this.missionNow(knowledge);
    // Only as far as the rover may then plan from: clear of every zone by the margin.
    const allowed = (x: number, y: number) => insideKeepIn(mission.keepIn, x, y, mission.rules.margin_m) &&
      mission.keepOut.every((z) => Math.hypot(z.x_m - x, z.y_m - y) > z.radius_m + mission.rules.margin_m);
    const backOut = backOutAlong(track, { x: pose[0], y: pose[1], headingDeg: knowledge.headingDeg ?? 0 }, BACK_OUT_M, allowed, minArcRadiusM(missionVehicle(this.mission).geometry));
    if (!backOut || backOut.distanceM < MIN_BACK_OUT_M) return undefined;
    // What lay beyond where it ends is undone, and not to be retraced again.
    this.retraced = { kept: trackBefore(track, backOut.end), looksSeen: knowledge.looks.length };
    return backOut;
  }

  /** Decides the next sol from what the downlink says of the last one. */
  decide(knowledge: DownlinkKnowledge): SolDecision {
    this.sol++;
    const events = knowledge.takeEvents();
    const mission = this.missionNow(knowledge);
    if (this.sol === 1) return this.uplink(this.plan, mission, 'none', 'the plan as made');
    const stop = classifyStop(events);
    const pose = knowledge.poseM;
    const goal = this.mission.goal;
    if (pose && Math.hypot(pose[0] - goal.x_m, pose[1] - goal.y_m) <= goal.tolerance_m) {
      return { action: 'done', reason: 'reached', stop: stop.kind, note: `the rover reports (${pose[0].toFixed(1)}, ${pose[1].toFixed(1)}), within ${goal.tolerance_m} m of the goal` };
    }
    const done = completedWaypoints(events);
    let remaining = this.plan.waypoints.slice(Math.min(done, this.plan.waypoints.length - 1));
    const target = remaining[0];
    if (pose && remaining.length > 1 && (stop.kind === 'timeout' || stop.kind === 'hazard') && Math.hypot(target.x_m - pose[0], target.y_m - pose[1]) <= SKIP_WAYPOINT_WITHIN_M) {
      remaining = remaining.slice(1);
      if (stop.kind === 'timeout') return this.uplink({ ...this.plan, waypoints: remaining }, mission, stop.kind, `skipped waypoint (${target.x_m}, ${target.y_m}), ${Math.hypot(target.x_m - pose[0], target.y_m - pose[1]).toFixed(1)} m away, and resumed`);
    }
    if (stop.kind === 'fault') {
      this.faultRetries = stop.detail === this.lastFault ? this.faultRetries + 1 : 1;
      this.lastFault = stop.detail;
      if (this.faultRetries > MAX_FAULT_RETRIES) {
        return { action: 'done', reason: 'gave_up', stop: 'fault', note: `${stop.detail} ${this.faultRetries} sols running; the team stops driving this route` };
      }
      return this.uplink({ ...this.plan, waypoints: remaining }, mission, 'fault', `cleared ${stop.detail} and resumed the route`, true);
    }
    this.faultRetries = 0;
    if (stop.kind === 'hazard' && pose) {
      // The hazard lies ahead, toward the waypoint the rover was making for.
      const next = remaining[0];
      const dir = Math.atan2(next.y_m - pose[1], next.x_m - pose[0]);
      const centre = { x_m: round(pose[0] + HAZARD_AHEAD_M * Math.cos(dir)), y_m: round(pose[1] + HAZARD_AHEAD_M * Math.sin(dir)) };
      // A guessed hazard never closes the goal itself off: the zone shrinks to leave it reachable.
      const radius = Math.min(HAZARD_RADIUS_M, floorCm(Math.hypot(goal.x_m - centre.x_m, goal.y_m - centre.y_m) - zoneReachM(this.maps, this.mission.rules) - GOAL_CLEARANCE_M));
      const zone = radius >= MIN_LEARNED_RADIUS_M ? { ...centre, radius_m: radius, reason: `hazard stop on sol ${this.sol - 1}` } : undefined;
      if (zone) this.learnedKeepOut.push(zone);
      const learned = zone ? `learned a keep-out at (${zone.x_m}, ${zone.y_m})` : 'learned no keep-out (one there would close off the goal)';
      const backOut = this.boxedIn(pose, stop) ? this.backOut(knowledge, pose) : undefined;
      const around = this.missionNow(knowledge, backOut?.end);
      const replanned = this.replanFromRover(around);
      if (typeof replanned === 'string') return { action: 'done', reason: 'gave_up', stop: 'hazard', note: `no route around the hazard: ${replanned}` };
      if (backOut) {
        this.backOuts++;
        return this.uplink(replanned, around, 'hazard', `boxed in: backed out ${backOut.distanceM.toFixed(1)} m along its own track, ${learned} and replanned around it`, false, backOut.steps);
      }
      return this.uplink(replanned, around, 'hazard', `${learned} and replanned around it`);
    }
    return this.uplink({ ...this.plan, waypoints: remaining }, mission, stop.kind, 'resumed the route from where the rover stopped');
  }

  /**
   * The sol's plan through the flight-rule check. When resuming a route from where the rover ended
   * up breaks a rule (it strayed near a zone, say), the ground replans from there with the baseline.
   */
  private uplink(plan: Plan, mission: Mission, stop: StopKind, note: string, clearFault = false, backOut?: BackOutStep[]): SolDecision {
    const options = { id: sequenceId(`sol_${this.sol}_${this.options.scenario}`), sol: this.sol, mode: this.options.navMode, clearFault, backOut };
    this.solStart = [mission.start.x_m, mission.start.y_m];
    let check = checkFlightRules(plan, this.maps, mission, options);
    if (!check.ok && this.sol > 1) {
      const replanned = this.replanFromRover(mission);
      const second = typeof replanned === 'string' ? undefined : checkFlightRules(replanned, this.maps, mission, options);
      if (second?.ok) {
        [plan, check] = [replanned as Plan, second];
        note = `${note}; the route from there broke a flight rule, so replanned it`;
      }
    }
    this.plan = plan;
    return { action: 'uplink', plan, check, stop, note };
  }

  /** The baseline's route from where the rover stands to the goal, or why there is none. */
  private replanFromRover(mission: Mission): Plan | string {
    try {
      return planBaseline({ scenario: this.options.scenario, maps: this.maps, mission }, { fromRover: true });
    } catch (e) {
      if (!isInputError(e)) throw e;
      return e.problem;
    }
  }
}

/** How the last drive ended, from its events. */
export function classifyStop(events: readonly FswEvent[]): { kind: StopKind; detail: string } {
  const names = events.map((e) => e.name);
  const fault = events.find((e) => e.name.startsWith('FP_') && e.name !== 'FP_SAFE_MODE' && e.name !== 'FP_CLEARED' && e.severity === 'WARNING_HI');
  if (names.includes('FP_SAFE_MODE')) return { kind: 'fault', detail: fault?.name ?? 'FP_SAFE_MODE' };
  const hazard = events.find((e) => e.name === 'AUTONAV_NO_PATH' || e.name === 'AUTONAV_STUCK');
  if (hazard) return { kind: 'hazard', detail: hazard.name };
  if (events.some(spentTimeBudget)) return { kind: 'timeout', detail: 'time budget' };
  const closed = events.find((e) => e.name === 'MOB_DRIVE_WINDOW_CLOSED');
  if (closed) return { kind: 'window', detail: closed.message };
  if (names.includes('SEQ_COMPLETED')) return { kind: 'completed', detail: 'sequence completed' };
  if (names.includes('SEQ_ABORTED')) return { kind: 'other', detail: events.find((e) => e.name === 'SEQ_ABORTED')!.message };
  return { kind: 'none', detail: 'no drive' };
}

/** How many go-to-waypoint commands finished OK. */
function completedWaypoints(events: readonly FswEvent[]): number {
  return events.filter((e) => e.name === 'CMD_COMPLETED' && e.args.mnemonic === 'NAV_GOTO_WAYPOINT').length;
}

/** A command that ended because its time budget was spent (CMD_FAILED's reason code). */
export function spentTimeBudget(e: FswEvent): boolean {
  return e.name === 'CMD_FAILED' && e.args.reason === 'TIME_BUDGET';
}

const round = (v: number): number => roundTo(v, 2);
const floorCm = (v: number): number => Math.floor(v * 100) / 100;
