import { z } from 'zod';
import { deepFreeze } from './deep-freeze';

/*
 * The rover's geometry and driving limits: what both the simulated vehicle (sim/world/vehicle) and the
 * flight software (src/fsw/mobility) know about the chassis. Defaults are Perseverance's, from
 * NASA-JPL's public ops URDF (nasa-jpl/m2020-urdf-models, rover/m2020.urdf; docs/reference.md, Vehicle).
 *
 * Rover frame (URDF): x forward, y right, z down, origin on the ground under the middle axle with
 * the suspension at rest on flat ground. Heights here are given as metres ABOVE that ground
 * (positive up) because that is how people read them; the code converts.
 */

const positive = z.number().positive();
const xy = (x: number, y: number) => z.strictObject({ x_m: z.number().default(x), y_m: positive.default(y) }).default({ x_m: x, y_m: y });

export const VehicleGeometry = z.strictObject({
  name: z.string().default('Perseverance (Mars 2020)'),
  /** Wheel radius: 52.5 cm diameter wheels (URDF). */
  wheel_radius_m: positive.default(0.2625),
  /**
   * Wheel width across the tread: 0.33 m, the extent of the URDF's wheel mesh along the axle
   * (rover/meshes/Wheel_LeftFront.gltf, y -1.228 .. -0.897 about the hub at -1.0625; docs/reference.md).
   */
  wheel_width_m: positive.default(0.33),
  /** Wheel hub height above flat ground at rest (URDF z = -0.263). */
  wheel_hub_height_m: positive.default(0.263),
  /** Hub positions of the right-side wheels (left mirrors them): URDF front x=+1.185, y=1.0625; middle 0, 1.1845; rear -1.075, 1.0625. */
  wheels: z
    .strictObject({
      front: xy(1.185, 1.0625),
      middle: xy(0, 1.1845),
      rear: xy(-1.075, 1.0625),
    })
    .default({ front: { x_m: 1.185, y_m: 1.0625 }, middle: { x_m: 0, y_m: 1.1845 }, rear: { x_m: -1.075, y_m: 1.0625 } }),
  /** Differential/rocker pivot on the body (URDF +0.304, +-0.800, 0.893 m above ground). */
  rocker_pivot: z
    .strictObject({ x_m: z.number().default(0.304), y_m: positive.default(0.8), height_m: positive.default(0.893) })
    .default({ x_m: 0.304, y_m: 0.8, height_m: 0.893 }),
  /** Bogie pivot on the rocker (URDF x = -0.450, 0.663 m above ground). */
  bogie_pivot: z.strictObject({ x_m: z.number().default(-0.45), height_m: positive.default(0.663) }).default({ x_m: -0.45, height_m: 0.663 }),
  /** Overall size: ~3.0 m long x 2.7 m wide x 2.2 m tall (NASA Mars 2020 pages). Wheels must lie within it. */
  body: z
    .strictObject({ length_m: positive.default(3.0), width_m: positive.default(2.7), height_m: positive.default(2.2) })
    .default({ length_m: 3.0, width_m: 2.7, height_m: 2.2 }),
  /**
   * Belly pan: a flat rectangle under the body. Clearance ~0.6 m [assumed, docs/reference.md]; its extent
   * [assumed] spans the chassis box between the wheels.
   */
  belly: z
    .strictObject({
      clearance_m: positive.default(0.6),
      x_min_m: z.number().default(-0.8),
      x_max_m: z.number().default(0.95),
      half_width_m: positive.default(0.55),
    })
    .default({ clearance_m: 0.6, x_min_m: -0.8, x_max_m: 0.95, half_width_m: 0.55 }),
  /** Mass 1,025 kg (NASA Mars 2020 pages). */
  mass_kg: positive.default(1025),
  /** Centre of mass [assumed]: over the middle axle, ~0.9 m up (the chassis survives 45 deg without tipping). */
  centre_of_mass: z
    .strictObject({ x_m: z.number().default(0), y_m: z.number().default(0), height_m: positive.default(0.9) })
    .default({ x_m: 0, y_m: 0, height_m: 0.9 }),
  /** Rocker and bogie travel from rest, each way [assumed]. */
  joint_limits: z
    .strictObject({ rocker_deg: positive.default(30), bogie_deg: positive.default(40) })
    .default({ rocker_deg: 30, bogie_deg: 40 }),
  /** Tilt the rover is allowed: ENav used 16 deg at landing, later raised; default 20 deg (docs/reference.md). */
  tilt_limit_deg: positive.default(20),
  /** Top speed 152 m/h = 0.042 m/s (NASA Mars 2020 pages). */
  top_speed_m_s: positive.default(0.042),
  /** Corner steering actuator rate [assumed]. */
  steer_rate_deg_s: positive.default(8),
  /** Corner steering range each way [assumed]; turn in place needs ~48 deg. */
  steer_limit_deg: positive.default(90),
});

