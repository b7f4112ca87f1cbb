import { hubPlan, type VehicleGeometry } from '../../../src/core/vehicle-geometry';

/*
 * How the world moves the chassis from its wheels: each wheel's tread pushes its hub along the wheel's
 * heading at rim speed, and the chassis, being rigid, takes the planar motion closest to all six pushes
 * (least squares). This is the world's own code: flight software's model of the same motion
 * (src/fsw/mobility/steering.ts, bodyTwist) is a separate implementation that must agree with this one
 * on flat ground without slip (test/sim/world/vehicle/wheel-motion.test.ts), so an error in either shows as
 * a disagreement between odometry and truth instead of hiding in both.
 *
 * Here the rigid motion is found about the hubs' centroid, where translation and rotation decouple:
 * the centroid moves with the mean push, and the yaw rate is the pushes' moment about the centroid over
 * the hubs' second moment. The origin's velocity follows from the centroid's.
 */

/** Planar chassis velocity in the rover frame (x forward, y right): the origin's velocity and the yaw rate (+ clockwise from above). */
export interface ChassisMotion {
  vxMS: number;
  vyMS: number;
  yawRateRadS: number;
}

/** The chassis motion six wheels give at these steer angles (rad) and rim rates (rad/s), WHEELS order. */
export function chassisMotion(g: VehicleGeometry, steerRad: readonly number[], wheelRateRadS: readonly number[]): ChassisMotion {
  const hubs = hubPlan(g);
  const n = hubs.length;
  let cx = 0, cy = 0, mx = 0, my = 0;
  const push = hubs.map((_, i) => {
    const speed = wheelRateRadS[i] * g.wheel_radius_m;
    return { x: speed * Math.cos(steerRad[i]), y: speed * Math.sin(steerRad[i]) };
  });
  for (let i = 0; i < n; i++) {
    cx += hubs[i].x / n;
    cy += hubs[i].y / n;
    mx += push[i].x / n;
    my += push[i].y / n;
  }
  // A rigid body's velocity at point r is v + w x r (w about +z down: (vx - w y, vy + w x)).
  let moment = 0, inertia = 0;
  for (let i = 0; i < n; i++) {
    const rx = hubs[i].x - cx, ry = hubs[i].y - cy;
    moment += rx * (push[i].y - my) - ry * (push[i].x - mx);
    inertia += rx * rx + ry * ry;
  }
  const w = moment / inertia;
  // The origin is at -c from the centroid: v_origin = v_centroid + w x (-c).
  return { vxMS: mx + w * cy + 0, vyMS: my - w * cx + 0, yawRateRadS: w + 0 };
}
