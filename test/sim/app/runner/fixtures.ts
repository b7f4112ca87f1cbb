import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Small scenarios written into a test folder: a flat site cut by a rock wall (a 0.8 m step, 2 m
 * thick, across the whole site) that a human plan drives straight at, and a short open drive.
 */

export function writeWallScenario(dir: string): string {
  const cols = 241, rows = 121, spacing = 0.25; // 60 m x 30 m
  const z = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) z[r * cols + c] = c * spacing >= 30 && c * spacing <= 32 ? 0.8 : 0;
  writeFileSync(join(dir, 'wall.bin'), Buffer.from(z.buffer));
  writeFileSync(join(dir, 'wall.bin.json'), JSON.stringify({ rows, cols, spacing_m: spacing }));
  writeFileSync(join(dir, 'wall.human.plan.json'), JSON.stringify({
    format: 'rover-plan/1', scenario: 'wall',
    waypoints: [{ x_m: 50, y_m: 15, tolerance_m: 2 }],
    rationale: 'straight east, over what looks from orbit like a low ridge',
    provenance: { planner: 'human', author: 'test' },
  }));
  writeFileSync(join(dir, 'wall.yaml'), `name: wall
seed: 11
terrain:
  dem: { file: wall.bin }
orbital: { image_spacing_m: 0.25, dem_spacing_m: 1 }
start: { x_m: 12, y_m: 15, heading_deg: 0 }
goal: { x_m: 50, y_m: 15 }
sol_limit: 3
planners: { human: wall.human.plan.json }
`);
  return join(dir, 'wall.yaml');
}

export const SHORT_SCENARIO = `name: short
seed: 21
terrain:
  procedural:
    size_m: [70, 40]
    post_spacing_m: 0.5
    relief: { median_slope_deg: 2 }
    craters: { density_per_km2: 0 }
    rocks: { k: 0.03 }
    sand: { fraction: 0.03 }
orbital: { image_spacing_m: 0.5 }
start: { x_m: 10, y_m: 20, heading_deg: 0 }
goal: { x_m: 45, y_m: 22 }
sol_limit: 2
compare: [human, baseline]
planners: { human: short.human.plan.json }
`;

export function writeShortScenario(dir: string, text = SHORT_SCENARIO, name = 'short.yaml'): string {
  writeFileSync(join(dir, 'short.human.plan.json'), JSON.stringify({
    format: 'rover-plan/1', scenario: 'short',
    waypoints: [{ x_m: 28, y_m: 24, tolerance_m: 2 }, { x_m: 45, y_m: 22, tolerance_m: 2 }],
    rationale: 'two legs east', provenance: { planner: 'human', author: 'test' },
  }));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}
