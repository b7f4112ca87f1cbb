import { degToRad, radToDeg } from '../../../src/core/geometry';
import { SOL_S } from '../../../src/core/time';
import type { FswEvent } from '../../../src/fsw/events';
import { parseSequence, type ValidatedSequence } from '../../../src/fsw/seq/seqjson';
import type { TelemetrySample } from '../../../src/fsw/telemetry';
import { DownlinkKnowledge, type DownlinkItem } from '../../../src/ground/downlink';
import { insideKeepIn } from '../../../src/ground/mission';
import { classifyStop, GroundOps, spentTimeBudget, type StopKind } from '../../../src/ground/ops';
import type { Plan } from '../../../src/ground/plan';
import type { RuleViolation } from '../../../src/ground/uplink/flight-rules';
import { MarsLink } from '../../world/comm/link';
import { DEFAULT_RELAY_CONFIG } from '../../world/comm/passes';
import { connectLink } from '../../world/comm/wiring';
import { approachTrack } from '../scenario/parking';
import type { Site, StartError } from '../scenario/site';
import type { z } from 'zod';
import { type FaultSpec, type OutcomeSpec, WheelName } from '../scenario/schema';
import type { VoParams } from '../../world/sensors/visual-odometry';
import { sunDirection } from '../../world/terrain/orbital/sun';
import type { VehicleConfig } from '../../world/vehicle/config';
import { refereeStop, refereeSentence, type StopReferee } from './referee';
import { buildRoverWorld, type RoverWorld } from '../../world/rover-world';
import { fixedTo as round } from '../../../src/core/round';

/*
 * One scenario run: the ground's plan goes through the flight-rule check and up the link; the rover
 * drives its sol; the downlink comes back; the ground assesses and plans the next sol — until the goal
 * is reached, the ground gives up, or the sol limit is hit. Truth (the world) is watched throughout and
 * judges the outcome; the ground and the flight software see only their own data.
 */

/**
 * reached: within the goal tolerance (plus the drift allowance); stopped_hazard: the last drive ended
 * on a hazard and the ground found no way on; fault: fault protection stopped it and the ground gave up;
 * sol_limit: out of sols while still under way; embedded: stuck in sand for good; rejected: the plan
 * failed the flight rules and never went up; nav_error: the rover believes it arrived but is farther
 * off than its navigation should allow.
 */
export type Outcome = z.infer<typeof OutcomeSpec>;

export interface RunSummary {
  scenario: string;
  plan: string;
  outcome: Outcome;
  /** One sentence on why. */
  verdict: string;
  /** The onboard event behind the last stop (e.g. AUTONAV_NO_PATH, FP_MOTOR_STALL), or '' when none. */
  stop_reason: string;
  /** For a run that ends stopped on a hazard: whether the truth vehicle could have gone on (the last stop's referee). */
  stop_referee: StopReferee | null;
  seed: number;
  distance_m: number;
  straight_line_m: number;
  /** distance_m / straight_line_m. */
  path_ratio: number;
  duration_s: number;
  sols: number;
  final_error_m: number;
  max_tilt_deg: number;
  min_clearance_m: number;
  hazard_stops: number;
  faults: number;
  energy_wh: number;
  keepin_violations: number;
  safety_violations: { tilt: boolean; clearance: boolean; joint: boolean; tip_over: boolean };
  waypoints_planned: number;
  flight_rule_violations: string[];
}

/** A stop of the rover at the end of a sol's drive (truth position). */
export interface StopRecord {
  sol: number;
  kind: StopKind;
  x_m: number;
  y_m: number;
  /** What the front Hazcam sees where the rover stopped, at its full resolution (8-bit gray). */
  frame?: { width: number; height: number; image: Uint8Array };
  /** At a hazard stop: what the truth vehicle makes of the onboard tree's paths from there. */
  truth?: StopReferee;
}

export interface SolRecord {
  sol: number;
  note: string;
  /** The plan uplinked for the sol (undefined if nothing went up), and where the ground believed it began. */
  plan?: Plan;
  from?: { x_m: number; y_m: number };
  sequence?: object;
  sequenceId?: string;
  uplinkSentS?: number;
  deliveredS?: number;
  refused?: string;
  driveEndS?: number;
  distance_m: number;
}

export interface RunResult {
  summary: RunSummary;
  sols: SolRecord[];
  stops: StopRecord[];
  events: FswEvent[];
  telemetry: TelemetrySample[];
  /** Truth track (site x, y). */
  track: [number, number][];
  learnedKeepOut: { x_m: number; y_m: number; radius_m: number }[];
}

/** What a Monte Carlo run changes about the scenario's nominal run (its dispersions, drawn). */
export interface RunOverrides {
  /** Seed of the run's random streams (vehicle, sensors) instead of the site's. */
  seed?: number;
  vehicle?: VehicleConfig;
  vo?: Partial<VoParams>;
  disparityNoisePx?: number;
  /** Added to the light time (s). */
  owltOffsetS?: number;
  /** Where the rover truly starts relative to where everyone believes it starts (the site must be built with the same). */
  startError?: StartError;
  /** Faults in addition to the scenario's. */
  faults?: FaultSpec[];
}

