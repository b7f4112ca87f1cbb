import type { RoverPlacement } from '../sensors/render';
import { bodyToSite } from './kinematics';
import type { Settled } from './settle';

/**
 * site-from-rover transform of a settled rover. Settling works in a z-up body frame (x forward,
 * y left); the rover frame of the URDF is x forward, y right, z down, so its y and z axes flip.
 */
export function roverPlacement(settled: Pick<Settled, 'x' | 'y' | 'headingRad' | 'state'>): RoverPlacement {
  const body = new Float64Array(9);
  bodyToSite(settled.headingRad, settled.state.pitchRad, settled.state.rollRad, body);
  const rotation = Float64Array.of(body[0], -body[1], -body[2], body[3], -body[4], -body[5], body[6], -body[7], -body[8]);
  return { rotation, origin: Float64Array.of(settled.x, settled.y, settled.state.zM) };
}
