import { degToRad, radToDeg } from '../../core/geometry';
import { STEERABLE, VehicleGeometry, WHEELS, hubPlan } from '../../core/vehicle-geometry';
import { MobilityCommand } from './types';

/*
 * Arcs and turns -> six steer angles and wheel rates, from the vehicle geometry alone (flight
 * software: imports only src/core).
 *
 * Kinematics, derived once here and used by every function below.
 * Rover frame (URDF): x forward, y right, z down. A rotation by +theta about +z maps x^ to
 * cos(theta) x^ + sin(theta) y^: forward swings toward the right, which seen from above (looking
 * down +z) is clockwise. So
 * - steer delta > 0: the wheel's rolling direction u = (cos delta, sin delta) points right of forward;
 * - yaw rate w > 0: the rover turns right (clockwise from above). Note the site frame (z up, heading
 *   counter-clockwise from east) sees this as a DEcreasing heading.
 * Rigid body with velocity (vx, vy) at the origin and angular velocity w z^: a point r = (x, y, 0)
 * moves at v = (vx, vy, 0) + w z^ x r, and z^ x (x, y, 0) = (-y, x, 0), so
 *     v(x, y) = (vx - w*y, vy + w*x).
 * Check: w > 0, a point ahead of the origin (x > 0, y = 0) moves to +y (right): a right turn. Good.
 *
 * Rotation about a centre C = (cx, cy) at rate w: v(r) = w z^ x (r - C) = w * (cy - y, x - cx).
 * A wheel steered along that vector rolls without scrub; its steer angle is
 *     delta = atan2(x - cx, cy - y),
 * folded into (-pi/2, pi/2] (adding or removing pi only reverses the rolling direction, which the
 * wheel rate's sign carries), and its rolling speed is the projection v . u, whose magnitude is
 * |w| * hypot(x - cx, cy - y).
 * The middle wheels do not steer, so their velocity must be along x: x_mid - cx = 0. Every centre
 * therefore lies on the middle axle line x = x_mid; the rover frame's origin is under the middle
 * axle (x_mid = 0 for Perseverance), which puts arc centres at (0, R) and the turn-in-place centre
 * at the origin.
 */

/** Steer angle is within the actuator's range if it does not exceed it by more than rounding. */
const STEER_LIMIT_SLACK_RAD = 1e-12;

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** atan2 folded into (-pi/2, pi/2]; -0 becomes 0 so commands compare cleanly. */
function foldSteer(dy: number, dx: number): number {
  let a = Math.atan2(dy, dx);
  if (a > Math.PI / 2) a -= Math.PI;
  else if (a <= -Math.PI / 2) a += Math.PI;
  return a + 0;
}

/**
 * The command that rotates the rover about (cx, cy) at yaw rate `omega`, with the rate reduced
 * (same sign) so that no wheel's ground speed exceeds the top speed.
 */
function rotationAbout(g: VehicleGeometry, cx: number, cy: number, omega: number, motion: string): MobilityCommand {
  const hubs = hubPlan(g);
  // Velocity per unit yaw rate at each hub: (cy - y, x - cx).
  const dirs = hubs.map((h) => ({ dx: cy - h.y, dy: h.x - cx }));
  const steerRad = dirs.map((d, i) => (STEERABLE[i] ? foldSteer(d.dy, d.dx) : 0));

  const limitRad = degToRad(g.steer_limit_deg);
  steerRad.forEach((s, i) => {
    if (Math.abs(s) > limitRad + STEER_LIMIT_SLACK_RAD) {
      throw new RangeError(
        `${motion}: wheel ${WHEELS[i]} would steer ${radToDeg(s).toFixed(1)} deg, beyond the ` +
          `${g.steer_limit_deg} deg steer limit`,
      );
    }
  });

  // The fastest wheel is the one farthest from the centre; cap it at the top speed.
  const farthest = Math.max(...dirs.map((d) => Math.hypot(d.dx, d.dy)));
  const maxOmega = g.top_speed_m_s / farthest;
  const w = Math.abs(omega) > maxOmega ? Math.sign(omega) * maxOmega : omega;

  const wheelRateRadS = dirs.map((d, i) => {
    const s = steerRad[i];
    // Rolling speed = ground velocity projected on the wheel's rolling direction.
    const rolling = w * (d.dx * Math.cos(s) + d.dy * Math.sin(s));
    return rolling / g.wheel_radius_m + 0;
  });
  return { steerRad, wheelRateRadS };
}

