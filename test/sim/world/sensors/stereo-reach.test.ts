import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { CAMERAS, CameraModel } from '../../../../sim/world/sensors/camera-model';
import { stereoReachM } from '../../../../sim/world/sensors/stereo';

/* How far flight software's frames are drawn: no farther than a stereo match can come back from. */

const hazcam = new CameraModel({ ...CAMERAS.front_hazcam, width_px: 256, height_px: 192 }, -1);

describe('stereoReachM', () => {
  it('is 1 / (1/max_range - 8 sigma / (f b)): 14.6 m for the front Hazcam at the onboard scale', () => {
    const f = 128 / Math.tan((50 * Math.PI) / 180), fb = f * 0.248;
    expect(stereoReachM(hazcam, 0.05)).toBeCloseTo(1 / (1 / 12 - (8 * 0.05) / fb), 9);
    expect(stereoReachM(hazcam, 0.05)).toBeCloseTo(14.6, 1);
    expect(stereoReachM(hazcam, 0)).toBe(12); // no noise: exactly the stereo's own limit
    expect(stereoReachM(hazcam, 10)).toBe(Infinity); // too noisy to bound
  });

  it('leaves out only ground no match could come back from: a disparity draw from beyond it never lands within max_range', () => {
    const sigma = 0.05, fb = hazcam.f * 0.248, reach = stereoReachM(hazcam, sigma);
    const rng = new RandomStreams(7).stream('test.stereo_reach');
    let within = 0, withinJustInside = 0;
    for (let i = 0; i < 200_000; i++) {
      const n = rng.normal();
      if (fb / (fb / (reach * 1.0001) + sigma * n) <= 12) within++;
      if (fb / (fb / 12.5 + sigma * n) <= 12) withinJustInside++;
    }
    expect(within).toBe(0);
    expect(withinJustInside).toBeGreaterThan(0); // the same draws do reach in from 12.5 m: the test can tell
  });
});
