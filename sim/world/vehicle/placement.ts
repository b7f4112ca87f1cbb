import { siteFromRover } from '../../../src/core/geometry';
import type { Settled } from './settle';

/** Where the rover stands, as the renderer and the cameras need it. */
export interface RoverPlacement {
  /** site-from-rover rotation, row-major 3x3. */
  rotation: Float64Array;
  /** Rover origin in the site frame. */
  origin: Float64Array;
}

/**
 * site-from-rover transform of a settled rover. Settling works in a z-up body frame (x forward,
 * y left); the rover frame of the URDF is x forward, y right, z down, so its y and z axes flip.
 */
export function roverPlacement(settled: Pick<Settled, 'x' | 'y' | 'headingRad' | 'state'>): RoverPlacement {
  return { rotation: siteFromRover(settled.headingRad, settled.state.pitchRad, settled.state.rollRad), origin: Float64Array.of(settled.x, settled.y, settled.state.zM) };
}
