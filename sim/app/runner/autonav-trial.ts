import { radToDeg } from '../../../src/core/geometry';
import { NAVCAM_MOSAIC_PANS_DEG } from '../../../src/ground/uplink/to-seqjson';
import type { RoverFsw } from '../../../src/fsw/topology';
import { parkingClearings } from '../scenario/parking';
import { generateTerrain } from '../../world/terrain/generate';
import { sunDirection } from '../../world/terrain/orbital/sun';
import { ProceduralTerrainParams } from '../../world/terrain/params';
import type { TruthTerrain } from '../../world/terrain/terrain';
import { DEFAULT_VEHICLE, type VehicleConfig } from '../../world/vehicle/config';
import { buildRoverWorld } from '../../world/rover-world';
import type { SafetyViolations } from '../../world/safety';

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
  /**
   * reached: within tolerance (truth); no_path: autonomy stopped on a hazard (no safe path, or no
   * progress); timeout: time budget spent; fault: fault protection stopped it; off_goal: the rover
   * believed it arrived, but truth lies beyond the tolerance (its pose estimate drifted).
   */
  outcome: 'reached' | 'no_path' | 'timeout' | 'fault' | 'off_goal' | 'failed';
  message: string;
  distanceM: number;
  finalErrorM: number;
  durationS: number;
  /** Truth safety: worst tilt (deg), least belly clearance (m), whether any safety limit was exceeded (tilt, joint travel, tip-over, belly contact). */
  maxTiltDeg: number;
  minClearanceM: number;
  safetyViolation: boolean;
  /** Which truth limits were exceeded at any step: tilt, belly contact, rocker/bogie travel, tip-over. */
  violations: SafetyViolations;
  cycles: number;
  /** Truth track, every half metre (site x, y). */
  track: [number, number][];
  /** Where the rover truly stands at the end. */
  finalPose: { x: number; y: number; headingRad: number };
  fsw: RoverFsw;
}

/** How the protocol's rocks lie: scattered uniformly (a Poisson field), or mostly in clusters. */
export type RockLayout = 'uniform' | 'clustered';

/**
 * The clustered field [assumed, chosen before any trial ran]: 70% of the rocks in clusters of 3 m
 * (1 sigma) about centres at 1,000 per km^2 (~4 on a protocol site), the rest uniform; the same k.
 * MER's AutoNav got stuck behind clustered obstacles at ~10% CFA (docs/reference.md).
 */
export const CLUSTERED_ROCKS = { fraction: 0.7, clusters_per_km2: 1000, sigma_m: 3 } as const;

/**
 * The ENav protocol's ground (Abcouwer et al. 2021, docs/reference.md: terrains varied by slope and
 * rock abundance): gently rolling (median slope 3 deg at 0.5 m posts [assumed]), no craters or sand, Golombek-Rapp rocks of abundance k; the rover parked on clear ground
 * at `start`, as a rover stands where it drove.
 */
export function protocolTerrain(k: number, sizeM: [number, number], seed: number, start: { x: number; y: number; headingRad: number }, vehicle: VehicleConfig = DEFAULT_VEHICLE, layout: RockLayout = 'uniform'): TruthTerrain {
  const clustering = layout === 'clustered' ? CLUSTERED_ROCKS : undefined;
  const params = ProceduralTerrainParams.parse({
    size_m: sizeM, post_spacing_m: 0.5, relief: { median_slope_deg: 3 }, craters: { density_per_km2: 0 }, sand: { fraction: 0 }, rocks: { k, clustering },
  });
  return generateTerrain(params, seed, { clearings: parkingClearings(start, vehicle) });
}

/**
 * One autonomous traverse in the manner of JPL's ENav Monte Carlo protocol (Abcouwer et al. 2021):
 * the rover is sent to a goal with a time budget; the trial fails on no feasible path, a fault, or
 * the time limit. Truth safety (tilt, belly clearance, joint limits) is watched every step.
 */
export function runTrial(setup: TrialSetup): TrialResult {
  const vehicleConfig = setup.vehicle ?? DEFAULT_VEHICLE;
  const { clock, vehicle, fsw, engine, truth } = buildRoverWorld({
    terrain: setup.terrain, vehicle: vehicleConfig, start: setup.start, believedStart: setup.start, seed: setup.seed,
    epochUtcMs: Date.UTC(2025, 11, 8), sun: sunDirection(35, 250),
  });
  if (setup.keepIn) {
    const k = setup.keepIn;
    fsw.dispatcher.dispatch('NAV_SET_KEEP_IN_BOX', { x_min_m: k.xMin, y_min_m: k.yMin, x_max_m: k.xMax, y_max_m: k.yMax }, 0);
  }
  for (const z of setup.keepOut ?? []) fsw.dispatcher.dispatch('NAV_ADD_KEEP_OUT_CIRCLE', { x_m: z.x, y_m: z.y, radius_m: z.radiusM }, 0);
  // As every uplinked drive does: a Navcam mosaic of the surroundings before driving.
  for (const pan of NAVCAM_MOSAIC_PANS_DEG) fsw.dispatcher.dispatch('IMG_TAKE', { camera: 'navcam', pan_deg: pan }, 0);
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
  const arrived = status !== 'running' && status.status === 'OK';
  if (arrived && finalError <= tolerance + 0.5) outcome = 'reached';
  else if (arrived) outcome = 'off_goal';
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
    finalPose: { x: pose.x, y: pose.y, headingRad: pose.headingRad },
    fsw,
  };
}
