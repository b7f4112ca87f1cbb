import type { Pose2, Vec3 } from '../../src/core/geometry';
import { RandomStreams } from '../../src/core/random';
import { onboardGeometry } from '../../src/core/vehicle-geometry';
import { onboardParams } from '../../src/fsw/params';
import { RoverFsw } from '../../src/fsw/topology';
import type { DriveWindow } from '../../src/fsw/mobility/drive-window';
import { Engine, EngineClock } from './engine';
import { flightPorts } from './sensors/flight-ports';
import { SimHardware } from './sensors/rig';
import type { VoParams } from './sensors/visual-odometry';
import type { TruthTerrain } from './terrain/terrain';
import type { VehicleConfig } from './vehicle/config';
import { SimVehicle, type VehicleStep } from './vehicle/vehicle';
import { noViolations, type SafetyViolations } from './safety';

/** The truth along the drive, one sample per half metre of travel (report plots). */
export interface TruthProfileSample {
  t_s: number;
  /** Distance the body moved since the start (m). */
  distance_m: number;
  x_m: number;
  y_m: number;
  /** Heading, counter-clockwise from east (deg). */
  heading_deg: number;
  /** Ground under the rover's centre, rocks left out (m, site frame). */
  ground_z_m: number;
  /** Worst tilt and least belly clearance over the half metre. */
  tilt_deg: number;
  clearance_m: number;
  /** Slip over the half metre, weighted by the distance the wheels were commanded to roll (0..1). */
  slip: number;
  /** Distance moved over the time the wheels were turning or steering (m/s). */
  speed_m_s: number;
  /** Energy drawn while driving (wheels turning or steering) since the start (Wh), and the battery's state of charge (0..1). */
  energy_wh: number;
  soc: number;
}

/** What the truth watch reads of the vehicle besides its steps. */
export interface TruthState {
  timeS(): number;
  odometerM(): number;
  driveEnergyWh(): number;
  soc(): number;
  groundZ(x: number, y: number): number;
}

/**
 * Truth safety, watched at every vehicle step: worst tilt, least belly clearance, which limits were
 * exceeded (a joint at its hard stop, a wheel held up past the lift limit, two wheels off the
 * ground), and the truth track (a point every half metre) with its profile. Flight software never
 * sees any of it.
 */
export class TruthWatch {
  maxTiltRad = 0;
  minClearanceM = Infinity;
  readonly violations: SafetyViolations = noViolations();
  readonly track: [number, number][];
  /** Called after every step (fault injection, progress). */
  onStep: ((step: VehicleStep) => void) | undefined;

  readonly profile: TruthProfileSample[] = [];
  /** Since the last profile sample: worst tilt, least clearance, slip × commanded distance, commanded distance, moved distance, moving time. */
  private span = { tiltRad: 0, clearanceM: Infinity, slipM: 0, commandedM: 0, movedM: 0, movingS: 0 };

  constructor(start: { x: number; y: number }, private readonly state?: TruthState) {
    this.track = [[start.x, start.y]];
  }

  observe(step: VehicleStep, dtS = 0): void {
    const s = step.settled;
    const span = this.span;
    span.tiltRad = Math.max(span.tiltRad, s.tiltRad);
    if (!Number.isNaN(s.bellyClearanceM)) span.clearanceM = Math.min(span.clearanceM, s.bellyClearanceM);
    span.slipM += step.slip * step.commandedDistanceM;
    span.commandedM += step.commandedDistanceM;
    span.movedM += step.movedDistanceM;
    if (step.commandedDistanceM > 0 || step.steering || step.movedDistanceM > 0) span.movingS += dtS;
    this.maxTiltRad = Math.max(this.maxTiltRad, s.tiltRad);
    if (!Number.isNaN(s.bellyClearanceM)) this.minClearanceM = Math.min(this.minClearanceM, s.bellyClearanceM);
    if (s.limits.tilt) this.violations.tilt = true;
    if (s.bellyClearanceM < 0) this.violations.clearance = true;
    if (s.limits.rocker || s.limits.bogieLeft || s.limits.bogieRight) this.violations.joint = true;
    if (s.limits.tipOver) this.violations.tip_over = true;
    if (s.limits.wheelLift) this.violations.wheel_lift = true;
    if (s.limits.lossOfContact) this.violations.loss_of_contact = true;
    const last = this.track[this.track.length - 1];
    if (Math.hypot(s.x - last[0], s.y - last[1]) > 0.5) {
      this.track.push([s.x, s.y]);
      this.sample(s.x, s.y, s.headingRad);
    }
    this.onStep?.(step);
  }

