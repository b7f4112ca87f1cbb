import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { CameraModel, CameraSpec, RenderedFrame } from '../../../../sim/world/sensors/camera-model';
import { featurelessShare, VisualOdometry, VoIncrement, VoParams } from '../../../../sim/world/sensors/visual-odometry';
import { SoilClass } from '../../../../sim/world/terrain/soil';

const DEG = Math.PI / 180;
const params = VoParams.parse({});
const rngFor = (seed: number | string) => new RandomStreams(seed).stream('sensors.vo');
const voFor = (seed: number | string, p: VoParams = params) => new VisualOdometry(p, rngFor(seed));

/** Per-axis, radial and yaw RMS errors of `n` successful updates of `truth`. */
function rmsErrors(truth: VoIncrement, n: number, seed: string): { forward: number; right: number; radial: number; yaw: number } {
  const vo = voFor(seed);
  let f2 = 0, r2 = 0, y2 = 0, ok = 0;
  while (ok < n) {
    const m = vo.measure(truth, 0);
    if (!m) continue;
    f2 += (m.forwardM - truth.forwardM) ** 2;
    r2 += (m.rightM - truth.rightM) ** 2;
    y2 += (m.yawRad - truth.yawRad) ** 2;
    ok++;
  }
  return { forward: Math.sqrt(f2 / n), right: Math.sqrt(r2 / n), radial: Math.sqrt((f2 + r2) / n), yaw: Math.sqrt(y2 / n) };
}

describe('VoParams', () => {
  it('has the docs/reference.md drift and the [assumed] defaults, and rejects unknown or out-of-range fields', () => {
    expect(params).toEqual({
      drift_fraction: 0.015,
      heading_drift_deg_per_m: 0.1,
      failure_probability: 0.05,
      featureless_failure_probability: 0.5,
      featureless_fraction: 0.6,
    });
    expect(() => VoParams.parse({ drift: 0.01 })).toThrow();
    expect(() => VoParams.parse({ failure_probability: 1.5 })).toThrow();
    expect(() => VoParams.parse({ drift_fraction: -0.01 })).toThrow();
  });
});