export interface RunOptions {
  /** The plan's label in outputs (human, baseline, ai, or a file name). */
  label: string;
  overrides?: RunOverrides;
  /** Progress after every sol and every 5 simulated minutes of driving. */
  progress?: (p: { sol: number; distanceM: number; phase: string }) => void;
}

/**
 * How far past the goal tolerance truth may lie and still count as reached: 1 m plus 3% of the
 * distance driven, the onboard pose estimate's drift budget [assumed] (visual odometry drifts
 * ~1-2% of distance, docs/reference.md).
 */
const reachedSlackM = (distanceM: number): number => 1 + 0.03 * distanceM;
/** Simulated time (s) between progress reports while driving. */
const PROGRESS_EVERY_S = 300;

export function runScenario(site: Site, plan: Plan, options: RunOptions): RunResult {
  const { scenario } = site.loaded;
  const mission = site.mission;
  const o = options.overrides ?? {};
  const vehicleConfig = o.vehicle ?? site.vehicle;
  const start = { x: mission.start.x_m, y: mission.start.y_m, headingRad: degToRad(mission.start.heading_deg) };
  const e = o.startError;
  const truthStart = e ? { x: start.x + e.dxM, y: start.y + e.dyM, headingRad: start.headingRad + degToRad(e.dHeadingDeg) } : start;
  const epochUtcMs = Date.parse(scenario.date_utc);
  const world = buildRoverWorld({
    terrain: site.terrain, vehicle: vehicleConfig, start: truthStart, believedStart: start, seed: o.seed ?? site.seed, epochUtcMs,
    sun: sunDirection(scenario.orbital.sun_elevation_deg, scenario.orbital.sun_azimuth_deg),
    sensors: { vo: o.vo, disparityNoisePx: o.disparityNoisePx },
  });
  const { clock, engine, fsw, vehicle, truth } = world;
  const link = new MarsLink<ValidatedSequence, DownlinkItem>(clock, { utcMs: epochUtcMs }, scenario.relay ?? DEFAULT_RELAY_CONFIG, o.owltOffsetS ?? 0);
  connectLink(link, fsw);
  const knowledge = new DownlinkKnowledge();
  link.received$.subscribe((a) => knowledge.receive(a.item));
  const telemetry: TelemetrySample[] = [];
  fsw.telemetry.stream.subscribe((s) => telemetry.push(s));
  injectFaults(world, [...scenario.faults, ...(o.faults ?? [])]);

  const ops = new GroundOps(site.orbital, mission, plan, { scenario: scenario.name, navMode: scenario.nav_mode, arrival: approachTrack(mission.start) });
  const limitS = scenario.sol_limit * SOL_S;
  const sols: SolRecord[] = [];
  const stops: StopRecord[] = [];
  let endNote = '';
  let endReason: 'reached' | 'gave_up' | 'limit' | 'rejected' = 'limit';
  let lastStop: StopKind = 'none';
  let violations: RuleViolation[] = [];
  let pending: ReturnType<GroundOps['decide']> | undefined;
  const report = (phase: string): void => options.progress?.({ sol: solAt(clock.nowS()), distanceM: vehicle.odometerM, phase });

  while (clock.nowS() < limitS) {
    const decision = pending ?? ops.decide(knowledge);
    pending = undefined;
    if (decision.action === 'done') {
      endReason = decision.reason;
      endNote = decision.note;
      lastStop = decision.stop;
      break;
    }
    if (!decision.check.ok) {
      violations = decision.check.violations;
      const why = `breaks the flight rules and was not uplinked: ${violations.map((v) => v.message).join('; ')}`;
      // The first plan failing is the plan's fault; a later replan failing ends the drive where it stopped.
      endReason = sols.length ? 'gave_up' : 'rejected';
      endNote = sols.length ? `the replan ${why}` : `the plan ${why}`;
      lastStop = sols.length ? decision.stop : 'none';
      break;
    }
    const text = JSON.stringify(decision.check.sequence, null, 2);
    const seq = parseSequence(text, 'uplink');
    const from = decision.check.route.legs[0]?.from ?? [mission.start.x_m, mission.start.y_m];
    const record: SolRecord = { sol: solAt(link.nextUplinkDelivery(clock.nowS()) ?? clock.nowS()), note: decision.note, plan: decision.plan, from: { x_m: from[0], y_m: from[1] }, sequence: decision.check.sequence, sequenceId: seq.id, distance_m: 0 };
    sols.push(record);
    const receipt = link.uplink(seq, seq.id);
    record.uplinkSentS = receipt.sentS;
    if (receipt.deliveredS === undefined) {
      // Solar conjunction: nothing goes up. Offer the same plan again a sol later.
      record.refused = receipt.refused;
      record.note = `${decision.note}; not sent: ${receipt.refused}`;
      pending = decision;
      engine.run(Math.min(limitS, clock.nowS() + SOL_S));
      report('waiting');
      continue;
    }
    record.deliveredS = receipt.deliveredS;
    if (receipt.deliveredS >= limitS) break;
    engine.run(receipt.deliveredS + 1);
    const odometerBefore = vehicle.odometerM;
    while (['loaded', 'running', 'waiting'].includes(fsw.sequencer.state()) && clock.nowS() < limitS) {
      engine.run(Math.min(limitS, clock.nowS() + PROGRESS_EVERY_S));
      report('driving');
    }
    // The drive ended when its sequence did (the engine ran on to the end of its 5-minute chunk).
    const ended = [...fsw.events.history].reverse().find((ev) => ev.timeS >= receipt.deliveredS! && (ev.name === 'SEQ_COMPLETED' || ev.name === 'SEQ_ABORTED'));
    record.driveEndS = ended?.timeS ?? clock.nowS();
    record.distance_m = round(vehicle.odometerM - odometerBefore, 2);
    const frame = world.hardware.viewForPeople('front_hazcam');
    const kind = classifyStop(fsw.events.history.filter((ev) => ev.timeS >= receipt.deliveredS! - 1e-6)).kind;
    stops.push({
      sol: record.sol, kind, x_m: round(vehicle.pose.x, 2), y_m: round(vehicle.pose.y, 2),
      frame: { width: frame.camera.width, height: frame.camera.height, image: frame.image },
      ...(kind === 'hazard' ? { truth: refereeStop(vehicle, fsw.zones) } : {}),
    });
    lastStop = kind;
    if (vehicle.embedded) break;
    // Wait for the downlink that carries the end of the drive.
    const endS = clock.nowS();
    while (knowledge.latestS < endS && clock.nowS() < limitS) engine.run(Math.min(limitS, clock.nowS() + 3600));
    report('downlink');
  }

  const pose = vehicle.pose;
  const goal = mission.goal;
  const finalError = Math.hypot(pose.x - goal.x_m, pose.y - goal.y_m);
  const straight = Math.hypot(goal.x_m - truthStart.x, goal.y_m - truthStart.y);
  const events = fsw.events.history;
  const outcome = judge({ embedded: vehicle.embedded, reached: finalError <= goal.tolerance_m + reachedSlackM(vehicle.odometerM), endReason, lastStop });
  // Truth track points outside the scenario's keep-in box (half-metre spacing, so roughly metres outside).
  const keepInViolations = truth.track.filter(([x, y]) => !insideKeepIn(mission.keepIn, x, y)).length;
  const lastDriveEnd = sols.reduce((t, s) => Math.max(t, s.driveEndS ?? 0), 0);
  const summary: RunSummary = {
    scenario: scenario.name,
    plan: options.label,
    outcome,
    verdict: verdict(outcome, endNote, finalError, stops[stops.length - 1]?.truth),
    stop_reason: outcome === 'reached' ? '' : lastStopReason(events),
    stop_referee: outcome === 'stopped_hazard' ? stops[stops.length - 1]?.truth ?? null : null,
    seed: o.seed ?? site.seed,
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
    keepin_violations: keepInViolations,
    safety_violations: { tilt: truth.violations.tilt, clearance: truth.violations.clearance, joint: truth.violations.joint, tip_over: truth.violations.tipOver },
    waypoints_planned: plan.waypoints.length,
    flight_rule_violations: violations.map((v) => v.message),
  };
  return { summary, sols, stops, events: [...events], telemetry, track: truth.track, learnedKeepOut: ops.learnedKeepOut };
}

