import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawDispersion } from '../../../../sim/app/runner/dispersion';
import { nominalSite } from '../../../../sim/app/montecarlo/task';
import { loadScenario } from '../../../../sim/app/scenario/loader';
import { parkingClearings } from '../../../../sim/app/scenario/parking';
import { buildSite, dispersedSite } from '../../../../sim/app/scenario/site';
import { RockDiameterSampler } from '../../../../sim/world/terrain/golombek-rapp';
import { reachesInto } from '../../../../sim/world/terrain/rocks';
import { writeMcScenario } from './fixture';

const dir = mkdtempSync(join(tmpdir(), 'rover-dispersed-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rocks of a field as sorted "x,y,r,h" strings, those at least `minD` wide or those narrower. */
function rocks(field: { count: number; x: Float64Array; y: Float64Array; radius: Float32Array; height: Float32Array }, minD: number, wide: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < field.count; i++) if (2 * field.radius[i] >= minD === wide) out.push(`${field.x[i]},${field.y[i]},${field.radius[i]},${field.height[i]}`);
  return out.sort();
}

describe('a Monte Carlo run\'s site', () => {
  it('keeps what orbit sees (products, mission, rocks it resolves) and redraws only the rocks it cannot', async () => {
    const loaded = loadScenario(writeMcScenario(dir));
    const base = await nominalSite(loaded);
    expect(await nominalSite(loadScenario(loaded.file))).toBe(base); // built once per worker
    const fresh = await buildSite(loaded);
    // The nominal orbital products are what a site built from the scenario gives, byte for byte.
    for (const product of ['image', 'dem', 'slopeDeg', 'soil'] as const) expect(Buffer.from(base.orbital[product].values.buffer).equals(Buffer.from(fresh.orbital[product].values.buffer))).toBe(true);
    const visibleD = base.orbital.params.visible_rock_min_diameter_m;
    const seenNominal = new Set(rocks(base.terrain.rocks, visibleD, true));
    const runs = [0, 1, 2, 3, 4].map((index) => {
      const draw = drawDispersion(loaded.scenario, base.vehicle, 7, index);
      return { draw, site: dispersedSite(base, draw.site) };
    });
    const small = runs.map(({ site }) => rocks(site.terrain.rocks, visibleD, false));
    for (const { draw, site } of runs) {
      expect(site.orbital).toBe(base.orbital);
      expect(site.mission).toBe(base.mission);
      expect(site.terrain.base).toBe(base.terrain.base);
      // Every rock orbit resolves is the nominal site's own; only the truth start's clearing removes any.
      const seen = rocks(site.terrain.rocks, visibleD, true);
      for (const r of seen) expect(seenNominal.has(r)).toBe(true);
      expect(seenNominal.size - seen.length).toBeLessThanOrEqual(2);
      const clearings = parkingClearings(site.truthStart!, base.vehicle);
      const t = site.terrain.rocks;
      for (let i = 0; i < t.count; i++) expect(clearings.some((c) => reachesInto(c, t.x[i], t.y[i], t.radius[i]))).toBe(false);
      expect(site.truthStart!.x).toBeCloseTo(loaded.scenario.start!.x_m + draw.site.startError!.dxM, 9);
    }
    // The unresolved rocks differ from run to run, as many as the run's drawn abundance gives
    // (Poisson: within 4 sd of the Golombek-Rapp count between the smallest rock and the detection size).
    expect(new Set(small.map((s) => s.join(';'))).size).toBe(runs.length);
    const b = base.terrain.bounds, area = (b.xMax - b.xMin) * (b.yMax - b.yMin);
    runs.forEach(({ draw }, i) => {
      const mean = new RockDiameterSampler(draw.site.rockK!, 0.2, visibleD).rocksPerM2 * area;
      expect(Math.abs(small[i].length - mean)).toBeLessThan(4 * Math.sqrt(mean));
    });
  });
});
