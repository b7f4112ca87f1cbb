import type { Vec3 } from '../../src/core/geometry';
import type { RandomStreams } from '../../src/core/random';
import type { CameraId, EncoderSample, HardwarePorts, ImuSample, MobilityCommand, StereoFrame, VoSample } from '../../src/fsw/ports';
import { stop } from '../../src/fsw/mobility/steering';
import { roverPlacement } from '../vehicle/placement';
import type { SimVehicle, VehicleStep } from '../vehicle/vehicle';
import { CAMERAS, CameraModel, type RenderedFrame } from './camera-model';
import { renderFrame } from './render';
import { measureStereo } from './stereo';
import { featurelessShare, VisualOdometry, VoParams } from './visual-odometry';

export interface SimHardwareOptions {
  /** Unit vector toward the sun (site frame), for camera shading. */
  sun: Vec3;
  /** The simulation clock (s). */
  clock: () => number;
  vo?: Partial<VoParams>;
}

/**
 * The simulator's side of the hardware ports: everything the flight software may know about the
 * world comes out of here, as sensors would report it (stereo ranges with noise, IMU with drift,
 * encoders counting commanded rotation, VO increments with drift), never as truth.
 */
export class SimHardware implements HardwarePorts {
  readonly clock: HardwarePorts['clock'];
  readonly cameras: HardwarePorts['cameras'];
  readonly imu: HardwarePorts['imu'];
  readonly encoders: HardwarePorts['encoders'];
  readonly visualOdometry: HardwarePorts['visualOdometry'];
  readonly mobility: HardwarePorts['mobility'];
  /** The last mobility command received; the engine executes it each tick. */
  command: MobilityCommand = stop();
  /** The truth frame behind the last capture of each camera (for people and reports; never for FSW). */
  readonly lastTruthFrame = new Map<CameraId, RenderedFrame>();
  private lastImu: ImuSample;
  private readonly vo: VisualOdometry;
  private voFrom: { x: number; y: number; headingRad: number } | undefined;
  private readonly lastCaptureTime = new Map<CameraId, number>();
  /** Camera models by camera and pointing: each caches its per-pixel rays. */
  private readonly models = new Map<string, CameraModel>();

  constructor(readonly vehicle: SimVehicle, private readonly streams: RandomStreams, private readonly options: SimHardwareOptions) {
    const now = options.clock;
    this.clock = { nowS: now };
    const s = vehicle.settled;
    this.lastImu = { timeS: now(), ...toImuSample(vehicle.imu.measure({ rollRad: s.state.rollRad, pitchRad: s.state.pitchRad, headingRad: s.headingRad }, 0)) };
    this.vo = new VisualOdometry(VoParams.parse(options.vo ?? {}), streams.stream('sensors.vo'));
    this.cameras = { capture: (camera, pointing) => this.capture(camera, pointing) };
    this.imu = { read: () => this.lastImu };
    this.encoders = { read: (): EncoderSample => ({ timeS: now(), wheelAngleRad: this.vehicle.encoders.read() }) };
    this.visualOdometry = { update: (camera) => this.updateVo(camera) };
    this.mobility = { command: (cmd) => { this.command = cmd; } };
  }

  /** Moves the vehicle by the last command over dt (called by the engine's mobility rate group). */
  stepVehicle(dtS: number): VehicleStep {
    const step = this.vehicle.step(this.command, dtS);
    this.lastImu = { timeS: this.options.clock(), ...toImuSample(step.imu) };
    return step;
  }

  private capture(camera: CameraId, pointing?: { panDeg?: number; tiltDeg?: number }): StereoFrame {
    const key = `${camera}/${pointing?.panDeg ?? ''}/${pointing?.tiltDeg ?? ''}`;
    let model = this.models.get(key);
    if (!model) {
      model = new CameraModel(CAMERAS[camera], -1, pointing);
      this.models.set(key, model);
    }
    const truth = renderFrame(this.vehicle.terrain, model, roverPlacement(this.vehicle.settled), { sun: this.options.sun });
    this.lastTruthFrame.set(camera, truth);
    this.lastCaptureTime.set(camera, this.options.clock());
    const stereo = measureStereo(truth, this.streams.stream(`sensors.stereo.${camera}`));
    const c = model.centreInRover;
    return {
      camera,
      timeS: this.options.clock(),
      width: model.width,
      height: model.height,
      focalPx: model.f,
      cx: model.cx,
      cy: model.cy,
      centreRover: [c[0], c[1], c[2]],
      roverFromCamera: Array.from(model.roverFromCamera),
      rangeM: stereo.rangeM,
      pointsRover: stereo.pointsRover,
      valid: stereo.valid,
      image: truth.image,
    };
  }

  /**
   * The pose change since the previous update, as VO would measure it between two captures of
   * `camera` (the first call only sets the reference and returns null). Uses that camera's latest
   * frame if it was captured now, else captures one.
   */
  private updateVo(camera: CameraId): VoSample {
    const now = this.options.clock();
    if (this.lastCaptureTime.get(camera) !== now) this.capture(camera);
    const pose = this.vehicle.pose;
    const from = this.voFrom;
    this.voFrom = pose;
    if (!from) return null;
    const dx = pose.x - from.x, dy = pose.y - from.y;
    const c = Math.cos(from.headingRad), s = Math.sin(from.headingRad);
    // Site displacement in the previous rover frame (x forward, y right); rover yaw is clockwise.
    const truth = { forwardM: dx * c + dy * s, rightM: dx * s - dy * c, yawRad: -wrap(pose.headingRad - from.headingRad) };
    const measured = this.vo.measure(truth, featurelessShare(this.lastTruthFrame.get(camera)!));
    return measured && { timeS: now, ...measured };
  }
}

function toImuSample(r: { rollRad: number; pitchRad: number; headingRad: number }): Omit<ImuSample, 'timeS'> {
  return { rollRad: r.rollRad, pitchRad: r.pitchRad, headingRad: r.headingRad };
}

function wrap(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
