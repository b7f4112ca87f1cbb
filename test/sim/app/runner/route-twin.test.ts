import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { SoilClass } from '../../../../src/core/soil-class';
import { orbitalTerrain } from '../../../../sim/app/runner/route-twin';
import { loadSite } from '../../../../sim/app/scenario/site';

/* The twin simulate_route drives in: made from the orbital products alone, never from the truth. */

const ROOT = resolve(__dirname, '../../../..');

describe('orbitalTerrain', () => {
  it('has the orbital DEM for relief, the soil map\'s sand, and one rock per cluster of orbital rock posts', async () => {
    const site = await loadSite(join(ROOT, 'scenarios/enav-80m.yaml'));
    const { dem, soil } = site.orbital;
    const twin = orbitalTerrain(site);
    expect(twin.base.spacing).toBe(dem.spacing);
    let rockPosts = 0, checked = 0;
    for (let r = 2; r < dem.rows - 2; r += 7) {
      for (let c = 2; c < dem.cols - 2; c += 7) {
        const i = r * dem.cols + c, x = dem.xOf(c), y = dem.yOf(r);
        expect(twin.sand.cover.values[i]).toBe(soil.values[i] === SoilClass.sand ? 1 : 0);
        if (soil.values[i] !== SoilClass.soil && soil.values[i] !== SoilClass.bedrock) continue;
        expect(twin.base.values[i]).toBeCloseTo(dem.values[i], 5); // bare ground: the DEM itself
        checked++;
      }
    }
    for (const v of soil.values) if (v === SoilClass.bigRock) rockPosts++;
    expect(checked).toBeGreaterThan(50);
    expect(twin.rocks.count).toBeGreaterThan(0);
    expect(twin.rocks.count).toBeLessThanOrEqual(rockPosts);
    // Not the truth's rocks: orbit resolves a small share of them.
    expect(twin.rocks.count).toBeLessThan(site.terrain.rocks.count / 10);
    let area = 0;
    for (let k = 0; k < twin.rocks.count; k++) area += Math.PI * twin.rocks.radius[k] ** 2;
    expect(area).toBeCloseTo(rockPosts * dem.spacing * dem.spacing, 3); // each rock as wide as its posts' area
  });
});
