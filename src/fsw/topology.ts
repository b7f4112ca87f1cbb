import { radToDeg } from '../core/geometry';
import type { Epoch } from '../core/time';
import type { VehicleGeometry } from '../core/vehicle-geometry';
import { Dispatcher, type CommandResponse } from './cmd/dispatcher';
import { commandDictionary } from './cmd/dictionary';
import { DEFAULT_FSW_PARAMS, type FswParams } from './params';
import { EventLog } from './events';
import { refuseMotionInSafeMode, registerFaultCommands } from './fault/commands';
import { faultLimits, FaultProtection } from './fault/fault-protection';
import { registerImagingCommands } from './imaging/commands';
import { Wait, Zones, type MobilityContext } from './mobility/activities';
import { DriveWindowMonitor, type DriveWindow } from './mobility/drive-window';
import { numArg, registerMobilityCommands } from './mobility/commands';
import { stop } from './mobility/steering';
import type { MobilityCommand } from './mobility/types';
import { BellyClearanceEstimator } from './nav/belly-clearance';
import { PoseEstimator, type PoseEstimate } from './nav/pose-estimator';
import type { CameraId, HardwarePorts, StereoFrame } from './ports';
import { Sequencer } from './seq/sequencer';
import type { ValidatedSequence } from './seq/seqjson';
import { Telemetry } from './telemetry';
import { registerNavigationCommands } from './autonav/commands';
import { TerrainMemory } from './autonav/terrain-memory';

/** Commands that only hold the sequence: a parked rover waiting on them is not moving. */
const WAITS: readonly string[] = ['SEQ_WAIT', 'MOB_AWAIT_DRIVE_WINDOW'];

export interface FswOptions {
  geometry: VehicleGeometry;
  /** Sim time 0 as UTC: ABSOLUTE sequence times are converted with it. */
  epoch: Epoch;
  /** Where the ground says the rover starts (site frame). */
  startPose: PoseEstimate;
  /** The parameters of this rover (the vehicle file's `flight_software`); the defaults otherwise. */
  params?: FswParams;
  /** The part of the sol operations let the rover drive in; driving at any time without one. */
  driveWindow?: DriveWindow;
}

/**
 * The flight software's topology (as F Prime's): creates the components and wires them to each
 * other and to the hardware ports. The engine calls its rate groups; the link delivers uplinks.
 */
export class RoverFsw {
  readonly events: EventLog;
  readonly telemetry: Telemetry;
  readonly dispatcher: Dispatcher;
  readonly sequencer: Sequencer;
  readonly pose: PoseEstimator;
  readonly fault: FaultProtection;
  readonly zones = new Zones();
  readonly clearance: BellyClearanceEstimator;
  /** The latest frame of each camera (for the onboard map and downlink). */
  readonly images = new Map<CameraId, StereoFrame>();
  /** The ground the rover keeps in its local map (across commands and sols). */
  readonly terrain: TerrainMemory;
  private current: MobilityCommand = stop();
  private readonly mobility: MobilityContext;
  private voOdometerM = 0;
  private waitsUntil = new Set<number>();
  /** This rover's parameters (params.ts): the one source of its tunables. */
  readonly params: FswParams;
  readonly driveWindow: DriveWindowMonitor | undefined;

  constructor(readonly ports: HardwarePorts, readonly options: FswOptions) {
    const now = () => ports.clock.nowS();
    this.params = options.params ?? DEFAULT_FSW_PARAMS;
    this.driveWindow = options.driveWindow ? new DriveWindowMonitor(options.driveWindow, options.epoch) : undefined;
    this.events = new EventLog(now);
    this.telemetry = new Telemetry(now);
    // Commands are checked against this rover's own limits (top speed, tightest arc, default rates).
    this.dispatcher = new Dispatcher(this.events, this.telemetry, commandDictionary(options.geometry, this.params));
    this.sequencer = new Sequencer(this.dispatcher, this.events, this.telemetry, { epoch: options.epoch });
    this.pose = new PoseEstimator(options.geometry, options.startPose);
    this.pose.observeAttitude(ports.imu.read());
    this.terrain = new TerrainMemory(ports, this.pose, options.geometry);
    this.clearance = new BellyClearanceEstimator(options.geometry);
    this.fault = new FaultProtection(ports, faultLimits(options.geometry, this.params.fault), this.events, this.telemetry, {
      halt: (reason) => {
        this.dispatcher.cancelAll(reason);
        this.send(stop());
      },
      safe: (reason) => this.sequencer.cancel(reason, now()),
    });
    const self = this;
    this.mobility = {
      ports,
      geometry: options.geometry,
      pose: this.pose,
      send: (cmd) => this.send(cmd),
      get current() {
        return self.current;
      },
    };
    this.registerCommands();
    this.telemetry.write('fp.mode', this.fault.mode);
  }

  /** An uplinked sequence (`label`: the ground's name for the uplink) arrives: load and start it (a load error is reported, nothing runs). */
  receiveSequence(seq: ValidatedSequence, label = seq.id): CommandResponse {
    const nowS = this.ports.clock.nowS();
    this.fault.uplinkReceived(nowS);
    const loaded = this.sequencer.load(seq, nowS);
    if (loaded.status !== 'OK') {
      this.events.emit('UPLINK_REJECTED', { label, status: loaded.status, detail: loaded.message ?? '' });
      return loaded;
    }
    this.sequencer.start(nowS);
    return loaded;
  }

