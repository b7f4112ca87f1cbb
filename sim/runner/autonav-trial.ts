import { radToDeg } from '../../src/core/geometry';
import type { RoverFsw } from '../../src/fsw/topology';
import { sunDirection } from '../terrain/orbital/sun';
import type { TruthTerrain } from '../terrain/terrain';
import { DEFAULT_VEHICLE, type VehicleConfig } from '../vehicle/config';
import { buildRoverWorld } from './world';

export type NavMode = 'AUTONAV' | 'ARC_VOTING' | 'BLIND';

export interface TrialSetup {
  terrain: TruthTerrain;
  start: { x: number; y: number; headingRad: number };
  goal: { x: number; y: number };
  mode: NavMode;
  seed: number;
  toleranceM?: number;
  timeBudgetS?: number;
  vehicle?: VehicleConfig;
  /** Keep-in/keep-out zones given to the rover before the drive. */
  keepOut?: { x: number; y: number; radiusM: number }[];
  keepIn?: { xMin: number; yMin: number; xMax: number; yMax: number };
}

export interface TrialResult {
  /** reached: within tolerance (truth); no_path: autonomy stopped on a hazard (no safe path, or no progress); timeout: time budget spent; fault: fault protection stopped it. */
  outcome: 'reached' | 'no_path' | 'timeout' | 'fault' | 'failed';
  message: string;
  distanceM: number;
  finalErrorM: number;
  durationS: number;
  /** Truth safety: worst tilt (deg), least belly clearance (m), whether any safety limit was exceeded (tilt, joint travel, tip-over, belly contact). */
  maxTiltDeg: number;
  minClearanceM: number;
  safetyViolation: boolean;
  /** Which truth limits were exceeded at any step: tilt, belly contact, rocker/bogie travel, tip-over. */
  violations: { tilt: boolean; clearance: boolean; joint: boolean; tipOver: boolean };
  cycles: number;
  /** Truth track, every 1 s of driving (site x, y). */
  track: [number, number][];
  fsw: RoverFsw;
}

/**
 * One autonomous traverse in the manner of JPL's ENav Monte Carlo protocol (Abcouwer et al. 2021):
 * the rover is sent to a goal with a time budget; the trial fails on no feasible path, a fault, or
 * the time limit. Truth safety (tilt, belly clearance, joint limits) is watched every step.
 */
export function runTrial(setup: TrialSetup): TrialResult {
  const vehicleConfig = setup.vehicle ?? DEFAULT_VEHICLE;
  const { clock, vehicle, fsw, engine, truth } = buildRoverWorld({
    terrain: setup.terrain, vehicle: vehicleConfig, start: setup.start, seed: setup.seed,
    epochUtcMs: Date.UTC(2025, 11, 8), sun: sunDirection(35, 250),
  });
  if (setup.keepIn) {
    const k = setup.keepIn;
    fsw.dispatcher.dispatch('NAV_SET_KEEP_IN_BOX', { x_min_m: k.xMin, y_min_m: k.yMin, x_max_m: k.xMax, y_max_m: k.yMax }, 0);
  }
  for (const z of setup.keepOut ?? []) fsw.dispatcher.dispatch('NAV_ADD_KEEP_OUT_CIRCLE', { x_m: z.x, y_m: z.y, radius_m: z.radiusM }, 0);
  const budget = setup.timeBudgetS ?? 4 * (Math.hypot(setup.goal.x - setup.start.x, setup.goal.y - setup.start.y) / vehicleConfig.top_speed_m_s);
  const tolerance = setup.toleranceM ?? 1;
  const handle = fsw.dispatcher.dispatch('NAV_GOTO_WAYPOINT', { x_m: setup.goal.x, y_m: setup.goal.y, tolerance_m: tolerance, time_budget_s: budget, mode: setup.mode }, 0);
  const horizon = budget + 60;
  while (handle.status() === 'running' && clock.nowS() < horizon) engine.run(Math.min(horizon, clock.nowS() + 60));
  const status = handle.status();
  const pose = vehicle.pose;
  const finalError = Math.hypot(pose.x - setup.goal.x, pose.y - setup.goal.y);
  const names = fsw.events.history.map((e) => e.name);
  let outcome: TrialResult['outcome'];
  if (status !== 'running' && status.status === 'OK' && finalError <= tolerance + 0.5) outcome = 'reached';
  else if (names.includes('AUTONAV_NO_PATH') || names.includes('AUTONAV_STUCK')) outcome = 'no_path';
  else if (names.some((n) => n.startsWith('FP_'))) outcome = 'fault';
  else if (status !== 'running' && /time budget/.test(status.message ?? '')) outcome = 'timeout';
  else outcome = 'failed';
  return {
    outcome,
    message: status === 'running' ? 'still running' : `${status.status} ${status.message ?? ''}`.trim(),
    distanceM: vehicle.odometerM,
    finalErrorM: finalError,
    durationS: clock.nowS(),
    maxTiltDeg: radToDeg(truth.maxTiltRad),
    minClearanceM: truth.minClearanceM,
    safetyViolation: Object.values(truth.violations).some(Boolean),
    violations: { ...truth.violations },
    cycles: Number(fsw.telemetry.read('autonav.cycles') ?? 0),
    track: truth.track,
    fsw,
  };
}
