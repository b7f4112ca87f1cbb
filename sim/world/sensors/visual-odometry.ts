import { z } from 'zod';
import { degToRad } from '../../../src/core/geometry';
import { Rng } from '../../../src/core/random';
import { SoilClass } from '../terrain/soil';
import { RenderedFrame } from './camera-model';

/*
 * Visual odometry as a measured pose increment between two captures. VO sees the ground move, not the
 * wheels turn, so unlike the encoders it is not fooled by slip; its own error grows with the distance
 * covered between captures, and it fails now and then (too few features tracked), most often over
 * featureless sand. The image processing itself is not simulated: only its error statistics.
 */

const probability = z.number().min(0).max(1);

export const VoParams = z.strictObject({
  /** Position error (RMS of the error's length) as a fraction of the distance moved (docs/reference.md: VO drift ~1-2% of distance, Spirit 1.5%). */
  drift_fraction: z.number().min(0).default(0.015),
  /** Heading error, 1 sigma, per metre moved (deg/m) [assumed]. */
  heading_drift_deg_per_m: z.number().min(0).default(0.1),
  /** Chance that an update fails (no increment) on ordinary terrain [assumed]. */
  failure_probability: probability.default(0.05),
  /** Chance that an update fails when the view is mostly featureless, e.g. sand [assumed]. */
  featureless_failure_probability: probability.default(0.5),
  /** Share of sand pixels above which the view counts as featureless [assumed]. */
  featureless_fraction: probability.default(0.6),
});

export type VoParams = z.infer<typeof VoParams>;

/** A planar increment in the rover frame of the first capture (x forward, y right, yaw clockwise from above). */
export interface VoIncrement {
  forwardM: number;
  rightM: number;
  yawRad: number;
}

export class VisualOdometry {
  private readonly params: VoParams;
  private readonly headingSigmaRadPerM: number;

  /**
   * @param rng the only source of randomness (the simulator passes a named stream, e.g.
   *   'sensors.vo'), so the same seed gives the same updates.
   */
  constructor(params: VoParams, private readonly rng: Rng) {
    this.params = VoParams.parse(params);
    this.headingSigmaRadPerM = degToRad(this.params.heading_drift_deg_per_m);
  }

  /**
   * truth increment between captures in the rover frame of the first capture (forward m, right m,
   * heading change rad, clockwise positive as the rover-frame yaw), and the share of the view that is
   * featureless; returns the measured increment or null for a failed update.
   *
   * Errors: N(0, drift_fraction d / sqrt 2) on forward and on right, so that the length of the
   * position error has RMS drift_fraction d as the published drift figures mean it; N(0,
   * heading_drift d) on yaw; d = hypot(forward, right), so errors grow with the distance between captures.
   */
  measure(truth: VoIncrement, featurelessShare: number): VoIncrement | null {
    const { forwardM, rightM, yawRad } = truth;
    if (!(Number.isFinite(forwardM) && Number.isFinite(rightM) && Number.isFinite(yawRad))) {
      throw new RangeError(`VO truth increment must be finite, got forward ${forwardM} m, right ${rightM} m, yaw ${yawRad} rad`);
    }
    if (!(featurelessShare >= 0 && featurelessShare <= 1)) {
      throw new RangeError(`VO featureless share must lie in [0, 1], got ${featurelessShare}`);
    }
    // Always one uniform and three normals, in this order, so a failure never shifts later draws.
    const uFail = this.rng.next();
    const nForward = this.rng.normal();
    const nRight = this.rng.normal();
    const nYaw = this.rng.normal();

    const p = this.params;
    const pFail = featurelessShare > p.featureless_fraction ? p.featureless_failure_probability : p.failure_probability;
    if (uFail < pFail) return null;

    const d = Math.hypot(forwardM, rightM);
    const sigmaPos = (p.drift_fraction * d) / Math.SQRT2;
    return {
      forwardM: forwardM + sigmaPos * nForward,
      rightM: rightM + sigmaPos * nRight,
      yawRad: yawRad + this.headingSigmaRadPerM * d * nYaw,
    };
  }
}

/**
 * Share of the pixels with a return that see sand: low-texture sand gives VO few features to track.
 * A frame with no returns at all (all sky) has nothing to track either, so it counts as wholly
 * featureless (1).
 */
export function featurelessShare(frame: RenderedFrame): number {
  let seen = 0;
  let sand = 0;
  for (let i = 0; i < frame.rangeM.length; i++) {
    if (Number.isNaN(frame.rangeM[i])) continue;
    seen++;
    if (frame.soil[i] === SoilClass.sand) sand++;
  }
  return seen === 0 ? 1 : sand / seen;
}