  /**
   * Whether the engine must tick finely: wheels commanded to turn, or an activity running whose end
   * cannot be predicted (everything but waits, whose end nextWakeS gives).
   */
  isMoving(): boolean {
    return this.current.wheelRateRadS.some((r) => r !== 0) || this.dispatcher.running().some((h) => !WAITS.includes(h.mnemonic));
  }

  /** The next time anything onboard needs to run, when nothing moves (for the engine's fast-forward). */
  nextWakeS(): number | undefined {
    let next = this.sequencer.nextWakeS();
    for (const t of this.waitsUntil) next = next === undefined ? t : Math.min(next, t);
    return next;
  }

  /** The local height map autonomous navigation builds and keeps. */
  get map() {
    return this.terrain.map;
  }

  /** Mobility rate group (10 Hz): odometry, activities, reactive fault monitors. */
  mobilityTick(nowS: number, dtS: number): void {
    this.pose.updateOdometry(this.ports.encoders.read(), this.ports.imu.read(), this.current.steerRad);
    this.terrain.feelGroundWhileDriving();
    this.dispatcher.step(nowS, dtS);
    for (const t of this.waitsUntil) if (t <= nowS) this.waitsUntil.delete(t);
    const moving = this.current.wheelRateRadS.some((r) => r !== 0);
    this.fault.checkMobility(nowS, moving, this.current.wheelRateRadS);
    if (moving) this.fault.checkClearance(this.clearance.estimate(this.pose.estimate));
    if (moving && this.driveWindow) this.keepToDriveWindow(nowS, dtS, this.driveWindow);
  }

  /** Counts the sol's driving; stops the drive when its window closes or the sol's drive time is spent. */
  private keepToDriveWindow(nowS: number, dtS: number, window: DriveWindowMonitor): void {
    window.drove(nowS, dtS);
    const closed = window.closedBecause(nowS);
    if (!closed) return;
    this.events.emit('MOB_DRIVE_WINDOW_CLOSED', { why: closed, lmst_h: window.localTime(nowS).lmstH, driven_s: window.drivenThisSolS(nowS) });
    this.dispatcher.cancelAll(closed, nowS);
    this.send(stop());
  }

  /** Navigation rate group (1 Hz): visual odometry every half metre of travel, and the slip check. */
  navigationTick(): void {
    if (this.pose.odometerM - this.voOdometerM < this.params.nav.vo_step_m) return;
    this.voOdometerM = this.pose.odometerM;
    const vo = this.ports.visualOdometry.update('front_hazcam');
    if (vo) {
      this.pose.applyVisualOdometry(vo);
      this.fault.checkSlip(this.pose.lastSlip, this.pose.lastSlipOdometryM);
    } else {
      this.pose.reanchor();
    }
  }

  /** Sequencer rate group. */
  sequencerTick(nowS: number): void {
    this.sequencer.tick(nowS);
  }

  /** Telemetry rate group: channel snapshot values and the slow monitors. */
  telemetryTick(nowS: number): void {
    const p = this.pose.estimate;
    const imu = this.ports.imu.read();
    const s = this.ports.suspension.read();
    this.telemetry.write('nav.pose_estimate_m', [p.x, p.y]);
    this.telemetry.write('nav.heading_deg', radToDeg(p.headingRad));
    this.telemetry.write('nav.odometer_m', this.pose.odometerM);
    this.telemetry.write('att.roll_deg', radToDeg(imu.rollRad));
    this.telemetry.write('att.pitch_deg', radToDeg(imu.pitchRad));
    this.telemetry.write('mob.suspension_deg', [s.rockerRad, s.bogieLeftRad, s.bogieRightRad].map(radToDeg));
    this.telemetry.write('mob.wheel_current_a', this.ports.motors.read().currentA);
    const power = this.ports.power.read();
    this.telemetry.write('pwr.energy_used_wh', power.energyUsedWh);
    this.telemetry.write('pwr.soc', Number(power.stateOfCharge.toFixed(4)));
    this.telemetry.write('fp.mode', this.fault.mode);
    this.fault.checkLink(nowS);
  }

  private send(cmd: MobilityCommand): void {
    this.current = cmd;
    this.ports.mobility.command(cmd);
  }

  /** Each component registers the commands it handles; the topology keeps the waits the engine needs. */
  private registerCommands(): void {
    const d = this.dispatcher;
    const motion = refuseMotionInSafeMode(this.fault);
    registerMobilityCommands(d, this.mobility, motion);
    registerNavigationCommands(d, {
      ports: this.ports, geometry: this.options.geometry, params: this.params, mobility: this.mobility, pose: this.pose,
      terrain: this.terrain, zones: this.zones, events: this.events, telemetry: this.telemetry,
    }, motion);
    registerImagingCommands(d, { ports: this.ports, images: this.images, terrain: this.terrain, clearance: this.clearance, pose: this.pose, events: this.events });
    registerFaultCommands(d, this.fault);
    d.register('SEQ_WAIT', (a, nowS) => {
      // The engine fast-forwards a parked rover: it must know when this wait ends.
      this.waitsUntil.add(nowS + numArg(a, 'duration_s'));
      return new Wait(numArg(a, 'duration_s'));
    });
    d.register('MOB_AWAIT_DRIVE_WINDOW', (_, nowS) => {
      const waitS = this.driveWindow?.untilOpenS(nowS) ?? 0;
      if (waitS <= 0) return { status: 'OK' };
      this.waitsUntil.add(nowS + waitS);
      return new Wait(waitS);
    });
    d.register('CMD_NO_OP', () => ({ status: 'OK' }));
  }
}