/**
 * Drive straight: all wheels steered to 0, all rolling at speed / wheel radius. Negative speed drives
 * backward. |speed| is clamped to top_speed_m_s (Perseverance 0.042 m/s, docs/reference.md).
 */
export function straight(g: VehicleGeometry, speedMS: number): MobilityCommand {
  assertFinite('straight: speed', speedMS);
  const v = Math.max(-g.top_speed_m_s, Math.min(g.top_speed_m_s, speedMS));
  return {
    steerRad: WHEELS.map(() => 0),
    wheelRateRadS: WHEELS.map(() => v / g.wheel_radius_m + 0),
  };
}

/**
 * Drive an arc about a centre on the middle axle line, at rover-frame (0, radiusM): positive radius
 * turns right (clockwise from above), negative left. `speedMS` is the body speed at the rover origin
 * (negative backs along the same arc), so the yaw rate is speedMS / radiusM.
 *
 * Each corner wheel steers to delta_i = atan2(x_i, radiusM - y_i): for a right turn (R > 0, R - y_i > 0)
 * the front wheels point right and the rear wheels left; for a left turn (R - y_i < 0) atan2 lands
 * beyond +-90 deg and is folded back by pi, which equals atan(x_i / (R - y_i)): front wheels point left.
 * The inner wheels, nearer the centre, steer more. Each wheel's ground speed is
 * |w| * hypot(x_i, R - y_i), proportional to its distance from the centre, so no wheel scrubs.
 *
 * If the outer front wheel would exceed top_speed_m_s, all rates are scaled down together: the rover
 * then follows the same arc but more slowly than asked (use bodyTwist to see the speed it gets).
 * An infinite radius is a straight drive.
 *
 * @throws RangeError if |radiusM| does not exceed the largest wheel |y| (the centre would lie between
 *   or on the wheels: use turnInPlace), or if a corner wheel would steer beyond steer_limit_deg.
 */
export function arc(g: VehicleGeometry, radiusM: number, speedMS: number): MobilityCommand {
  assertFinite('arc: speed', speedMS);
  if (Number.isNaN(radiusM)) throw new RangeError('arc: radius must be a number, got NaN');
  if (!Number.isFinite(radiusM)) return straight(g, speedMS);
  const hubs = hubPlan(g);
  const halfTrack = Math.max(...hubs.map((h) => Math.abs(h.y)));
  if (Math.abs(radiusM) <= halfTrack) {
    throw new RangeError(
      `arc: radius ${radiusM} m puts the turn centre between the wheels (|radius| must exceed the ` +
        `${halfTrack} m half-track); use turnInPlace to turn on the spot`,
    );
  }
  return rotationAbout(g, g.wheels.middle.x_m, radiusM, speedMS / radiusM, 'arc');
}

/**
 * Turn in place about the rover origin (under the middle axle): corner wheels steer to
 * atan(|x| / |y|) (Perseverance: front 48.1 deg, rear 45.3 deg, docs/reference.md) so every wheel rolls
 * tangent to its circle about the origin. Positive yaw rate turns right (clockwise from above): the
 * left wheels roll forward and the right wheels backward. If the fastest (front corner) wheel would
 * exceed top_speed_m_s, the yaw rate is reduced to keep it there.
 *
 * @throws RangeError if a corner wheel would steer beyond steer_limit_deg.
 */
export function turnInPlace(g: VehicleGeometry, yawRateRadS: number): MobilityCommand {
  assertFinite('turnInPlace: yaw rate', yawRateRadS);
  return rotationAbout(g, g.wheels.middle.x_m, 0, yawRateRadS, 'turnInPlace');
}

