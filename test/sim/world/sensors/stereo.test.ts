import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { CAMERAS, CameraModel, CameraSpec, RenderedFrame } from '../../../../sim/world/sensors/camera-model';
import { measureStereo } from '../../../../sim/world/sensors/stereo';
import { SoilClass } from '../../../../sim/world/terrain/soil';

const W = 64, H = 48;
/** The default 0.3 px disparity noise is for 512-px-wide frames; at 64 px the same angular noise is 1/8 of it. */
const SIGMA_D_64 = (0.3 * W) / 512;

type StereoOverrides = Partial<CameraSpec['stereo']>;

/** The front Hazcam at 64 x 48 with the given stereo settings. */
function hazcam(stereo: StereoOverrides = {}): CameraModel {
  const base = CAMERAS.front_hazcam;
  return new CameraModel(CameraSpec.parse({ ...base, width_px: W, height_px: H, stereo: { ...base.stereo, ...stereo } }));
}

/**
 * A truth frame whose pixel (col, row) sees a point at depth `depthAt(col, row)` along the optical axis
 * (NaN = sees nothing), with points built from the camera's own rays, so range and points agree.
 */
function syntheticFrame(cam: CameraModel, depthAt: (col: number, row: number) => number, soilAt: (col: number, row: number) => number = () => SoilClass.soil): RenderedFrame {
  const n = cam.width * cam.height;
  const rangeM = new Float32Array(n).fill(NaN);
  const pointsRover = new Float32Array(3 * n).fill(NaN);
  const soil = new Uint8Array(n).fill(255);
  const image = new Uint8Array(n);
  const R = cam.roverFromCamera, c = cam.centreInRover;
  const ray = { x: 0, y: 0 };
  for (let row = 0, i = 0; row < cam.height; row++) {
    for (let col = 0; col < cam.width; col++, i++) {
      const z = depthAt(col, row);
      if (Number.isNaN(z)) continue;
      cam.rayThrough(col, row, ray);
      const x = ray.x * z, y = ray.y * z;
      rangeM[i] = Math.hypot(x, y, z);
      for (let k = 0; k < 3; k++) pointsRover[3 * i + k] = c[k] + R[3 * k] * x + R[3 * k + 1] * y + R[3 * k + 2] * z;
      soil[i] = soilAt(col, row);
      image[i] = 128;
    }
  }
  return { camera: cam, rangeM, pointsRover, image, soil };
}

const rngFor = (seed: number | string) => new RandomStreams(seed).stream('sensors.stereo');

/** Length of the pixel ray (x/z, y/z, 1): range = depth * rayLength. */
function rayLength(cam: CameraModel, col: number, row: number): number {
  const ray = { x: 0, y: 0 };
  cam.rayThrough(col, row, ray);
  return Math.hypot(ray.x, ray.y, 1);
}

/** Measured depths of all valid pixels over `frames` independent measurements of a plane at depth z. */
function measuredDepths(cam: CameraModel, z: number, frames: number, seed: string): number[] {
  const frame = syntheticFrame(cam, () => z);
  const rng = rngFor(seed);
  const out: number[] = [];
  for (let k = 0; k < frames; k++) {
    const m = measureStereo(frame, rng);
    for (let row = 0, i = 0; row < cam.height; row++) {
      for (let col = 0; col < cam.width; col++, i++) if (m.valid[i]) out.push(m.rangeM[i] / rayLength(cam, col, row));
    }
  }
  return out;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
};

