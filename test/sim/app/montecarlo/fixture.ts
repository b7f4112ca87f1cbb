import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small Monte Carlo scenario (a 25 m drive, ~1 s a run) with every dispersion switched on. */
export function writeMcScenario(dir: string): string {
  writeFileSync(join(dir, 'mc.human.plan.json'), JSON.stringify({
    format: 'rover-plan/1', scenario: 'mc-small',
    waypoints: [{ x_m: 35, y_m: 15, tolerance_m: 2 }],
    rationale: 'one short leg east', provenance: { planner: 'human', author: 'test' },
  }));
  const file = join(dir, 'mc.yaml');
  writeFileSync(file, `name: mc-small
seed: 9
terrain:
  procedural:
    size_m: [45, 30]
    post_spacing_m: 0.5
    relief: { median_slope_deg: 2 }
    craters: { density_per_km2: 0 }
    rocks: { k: 0.06 }
    sand: { fraction: 0 }
orbital: { image_spacing_m: 0.5 }
start: { x_m: 10, y_m: 15, heading_deg: 0 }
goal: { x_m: 35, y_m: 15, tolerance_m: 2 }
sol_limit: 1
planners: { human: mc.human.plan.json }
dispersions:
  rock_k: [0.03, 0.12]
  slip_scale: [0.8, 1.2]
  vo_drift_scale: [0.5, 2]
  stereo_noise_px: [0.05, 0.2]
  initial_position_sigma_m: 0.2
  initial_heading_sigma_deg: 1
  light_time_offset_s: [-10, 10]
  stalled_wheel_probability: 0.3
`);
  return file;
}
