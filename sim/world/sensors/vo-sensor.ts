import { wrapAngle } from '../../../src/core/geometry';
import type { VoSample } from '../../../src/fsw/ports';
import type { RenderedFrame } from './camera-model';
import { featurelessShare, type VisualOdometry } from './visual-odometry';

type Pose = { x: number; y: number; headingRad: number };

/**
 * Visual odometry as the rover's VO reports it: the pose change between two updates, measured with
 * VO's errors (visual-odometry.ts) and failing on featureless views. The first update only sets the
 * reference.
 */
export class VoSensor {
  private from: Pose | undefined;

  constructor(private readonly vo: VisualOdometry) {}

  /** The increment since the previous update, the rover now at `pose` (truth) seeing `view`. */
  update(pose: Pose, view: RenderedFrame, timeS: number): VoSample {
    const from = this.from;
    this.from = pose;
    if (!from) return null;
    const dx = pose.x - from.x, dy = pose.y - from.y;
    const c = Math.cos(from.headingRad), s = Math.sin(from.headingRad);
    // Site displacement in the previous rover frame (x forward, y right); rover yaw is clockwise.
    const truth = { forwardM: dx * c + dy * s, rightM: dx * s - dy * c, yawRad: -wrapAngle(pose.headingRad - from.headingRad) };
    const measured = this.vo.measure(truth, featurelessShare(view));
    return measured && { timeS, ...measured };
  }
}