describe('measureStereo: depth noise', () => {
  it.each([2, 5, 10])('at %d m the depth error has sigma z^2 sigma_d / (f b) and a small mean', (z) => {
    const cam = hazcam({ disparity_noise_px: SIGMA_D_64, max_range_m: 100, dropout_sand: 0, dropout_other: 0 });
    const depths = measuredDepths(cam, z, 5, `depth-${z}`);
    expect(depths.length).toBe(5 * W * H);
    const sigmaZ = (z * z * SIGMA_D_64) / (cam.f * cam.spec.stereo.baseline_m);
    expect(std(depths) / sigmaZ).toBeGreaterThan(0.9);
    expect(std(depths) / sigmaZ).toBeLessThan(1.1);
    // The inverse-disparity bias is second order (z (sigma_d/d)^2, 6% of sigma at 10 m here).
    expect(Math.abs(mean(depths) - z)).toBeLessThan(0.1 * sigmaZ);
  });

  it('draws the noise on disparity: f b / z_meas is Gaussian about d with sigma_d, so depth is skewed far', () => {
    const sigmaD = 0.3; // at 64 px wide: d/sigma_d only ~4.4 at 5 m, so the skew shows
    const cam = hazcam({ max_range_m: 100, dropout_sand: 0, dropout_other: 0, disparity_noise_px: sigmaD });
    const z = 5;
    const fb = cam.f * cam.spec.stereo.baseline_m;
    const depths = measuredDepths(cam, z, 5, 'disparity');
    const disparities = depths.map((zm) => fb / zm);
    expect(Math.abs(mean(disparities) - fb / z)).toBeLessThan(0.01);
    expect(std(disparities) / sigmaD).toBeGreaterThan(0.97);
    expect(std(disparities) / sigmaD).toBeLessThan(1.03);
    // E[1/(d + e)] > 1/d: the physical error is biased far, ~z (sigma_d/d)^2 = 0.25 m here.
    expect(mean(depths) - z).toBeGreaterThan(0.1);
  });
});

describe('measureStereo: gaps', () => {
  it('drops pixels with probability dropout_sand on sand and dropout_other elsewhere', () => {
    const cam = hazcam({ max_range_m: 100 });
    const { dropout_sand, dropout_other } = cam.spec.stereo;
    expect([dropout_sand, dropout_other]).toEqual([0.3, 0.02]);
    const frame = syntheticFrame(cam, () => 3, (col) => (col < W / 2 ? SoilClass.sand : SoilClass.bedrock));
    const rng = rngFor('dropouts');
    const frames = 20;
    let sandMissing = 0, otherMissing = 0;
    for (let k = 0; k < frames; k++) {
      const m = measureStereo(frame, rng);
      for (let i = 0; i < W * H; i++) {
        if (m.valid[i]) continue;
        if (i % W < W / 2) sandMissing++;
        else otherMissing++;
      }
    }
    const perRegion = (frames * W * H) / 2;
    const within = (count: number, p: number) => {
      const tol = 4 * Math.sqrt((p * (1 - p)) / perRegion); // 4 binomial sigmas
      expect(Math.abs(count / perRegion - p)).toBeLessThan(tol);
    };
    within(sandMissing, dropout_sand);
    within(otherMissing, dropout_other);
  });

  it('never returns a range beyond max_range_m, and pixels that see nothing stay empty', () => {
    const cam = hazcam(); // max 12 m, 0.3 px noise
    const maxRange = cam.spec.stereo.max_range_m;
    expect(maxRange).toBe(12);
    // Sky in the top rows, then ground from 20 m depth down to 1 m.
    const sky = 6;
    const frame = syntheticFrame(cam, (_c, row) => (row < sky ? NaN : 20 - (19 * (row - sky)) / (H - 1 - sky)));
    const rng = rngFor('max-range');
    let returned = 0, truthBeyondDropped = 0;
    for (let k = 0; k < 10; k++) {
      const m = measureStereo(frame, rng);
      for (let i = 0; i < W * H; i++) {
        if (Number.isNaN(frame.rangeM[i])) {
          expect(m.valid[i]).toBe(0);
          expect(m.rangeM[i]).toBeNaN();
          for (let j = 0; j < 3; j++) expect(m.pointsRover[3 * i + j]).toBeNaN();
          continue;
        }
        if (m.valid[i]) {
          returned++;
          expect(m.rangeM[i]).toBeLessThanOrEqual(maxRange);
          expect(Number.isFinite(m.pointsRover[3 * i])).toBe(true);
        } else {
          expect(m.rangeM[i]).toBeNaN();
          expect(m.pointsRover[3 * i]).toBeNaN();
          if (frame.rangeM[i] > maxRange * 1.5) truthBeyondDropped++;
        }
      }
    }
    expect(returned).toBeGreaterThan(0);
    expect(truthBeyondDropped).toBeGreaterThan(0);
  });

  it('without noise or dropouts returns exactly the truth within max range', () => {
    const cam = hazcam({ disparity_noise_px: 0, dropout_sand: 0, dropout_other: 0 });
    const frame = syntheticFrame(cam, (col, row) => 1 + ((col + W * row) % 97) * 0.2); // 1 .. 20.2 m
    const m = measureStereo(frame, rngFor('exact'));
    for (let i = 0; i < W * H; i++) {
      const inRange = frame.rangeM[i] <= cam.spec.stereo.max_range_m;
      expect(m.valid[i]).toBe(inRange ? 1 : 0);
      if (inRange) expect(m.rangeM[i]).toBeCloseTo(frame.rangeM[i], 4);
    }
  });

  it('rejects a frame whose arrays do not match the camera', () => {
    const cam = hazcam();
    const frame = syntheticFrame(cam, () => 3);
    expect(() => measureStereo({ ...frame, rangeM: frame.rangeM.subarray(1) }, rngFor(1))).toThrow(/64x48/);
  });
});

