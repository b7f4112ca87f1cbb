import { degToRad, radToDeg, wrapAngle } from '../../../src/core/geometry';
import type { MobilityCommand } from '../../../src/fsw/mobility/types';
import { STEERABLE } from '../../../src/core/vehicle-geometry';
import type { TruthTerrain } from '../terrain/terrain';
import { MARS_GRAVITY, type VehicleConfig } from './config';
import { Battery } from './battery';
import { stepEnergyWh } from './energy';
import { chassisMotion } from './wheel-motion';
import { Settler, type Settled } from './settle';
import { EmbeddingMonitor, slipFor, soilResponse } from './wheel-soil';

/** A corner wheel counts as steered once within this of its commanded angle. */
const STEER_TOLERANCE_RAD = degToRad(0.5);

export interface VehicleStep {
  settled: Settled;
  /** Slip this step (0..1), the mean over the six wheels' soils. */
  slip: number;
  /** Distance the wheels were commanded to roll (m) and the distance the body really moved (m). */
  commandedDistanceM: number;
  movedDistanceM: number;
  /** True while corner wheels are still turning toward their commanded angles (wheels held). */
  steering: boolean;
  energyWh: number;
  /** The rates the wheels turned at this step (rad/s, WHEELS order): zero while the corners steer, and for a blocked wheel. */
  wheelRateRadS: readonly number[];
  /** Wheels held by a step taller than they can climb (WHEELS order): they do not turn, their motors stall, and the rover does not move. */
  blockedWheels: readonly boolean[];
}

const NONE_BLOCKED: readonly boolean[] = Object.freeze([false, false, false, false, false, false]);
/** A contact this far up the rim (sin 45 deg) or more meets a face the wheel must climb, not a slope. */
const FACE_CONTACT_SIN = Math.SQRT1_2;

/**
 * The simulated rover: truth pose and suspension on the truth terrain, executing mobility commands
 * (six steer angles and six wheel rates, as flight software sends them). Steering happens first,
 * at the actuators' rate, with the wheels held; then the wheels roll, the body moves as the rigid
 * twist they command, reduced by slip along the track (the soils under the wheels and the ground's
 * slope along the travel) and carried downhill by creep on a side slope, and the rover settles at
 * its new pose. A wheel pushed against a step taller than it can climb stops the move and stalls;
 * a belly down on the ground high-centres the rover for good. The sensors on it (IMU, encoders:
 * sim/world/sensors) read what each step did.
 */
export class SimVehicle {
  readonly settler: Settler;
  private readonly embedding: EmbeddingMonitor;
  private readonly steerRad = [0, 0, 0, 0, 0, 0];
  private readonly weightN: number;
  settled: Settled;
  /** Energy the loads drew (Wh): avionics, motors, heaters, idle and driving. */
  energyWh = 0;
  /** Energy drawn while driving or steering (Wh), heaters included. */
  driveEnergyWh = 0;
  readonly battery: Battery;
  /** Truth distance the body has travelled (m). */
  odometerM = 0;

  constructor(readonly terrain: TruthTerrain, readonly config: VehicleConfig, start: { x: number; y: number; headingRad: number }) {
    this.settler = new Settler(terrain, config);
    // Twice: sinkage follows each wheel's load, which the first settle finds.
    const first = this.settler.settle(start.x, start.y, start.headingRad);
    this.settled = this.settler.settle(start.x, start.y, start.headingRad, { warmStart: first.state, wheelLoadsN: first.wheelLoadsN });
    this.battery = new Battery(config.power);
    this.restHubZ = Float64Array.from({ length: 6 }, (_, i) => this.settled.hubs[3 * i + 2]);
    this.embedding = new EmbeddingMonitor(config.wheel_soil.embed_slip, config.wheel_soil.embed_distance_m);
    this.weightN = config.mass_kg * MARS_GRAVITY;
  }

  get embedded(): boolean {
    return this.embedding.embedded;
  }

  /** The belly came down on the ground (a rock or a ridge between the wheels): stuck for good. */
  highCentred = false;
  /** Hub height of each wheel when it last rested on its bottom, not against a face (m). */
  private readonly restHubZ: Float64Array;
  private readonly restNext = new Float64Array(6);
  private readonly slope = { dzdx: 0, dzdy: 0 };

  get pose(): { x: number; y: number; headingRad: number } {
    return { x: this.settled.x, y: this.settled.y, headingRad: this.settled.headingRad };
  }

  /** Current corner steer angles (rad), WHEELS order. */
  get steer(): readonly number[] {
    return this.steerRad;
  }

