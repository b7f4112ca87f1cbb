import { degToRad, radToDeg } from '../../core/geometry';
import type { Activity, CommandResponse } from '../cmd/dispatcher';
import type { EventLog } from '../events';
import { DriveArc, DriveStraight, TurnInPlace, type MobilityContext, type Zones } from '../mobility/activities';
import { stop } from '../mobility/steering';
import type { FswParams } from '../params';
import type { Telemetry } from '../telemetry';
import type { NavPlanner } from './planners';
import type { TerrainMemory } from './terrain-memory';


/**
 * NAV_GOTO_WAYPOINT with autonomous navigation: image with the front Hazcams, fuse the stereo
 * points into the local map at the onboard pose estimate, plan, turn and drive a short step, repeat,
 * until within tolerance of the waypoint. If no candidate passes the hazard checks the rover stops,
 * raises AUTONAV_NO_PATH and waits for the ground; the time budget bounds the whole traverse.
 */
export class AutonavGoTo implements Activity {
  readonly name = 'NAV_GOTO_WAYPOINT';
  private startS = NaN;
  private phase: 'look' | 'turn' | 'drive' = 'look';
  private sub: Activity | undefined;
  private pendingDrive: { curvature: number; distanceM: number } | undefined;
  private cycles = 0;
  private checks = 0;
  /** Best distance to the waypoint so far, and the cycle it was reached. */
  private best = { distanceM: Infinity, cycle: 0 };

  constructor(
    private readonly ctx: MobilityContext,
    private readonly terrain: TerrainMemory,
    private readonly planner: NavPlanner,
    private readonly zones: Zones,
    private readonly goal: { x: number; y: number },
    private readonly toleranceM: number,
    private readonly budgetS: number,
    private readonly events: EventLog,
    private readonly telemetry: Telemetry,
    /** Stuck detection and turns (autonav), the turn rate (mobility): flight software's parameters. */
    private readonly params: Pick<FswParams, 'autonav' | 'mobility'>,
  ) {}

  step(nowS: number, dtS: number): 'running' | CommandResponse {
    if (Number.isNaN(this.startS)) {
      this.startS = nowS;
      this.planner.begin();
    }
    if (nowS - this.startS > this.budgetS) return this.finish({ status: 'EXECUTION_ERROR', reason: 'TIME_BUDGET', message: `time budget of ${this.budgetS} s spent ${this.distance().toFixed(1)} m short of the waypoint` });
    if (this.phase === 'look') return this.look();
    const r = this.sub!.step(nowS, dtS);
    if (r === 'running') return 'running';
    if (r.status !== 'OK') return this.finish(r);
    if (this.phase === 'turn' && this.pendingDrive) {
      this.startDrive(this.pendingDrive.curvature, this.pendingDrive.distanceM);
      return 'running';
    }
    this.phase = 'look';
    return 'running';
  }

  cancel(reason: string): void {
    this.sub?.cancel(reason);
    this.ctx.send(stop());
  }

  /** One navigation cycle: image, map, plan, and start the chosen turn and drive. */
  private look(): 'running' | CommandResponse {
    const distance = this.distance();
    if (distance <= this.toleranceM) {
      return this.finish({ status: 'OK', message: `reached the waypoint within ${distance.toFixed(2)} m after ${this.cycles} cycles` });
    }
    const { stuck_cycles: stuckCycles, progress_m: progressM } = this.params.autonav;
    if (distance < this.best.distanceM - progressM) this.best = { distanceM: distance, cycle: this.cycles };
    else if (this.cycles - this.best.cycle >= stuckCycles) {
      this.events.emit('AUTONAV_STUCK', { cycles: stuckCycles, best_m: this.best.distanceM });
      return this.finish({ status: 'EXECUTION_ERROR', message: `hazard: no progress in ${stuckCycles} cycles` });
    }
    const pose = this.ctx.pose;
    // Where it stands first (attitude, the ground under its wheels), then what it sees.
    this.terrain.feelGround();
    this.terrain.fuse(this.ctx.ports.cameras.capture('front_hazcam'));
    const est = pose.estimate;
    // Where it looked from: the ground's record of the rover's track (and what a back-out retraces).
    this.telemetry.write('nav.look_pose', [est.x, est.y, radToDeg(est.headingRad)]);
    const decision = this.planner.plan({ ...est, zM: pose.zM }, { ...this.goal, toleranceM: this.toleranceM }, this.zones);
    this.cycles++;
    this.checks += decision.checks;
    this.telemetry.write('autonav.cycles', this.cycles);
    this.telemetry.write('autonav.checks_last_cycle', decision.checks);
    if (decision.kind === 'blocked') {
      this.events.emit('AUTONAV_NO_PATH', { planner: this.planner.name, reason: decision.reason, x_m: est.x, y_m: est.y, distance_m: distance });
      return this.finish({ status: 'EXECUTION_ERROR', message: `hazard: ${decision.reason}` });
    }
    if (Math.abs(decision.turnRad) >= degToRad(this.params.autonav.min_turn_deg)) {
      // The site heading is counter-clockwise; the rover turns clockwise-positive.
      this.sub = new TurnInPlace(this.ctx, -decision.turnRad, degToRad(this.params.mobility.turn_rate_deg_s));
      this.phase = 'turn';
      this.pendingDrive = { curvature: decision.curvature, distanceM: decision.distanceM };
    } else if (decision.distanceM > 1e-3) {
      this.startDrive(decision.curvature, decision.distanceM);
    } else {
      // Neither a turn nor a drive: nothing would change by planning again from here.
      return this.finish({ status: 'EXECUTION_ERROR', message: 'autonomous navigation made no progress (no turn, no drive)' });
    }
    this.events.emit('AUTONAV_STEP', { cycle: this.cycles, turn_deg: radToDeg(decision.turnRad), curvature_per_m: decision.curvature, distance_m: decision.distanceM, checks: decision.checks });
    return 'running';
  }

  private startDrive(curvature: number, distanceM: number): void {
    const speed = this.ctx.geometry.top_speed_m_s;
    this.pendingDrive = undefined;
    if (distanceM <= 1e-3) {
      // A turn to look: nothing to drive; image and plan again.
      this.phase = 'look';
      return;
    }
    this.sub = Math.abs(curvature) < 1e-6 ? new DriveStraight(this.ctx, distanceM, speed) : new DriveArc(this.ctx, -1 / curvature, distanceM, speed);
    this.phase = 'drive';
  }

  private distance(): number {
    const p = this.ctx.pose.estimate;
    return Math.hypot(this.goal.x - p.x, this.goal.y - p.y);
  }

  private finish(response: CommandResponse): CommandResponse {
    this.sub?.cancel('done');
    this.ctx.send(stop());
    this.telemetry.write('autonav.checks_total', this.checks);
    return response;
  }
}
