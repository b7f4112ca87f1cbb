import { wrapAngle } from '../../core/geometry';
import type { VehicleGeometry } from '../../core/vehicle-geometry';
import { bodyTwist } from '../mobility/steering';
import type { EncoderSample, ImuSample, VoSample } from '../ports';

/** Wheel rotation below this between two odometry updates (rad) means the wheels stood still. */
const STILL_RAD = 1e-6;

/** What the rover believes about where it is (site frame, heading counter-clockwise from east). */
export interface PoseEstimate {
  x: number;
  y: number;
  headingRad: number;
}

/**
 * The onboard pose estimate, as MER and M2020 keep it: attitude and heading from the IMU, position
 * by wheel odometry between visual-odometry updates, and each VO update replacing the odometry
 * accumulated since the previous one (VO sees the ground move; wheels only count their turns, so
 * they over-read when the rover slips). The difference between the two is the measured slip.
 */
export class PoseEstimator {
  private pose: PoseEstimate;
  private lastAngles: number[] | undefined;
  /** Pose at the last VO update, and wheel-odometry distance since it. */
  private anchor: PoseEstimate;
  private odometrySinceAnchorM = 0;
  /** Path length by odometry since the estimator started (m). */
  odometerM = 0;
  /** Height of the rover origin relative to where it started (m): odometry along the IMU pitch. */
  zM = 0;
  /** Latest attitude from the IMU (rad). */
  rollRad = 0;
  pitchRad = 0;
  /** Correction added to the IMU heading (rad): set by a sun update, and reset whenever the wheels stand still (the heading then holds). */
  private headingOffsetRad = 0;
  /** Slip measured at the last VO update: 1 - VO distance / odometry distance; undefined until one. */
  lastSlip: number | undefined;
  lastSlipOdometryM = 0;

  constructor(private readonly geometry: VehicleGeometry, start: PoseEstimate) {
    this.pose = { ...start };
    this.anchor = { ...start };
  }

  get estimate(): PoseEstimate {
    return { ...this.pose };
  }

  /** Ground's correction (e.g. orbital relocalization): replaces the estimate. */
  reset(pose: PoseEstimate): void {
    this.pose = { ...pose };
    this.anchor = { ...pose };
    this.odometrySinceAnchorM = 0;
  }

  /**
   * Attitude from the IMU now, without moving: flight software reads it before it places anything it
   * sees (a frame fused at roll = pitch = 0 on a slope would put the ground decimetres off).
   */
  observeAttitude(imu: ImuSample): void {
    this.rollRad = imu.rollRad;
    this.pitchRad = imu.pitchRad;
  }

  /** The height estimate was found off by dz (m) against the terrain the rover has mapped. */
  correctHeight(dz: number): void {
    this.zM += dz;
  }

  /**
   * Wheel odometry: turns the encoder increments into a body motion (the same least-squares twist
   * the mobility commands are built from, with the current steer angles), heading from the IMU.
   */
  updateOdometry(encoders: EncoderSample, imuRaw: ImuSample, steerRad: readonly number[]): void {
    const angles = encoders.wheelAngleRad;
    const increments = this.lastAngles ? angles.map((a, i) => a - this.lastAngles![i]) : undefined;
    // Wheels still (or the first reading): the rover has not turned, so what the gyro integrated
    // meanwhile is drift (a zero-velocity update; a parked night would otherwise turn the estimate by
    // degrees), and the gyro's heading counts only from the heading the rover was given.
    if (!increments || increments.every((d) => Math.abs(d) < STILL_RAD)) this.headingOffsetRad = wrapAngle(this.pose.headingRad - imuRaw.headingRad);
    const imu = { ...imuRaw, headingRad: imuRaw.headingRad + this.headingOffsetRad };
    if (increments) {
      // A twist from "rates" over a unit time is the displacement itself.
      const d = bodyTwist(this.geometry, { steerRad: [...steerRad], wheelRateRadS: increments });
      const mid = this.pose.headingRad + wrapAngle(imu.headingRad - this.pose.headingRad) / 2;
      // Rover frame: x forward, y right; site heading counter-clockwise.
      this.pose.x += d.vxMS * Math.cos(mid) + d.vyMS * Math.sin(mid);
      this.pose.y += d.vxMS * Math.sin(mid) - d.vyMS * Math.cos(mid);
      const step = Math.hypot(d.vxMS, d.vyMS);
      // Climbing: forward travel along a nose-up pitch raises the rover.
      this.zM += d.vxMS * Math.sin((this.pitchRad + imu.pitchRad) / 2);
      this.odometerM += step;
      this.odometrySinceAnchorM += step;
    }
    this.pose.headingRad = wrapAngle(imu.headingRad);
    this.rollRad = imu.rollRad;
    this.pitchRad = imu.pitchRad;
    this.lastAngles = angles.slice();
  }

  /**
   * A VO increment since the previous VO update: position since the anchor is taken from VO instead.
   * Slip compares the two displacement vectors (not path lengths, which differ on a turn and back):
   * the share of the odometry displacement that VO does not confirm along its direction.
   */
  applyVisualOdometry(vo: VoSample): void {
    if (!vo) return;
    const a = this.anchor;
    const c = Math.cos(a.headingRad), s = Math.sin(a.headingRad);
    const odoDx = this.pose.x - a.x, odoDy = this.pose.y - a.y;
    const voDx = vo.forwardM * c + vo.rightM * s, voDy = vo.forwardM * s - vo.rightM * c;
    this.pose.x = a.x + voDx;
    this.pose.y = a.y + voDy;
    const odoLength = Math.hypot(odoDx, odoDy);
    this.lastSlip = odoLength > 1e-6 ? 1 - (voDx * odoDx + voDy * odoDy) / (odoLength * odoLength) : undefined;
    this.lastSlipOdometryM = odoLength;
    this.anchor = { ...this.pose };
    this.odometrySinceAnchorM = 0;
  }

  /**
   * A sun update: the measured heading replaces the IMU's, whose gyro has drifted since the last one;
   * returns the correction (rad).
   */
  updateHeading(measuredRad: number, imu: ImuSample): number {
    const before = this.pose.headingRad;
    this.headingOffsetRad = measuredRad - imu.headingRad;
    this.pose.headingRad = measuredRad;
    this.anchor.headingRad = measuredRad;
    return Math.atan2(Math.sin(measuredRad - before), Math.cos(measuredRad - before));
  }

  /** Marks the current pose as the start of a VO interval (after a failed update or at the first one). */
  reanchor(): void {
    this.anchor = { ...this.pose };
    this.odometrySinceAnchorM = 0;
  }
}
