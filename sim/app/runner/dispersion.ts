import { createHash } from 'node:crypto';
import { RandomStreams } from '../../../src/core/random';
import type { RunOverrides } from './run';
import { Dispersions, WheelName, type Scenario } from '../scenario/schema';
import type { SiteDispersion } from '../scenario/site';
import { VoParams } from '../../world/sensors/visual-odometry';
import type { VehicleConfig } from '../../world/vehicle/config';
import { fixedTo } from '../../../src/core/round';

/*
 * Monte Carlo dispersions: what varies from run to run, drawn from the run's own seed. The run seed
 * derives from the batch seed and the run's index alone, so run k of a batch is the same whichever
 * worker (or machine) runs it, in whatever order, and can be rerun by itself.
 */

/** The seed of run `index` of a batch: a 31-bit integer hashed from the batch seed and the index. */
export function runSeed(batchSeed: number, index: number): number {
  return createHash('sha256').update(`rover-twin batch ${batchSeed} run ${index}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/** One run's draw: what its site redraws, the run's overrides, and the drawn values for the record. */
export interface DispersedRun {
  seed: number;
  /** What the run's site draws apart from the nominal site: unresolved rocks, the true start. */
  site: SiteDispersion;
  overrides: RunOverrides;
  /** The drawn values, named as in the scenario's `dispersions` (for runs.jsonl and the summary). */
  values: Record<string, number | string>;
}

const round = (v: number, digits = 4): number => fixedTo(v, digits);

/** Scales every soil's slip response: slip sets in at a lower slope and is larger on the flat. */
export function scaleSlip(vehicle: VehicleConfig, scale: number): VehicleConfig {
  const ws = vehicle.wheel_soil;
  const scaled = (p: typeof ws.soil) => ({ ...p, slip_half_deg: p.slip_half_deg / scale, flat_slip: Math.min(0.9, p.flat_slip * scale) });
  return { ...vehicle, wheel_soil: { ...ws, soil: scaled(ws.soil), bedrock: scaled(ws.bedrock), sand: scaled(ws.sand), big_rock: scaled(ws.big_rock) } };
}

/**
 * Draws run `index`'s dispersions. Each quantity has its own named stream, so adding a dispersion
 * to a scenario never changes the draws of the others.
 */
export function drawDispersion(scenario: Scenario, vehicle: VehicleConfig, batchSeed: number, index: number): DispersedRun {
  const seed = runSeed(batchSeed, index);
  // A scenario without dispersions still varies its terrain (the schema's defaults).
  const d: Dispersions = scenario.dispersions ?? Dispersions.parse({});
  // One stream per quantity (the core hashes each stream's name with the seed).
  const streams = new RandomStreams(seed);
  const stream = (name: string) => streams.stream(name);
  const uniform = (name: string, [lo, hi]: [number, number]): number => stream(name).uniform(lo, hi);
  const values: Record<string, number | string> = { seed };
  const site: SiteDispersion = {};
  const overrides: RunOverrides = { seed };
  if (d.terrain_seed) values.rock_seed = site.rockSeed = seed;
  if (d.rock_k) values.rock_k = site.rockK = round(uniform('rock_k', d.rock_k));
  if (d.slip_scale) {
    const s = round(uniform('slip_scale', d.slip_scale));
    values.slip_scale = s;
    overrides.vehicle = scaleSlip(vehicle, s);
  }
  if (d.vo_drift_scale) {
    const s = round(uniform('vo_drift_scale', d.vo_drift_scale));
    values.vo_drift_scale = s;
    const nominal = VoParams.parse({});
    overrides.vo = { drift_fraction: nominal.drift_fraction * s, heading_drift_deg_per_m: nominal.heading_drift_deg_per_m * s };
  }
  if (d.stereo_noise_px) values.stereo_noise_px = overrides.disparityNoisePx = round(uniform('stereo_noise_px', d.stereo_noise_px));
  if (d.initial_position_sigma_m > 0 || d.initial_heading_sigma_deg > 0) {
    const rng = stream('initial_pose');
    const startError = {
      dxM: round(d.initial_position_sigma_m * rng.normal(), 3),
      dyM: round(d.initial_position_sigma_m * rng.normal(), 3),
      dHeadingDeg: round(d.initial_heading_sigma_deg * rng.normal(), 3),
    };
    overrides.startError = site.startError = startError;
    values.initial_error_m = round(Math.hypot(startError.dxM, startError.dyM), 3);
    values.initial_heading_error_deg = startError.dHeadingDeg;
  }
  if (d.light_time_offset_s) values.light_time_offset_s = overrides.owltOffsetS = round(uniform('light_time_offset_s', d.light_time_offset_s), 1);
  if (d.stalled_wheel_probability > 0) {
    const rng = stream('stalled_wheel');
    if (rng.next() < d.stalled_wheel_probability) {
      const wheel = WheelName.options[rng.int(6)];
      const straight = scenario.start && scenario.goal ? Math.hypot(scenario.goal.x_m - scenario.start.x_m, scenario.goal.y_m - scenario.start.y_m) : 50;
      const at = round(rng.uniform(0, straight), 1);
      overrides.faults = [{ kind: 'stalled_wheel', wheel, at_distance_m: at }];
      values.stalled_wheel = `${wheel}@${at}m`;
    }
  }
  return { seed, site, overrides, values };
}
