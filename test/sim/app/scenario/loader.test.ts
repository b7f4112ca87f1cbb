import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { marsSolarTime } from '../../../../src/core/mars-time';
import { loadScenario, runEpochUtcMs } from '../../../../sim/app/scenario/loader';

const work = mkdtempSync(join(tmpdir(), 'rover-loader-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = (extra: string) => {
  const file = join(work, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `name: s\nterrain:\n  procedural: { size_m: [40, 40] }\norbital:\n  image_spacing_m: 0.5\n${extra}`);
  return loadScenario(file).scenario;
};

describe('the scenario\'s place and time', () => {
  it('starts a run at the local mean midnight that begins the sol of its date', () => {
    const s = scenario("date_utc: '2025-12-08T12:00:00Z'\n");
    const epoch = runEpochUtcMs(s);
    expect(epoch).toBeLessThanOrEqual(Date.parse(s.date_utc));
    expect(Date.parse(s.date_utc) - epoch).toBeLessThan(88775.244 * 1000);
    expect(marsSolarTime(epoch, s.site.longitude_east_deg).lmstH % 24).toBeCloseTo(0, 4);
  });

  it('keeps the orbital image\'s Sun as given, or takes it from the site at the acquisition hour', () => {
    expect(scenario('').orbital).toMatchObject({ sun_elevation_deg: 35, sun_azimuth_deg: 250 });
    const afternoon = scenario('  acquired_ltst_h: 15\n').orbital;
    // Mid-afternoon at Jezero (18.4 N) in northern autumn: the Sun in the south-west, 30-45 deg up.
    expect(afternoon.sun_azimuth_deg).toBeGreaterThan(220);
    expect(afternoon.sun_azimuth_deg).toBeLessThan(290);
    expect(afternoon.sun_elevation_deg).toBeGreaterThan(25);
    expect(afternoon.sun_elevation_deg).toBeLessThan(50);
    const morning = scenario('  acquired_ltst_h: 9\n').orbital;
    expect(morning.sun_azimuth_deg).toBeLessThan(135);
  });
});