export type VehicleGeometry = z.infer<typeof VehicleGeometry>;

export const PERSEVERANCE: VehicleGeometry = VehicleGeometry.parse({});

export type WheelName = 'LF' | 'LM' | 'LR' | 'RF' | 'RM' | 'RR';
/** Wheel order used in every per-wheel array: left front, middle, rear, then right. */
export const WHEELS: readonly WheelName[] = ['LF', 'LM', 'LR', 'RF', 'RM', 'RR'];
/** Corner wheels steer; middle wheels do not. */
export const STEERABLE: readonly boolean[] = [true, false, true, true, false, true];

/** Hub positions (x forward, y right) in the rover frame, in WHEELS order. */
export function hubPlan(g: VehicleGeometry): { x: number; y: number }[] {
  const { front, middle, rear } = g.wheels;
  return [
    { x: front.x_m, y: -front.y_m },
    { x: middle.x_m, y: -middle.y_m },
    { x: rear.x_m, y: -rear.y_m },
    { x: front.x_m, y: front.y_m },
    { x: middle.x_m, y: middle.y_m },
    { x: rear.x_m, y: rear.y_m },
  ];
}

/**
 * Consistency checks zod cannot express: every wheel inside the body outline, the linkage in the
 * order the rocker-bogie needs (rear < bogie pivot < middle < rocker pivot < front). Returns
 * [field, problem] pairs; empty when the geometry is sound.
 */
export function geometryProblems(g: VehicleGeometry): [string, string][] {
  const problems: [string, string][] = [];
  const halfLength = g.body.length_m / 2, halfWidth = g.body.width_m / 2;
  for (const name of ['front', 'middle', 'rear'] as const) {
    const w = g.wheels[name];
    if (Math.abs(w.x_m) + g.wheel_radius_m > halfLength + 1e-9) {
      problems.push([`wheels.${name}.x_m`, `the wheel (x ${w.x_m} m, radius ${g.wheel_radius_m} m) reaches outside the ${g.body.length_m} m long body`]);
    }
    if (w.y_m > halfWidth + 1e-9) {
      problems.push([`wheels.${name}.y_m`, `the wheel (y ${w.y_m} m) lies outside the ${g.body.width_m} m wide body`]);
    }
  }
  const { front, middle, rear } = g.wheels;
  if (!(rear.x_m < g.bogie_pivot.x_m && g.bogie_pivot.x_m < middle.x_m)) {
    problems.push(['bogie_pivot.x_m', `must lie between the rear (${rear.x_m}) and middle (${middle.x_m}) wheels`]);
  }
  if (!(g.bogie_pivot.x_m < g.rocker_pivot.x_m && g.rocker_pivot.x_m < front.x_m)) {
    problems.push(['rocker_pivot.x_m', `must lie between the bogie pivot (${g.bogie_pivot.x_m}) and the front wheel (${front.x_m})`]);
  }
  if (g.wheel_hub_height_m < g.wheel_radius_m * 0.9 || g.wheel_hub_height_m > g.wheel_radius_m * 1.1) {
    problems.push(['wheel_hub_height_m', `a hub rests about one wheel radius (${g.wheel_radius_m} m) above flat ground`]);
  }
  if (g.belly.x_min_m >= g.belly.x_max_m) problems.push(['belly.x_max_m', 'must be greater than belly.x_min_m']);
  return problems;
}

/**
 * The geometry alone, as a frozen copy: what flight software is told of a vehicle whose full
 * description (e.g. the simulator's, with slip curves and sensor noise) holds more than it could know.
 */
export function onboardGeometry(vehicle: VehicleGeometry): Readonly<VehicleGeometry> {
  const known = Object.fromEntries(Object.keys(VehicleGeometry.shape).map((k) => [k, structuredClone(vehicle[k as keyof VehicleGeometry])]));
  return deepFreeze(VehicleGeometry.parse(known));
}
