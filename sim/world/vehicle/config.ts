import { z } from 'zod';
import { geometryProblems, VehicleGeometry } from '../../../src/core/vehicle-geometry';
import { InputError } from '../../../src/core/errors';
import { DEFAULT_FSW_PARAMS, FswParams } from '../../../src/fsw/params';
import { readYamlFile } from '../../../src/core/yaml-input';

/*
 * The full vehicle description the simulator uses: the geometry the flight software also knows,
 * plus how the wheels meet the soil and what driving costs in energy. No public source gives a
 * slip(slope) curve, so slip follows a per-soil sigmoid [assumed] shaped after docs/reference.md: near 0
 * below 10 deg, ~40-50% at 20 deg in sand, -> 100% near 30 deg.
 */

const soilResponse = (slipHalfDeg: number, widthDeg: number, flatSlip: number, sinkage: number, rolling: number, stepRadii: number, sideSlip: number) =>
  z
    .strictObject({
      /** Uphill slope (deg) at which slip reaches halfway between flat_slip and 100%. */
      slip_half_deg: z.number().positive().default(slipHalfDeg),
      /** Steepness of the sigmoid (deg per e-fold). */
      slip_width_deg: z.number().positive().default(widthDeg),
      /** Slip on level ground. */
      flat_slip: z.number().min(0).lt(1).default(flatSlip),
      /** Static sinkage of a wheel under its nominal load, a sixth of the weight (m); it scales with the wheel's load [assumed linear]. */
      sinkage_m: z.number().min(0).max(0.2).default(sinkage),
      /** Rolling-resistance coefficient (force / weight). */
      rolling_resistance: z.number().min(0).max(1).default(rolling),
      /** Tallest step a wheel standing on this soil can climb, in wheel radii: a taller one stops it (the motor stalls). */
      step_limit_radii: z.number().positive().max(4).default(stepRadii),
      /** Downhill creep across a side slope: the share of the distance driven, per degree of cross slope. */
      side_slip_per_deg: z.number().min(0).max(0.1).default(sideSlip),
    })
    .default({ slip_half_deg: slipHalfDeg, slip_width_deg: widthDeg, flat_slip: flatSlip, sinkage_m: sinkage, rolling_resistance: rolling, step_limit_radii: stepRadii, side_slip_per_deg: sideSlip });

export const WheelSoilParams = z.strictObject({
  // All [assumed]: see the note above. Steps: a rocker-bogie climbs about one wheel diameter (2 radii)
  // on firm ground (docs/reference.md); less from soil [assumed 1.5] and sand [assumed 1.0], where the
  // wheel digs in instead of gripping.
  // Side slip [assumed]: 20 deg of cross slope creeps 20% of the distance downhill in sand, 8% on soil.
  soil: soilResponse(26, 3, 0.02, 0.01, 0.08, 1.5, 0.004),
  bedrock: soilResponse(35, 3, 0, 0, 0.05, 2, 0.001),
  sand: soilResponse(21, 2.5, 0.05, 0.04, 0.2, 1, 0.01),
  big_rock: soilResponse(35, 3, 0, 0, 0.05, 2, 0.001),
  /** Embedding (Spirit's end): slip at or above this, held over embed_distance_m of commanded travel. */
  embed_slip: z.number().gt(0).max(1).default(0.95),
  embed_distance_m: z.number().positive().default(2),
});

export const EnergyParams = z.strictObject({
  /** Avionics and motor controllers while driving (W) [assumed]. */
  drive_overhead_w: z.number().min(0).default(90),
  /** Wheel motor and gear efficiency, electrical to tractive [assumed]. */
  drivetrain_efficiency: z.number().gt(0).max(1).default(0.35),
  /** Turning in place scrubs the wheels: energy per radian of yaw (Wh/rad) [assumed]. */
  turn_wh_per_rad: z.number().min(0).default(1.5),
  /** Steering actuators: energy per radian of corner steer (Wh/rad) [assumed]. */
  steer_wh_per_rad: z.number().min(0).default(0.05),
  /** Parked, awake (W) [assumed]. */
  idle_w: z.number().min(0).default(60),
});

/**
 * Power: one MMRTG, ~110 W electrical at the start of the mission, and two 43 Ah lithium-ion
 * batteries that carry the peaks such as driving (docs/reference.md, Power). The bus voltage, the
 * heaters' draw and the state of charge a run starts from are [assumed].
 */
export const PowerParams = z.strictObject({
  /** MMRTG electrical output (W). */
  mmrtg_w: z.number().min(0).default(110),
  /** Battery capacity (Ah): two of 43 Ah. */
  battery_ah: z.number().positive().default(86),
  /** Bus voltage (V) [assumed 28 V]: capacity in Wh is battery_ah x bus_v. */
  bus_v: z.number().positive().default(28),
  /** Survival heaters, always on (W) [assumed]. */
  heater_w: z.number().min(0).default(20),
  /** State of charge at the start of the run (0..1) [assumed]. */
  initial_soc: z.number().min(0).max(1).default(0.9),
});

export type PowerParams = z.infer<typeof PowerParams>;

/**
 * The IMU's error model (sensors/imu.ts uses it): no public source gives the M2020 IMU error figures,
 * so every default is [assumed] and configurable in the vehicle file.
 */
export const ImuParams = z.strictObject({
  /** Roll/pitch white noise (1 sigma, deg) from the accelerometers [assumed]. */
  attitude_noise_deg: z.number().min(0).default(0.05),
  /** Initial gyro (yaw) bias, 1 sigma (deg/h), drawn once per run [assumed]. */
  gyro_bias_deg_per_h: z.number().min(0).default(0.5),
  /** Gyro bias random walk (deg/h per sqrt(h)) [assumed]. */
  gyro_bias_walk_deg_per_h_per_sqrt_h: z.number().min(0).default(0.1),
  /** Heading white noise (1 sigma, deg) on top of the drift [assumed]. */
  heading_noise_deg: z.number().min(0).default(0.02),
});

export type ImuParams = z.infer<typeof ImuParams>;

export const VehicleConfig = VehicleGeometry.extend({
  wheel_soil: WheelSoilParams.default(WheelSoilParams.parse({})),
  /** A wheel held this far above the ground (a joint at its hard stop) is a truth safety violation [assumed]. */
  wheel_lift_limit_m: z.number().positive().default(0.1),
  energy: EnergyParams.default(EnergyParams.parse({})),
  power: PowerParams.default(PowerParams.parse({})),
  imu: ImuParams.default(ImuParams.parse({})),
  /** Flight software's parameters on this rover (src/fsw/params.ts): navigation, fault protection, mobility. */
  flight_software: FswParams.default(DEFAULT_FSW_PARAMS),
});

export type WheelSoilParams = z.infer<typeof WheelSoilParams>;
export type EnergyParams = z.infer<typeof EnergyParams>;
export type VehicleConfig = z.infer<typeof VehicleConfig>;

export const DEFAULT_VEHICLE: VehicleConfig = VehicleConfig.parse({});

/** Mars surface gravity (m/s^2). */
export const MARS_GRAVITY = 3.711;

/**
 * Reads a vehicle file (YAML or JSON; any field left out keeps Perseverance's value). Errors name
 * the file, line and field: a negative radius, a wheel outside the body, an unknown field.
 */
export function loadVehicleFile(path: string): VehicleConfig {
  const config = readYamlFile(path, VehicleConfig);
  const problems = geometryProblems(config);
  if (problems.length) throw new InputError(path, problems[0][0], problems[0][1]);
  return config;
}
