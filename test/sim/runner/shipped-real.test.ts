import { describe, expect, it } from 'vitest';
import { runShipped } from './shipped';

/* The shipped scenarios on real HiRISE-derived DEMs, each run with its human plan to a verdict. */
describe('shipped scenarios (real DEMs)', () => {
  it('gale-mmgis runs to a verdict', async () => {
    const run = await runShipped('gale-mmgis');
    expect(run.summary.distance_m).toBeGreaterThan(0);
  });

  it('jezero-neretva runs to a verdict', async () => {
    await runShipped('jezero-neretva');
  });

  it('crater-wall: on the steep wall the onboard navigation refuses what it cannot drive safely', async () => {
    const run = await runShipped('crater-wall');
    expect(run.summary.safety_violations).toEqual({ tilt: false, clearance: false, joint: false, tip_over: false });
  });
});