  private sample(x: number, y: number, headingRad: number): void {
    const st = this.state;
    if (!st) return;
    const span = this.span;
    const r = (v: number, k: number): number => Number(v.toFixed(k));
    this.profile.push({
      t_s: r(st.timeS(), 1), distance_m: r(st.odometerM(), 2), x_m: r(x, 2), y_m: r(y, 2), heading_deg: r((headingRad * 180) / Math.PI, 1), ground_z_m: r(st.groundZ(x, y), 3),
      tilt_deg: r((span.tiltRad * 180) / Math.PI, 2), clearance_m: Number.isFinite(span.clearanceM) ? r(span.clearanceM, 3) : NaN,
      slip: span.commandedM > 0 ? r(span.slipM / span.commandedM, 3) : 0, speed_m_s: span.movingS > 0 ? r(span.movedM / span.movingS, 4) : 0,
      energy_wh: r(st.driveEnergyWh(), 2), soc: r(st.soc(), 4),
    });
    this.span = { tiltRad: 0, clearanceM: Infinity, slipM: 0, commandedM: 0, movedM: 0, movingS: 0 };
  }
}

export interface RoverWorld {
  clock: EngineClock;
  streams: RandomStreams;
  vehicle: SimVehicle;
  hardware: SimHardware;
  fsw: RoverFsw;
  engine: Engine;
  truth: TruthWatch;
}

export interface WorldOptions {
  terrain: TruthTerrain;
  vehicle: VehicleConfig;
  /** Truth start pose. */
  start: Pose2;
  /**
   * Where the rover believes it starts: the ground's localization, uplinked (it differs from the truth
   * start by the scenario's drawn start error). A copy is handed over, never the truth start itself.
   */
  believedStart: Pose2;
  seed: number | string;
  /** Sim time 0 as UTC (ms). */
  epochUtcMs: number;
  /** The sun lighting the cameras: fixed, or as it stands at a simulation time (s). */
  sun: Vec3 | ((nowS: number) => Vec3);
  /** The part of the sol operations let the rover drive in (flight software keeps to it). */
  driveWindow?: DriveWindow;
  /** Sensor settings instead of the defaults (Monte Carlo dispersions). */
  sensors?: { vo?: Partial<VoParams>; disparityNoisePx?: number };
}

/** The simulated rover on its terrain, flight software wired to it, truth watched. */
export function buildRoverWorld(o: WorldOptions): RoverWorld {
  const clock = new EngineClock();
  const streams = new RandomStreams(o.seed);
  const vehicle = new SimVehicle(o.terrain, o.vehicle, o.start);
  const truth = new TruthWatch(o.start, {
    timeS: () => clock.nowS(), odometerM: () => vehicle.odometerM, driveEnergyWh: () => vehicle.driveEnergyWh,
    soc: () => vehicle.battery.stateOfCharge, groundZ: (x, y) => o.terrain.groundHeightAt(x, y),
  });
  const hardware = new SimHardware(vehicle, streams, { sun: o.sun, clock: () => clock.nowS(), ...o.sensors, onStep: (step, dtS) => truth.observe(step, dtS) });
  // Flight software holds only the ports' functions, the geometry it was told and its own start estimate.
  const { x, y, headingRad } = o.believedStart;
  const fsw = new RoverFsw(flightPorts(hardware), {
    geometry: onboardGeometry(o.vehicle), params: onboardParams(o.vehicle.flight_software), epoch: { utcMs: o.epochUtcMs }, startPose: { x, y, headingRad },
    driveWindow: o.driveWindow && { ...o.driveWindow },
  });
  const engine = new Engine(clock, hardware, fsw);
  return { clock, streams, vehicle, hardware, fsw, engine, truth };
}
