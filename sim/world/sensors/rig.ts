import type { Vec3 } from '../../../src/core/geometry';
import type { RandomStreams } from '../../../src/core/random';
import type { CameraId, EncoderSample, HardwarePorts, ImuSample, MobilityCommand, MotorSample, PowerSample, StereoFrame, SuspensionSample, VoSample } from '../../../src/fsw/ports';
import { stop } from '../../../src/fsw/mobility/steering';
import { roverPlacement } from '../vehicle/placement';
import type { SimVehicle, VehicleStep } from '../vehicle/vehicle';
import { Imu, type ImuReading } from './imu';
import { CAMERAS, CameraModel, type RenderedFrame } from './camera-model';
import { renderFrame } from './render';
import { measureStereo, stereoReachM } from './stereo';
import { SunSensor } from './sun-sensor';
import { VisualOdometry, VoParams } from './visual-odometry';
import { VoSensor } from './vo-sensor';
import { WheelDrive } from './wheel-drive';

export interface SimHardwareOptions {
  /** Unit vector toward the sun (site frame) for camera shading: fixed, or as it stands at a time (s). */
  sun: Vec3 | ((nowS: number) => Vec3);
  /** The simulation clock (s). */
  clock: () => number;
  vo?: Partial<VoParams>;
  /** Stereo correlator noise (px) instead of the cameras' own (Monte Carlo dispersions). */
  disparityNoisePx?: number;
  /** Called with every vehicle step (the truth watch: never flight software). */
  onStep?: (step: VehicleStep, dtS: number) => void;
}

/**
 * The simulator's side of the hardware ports: everything the flight software may know about the
 * world comes out of here, as sensors would report it (stereo ranges with noise, IMU with drift,
 * encoders counting commanded rotation, VO increments with drift), never as truth. It renders the
 * cameras itself and composes the other instruments: the IMU, the wheel drives (wheel-drive.ts), VO
 * (vo-sensor.ts) and the sun sensor (sun-sensor.ts). Flight software holds flightPorts(this), never this.
 */
export class SimHardware implements HardwarePorts {
  readonly clock: HardwarePorts['clock'];
  readonly cameras: HardwarePorts['cameras'];
  readonly imu: HardwarePorts['imu'];
  readonly encoders: HardwarePorts['encoders'];
  readonly suspension: HardwarePorts['suspension'];
  readonly motors: HardwarePorts['motors'];
  readonly power: HardwarePorts['power'];
  readonly visualOdometry: HardwarePorts['visualOdometry'];
  readonly mobility: HardwarePorts['mobility'];
  readonly sunSensor: HardwarePorts['sunSensor'];
  /** The last mobility command received; the engine executes it each tick. */
  command: MobilityCommand = stop();
  /** The truth frame behind the last capture of each camera, at the onboard stereo's resolution (never for FSW). */
  readonly lastTruthFrame = new Map<CameraId, RenderedFrame>();
  private lastImu: ImuSample;
  /** The instruments on the vehicle: they read what each vehicle step did. */
  private readonly imuUnit: Imu;
  private readonly drive = new WheelDrive();
  private readonly vo: VoSensor;
  private readonly lastCaptureTime = new Map<CameraId, number>();
  /** Camera models by camera and pointing: each caches its per-pixel rays. */
  private readonly models = new Map<string, CameraModel>();

  constructor(readonly vehicle: SimVehicle, private readonly streams: RandomStreams, private readonly options: SimHardwareOptions) {
    const now = options.clock;
    this.clock = { nowS: now };
    this.imuUnit = new Imu(vehicle.config.imu, streams.stream('sensors.imu'));
    this.lastImu = { timeS: now(), ...toImuSample(this.measureImu(0)) };
    this.vo = new VoSensor(new VisualOdometry(VoParams.parse(options.vo ?? {}), streams.stream('sensors.vo')));
    this.cameras = { capture: (camera, pointing) => this.capture(camera, pointing) };
    const sun = new SunSensor(streams.stream('sensors.sun'));
    this.sunSensor = { measureHeading: () => sun.measure(this.vehicle.pose.headingRad, now()) };
    this.imu = { read: () => this.lastImu };
    this.encoders = { read: (): EncoderSample => ({ timeS: now(), wheelAngleRad: this.drive.encoderAngles() }) };
    this.suspension = {
      // Angle sensors on the differential and bogie pivots; their noise is negligible next to the terrain's effect [assumed].
      read: (): SuspensionSample => {
        const st = this.vehicle.settled.state;
        return { timeS: now(), rockerRad: st.rockerRad, bogieLeftRad: st.bogieLeftRad, bogieRightRad: st.bogieRightRad };
      },
    };
    this.motors = { read: (): MotorSample => ({ timeS: now(), currentA: this.drive.currentsA() }) };
    this.power = { read: (): PowerSample => ({ timeS: now(), energyUsedWh: this.vehicle.energyWh, stateOfCharge: this.vehicle.battery.stateOfCharge }) };
    this.visualOdometry = { update: (camera) => this.updateVo(camera) };
    this.mobility = { command: (cmd) => { this.command = cmd; } };
  }

  /** The sun lighting the cameras' view now. */
  private sunNow(): Vec3 {
    const sun = this.options.sun;
    return typeof sun === 'function' ? sun(this.options.clock()) : sun;
  }

  /** Moves the vehicle by the last command over dt (called by the engine's mobility rate group). */
  stepVehicle(dtS: number): VehicleStep {
    const step = this.vehicle.step(this.command, dtS);
    this.lastImu = { timeS: this.options.clock(), ...toImuSample(this.measureImu(dtS)) };
    this.drive.record(step, this.command, dtS);
    this.options.onStep?.(step, dtS);
    return step;
  }