  step(command: MobilityCommand, dtS: number): VehicleStep {
    const steerMoved = this.moveSteering(command.steerRad, dtS);
    const steering = STEERABLE.some((s, i) => s && Math.abs(this.steerRad[i] - command.steerRad[i]) > STEER_TOLERANCE_RAD);
    // Wheels roll only once the corners are steered (a rover steers, then drives).
    const rates = steering ? [0, 0, 0, 0, 0, 0] : command.wheelRateRadS;
    const twist = chassisMotion(this.config, this.steerRad, rates);
    const commandedDistanceM = Math.hypot(twist.vxMS, twist.vyMS) * dtS;
    const turnRad = Math.abs(twist.yawRateRadS) * dtS;

    const { heading, uphillRad, slip, creep, downhill, rolling } = this.tractionHere(twist.vxMS, twist.vyMS);
    const embedded = this.embedding.record(commandedDistanceM, slip);
    const keep = embedded || this.highCentred ? 0 : 1 - slip;
    // Rover frame y is to the right; the site frame's heading is counter-clockwise, so a positive
    // (clockwise) yaw rate lowers it. Midpoint rule along the step.
    const dHeading = -twist.yawRateRadS * keep * dtS;
    const mid = heading + dHeading / 2;
    const vx = twist.vxMS * keep, vRight = twist.vyMS * keep;
    // On a side slope the wheels shear the soil and the rover creeps downhill as it drives.
    const creepM = creep * Math.hypot(vx, vRight) * dtS;
    const dx = (vx * Math.cos(mid) + vRight * Math.sin(mid)) * dtS + creepM * downhill.x;
    const dy = (vx * Math.sin(mid) - vRight * Math.cos(mid)) * dtS + creepM * downhill.y;
    const before = this.settled;
    const next = this.settleAlong(before, before.x + dx, before.y + dy, wrapAngle(heading + dHeading));
    // A wheel that meets a step taller than it can climb stops the rover where it was.
    const blockedWheels = keep > 0 ? this.blockedBySteps(before, next) : NONE_BLOCKED;
    const blocked = blockedWheels.some(Boolean);
    if (!blocked) this.settled = next;
    // The belly down on the ground carries the rover's weight: the wheels cannot push it off again.
    if (this.settled.bellyClearanceM < 0) this.highCentred = true;
    const movedDistanceM = blocked ? 0 : Math.hypot(dx, dy);
    this.odometerM += movedDistanceM;
    const turned = blocked ? rates.map((rate, i) => (blockedWheels[i] ? 0 : rate)) : rates;

    const active = steerMoved > 0 || commandedDistanceM > 0 || turnRad > 0;
    const energy = stepEnergyWh(this.config.energy, {
      dtS, active, commandedDistanceM, turnRad, steerRad: steerMoved,
      weightN: this.weightN, rollingResistance: rolling, uphillRad,
    });
    const load = energy + (this.config.power.heater_w * dtS) / 3600;
    this.energyWh += load;
    if (active) this.driveEnergyWh += load;
    this.battery.step(dtS, load);
    const spinning = embedded || this.highCentred || blocked;
    return { settled: this.settled, slip: spinning ? 1 : slip, commandedDistanceM, movedDistanceM, steering, energyWh: load, wheelRateRadS: turned, blockedWheels };
  }

  /**
   * Which wheels the move from `before` to `next` pushes into a step they cannot climb. A wheel
   * climbs a step while its rim meets a face: a contact 45 deg or more up the rim, ahead in the
   * direction the hub moves. The step's height so far is how far the hub has risen since the wheel
   * last rested on its bottom, plus the contact's height above the rim's lowest point,
   * r (1 - cos angle): against a ledge that is the ledge's height (one taller than the radius meets
   * the rim at hub height, and the hub rises with the face). Slopes and gently rounded rocks meet
   * the rim lower down and are not steps. When the move happens, the wheels not climbing rest where
   * they now stand.
   */
  private blockedBySteps(before: Settled, next: Settled): readonly boolean[] {
    const r = this.config.wheel_radius_m;
    const fx = Math.cos(next.headingRad), fy = Math.sin(next.headingRad);
    let out: boolean[] | undefined;
    for (let i = 0; i < 6; i++) {
      const hx = next.hubs[3 * i], hy = next.hubs[3 * i + 1], hz = next.hubs[3 * i + 2];
      const along = next.contactAlongM[i], across = next.contactAcrossM[i];
      // Contact point relative to the hub (site frame, horizontal) against the hub's own motion.
      const cx = along * fx - across * fy, cy = along * fy + across * fx;
      const ahead = cx * (hx - before.hubs[3 * i]) + cy * (hy - before.hubs[3 * i + 1]) > 0;
      if (!ahead || Math.abs(along) < FACE_CONTACT_SIN * r) {
        this.restNext[i] = hz;
        continue;
      }
      this.restNext[i] = this.restHubZ[i];
      const step = hz - this.restHubZ[i] + r - Math.sqrt(Math.max(0, r * r - along * along));
      const limit = soilResponse(this.config.wheel_soil, this.terrain.soilAt(hx, hy)).step_limit_radii * r;
      if (step > limit) (out ??= [false, false, false, false, false, false])[i] = true;
    }
    if (!out) this.restHubZ.set(this.restNext); // a blocked move does not happen
    return out ?? NONE_BLOCKED;
  }