const solAt = (simS: number): number => Math.floor(simS / SOL_S) + 1;

function injectFaults(world: RoverWorld, faults: Site['loaded']['scenario']['faults']): void {
  const pending = [...faults];
  if (!pending.length) return;
  world.truth.onStep = () => {
    for (let i = pending.length - 1; i >= 0; i--) {
      const f = pending[i];
      if (world.vehicle.odometerM < f.at_distance_m) continue;
      pending.splice(i, 1);
      const wheel = WheelName.options.indexOf(f.wheel);
      world.hardware.injectStall(wheel);
      if (f.duration_s !== undefined) world.clock.at(world.clock.nowS() + f.duration_s, () => world.hardware.clearStall(wheel));
    }
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

function judge(r: { embedded: boolean; reached: boolean; endReason: string; lastStop: StopKind }): Outcome {
  if (r.embedded) return 'embedded';
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
    case 'rejected': return note;
    case 'nav_error': return `the rover believes it reached the goal but is ${finalErrorM.toFixed(1)} m from it`;
    case 'stopped_hazard': return `stopped on a hazard ${finalErrorM.toFixed(1)} m from the goal${note ? `; ${note}` : ''}${referee ? `; ${refereeSentence(referee)}` : ''}`;
    case 'fault': return `stopped by fault protection ${finalErrorM.toFixed(1)} m from the goal${note ? `; ${note}` : ''}`;
    case 'sol_limit': return `sol limit reached ${finalErrorM.toFixed(1)} m from the goal${note ? `; ${note}` : ''}`;
  }
}
