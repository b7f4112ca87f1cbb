import { degToRad, wrapAngle } from '../../../src/core/geometry';
import { Rng } from '../../../src/core/random';
import { ImuParams } from '../vehicle/config';

/*
 * The IMU as flight software sees it: roll and pitch from the accelerometers (gravity direction, white
 * noise only, no drift), heading from integrated gyro rate (drifts with the gyro bias). Its error model
 * (ImuParams, all [assumed]) is part of the vehicle file.
 */

export interface ImuReading {
  rollRad: number;
  pitchRad: number;
  /** Measured heading, wrapped to (-pi, pi]; same sense as the truth heading it was given. */
  headingRad: number;
  /** The accumulated gyro drift in this reading (truth, for telemetry and checks; not white noise). */
  headingDriftRad: number;
}

const DEG_PER_H_TO_RAD_S = degToRad(1) / 3600;

export class Imu {
  private readonly params: ImuParams;
  private readonly attitudeSigmaRad: number;
  private readonly headingSigmaRad: number;
  /** Bias random-walk density in rad/s per sqrt(s): deg/h/sqrt(h) -> rad/s / sqrt(3600 s). */
  private readonly walkRadSPerSqrtS: number;
  private biasRadS: number;
  private driftRad = 0;

  /**
   * @param rng the only source of randomness (the simulator passes the named stream 'sensors.imu'),
   *   so the same seed gives the same readings.
   */
  constructor(params: ImuParams, private readonly rng: Rng) {
    this.params = ImuParams.parse(params);
    this.attitudeSigmaRad = degToRad(this.params.attitude_noise_deg);
    this.headingSigmaRad = degToRad(this.params.heading_noise_deg);
    this.walkRadSPerSqrtS = (this.params.gyro_bias_walk_deg_per_h_per_sqrt_h * DEG_PER_H_TO_RAD_S) / Math.sqrt(3600);
    // A turn-on bias, constant apart from the slow walk: over short spans it dominates the drift.
    this.biasRadS = this.params.gyro_bias_deg_per_h * DEG_PER_H_TO_RAD_S * rng.normal();
  }

  /**
   * Advance by dt with the truth attitude; returns measured roll, pitch (rad) with white noise, and
   * heading = truth heading + integrated gyro bias (drift, a random walk) + noise.
   */
  measure(truth: { rollRad: number; pitchRad: number; headingRad: number }, dtS: number): ImuReading {
    if (!(Number.isFinite(dtS) && dtS >= 0)) throw new RangeError(`IMU dt must be a finite number >= 0 s, got ${dtS}`);
    // Always four draws per call, in a fixed order, so a reading never shifts the next one's draws.
    const walk = this.rng.normal();
    const nRoll = this.rng.normal();
    const nPitch = this.rng.normal();
    const nHeading = this.rng.normal();

    const nextBias = this.biasRadS + this.walkRadSPerSqrtS * Math.sqrt(dtS) * walk;
    // Trapezoid: the bias changes linearly over the step.
    this.driftRad += 0.5 * (this.biasRadS + nextBias) * dtS;
    this.biasRadS = nextBias;

    return {
      rollRad: truth.rollRad + this.attitudeSigmaRad * nRoll,
      pitchRad: truth.pitchRad + this.attitudeSigmaRad * nPitch,
      headingRad: wrapAngle(truth.headingRad + this.driftRad + this.headingSigmaRad * nHeading),
      headingDriftRad: this.driftRad,
    };
  }
}