  /**
   * Settles at the new pose from the last state; when that does not converge (a contact jumps onto a
   * rock edge in one step), goes there in two halves, each warm-started from the one before.
   */
  private settleAlong(before: Settled, x: number, y: number, headingRad: number): Settled {
    const options = { warmStart: before.state, wheelLoadsN: before.wheelLoadsN };
    const direct = this.settler.settle(x, y, headingRad, options);
    if (direct.converged) return direct;
    const dh = wrapAngle(headingRad - before.headingRad);
    const mid = this.settler.settle((before.x + x) / 2, (before.y + y) / 2, wrapAngle(before.headingRad + dh / 2), { ...options, clearance: false });
    return this.settler.settle(x, y, headingRad, { warmStart: mid.state, wheelLoadsN: before.wheelLoadsN });
  }

  /** Turns the corner wheels toward their targets at the actuator rate; returns the total angle moved. */
  private moveSteering(target: number[], dtS: number): number {
    const maxStep = degToRad(this.config.steer_rate_deg_s) * dtS;
    let moved = 0;
    for (let i = 0; i < 6; i++) {
      if (!STEERABLE[i]) continue;
      const delta = Math.max(-maxStep, Math.min(maxStep, target[i] - this.steerRad[i]));
      this.steerRad[i] += delta;
      moved += Math.abs(delta);
    }
    return moved;
  }

  /** Slope (dz/dx, dz/dy) of the least-squares plane through the base relief under the six hubs; level off the site. */
  private groundSlope(s: Settled): { dzdx: number; dzdy: number } {
    let sx = 0, sy = 0, sz = 0, n = 0;
    const z = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6; i++) {
      z[i] = this.terrain.base.sample(s.hubs[3 * i], s.hubs[3 * i + 1]);
      if (!Number.isFinite(z[i])) continue;
      sx += s.hubs[3 * i]; sy += s.hubs[3 * i + 1]; sz += z[i]; n++;
    }
    const out = this.slope;
    out.dzdx = 0;
    out.dzdy = 0;
    if (n < 3) return out;
    const mx = sx / n, my = sy / n, mz = sz / n;
    let xx = 0, xy = 0, yy = 0, xz = 0, yz = 0;
    for (let i = 0; i < 6; i++) {
      if (!Number.isFinite(z[i])) continue;
      const dx = s.hubs[3 * i] - mx, dy = s.hubs[3 * i + 1] - my, dz = z[i] - mz;
      xx += dx * dx; xy += dx * dy; yy += dy * dy; xz += dx * dz; yz += dy * dz;
    }
    const det = xx * yy - xy * xy;
    if (Math.abs(det) < 1e-12) return out;
    out.dzdx = (xz * yy - yz * xy) / det;
    out.dzdy = (yz * xx - xz * xy) / det;
    return out;
  }

  /**
   * Slip, downhill creep and rolling resistance for the soils under the wheels and the slope of the
   * ground the rover drives on: the plane through the base relief under the six hubs (rocks are
   * climbed, not slopes; the body's own pitch over a rock is not a slope), along
   * the direction of travel (uphill slows it: longitudinal slip) and across it (the rover creeps
   * downhill at the soils' side-slip rate per degree of cross slope, of the distance it drives).
   */
  private tractionHere(vxMS: number, vRightMS: number): { heading: number; uphillRad: number; slip: number; creep: number; downhill: { x: number; y: number }; rolling: number } {
    const s = this.settled;
    const g = this.groundSlope(s);
    const travelling = Math.hypot(vxMS, vRightMS) > 1e-9;
    // Direction of travel in the site frame (heading counter-clockwise, rover y to the right).
    const travel = s.headingRad + Math.atan2(-vRightMS, vxMS);
    const ux = Math.cos(travel), uy = Math.sin(travel);
    const { dzdx, dzdy } = g;
    // Turning in place climbs nothing.
    const uphillRad = travelling ? Math.atan(dzdx * ux + dzdy * uy) : 0;
    const leftRise = -dzdx * uy + dzdy * ux; // ground rise per metre to the left of travel
    const crossDeg = travelling ? radToDeg(Math.atan(Math.abs(leftRise))) : 0;
    let slip = 0, rolling = 0, sideSlip = 0;
    for (let i = 0; i < 6; i++) {
      const response = soilResponse(this.config.wheel_soil, this.terrain.soilAt(s.hubs[3 * i], s.hubs[3 * i + 1]));
      slip += slipFor(response, uphillRad) / 6;
      rolling += response.rolling_resistance / 6;
      sideSlip += response.side_slip_per_deg / 6;
    }
    const creep = Math.min(1, sideSlip * crossDeg);
    // Downhill across the track: to the right of travel when the ground rises to the left.
    const side = leftRise > 0 ? -1 : 1;
    return { heading: s.headingRad, uphillRad, slip, creep, downhill: { x: -uy * side, y: ux * side }, rolling };
  }
}