  /** The IMU's reading of the vehicle's attitude now, dtS after the previous one. */
  private measureImu(dtS: number): ImuReading {
    const s = this.vehicle.settled;
    return this.imuUnit.measure({ rollRad: s.state.rollRad, pitchRad: s.state.pitchRad, headingRad: s.headingRad }, dtS);
  }

  /** Fault injection: the wheel's drive motor stalls (it stops turning and draws stall current). */
  injectStall(wheel: number): void {
    this.drive.injectStall(wheel);
  }

  /** Ends an injected stall: the motor turns again; its encoder counts on from where it froze. */
  clearStall(wheel: number): void {
    this.drive.clearStall(wheel);
  }

  private voView(camera: CameraId): RenderedFrame {
    return renderFrame(this.vehicle.terrain, this.stereoModel(camera, VO_VIEW_SCALE), roverPlacement(this.vehicle.settled), { sun: this.sunNow() });
  }

  /**
   * What `camera` sees from where the rover stands now, at its full resolution: for people (stop frames
   * in reports), never for flight software.
   */
  viewForPeople(camera: CameraId): RenderedFrame {
    return renderFrame(this.vehicle.terrain, this.model(camera, 1), roverPlacement(this.vehicle.settled), { sun: this.sunNow() });
  }

  /** The camera model at 1/scale of the spec's image size (cached: each caches its per-pixel rays). */
  private model(camera: CameraId, scale: number, pointing?: { panDeg?: number; tiltDeg?: number }): CameraModel {
    const key = `${camera}/${scale}/${pointing?.panDeg ?? ''}/${pointing?.tiltDeg ?? ''}`;
    let model = this.models.get(key);
    if (!model) {
      const spec = CAMERAS[camera];
      const sized = scale === 1 ? spec : { ...spec, width_px: Math.max(16, Math.floor(spec.width_px / scale)), height_px: Math.max(12, Math.floor(spec.height_px / scale)) };
      model = new CameraModel(sized, -1, pointing);
      this.models.set(key, model);
    }
    return model;
  }

  /**
   * The model for what flight software's stereo (or VO) gets of `camera` at 1/scale: rendered only
   * as far as a match can come back from (stereoReachM, with this run's correlator noise); nothing
   * farther can become a stereo point, and VO tracks only features stereo ranges.
   */
  private stereoModel(camera: CameraId, scale: number, pointing?: { panDeg?: number; tiltDeg?: number }): CameraModel {
    const key = `stereo/${camera}/${scale}/${pointing?.panDeg ?? ''}/${pointing?.tiltDeg ?? ''}`;
    let model = this.models.get(key);
    if (!model) {
      const full = this.model(camera, scale, pointing);
      const reachM = stereoReachM(full, this.noisePx(camera, scale));
      model = reachM >= full.spec.render_range_m ? full : new CameraModel({ ...full.spec, render_range_m: reachM }, -1, pointing);
      this.models.set(key, model);
    }
    return model;
  }

  /** The correlator's error in pixels of an image at 1/scale: it is given in pixels of the full image. */
  private noisePx(camera: CameraId, scale: number): number {
    return (this.options.disparityNoisePx ?? CAMERAS[camera].stereo.disparity_noise_px) / scale;
  }

  /** A stereo frame as flight software receives it: rendered and matched at the onboard stereo's resolution. */
  private capture(camera: CameraId, pointing?: { panDeg?: number; tiltDeg?: number }): StereoFrame {
    const scale = CAMERAS[camera].stereo.onboard_scale;
    const model = this.stereoModel(camera, scale, pointing);
    const truth = renderFrame(this.vehicle.terrain, model, roverPlacement(this.vehicle.settled), { sun: this.sunNow() });
    this.lastTruthFrame.set(camera, truth);
    this.lastCaptureTime.set(camera, this.options.clock());
    const stereo = measureStereo(truth, this.streams.stream(`sensors.stereo.${camera}`), { disparityNoisePx: this.noisePx(camera, scale) });
    const c = model.centreInRover;
    return {
      camera,
      timeS: this.options.clock(),
      width: model.width,
      height: model.height,
      focalPx: model.f,
      cx: model.cx,
      cy: model.cy,
      // Calibration values, not this run's dispersed noise: the flight software knows its cameras as calibrated.
      baselineM: model.spec.stereo.baseline_m,
      disparityNoisePx: model.spec.stereo.disparity_noise_px / scale,
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
   * `camera` (the first call only sets the reference and returns null). How featureless the view is
   * comes from that camera's frame if one was captured now, else from a small render (VO's
   * statistics need the share of sand in view, not a full stereo frame).
   */
  private updateVo(camera: CameraId): VoSample {
    const now = this.options.clock();
    const view = this.lastCaptureTime.get(camera) === now ? this.lastTruthFrame.get(camera)! : this.voView(camera);
    return this.vo.update(this.vehicle.pose, view, now);
  }
}

/**
 * VO's view statistic (the share of sand in view) comes from a render at 1/8 of the image size: a
 * share needs no more than 64 x 48 pixels, and the mesh coarsens with the pixels.
 */
const VO_VIEW_SCALE = 8;

function toImuSample(r: { rollRad: number; pitchRad: number; headingRad: number }): Omit<ImuSample, 'timeS'> {
  return { rollRad: r.rollRad, pitchRad: r.pitchRad, headingRad: r.headingRad };
}