describe('measureStereo: geometry', () => {
  it('puts measured points on the truth pixel ray, at the measured range from the camera centre', () => {
    const cam = hazcam({ max_range_m: 100 });
    const frame = syntheticFrame(cam, (col, row) => 1.5 + ((col * 7 + row * 13) % 50) * 0.15);
    const m = measureStereo(frame, rngFor('geometry'));
    const c = cam.centreInRover, R = cam.roverFromCamera;
    const px = { u: 0, v: 0 };
    let checked = 0;
    for (let i = 0; i < W * H; i++) {
      if (!m.valid[i]) continue;
      const a = [0, 1, 2].map((k) => m.pointsRover[3 * i + k] - c[k]);
      const t = [0, 1, 2].map((k) => frame.pointsRover[3 * i + k] - c[k]);
      const na = Math.hypot(a[0], a[1], a[2]), nt = Math.hypot(t[0], t[1], t[2]);
      const cross = Math.hypot(a[1] * t[2] - a[2] * t[1], a[2] * t[0] - a[0] * t[2], a[0] * t[1] - a[1] * t[0]);
      expect(cross / (na * nt)).toBeLessThan(1e-5); // collinear with the centre...
      expect(a[0] * t[0] + a[1] * t[1] + a[2] * t[2]).toBeGreaterThan(0); // ...on the same side
      expect(Math.abs(na - m.rangeM[i])).toBeLessThan(1e-5 * m.rangeM[i] + 1e-5);
      // Projected back, the measured point falls on its own pixel.
      const xc = R[0] * a[0] + R[3] * a[1] + R[6] * a[2];
      const yc = R[1] * a[0] + R[4] * a[1] + R[7] * a[2];
      const zc = R[2] * a[0] + R[5] * a[1] + R[8] * a[2];
      cam.project(xc, yc, zc, px);
      expect(Math.abs(px.u - (i % W))).toBeLessThan(1e-3);
      expect(Math.abs(px.v - Math.floor(i / W))).toBeLessThan(1e-3);
      checked++;
    }
    expect(checked).toBeGreaterThan(W * H * 0.9);
  });
});

describe('measureStereo: determinism', () => {
  const cam = hazcam();
  const frame = syntheticFrame(cam, (col, row) => 1 + (row + col) * 0.1, (col) => (col % 3 === 0 ? SoilClass.sand : SoilClass.soil));
  const bytes = (m: ReturnType<typeof measureStereo>) =>
    Buffer.concat([Buffer.from(m.rangeM.buffer), Buffer.from(m.pointsRover.buffer), Buffer.from(m.valid.buffer)]);

  it('gives the identical measurement for the same seed and a different one for another seed', () => {
    const a = bytes(measureStereo(frame, rngFor(7)));
    expect(bytes(measureStereo(frame, rngFor(7))).equals(a)).toBe(true);
    expect(bytes(measureStereo(frame, rngFor(8))).equals(a)).toBe(false);
  });

  it('takes the same draws whatever the frame holds, so later draws never shift', () => {
    const empty = syntheticFrame(cam, () => NaN);
    const r1 = rngFor('draws'), r2 = rngFor('draws');
    measureStereo(frame, r1);
    measureStereo(empty, r2);
    expect(r1.next()).toBe(r2.next());
    expect(r1.normal()).toBe(r2.normal());
  });
});
