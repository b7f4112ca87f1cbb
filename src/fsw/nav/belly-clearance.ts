import type { VehicleGeometry } from '../../core/vehicle-geometry';
import type { StereoFrame } from '../ports';
import type { PoseEstimate } from './pose-estimator';

/** Fewer stereo points than this under the belly and the estimate says "unknown" [assumed]. */
const MIN_POINTS = 20;

/**
 * Onboard estimate of the belly-pan clearance: the highest stereo point of the last front Hazcam
 * frame that now lies under the belly pan, placed by the pose estimates at capture and now (in the
 * plane of the rover at capture: good over the few metres the Hazcams see ahead). The point cloud is
 * kept in the capture's rover frame; heights are up from the ground the rover stood on.
 */
export class BellyClearanceEstimator {
  private points: Float32Array | undefined;
  private valid: Uint8Array | undefined;
  private capturePose: PoseEstimate | undefined;

  constructor(private readonly geometry: VehicleGeometry) {}

  /** Keeps a front Hazcam frame and the pose it was taken from. */
  observe(frame: StereoFrame, pose: PoseEstimate): void {
    this.points = frame.pointsRover;
    this.valid = frame.valid;
    this.capturePose = { ...pose };
  }

  /** Estimated clearance (m) at the given pose, or undefined where the last frame saw too little under the belly. */
  estimate(pose: PoseEstimate): number | undefined {
    const pts = this.points, valid = this.valid, at = this.capturePose;
    if (!pts || !valid || !at) return undefined;
    const b = this.geometry.belly;
    // Current pose in the capture's rover frame (x forward, y right).
    const c = Math.cos(at.headingRad), s = Math.sin(at.headingRad);
    const dx = pose.x - at.x, dy = pose.y - at.y;
    const ox = dx * c + dy * s, oy = dx * s - dy * c;
    const dh = pose.headingRad - at.headingRad; // site CCW: rover-frame yaw is -dh
    const ch = Math.cos(-dh), sh = Math.sin(-dh);
    let highest = -Infinity, count = 0;
    for (let i = 0; i < valid.length; i++) {
      if (!valid[i]) continue;
      // Point relative to the current rover, in the current rover frame.
      const px = pts[3 * i] - ox, py = pts[3 * i + 1] - oy;
      const x = px * ch + py * sh, y = -px * sh + py * ch;
      if (x < b.x_min_m || x > b.x_max_m || Math.abs(y) > b.half_width_m) continue;
      count++;
      const height = -pts[3 * i + 2]; // rover z is down
      if (height > highest) highest = height;
    }
    return count >= MIN_POINTS ? b.clearance_m - highest : undefined;
  }
}
