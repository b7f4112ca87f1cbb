import type { Image8 } from '../../../src/core/png';
import { degToRad, type Vec3 } from '../../../src/core/geometry';
import { marsSunPosition } from '../../../src/core/mars-time';
import type { DriveWindow } from '../../../src/fsw/mobility/drive-window';
import { runEpochUtcMs } from '../scenario/loader';
import type { Scenario } from '../scenario/schema';
import { SOL_S } from '../../../src/core/time';
import type { FswEvent } from '../../../src/fsw/events';
import type { ValidatedSequence } from '../../../src/fsw/seq/seqjson';
import type { TelemetrySample } from '../../../src/fsw/telemetry';
import { DownlinkKnowledge, type DownlinkItem } from '../../../src/ground/downlink';
import { GroundOps, type StopKind } from '../../../src/ground/ops';
import type { Plan } from '../../../src/ground/plan';
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
import type { SafetyViolations } from '../../world/safety';
import type { StopReferee } from './referee';
import { runSols, solAt } from './sol-loop';
import { summarise } from './verdict';
import { buildRoverWorld, type RoverWorld, type TruthProfileSample } from '../../world/rover-world';

/*
 * One scenario run: the ground's plan goes through the flight-rule check and up the link; the rover
 * drives its sol; the downlink comes back; the ground assesses and plans the next sol — until the goal
 * is reached, the ground gives up, or the sol limit is hit. Truth (the world) is watched throughout and
 * judges the outcome; the ground and the flight software see only their own data.
 */

/**
 * reached: within the goal tolerance (plus the drift allowance); stopped_hazard: the last drive ended
 * on a hazard and the ground found no way on; fault: fault protection stopped it and the ground gave up;
 * sol_limit: out of sols while still under way; embedded: stuck in sand for good; high_centred: the
 * belly came down on the ground (stuck for good); rejected: the plan
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
  /** Energy the loads drew over the run (Wh), and the part drawn while driving or steering. */
  energy_wh: number;
  drive_energy_wh: number;
  /** Battery state of charge (0..1): the lowest over the run, and at its end. */
  min_soc: number;
  final_soc: number;
  keepin_violations: number;
  safety_violations: SafetyViolations;
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

/** A Navcam frame and the onboard local map kept along a drive (every 10 m of travel): the report's strip and the replay page. */
export interface DriveFrame {
  t_s: number;
  sol: number;
  distance_m: number;
  x_m: number;
  y_m: number;
  heading_deg: number;
  camera: 'navcam';
  frame: { width: number; height: number; image: Uint8Array };
  /** The onboard local map at that moment, as a picture (RGB), centred on the pose estimate. */
  localMap: Image8;
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
  /** The truth along the drive, a sample per half metre (report plots, replay page). */
  profile: TruthProfileSample[];
  /** Navcam frames along the drives (empty unless RunOptions.driveFrames). */
  driveFrames: DriveFrame[];
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
  /** Keep a Navcam frame every 10 m of driving (for the report and replay page; Monte Carlo runs leave it off). */
  driveFrames?: boolean;
  /** Progress after every sol and every 5 simulated minutes of driving. */
  progress?: (p: { sol: number; distanceM: number; phase: string }) => void;
}

export function runScenario(site: Site, plan: Plan, options: RunOptions): RunResult {
  const { scenario } = site.loaded;
  const mission = site.mission;
  const o = options.overrides ?? {};
  const vehicleConfig = o.vehicle ?? site.vehicle;
  const start = { x: mission.start.x_m, y: mission.start.y_m, headingRad: degToRad(mission.start.heading_deg) };
  const e = o.startError;
  const truthStart = e ? { x: start.x + e.dxM, y: start.y + e.dyM, headingRad: start.headingRad + degToRad(e.dHeadingDeg) } : start;
  // Time 0 is the local mean midnight that begins the sol of the scenario's date.
  const epochUtcMs = runEpochUtcMs(scenario);
  const world = buildRoverWorld({
    terrain: site.terrain, vehicle: vehicleConfig, start: truthStart, believedStart: start, seed: o.seed ?? site.seed, epochUtcMs,
    sun: siteSun(scenario.site, epochUtcMs),
    driveWindow: driveWindowOf(scenario),
    sensors: { vo: o.vo, disparityNoisePx: o.disparityNoisePx },
  });
  const { clock, fsw, vehicle, truth } = world;
  const link = new MarsLink<ValidatedSequence, DownlinkItem>(clock, { utcMs: epochUtcMs }, scenario.relay ?? DEFAULT_RELAY_CONFIG, o.owltOffsetS ?? 0);
  connectLink(link, fsw);
  const knowledge = new DownlinkKnowledge();
  link.received$.subscribe((a) => knowledge.receive(a.item));
  const telemetry: TelemetrySample[] = [];
  fsw.telemetry.stream.subscribe((s) => telemetry.push(s));
  injectFaults(world, [...scenario.faults, ...(o.faults ?? [])]);

  const ops = new GroundOps(site.orbital, mission, plan, { scenario: scenario.name, navMode: scenario.nav_mode, arrival: approachTrack(mission.start) });
  const sols: SolRecord[] = [];
  const stops: StopRecord[] = [];
  const driveFrames: DriveFrame[] | undefined = options.driveFrames ? [] : undefined;
  const report = (phase: string): void => options.progress?.({ sol: solAt(clock.nowS()), distanceM: vehicle.odometerM, phase });
  const end = runSols({ world, link, knowledge, ops, mission, limitS: scenario.sol_limit * SOL_S, sols, stops, driveFrames, report });

  const events = fsw.events.history;
  const summary = summarise({ scenario: scenario.name, label: options.label, seed: o.seed ?? site.seed, plan, mission, truthStart, vehicle, truth, events, sols, stops }, end);
  return { summary, sols, stops, events: [...events], telemetry, track: truth.track, profile: truth.profile, driveFrames: driveFrames ?? [], learnedKeepOut: ops.learnedKeepOut };
}

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

/** The Sun over the site as it stands at a simulation time, moved on every 10 simulated minutes (~2.5 deg; the cameras' tile caches hold a lighting). */
function siteSun(site: Scenario['site'], epochUtcMs: number): (nowS: number) => Vec3 {
  return (nowS) => {
    const at = Math.floor(nowS / SUN_STEP_S) * SUN_STEP_S;
    const sun = marsSunPosition(epochUtcMs + at * 1000, site.latitude_deg, site.longitude_east_deg);
    return sunDirection(sun.elevationDeg, sun.azimuthDeg);
  };
}

const SUN_STEP_S = 600;

/** The scenario's working day as flight software keeps it. */
export function driveWindowOf(scenario: Scenario): DriveWindow {
  const o = scenario.operations;
  return { longitudeEastDeg: scenario.site.longitude_east_deg, openLmstH: o.drive_window_lmst_h[0], closeLmstH: o.drive_window_lmst_h[1], drivePerSolS: o.drive_hours_per_sol * 3600 };
}
