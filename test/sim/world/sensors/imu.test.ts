import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { Imu } from '../../../../sim/world/sensors/imu';
import { ImuParams } from '../../../../sim/world/vehicle/config';

const DEG = Math.PI / 180;
const params = ImuParams.parse({});
const level = { rollRad: 0, pitchRad: 0, headingRad: 0 };
const imuFor = (seed: number | string, p: ImuParams = params) => new Imu(p, new RandomStreams(seed).stream('sensors.imu'));

/** RMS heading drift over many seeds at the given times (s), stepping at dtS. */
function rmsDrift(p: ImuParams, times: number[], dtS: number, seeds: number): number[] {
  const sumSq = times.map(() => 0);
  for (let s = 0; s < seeds; s++) {
    const imu = imuFor(`drift-${s}`, p);
    let t = 0;
    let k = 0;
    while (k < times.length) {
      const m = imu.measure(level, dtS);
      t += dtS;
      if (Math.abs(t - times[k]) < dtS / 2) sumSq[k++] += m.headingDriftRad ** 2;
    }
  }
  return sumSq.map((v) => Math.sqrt(v / seeds));
}

describe('ImuParams', () => {
  it('has the [assumed] defaults and rejects unknown or negative fields', () => {
    expect(params).toEqual({
      attitude_noise_deg: 0.05,
      gyro_bias_deg_per_h: 0.5,
      gyro_bias_walk_deg_per_h_per_sqrt_h: 0.1,
      heading_noise_deg: 0.02,
    });
    expect(() => ImuParams.parse({ attitude_noise: 1 })).toThrow();
    expect(() => ImuParams.parse({ heading_noise_deg: -1 })).toThrow();
  });
});

describe('Imu', () => {
  it('gives identical readings for the same seed, different ones for another seed', () => {
    const truth = { rollRad: 0.1, pitchRad: -0.05, headingRad: 1 };
    const a = imuFor(7), b = imuFor(7), c = imuFor(8);
    const ra = Array.from({ length: 50 }, () => a.measure(truth, 0.5));
    const rb = Array.from({ length: 50 }, () => b.measure(truth, 0.5));
    const rc = Array.from({ length: 50 }, () => c.measure(truth, 0.5));
    expect(rb).toEqual(ra);
    expect(rc).not.toEqual(ra);
  });

  it('adds roll/pitch white noise with the parameter sigma (within 10% over 20,000 samples), unbiased', () => {
    const imu = imuFor(1);
    const truth = { rollRad: 0.2, pitchRad: -0.1, headingRad: 0 };
    const n = 20_000;
    let sr = 0, srr = 0, sp = 0, spp = 0;
    for (let i = 0; i < n; i++) {
      const m = imu.measure(truth, 0.1);
      const er = m.rollRad - truth.rollRad, ep = m.pitchRad - truth.pitchRad;
      sr += er; srr += er * er; sp += ep; spp += ep * ep;
    }
    const sigma = 0.05 * DEG;
    const sdRoll = Math.sqrt(srr / n - (sr / n) ** 2);
    const sdPitch = Math.sqrt(spp / n - (sp / n) ** 2);
    expect(Math.abs(sdRoll / sigma - 1)).toBeLessThan(0.1);
    expect(Math.abs(sdPitch / sigma - 1)).toBeLessThan(0.1);
    expect(Math.abs(sr / n)).toBeLessThan(0.05 * sigma);
    expect(Math.abs(sp / n)).toBeLessThan(0.05 * sigma);
  });

  it('reports heading = truth + drift + noise with the heading noise sigma', () => {
    const imu = imuFor(2);
    const n = 20_000;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const m = imu.measure({ rollRad: 0, pitchRad: 0, headingRad: 0.5 }, 0.01);
      ss += (m.headingRad - 0.5 - m.headingDriftRad) ** 2;
    }
    expect(Math.abs(Math.sqrt(ss / n) / (0.02 * DEG) - 1)).toBeLessThan(0.1);
  });

  it('drifts in heading: RMS over seeds grows from 1 min to 1 h and matches bias sigma x t, plus the walk', () => {
    const seeds = 1000;
    const [oneMin, oneHour] = rmsDrift(params, [60, 3600], 10, seeds);
    expect(oneHour).toBeGreaterThan(oneMin);
    // Short span: the turn-on bias dominates, drift ~ sigma_b * t.
    const biasSigma = (0.5 * DEG) / 3600;
    expect(Math.abs(oneMin / (biasSigma * 60) - 1)).toBeLessThan(0.1);
    // One hour: bias term sigma_b * t plus the integrated random walk, sigma_w * t^1.5 / sqrt(3).
    const walk = (0.1 * DEG) / 3600 / 60; // rad/s per sqrt(s)
    const expectedHour = Math.hypot(biasSigma * 3600, (walk * 3600 ** 1.5) / Math.sqrt(3));
    expect(Math.abs(oneHour / expectedHour - 1)).toBeLessThan(0.1);
  });

  it('drifts only by the random walk when the initial bias is zero', () => {
    const p = ImuParams.parse({ gyro_bias_deg_per_h: 0 });
    const [oneHour] = rmsDrift(p, [3600], 10, 500);
    const walk = (0.1 * DEG) / 3600 / 60;
    expect(Math.abs(oneHour / ((walk * 3600 ** 1.5) / Math.sqrt(3)) - 1)).toBeLessThan(0.15);
  });

  it('rejects a negative or non-finite dt', () => {
    expect(() => imuFor(3).measure(level, -1)).toThrow(RangeError);
    expect(() => imuFor(3).measure(level, NaN)).toThrow(RangeError);
  });
});
