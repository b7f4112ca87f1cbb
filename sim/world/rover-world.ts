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

/**
 * Truth safety, watched at every vehicle step: worst tilt, least belly clearance, which limits were
 * exceeded (a joint at its hard stop, a wheel held up past the lift limit, two wheels off the
 * ground), and the truth track (a point every half metre). Flight software never sees any of it.
 */
export class TruthWatch {
  maxTiltRad = 0;
  minClearanceM = Infinity;
  readonly violations: SafetyViolations = noViolations();
  readonly track: [number, number][];
  /** Called after every step (fault injection, progress). */
  onStep: ((step: VehicleStep) => void) | undefined;

  constructor(start: { x: number; y: number }) {
    this.track = [[start.x, start.y]];
  }

  observe(step: VehicleStep): void {
    const s = step.settled;
    this.maxTiltRad = Math.max(this.maxTiltRad, s.tiltRad);
    if (!Number.isNaN(s.bellyClearanceM)) this.minClearanceM = Math.min(this.minClearanceM, s.bellyClearanceM);
    if (s.limits.tilt) this.violations.tilt = true;
    if (s.bellyClearanceM < 0) this.violations.clearance = true;
    if (s.limits.rocker || s.limits.bogieLeft || s.limits.bogieRight) this.violations.joint = true;
    if (s.limits.tipOver) this.violations.tip_over = true;
    if (s.limits.wheelLift) this.violations.wheel_lift = true;
    if (s.limits.lossOfContact) this.violations.loss_of_contact = true;
    const last = this.track[this.track.length - 1];
    if (Math.hypot(s.x - last[0], s.y - last[1]) > 0.5) this.track.push([s.x, s.y]);
    this.onStep?.(step);
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
  const truth = new TruthWatch(o.start);
  const hardware = new SimHardware(vehicle, streams, { sun: o.sun, clock: () => clock.nowS(), ...o.sensors, onStep: (step) => truth.observe(step) });
  // Flight software holds only the ports' functions, the geometry it was told and its own start estimate.
  const { x, y, headingRad } = o.believedStart;
  const fsw = new RoverFsw(flightPorts(hardware), {
    geometry: onboardGeometry(o.vehicle), params: onboardParams(o.vehicle.flight_software), epoch: { utcMs: o.epochUtcMs }, startPose: { x, y, headingRad },
    driveWindow: o.driveWindow && { ...o.driveWindow },
  });
  const engine = new Engine(clock, hardware, fsw);
  return { clock, streams, vehicle, hardware, fsw, engine, truth };
}
