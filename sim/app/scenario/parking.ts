import { InputError } from '../../../src/core/errors';
import { degToRad, radToDeg, type Pose2 } from '../../../src/core/geometry';
import type { TrackPose } from '../../../src/ground/back-out';
import { yamlFieldAt } from '../../../src/core/yaml-input';
import type { VehicleGeometry } from '../../../src/core/vehicle-geometry';
import type { RockClearing } from '../../world/terrain/rocks';
import type { TruthTerrain } from '../../world/terrain/terrain';
import type { VehicleConfig } from '../../world/vehicle/config';
import { Settler } from '../../world/vehicle/settle';

/*
 * Where a scenario's rover stands at the start: a rover is parked where it drove safely, so the rock
 * field keeps the ground under it (in any heading it may turn to) and the lane it arrived by free,
 * and a start the rover could not stand on is refused before anything runs.
 */

/** Rock-free ground around the parked rover beyond its own outline (m) [assumed]. */
const PARK_MARGIN_M = 0.5;
/**
 * The rover arrived along its start heading: this much of that lane behind it is rock-free too (m)
 * [assumed]. It is the ground a back-out retraces.
 */
export const APPROACH_LANE_M = 4;

/** The lane the rover arrived by, as the ground knows it (oldest first, ending at the start): what a back-out at the start retraces. */
export function approachTrack(start: { x_m: number; y_m: number; heading_deg: number }): TrackPose[] {
  const h = degToRad(start.heading_deg);
  return [
    { x: start.x_m - APPROACH_LANE_M * Math.cos(h), y: start.y_m - APPROACH_LANE_M * Math.sin(h), headingDeg: start.heading_deg },
    { x: start.x_m, y: start.y_m, headingDeg: start.heading_deg },
  ];
}

/** The ground the rock field keeps free for a rover parked at `start`. */
export function parkingClearings(start: Pose2, g: VehicleGeometry): RockClearing[] {
  const turning = Math.hypot(g.body.length_m / 2, g.body.width_m / 2) + PARK_MARGIN_M;
  const lane = g.body.width_m / 2 + PARK_MARGIN_M;
  const bx = start.x - APPROACH_LANE_M * Math.cos(start.headingRad), by = start.y - APPROACH_LANE_M * Math.sin(start.headingRad);
  return [
    { x0: start.x, y0: start.y, x1: start.x, y1: start.y, radiusM: turning },
    { x0: start.x, y0: start.y, x1: bx, y1: by, radiusM: lane },
  ];
}

/**
 * Refuses a start the rover cannot stand on: settled there on the truth terrain, it must break no
 * limit (tilt, rocker and bogie at a stop, a wheel off the ground, belly contact, tip-over). The message names the pose and
 * the limit, and the scenario's `start` line; `dispersed`: the pose is the start moved by a Monte
 * Carlo start error.
 */
export function checkStartPose(file: string, terrain: TruthTerrain, vehicle: VehicleConfig, start: Pose2, dispersed = false): void {
  const s = new Settler(terrain, vehicle).settle(start.x, start.y, start.headingRad);
  const broken: string[] = [];
  const deg = (rad: number) => radToDeg(rad).toFixed(1);
  if (s.limits.tilt) broken.push(`tilt ${deg(s.tiltRad)} deg exceeds the ${vehicle.tilt_limit_deg} deg limit`);
  if (s.limits.rocker) broken.push(`the rocker is at its ${vehicle.joint_limits.rocker_deg} deg stop`);
  if (s.limits.bogieLeft || s.limits.bogieRight) broken.push(`a bogie is at its ${vehicle.joint_limits.bogie_deg} deg stop`);
  if (s.limits.wheelLift || s.limits.lossOfContact) broken.push(`a wheel is ${Math.max(...s.wheelGapM).toFixed(2)} m off the ground`);
  if (s.bellyClearanceM < 0) broken.push(`the belly pan touches the ground (clearance ${s.bellyClearanceM.toFixed(2)} m)`);
  if (s.limits.tipOver) broken.push('the rover would tip over');
  if (!broken.length) return;
  const pose = `(${start.x.toFixed(2)}, ${start.y.toFixed(2)}) heading ${deg(start.headingRad)} deg`;
  const what = dispersed ? `the dispersed start ${pose} (the start moved by its Monte Carlo start error)` : pose;
  const fix = dispersed ? 'choose another start or a smaller initial_position_sigma_m' : 'choose another start';
  throw new InputError(file, yamlFieldAt(file, ['start']), `the rover cannot stand at ${what}: ${broken.join('; ')}; ${fix}`);
}