describe('VisualOdometry', () => {
  it.each([1, 10])('after a %d m increment the position error is drift_fraction x d (RMS length)', (d) => {
    // Diagonal motion: d is the planar distance hypot(forward, right), not the forward component.
    const truth = { forwardM: 0.6 * d, rightM: 0.8 * d, yawRad: 0.05 };
    const e = rmsErrors(truth, 4000, `rms-${d}`);
    const sigma = (params.drift_fraction * d) / Math.SQRT2; // per axis
    for (const axis of [e.forward, e.right]) {
      expect(axis / sigma).toBeGreaterThan(0.9);
      expect(axis / sigma).toBeLessThan(1.1);
    }
    // Two independent axes: the error's length is sqrt(2) times the per-axis one, i.e. drift_fraction x d.
    expect(e.radial / (Math.SQRT2 * sigma)).toBeGreaterThan(0.9);
    expect(e.radial / (Math.SQRT2 * sigma)).toBeLessThan(1.1);
    const sigmaYaw = params.heading_drift_deg_per_m * DEG * d;
    expect(e.yaw / sigmaYaw).toBeGreaterThan(0.9);
    expect(e.yaw / sigmaYaw).toBeLessThan(1.1);
  });

  it('errors grow in proportion to the distance moved', () => {
    const short = rmsErrors({ forwardM: 1, rightM: 0, yawRad: 0 }, 4000, 'grow');
    const long = rmsErrors({ forwardM: 10, rightM: 0, yawRad: 0 }, 4000, 'grow');
    // Same seed, same draws: the errors scale exactly with d.
    expect(long.radial / short.radial).toBeCloseTo(10, 6);
    expect(long.yaw / short.yaw).toBeCloseTo(10, 6);
  });

  it('returns the truth exactly when the rover did not move', () => {
    const vo = voFor('still', { ...params, failure_probability: 0 });
    expect(vo.measure({ forwardM: 0, rightM: 0, yawRad: 0.3 }, 0)).toEqual({ forwardM: 0, rightM: 0, yawRad: 0.3 });
  });

  it('fails at failure_probability on ordinary terrain and featureless_failure_probability on featureless views', () => {
    const n = 4000;
    const truth = { forwardM: 1, rightM: 0, yawRad: 0 };
    const rate = (share: number, seed: string) => {
      const vo = voFor(seed);
      let failed = 0;
      for (let k = 0; k < n; k++) if (vo.measure(truth, share) === null) failed++;
      return failed / n;
    };
    const tol = (p: number) => 4 * Math.sqrt((p * (1 - p)) / n); // 4 binomial sigmas
    for (const share of [0, 0.3, 0.6]) {
      // At exactly featureless_fraction the view still counts as ordinary ("above" it is featureless).
      expect(Math.abs(rate(share, `fail-${share}`) - params.failure_probability)).toBeLessThan(tol(params.failure_probability));
    }
    for (const share of [0.61, 0.8, 1]) {
      expect(Math.abs(rate(share, `fail-${share}`) - params.featureless_failure_probability)).toBeLessThan(tol(params.featureless_failure_probability));
    }
  });

  it('is deterministic by seed, and a failed update takes the same draws as a good one', () => {
    const truths = Array.from({ length: 50 }, (_, k) => ({ forwardM: 0.1 * k, rightM: 0.02 * k, yawRad: 0.01 * k }));
    const run = (seed: number) => {
      const vo = voFor(seed);
      return truths.map((t, k) => vo.measure(t, k % 2 ? 0.9 : 0.1));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    expect(run(1).some((m) => m === null)).toBe(true);

    const rFail = rngFor('draws'), rOk = rngFor('draws');
    expect(new VisualOdometry({ ...params, failure_probability: 1 }, rFail).measure(truths[5], 0)).toBeNull();
    expect(new VisualOdometry({ ...params, failure_probability: 0 }, rOk).measure(truths[5], 0)).not.toBeNull();
    expect(rFail.next()).toBe(rOk.next());
  });

  it('rejects non-finite increments and shares outside [0, 1]', () => {
    const vo = voFor('bad');
    expect(() => vo.measure({ forwardM: NaN, rightM: 0, yawRad: 0 }, 0)).toThrow(RangeError);
    expect(() => vo.measure({ forwardM: 1, rightM: 0, yawRad: 0 }, 1.2)).toThrow(/featureless share/);
    expect(() => vo.measure({ forwardM: 1, rightM: 0, yawRad: 0 }, NaN)).toThrow(RangeError);
  });
});

describe('featurelessShare', () => {
  const cam = new CameraModel(CameraSpec.parse({ width_px: 3, height_px: 2, hfov_deg: 90, mount: { x_m: 1, height_m: 1, tilt_deg: 30 }, stereo: { baseline_m: 0.2 } }));
  const frameOf = (ranges: number[], soil: number[]): RenderedFrame => ({
    camera: cam,
    rangeM: Float32Array.from(ranges),
    pointsRover: new Float32Array(3 * ranges.length),
    image: new Uint8Array(ranges.length),
    soil: Uint8Array.from(soil),
  });

  it('is the share of pixels with a return that see sand', () => {
    const { sand, soil, bedrock, bigRock } = SoilClass;
    // Two sand, one soil, one bedrock among the returns; sky pixels (NaN) do not count.
    expect(featurelessShare(frameOf([2, 3, NaN, 4, 5, NaN], [sand, soil, 255, sand, bedrock, 255]))).toBeCloseTo(0.5, 12);
    expect(featurelessShare(frameOf([2, 3, 4, 5, 6, 7], [soil, soil, bedrock, bigRock, soil, soil]))).toBe(0);
    expect(featurelessShare(frameOf([2, 3, 4, 5, 6, 7], Array(6).fill(sand)))).toBe(1);
  });

  it('counts a view with no returns as wholly featureless', () => {
    expect(featurelessShare(frameOf(Array(6).fill(NaN), Array(6).fill(255)))).toBe(1);
  });
});
