import type { MobilityCommand } from './mobility/types';

/*
 * The hardware ports: the only door between the flight software and the world (src/DESIGN.md, the one
 * rule). Everything the flight software knows about the rover and its surroundings comes in through
 * these interfaces; everything it does goes out through them. The simulator implements them
 * (sim/world/sensors/rig.ts) and hands flight software a frozen view of them whose answers hold nothing
 * the world keeps
 * (sim/world/sensors/flight-ports.ts); flight software depends on these types only, never on sim/.
 *
 * Nothing here carries truth: no truth pose, terrain, rock list, slip or sensor error term (e.g. the
 * IMU's accumulated gyro drift). Each field is what the real instrument or its driver would report.
 * The types are plain data (numbers, arrays, typed arrays) so that the simulator's richer objects
 * can be copied into them without the flight software seeing the simulator's types.
 *
 * Frames:
 * - rover: body frame of the M2020 URDF, x forward, y right, z down, origin on the ground under the
 *   middle axle. A positive yaw about +z turns +x toward +y: clockwise seen from above.
 * - camera (computer-vision convention): x right, y down, z along the optical axis; pixel (u, v) is
 *   (column, row) with rows top to bottom.
 * - site: local east-north-up frame; headings are counter-clockwise from east (+x).
 */

export type { MobilityCommand } from './mobility/types';

export type CameraId = 'front_hazcam' | 'rear_hazcam' | 'navcam';

/** Every camera the rover carries, for validating names that arrive in commands. */
export const CAMERA_IDS: readonly CameraId[] = ['front_hazcam', 'rear_hazcam', 'navcam'];

export function isCameraId(name: string): name is CameraId {
  return (CAMERA_IDS as readonly string[]).includes(name);
}

/**
 * One stereo capture of the reference (left) camera. Per-pixel arrays are row-major, width x height;
 * pixel i = row * width + col.
 */
export interface StereoFrame {
  camera: CameraId;
  /** Capture time on the rover clock (s). */
  timeS: number;
  width: number;
  height: number;
  /** intrinsics as the flight software knows them from calibration */
  focalPx: number;
  cx: number;
  cy: number;
  /** stereo baseline (m) and the correlator's disparity noise (px, 1 sigma), as calibrated */
  baselineM: number;
  disparityNoisePx: number;
  /** camera centre and rover-from-camera rotation (row-major 3x3) in the rover frame at capture */
  centreRover: [number, number, number];
  roverFromCamera: number[];
  /** Measured stereo range along each pixel's ray (m); NaN where the correlator found no match. */
  rangeM: Float32Array;
  /** Measured points in the rover frame, [x, y, z] per pixel (m); NaN where no match. */
  pointsRover: Float32Array;
  /** 1 where a range was returned, 0 otherwise. */
  valid: Uint8Array;
  /** 8-bit grayscale image of the reference camera. */
  image: Uint8Array;
}

/** Pixel index of (col, row) in a frame's per-pixel arrays. */
export function pixelIndex(frame: { width: number }, col: number, row: number): number {
  return row * frame.width + col;
}

/** Attitude as the IMU reports it: measured values only, noise and drift included, never separated. */
export interface ImuSample {
  timeS: number;
  /** Roll (rad), positive with the left side up; from the accelerometers (gravity direction). */
  rollRad: number;
  /** Pitch (rad), positive nose up; from the accelerometers. */
  pitchRad: number;
  /** Heading in the site frame (rad, counter-clockwise from east, (-pi, pi]); from integrated gyro rate, so it drifts. */
  headingRad: number;
}

/** Cumulative wheel rotation as the encoders count it; slip is invisible to them. */
export interface EncoderSample {
  timeS: number;
  /** Cumulative rotation per wheel (rad), WHEELS order (src/core/vehicle-geometry.ts); positive rolls forward. */
  wheelAngleRad: number[];
}

/** Rocker and bogie angles from the suspension's angle sensors (rad), signs as in sim/world/vehicle/kinematics.ts. */
export interface SuspensionSample {
  timeS: number;
  /** Differential rocker angle: the left rocker's front end up relative to the body is positive. */
  rockerRad: number;
  bogieLeftRad: number;
  bogieRightRad: number;
}

/** The power subsystem: energy drawn since the start of the run (Wh) and the battery's state of charge (0..1). */
export interface PowerSample {
  timeS: number;
  energyUsedWh: number;
  stateOfCharge: number;
}

/** Wheel drive motor currents (A), WHEELS order: high current with no rotation is a stall. */
export interface MotorSample {
  timeS: number;
  currentA: number[];
}

/**
 * A visual-odometry update: the measured motion between the previous capture and this one, in the rover
 * frame of the previous capture (forward m, right m, yaw rad clockwise from above). null = the update
 * failed (too few features tracked): the flight software must fall back on wheel odometry.
 */
export type VoSample = {
  timeS: number;
  forwardM: number;
  rightM: number;
  yawRad: number;
} | null;

/**
 * A sun-finding heading measurement (MER/M2020 "sun update": locate the sun in a camera image and,
 * from the time and the attitude, compute the rover's heading): heading counter-clockwise from east.
 */
export interface SunHeadingSample {
  timeS: number;
  headingRad: number;
}

/** What the flight software is wired to. Implemented by the simulator; the flight software only calls it. */
export interface HardwarePorts {
  /** The rover's clock (simulation time, s); the only time the flight software may read. */
  clock: { nowS(): number };
  cameras: {
    /** Capture a stereo frame; pointing overrides the mount's pan/tilt (deg) where the camera can point (Navcam mast). */
    capture(camera: CameraId, pointing?: { panDeg?: number; tiltDeg?: number }): StereoFrame;
  };
  imu: { read(): ImuSample };
  encoders: { read(): EncoderSample };
  suspension: { read(): SuspensionSample };
  motors: { read(): MotorSample };
  power: { read(): PowerSample };
  visualOdometry: {
    /** increment since the previous call's capture */
    update(camera: CameraId): VoSample;
  };
  mobility: {
    /** Corner steer angles and wheel-rate setpoints for the motors. */
    command(cmd: MobilityCommand): void;
  };
  sunSensor: {
    /** Measure the heading from the sun (it corrects the gyro's drift). */
    measureHeading(): SunHeadingSample;
  };
}
