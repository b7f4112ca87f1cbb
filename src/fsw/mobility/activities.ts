import { degToRad, wrapAngle } from '../../core/geometry';
import type { VehicleGeometry } from '../../core/vehicle-geometry';
import type { Activity, CommandResponse } from '../cmd/dispatcher';
import type { HardwarePorts } from '../ports';
import { arc, steeringTimeS, stop, straight, turnInPlace } from './steering';
import type { MobilityCommand } from './types';

/**
 * What the activities read of the onboard pose (navigation's PoseEstimator provides it): declared here
 * so that mobility, below navigation, does not depend on it.
 */
export interface PoseReading {
  /** Distance the rover believes it has driven (m). */
  readonly odometerM: number;
  /** Site-frame position and heading (counter-clockwise from east). */
  readonly estimate: { x: number; y: number; headingRad: number };
  /** Height above where the estimate started (m). */
  readonly zM: number;
}

/** Mobility as the activities see it: the motors' port and what was last sent to them. */
export interface MobilityContext {
  ports: HardwarePorts;
  geometry: VehicleGeometry;
  pose: PoseReading;
  /** Sends a command to the motors and remembers it (the odometry needs the steer angles). */
  send(cmd: MobilityCommand): void;
  /** The last command sent. */
  readonly current: MobilityCommand;
}

/** Margin on an activity's expected duration before it is declared failed [assumed]. */
const TIME_MARGIN = 2;

/** Base for direct drives: send a command, track progress by odometry, stop on completion or timeout. */
abstract class DirectDrive implements Activity {
  private startOdometerM = 0;
  private startS = NaN;
  private limitS = 0;

  constructor(readonly name: string, protected readonly ctx: MobilityContext, private readonly command: MobilityCommand, private readonly expectedS: number) {}

  step(nowS: number): 'running' | CommandResponse {
    if (Number.isNaN(this.startS)) {
      this.startS = nowS;
      this.startOdometerM = this.ctx.pose.odometerM;
      this.limitS = TIME_MARGIN * (this.expectedS + steeringTimeS(this.ctx.geometry, this.ctx.current.steerRad, this.command.steerRad)) + 10;
      this.ctx.send(this.command);
    }
    if (this.done(this.ctx.pose.odometerM - this.startOdometerM)) {
      this.ctx.send(stop());
      return { status: 'OK' };
    }
    if (nowS - this.startS > this.limitS) {
      this.ctx.send(stop());
      return { status: 'EXECUTION_ERROR', message: `${this.name} did not finish within ${this.limitS.toFixed(0)} s` };
    }
    return 'running';
  }

  cancel(): void {
    this.ctx.send(stop());
  }

  protected abstract done(travelledM: number): boolean;
}

/** MOB_DRIVE_STRAIGHT: roll forward (or back) a distance, blind. */
export class DriveStraight extends DirectDrive {
  constructor(ctx: MobilityContext, private readonly distanceM: number, speedMS: number) {
    super('MOB_DRIVE_STRAIGHT', ctx, straight(ctx.geometry, Math.sign(distanceM || 1) * speedMS), Math.abs(distanceM) / speedMS);
  }

  protected done(travelledM: number): boolean {
    return travelledM >= Math.abs(this.distanceM) - 1e-6;
  }
}

/** MOB_DRIVE_ARC: drive a distance along an arc of the given radius (positive turns right), blind. */
export class DriveArc extends DirectDrive {
  constructor(ctx: MobilityContext, radiusM: number, private readonly distanceM: number, speedMS: number) {
    super('MOB_DRIVE_ARC', ctx, arc(ctx.geometry, radiusM, Math.sign(distanceM || 1) * speedMS), Math.abs(distanceM) / speedMS);
  }

  protected done(travelledM: number): boolean {
    return travelledM >= Math.abs(this.distanceM) - 1e-6;
  }
}

/** MOB_TURN_IN_PLACE: turn by an angle (positive = right, clockwise from above), measured by the IMU heading. */
export class TurnInPlace implements Activity {
  readonly name = 'MOB_TURN_IN_PLACE';
  private startHeading = NaN;
  private startS = 0;
  private turned = 0;
  private lastHeading = 0;

  constructor(private readonly ctx: MobilityContext, private readonly angleRad: number, private readonly rateRadS: number) {}

  step(nowS: number): 'running' | CommandResponse {
    const heading = this.ctx.ports.imu.read().headingRad;
    if (Number.isNaN(this.startHeading)) {
      this.startHeading = heading;
      this.lastHeading = heading;
      this.startS = nowS;
      this.ctx.send(turnInPlace(this.ctx.geometry, Math.sign(this.angleRad) * this.rateRadS));
    }
    // Rover yaw is clockwise; the site heading is counter-clockwise.
    this.turned += -wrapAngle(heading - this.lastHeading);
    this.lastHeading = heading;
    if (Math.abs(this.turned) >= Math.abs(this.angleRad) - degToRad(0.2)) {
      this.ctx.send(stop());
      return { status: 'OK' };
    }
    const limit = TIME_MARGIN * (Math.abs(this.angleRad) / this.rateRadS + 15) + 10;
    if (nowS - this.startS > limit) {
      this.ctx.send(stop());
      return { status: 'EXECUTION_ERROR', message: `turn did not finish within ${limit.toFixed(0)} s` };
    }
    return 'running';
  }