/** All wheels stopped, steering straight. */
export function stop(): MobilityCommand {
  return { steerRad: WHEELS.map(() => 0), wheelRateRadS: WHEELS.map(() => 0) };
}

function assertPerWheel(name: string, values: readonly number[]): void {
  if (values.length !== WHEELS.length) {
    throw new RangeError(`${name} must have one value per wheel (${WHEELS.join(' ')}), got ${values.length}`);
  }
  values.forEach((v, i) => assertFinite(`${name}[${WHEELS[i]}]`, v));
}

/**
 * Time the corner steering actuators need to go from one set of angles to another: they move
 * together, so the largest change over the corner wheels at steer_rate_deg_s ([assumed] 8 deg/s)
 * sets it.
 */
export function steeringTimeS(g: VehicleGeometry, from: number[], to: number[]): number {
  assertPerWheel('steeringTimeS: from', from);
  assertPerWheel('steeringTimeS: to', to);
  let largest = 0;
  for (let i = 0; i < WHEELS.length; i++) {
    if (STEERABLE[i]) largest = Math.max(largest, Math.abs(to[i] - from[i]));
  }
  return largest / degToRad(g.steer_rate_deg_s);
}

/**
 * The planar rigid-body motion the wheels command, in the rover frame: velocity of the origin
 * (vxMS forward, vyMS right) and yaw rate (about +z down: positive = turning right, clockwise from
 * above; the site-frame heading, counter-clockwise from east, changes at -yawRateRadS).
 *
 * Each wheel asks for a ground velocity wheelRate * r along its steer direction at its hub, and a
 * rigid body can only give v_i = (vx - w*y_i, vy + w*x_i) (derivation at the top of this file). With
 * six wheels that is twelve equations for three unknowns, solved in the least-squares sense. A
 * consistent command (every one built above) is reproduced exactly; an inconsistent one (wheels
 * fighting each other, as in skid steering) gets the motion that best agrees with all wheels, which is
 * what the simulator uses to move the vehicle.
 */
export function bodyTwist(
  g: VehicleGeometry,
  cmd: MobilityCommand,
): { vxMS: number; vyMS: number; yawRateRadS: number } {
  assertPerWheel('bodyTwist: steerRad', cmd.steerRad);
  assertPerWheel('bodyTwist: wheelRateRadS', cmd.wheelRateRadS);
  const hubs = hubPlan(g);
  // Rows per wheel: [1, 0, -y] . p = bx and [0, 1, x] . p = by, with p = (vx, vy, w).
  // Normal equations (A^T A) p = A^T b, accumulated directly.
  const n = hubs.length;
  let sx = 0, sy = 0, sr2 = 0, bx = 0, by = 0, bw = 0;
  hubs.forEach((h, i) => {
    const speed = cmd.wheelRateRadS[i] * g.wheel_radius_m;
    const vx = speed * Math.cos(cmd.steerRad[i]);
    const vy = speed * Math.sin(cmd.steerRad[i]);
    sx += h.x;
    sy += h.y;
    sr2 += h.x * h.x + h.y * h.y;
    bx += vx;
    by += vy;
    bw += -h.y * vx + h.x * vy;
  });
  const [vxMS, vyMS, yawRateRadS] = solve3(
    [
      [n, 0, -sy],
      [0, n, sx],
      [-sy, sx, sr2],
    ],
    [bx, by, bw],
  );
  return { vxMS: vxMS + 0, vyMS: vyMS + 0, yawRateRadS: yawRateRadS + 0 };
}

/** Solves a 3x3 linear system by Cramer's rule (the normal matrix is symmetric positive definite). */
function solve3(m: number[][], b: number[]): [number, number, number] {
  const det = (a: number[][]): number =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
    a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
    a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  // Only degenerate if every hub sits at one point, which a valid geometry cannot do.
  if (Math.abs(d) < 1e-15) throw new RangeError('bodyTwist: wheel hubs do not span the plane');
  const withColumn = (c: number) => m.map((row, r) => row.map((v, k) => (k === c ? b[r] : v)));
  return [det(withColumn(0)) / d, det(withColumn(1)) / d, det(withColumn(2)) / d];
}
