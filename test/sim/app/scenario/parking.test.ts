import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { APPROACH_LANE_M, parkingClearings } from '../../../../sim/app/scenario/parking';
import { loadSite } from '../../../../sim/app/scenario/site';
import { reachesInto } from '../../../../sim/world/terrain/rocks';
import { DEFAULT_VEHICLE } from '../../../../sim/world/vehicle/config';
import { Settler } from '../../../../sim/world/vehicle/settle';
import { rover } from '../../../cli-harness';

const work = mkdtempSync(join(tmpdir(), 'rover-parking-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A dense boulder field with the rover parked in it, on ground tilted `tiltDeg`. */
function scenario(name: string, tiltDeg: number): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, [
    `name: ${name}`,
    'seed: 5',
    'terrain:',
    '  procedural:',
    '    size_m: [60, 40]',
    '    post_spacing_m: 0.5',
    `    relief: { median_slope_deg: 1, tilt_deg: ${tiltDeg}, tilt_azimuth_deg: 90 }`,
    '    craters: { density_per_km2: 0 }',
    '    rocks: { k: 0.3 }',
    '    sand: { fraction: 0 }',
    'start: { x_m: 20, y_m: 20, heading_deg: 30 }',
    'goal: { x_m: 50, y_m: 30 }',
  ].join('\n') + '\n');
  return file;
}

describe('where a scenario parks its rover', () => {
  it('keeps the rover\'s ground and the lane it arrived by clear of rocks, even in a boulder field', async () => {
    const site = await loadSite(scenario('boulders', 0));
    const clearings = parkingClearings(site.truthStart!, DEFAULT_VEHICLE);
    const rocks = site.terrain.rocks;
    let near = 0;
    for (let i = 0; i < rocks.count; i++) {
      for (const c of clearings) expect(reachesInto(c, rocks.x[i], rocks.y[i], rocks.radius[i])).toBe(false);
      if (Math.hypot(rocks.x[i] - 20, rocks.y[i] - 20) < 6) near++;
    }
    expect(near).toBeGreaterThan(20); // the field itself is dense right up to the clearing
    // The lane runs back along the start heading.
    const lane = clearings[1];
    expect(Math.hypot(lane.x1 - 20, lane.y1 - 20)).toBeCloseTo(APPROACH_LANE_M, 9);
    // Nothing under the parked rover: it stands level on the flat.
    const s = new Settler(site.terrain, DEFAULT_VEHICLE).settle(20, 20, site.truthStart!.headingRad);
    expect((s.tiltRad * 180) / Math.PI).toBeLessThan(2);
  });

  it('refuses a start the rover could not stand on, naming the pose and the limit (validate and run, exit 1)', async () => {
    const file = scenario('too-steep', 26);
    for (const args of [['validate', file], ['run', file, '--plan', 'baseline', '--out', join(work, 'out')]]) {
      const r = await rover(...args);
      expect(r.code).toBe(EXIT.invalidInput);
      expect(existsSync(join(work, 'out'))).toBe(false);
      expect(r.err).toMatch(/too-steep\.yaml: line 11: start: the rover cannot stand at \(20\.00, 20\.00\) heading 30\.0 deg: tilt 2\d\.\d deg exceeds the 20 deg limit/);
    }
  });
});