  cancel(): void {
    this.ctx.send(stop());
  }
}

/** Keep-in box and keep-out circles, site frame: where the rover may drive. */
export class Zones {
  keepIn: { xMin: number; yMin: number; xMax: number; yMax: number } | undefined;
  keepOut: { x: number; y: number; radiusM: number }[] = [];

  clear(): void {
    this.keepIn = undefined;
    this.keepOut = [];
  }

  /** Whether a point is allowed (inside the keep-in box, outside every keep-out circle). */
  allows(x: number, y: number): boolean {
    const k = this.keepIn;
    if (k && (x < k.xMin || x > k.xMax || y < k.yMin || y > k.yMax)) return false;
    // A plain loop: this runs for every pose of every candidate path, ~40,000 times a plan.
    for (let i = 0; i < this.keepOut.length; i++) {
      const c = this.keepOut[i];
      if (!(Math.hypot(x - c.x, y - c.y) > c.radiusM)) return false;
    }
    return true;
  }

  /** Whether the straight segment between two points stays allowed (checked every 10 cm). */
  allowsSegment(x0: number, y0: number, x1: number, y1: number): boolean {
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.1));
    for (let i = 0; i <= n; i++) if (!this.allows(x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n)) return false;
    return true;
  }
}

/** Heading error (rad) beyond which the rover turns in place toward the waypoint before driving. */
const TURN_FIRST_RAD = degToRad(10);

/**
 * NAV_GOTO_WAYPOINT in BLIND mode: drive toward a site-frame waypoint on the onboard pose estimate,
 * without hazard checks (MER's "blind drive"): turn in place toward it when far off heading, then
 * drive straight, re-aiming as the estimate updates; done within tolerance; fails when the time
 * budget runs out or the straight line would leave the keep-in zone or cross a keep-out.
 */
export class GoToWaypointBlind implements Activity {
  readonly name = 'NAV_GOTO_WAYPOINT';
  private startS = NaN;
  private mode: 'turn' | 'drive' | 'none' = 'none';

  constructor(private readonly ctx: MobilityContext, private readonly zones: Zones, private readonly goal: { x: number; y: number }, private readonly toleranceM: number, private readonly budgetS: number, private readonly speedMS: number) {}

  step(nowS: number): 'running' | CommandResponse {
    const p = this.ctx.pose.estimate;
    if (Number.isNaN(this.startS)) {
      this.startS = nowS;
      if (!this.zones.allows(this.goal.x, this.goal.y) || !this.zones.allowsSegment(p.x, p.y, this.goal.x, this.goal.y)) {
        return { status: 'EXECUTION_ERROR', message: 'the straight path to the waypoint leaves the keep-in zone or enters a keep-out zone' };
      }
    }
    const dx = this.goal.x - p.x, dy = this.goal.y - p.y;
    const distance = Math.hypot(dx, dy);
    if (distance <= this.toleranceM) {
      this.ctx.send(stop());
      return { status: 'OK', message: `reached (${p.x.toFixed(2)}, ${p.y.toFixed(2)}), ${distance.toFixed(2)} m from the waypoint` };
    }
    if (nowS - this.startS > this.budgetS) {
      this.ctx.send(stop());
      return { status: 'EXECUTION_ERROR', reason: 'TIME_BUDGET', message: `time budget of ${this.budgetS} s spent ${distance.toFixed(1)} m short of the waypoint` };
    }
    // Heading error as a rover-frame yaw (clockwise positive).
    const error = -wrapAngle(Math.atan2(dy, dx) - p.headingRad);
    const wanted = Math.abs(error) > (this.mode === 'turn' ? degToRad(2) : TURN_FIRST_RAD) ? 'turn' : 'drive';
    if (wanted !== this.mode) {
      this.mode = wanted;
      this.ctx.send(wanted === 'turn' ? turnInPlace(this.ctx.geometry, Math.sign(error) * degToRad(2)) : straight(this.ctx.geometry, this.speedMS));
    }
    return 'running';
  }

  cancel(): void {
    this.ctx.send(stop());
  }
}

/** SEQ_WAIT: holds for a duration. */
export class Wait implements Activity {
  readonly name = 'SEQ_WAIT';
  private startS = NaN;

  constructor(private readonly durationS: number) {}

  step(nowS: number): 'running' | CommandResponse {
    if (Number.isNaN(this.startS)) this.startS = nowS;
    return nowS - this.startS >= this.durationS - 1e-9 ? { status: 'OK' } : 'running';
  }

  cancel(): void {}
}
