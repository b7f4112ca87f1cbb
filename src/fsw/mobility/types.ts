/*
 * What the mobility component sends to the motors: one steer angle and one wheel rate per wheel.
 * Arrays follow WHEELS order (LF LM LR RF RM RR, src/core/vehicle-geometry.ts) so the simulator and
 * the flight software index wheels the same way.
 *
 * Sign conventions (rover frame of the M2020 URDF: x forward, y right, z down):
 * - A positive angle about +z turns +x toward +y, i.e. to the right; with z pointing down that is
 *   clockwise seen from above. Steer angles and yaw rates both use this sense.
 */

export interface MobilityCommand {
  /**
   * Corner steer angles (rad), WHEELS order; middle wheels always 0. Positive = wheel turned so it
   * points to the right (clockwise seen from above, rover frame x fwd, y right, z down: rotation
   * about +z). Corner angles lie in (-pi/2, pi/2]: a wheel that must roll "backwards along its line"
   * keeps its angle and gets a negative rate instead.
   */
  steerRad: number[];
  /** Wheel angular rates (rad/s), WHEELS order; positive rolls the rover forward. */
  wheelRateRadS: number[];
}

/** The direct-drive motions of MER/M2020 mobility (Biesiadecki & Maimone 2006), plus stop. */
export type MotionKind = 'straight' | 'arc' | 'turn_in_place' | 'stop';
