import { Rng } from '../../../src/core/random';
import { SoilClass } from '../terrain/soil';
import { CameraModel, RenderedFrame } from './camera-model';

/*
 * Stereo ranging as the rover's correlator would deliver it, made from a truth frame of the reference
 * (left) camera. Noise and gaps are what makes onboard mapping honest:
 *
 * - Noise is drawn on the disparity, not on the range. The correlator's error is roughly constant in
 *   pixels (disparity_noise_px, [assumed] in CameraSpec), and depth is z = f b / d, so depth error grows
 *   as the square of depth: to first order sigma_z = z^2 sigma_d / (f b). Drawing d_meas = d + sigma_d N(0,1)
 *   and inverting gives the physical distribution (skewed long, biased slightly far at long range) rather
 *   than a symmetric Gaussian in z; d_meas <= 0 (a match "behind infinity") is no match.
 * - Dropouts: a pixel finds no match with probability dropout_sand on low-texture sand, dropout_other
 *   elsewhere ([assumed], CameraSpec). Pixels that see nothing, and measured ranges beyond max_range_m,
 *   return nothing either.
 * - Exactly two draws per pixel, row-major (a uniform for the dropout, then a normal for the disparity),
 *   whatever the pixel holds, so the same stream state always gives the same measurement and a change in
 *   the scene never shifts the draws of later pixels or later frames.
 */

export interface StereoMeasurement {
  camera: CameraModel;
  /** measured range (m) per pixel, NaN = no stereo match */
  rangeM: Float32Array;
  /** measured points in the rover frame [x,y,z] per pixel, NaN where no match */
  pointsRover: Float32Array;
  /** 1 where a range was returned */
  valid: Uint8Array;
}

/**
 * Measures stereo range for every pixel of `frame` (the reference camera's truth frame). `rng` is the
 * only randomness (the simulator passes a named stream, e.g. 'sensors.stereo.front_hazcam').
 */
export function measureStereo(frame: RenderedFrame, rng: Rng, options: { disparityNoisePx?: number } = {}): StereoMeasurement {
  const cam = frame.camera;
  const { width, height } = cam;
  const n = width * height;
  if (frame.rangeM.length !== n || frame.pointsRover.length !== 3 * n || frame.soil.length !== n) {
    throw new RangeError(
      `measureStereo: frame arrays do not match the ${width}x${height} camera (rangeM ${frame.rangeM.length}, pointsRover ${frame.pointsRover.length}, soil ${frame.soil.length})`,
    );
  }
  const stereo = cam.spec.stereo;
  const sigmaD = options.disparityNoisePx ?? stereo.disparity_noise_px;
  // f b (px m): disparity d = f b / z, with f in pixels of this image size.
  const fb = cam.f * stereo.baseline_m;
  const maxRange = stereo.max_range_m;
  const [cx, cy, cz] = cam.centreInRover;

  const rangeM = new Float32Array(n).fill(NaN);
  const pointsRover = new Float32Array(3 * n).fill(NaN);
  const valid = new Uint8Array(n);
  const rayLengths = cam.rayLengths();

  for (let row = 0, i = 0; row < height; row++) {
    for (let col = 0; col < width; col++, i++) {
      // Both draws first, unconditionally: outcomes must never change how many draws are taken.
      const uDropout = rng.next();
      const nDisparity = rng.normal();

      const rTruth = frame.rangeM[i];
      if (!(rTruth > 0)) continue; // no return (NaN) or degenerate
      const pDropout = frame.soil[i] === SoilClass.sand ? stereo.dropout_sand : stereo.dropout_other;
      if (uDropout < pDropout) continue;

      // Depth along the optical axis: the range is along the ray (x/z, y/z, 1), whose length is |ray|.
      const rayLen = rayLengths[i];
      const zTruth = rTruth / rayLen;
      const dMeas = fb / zTruth + sigmaD * nDisparity;
      if (!(dMeas > 0)) continue;
      const rMeas = (fb / dMeas) * rayLen;
      if (!(rMeas <= maxRange)) continue;

      // The measured point lies on the same pixel ray, scaled from the camera centre.
      const s = rMeas / rTruth;
      const px = frame.pointsRover[3 * i], py = frame.pointsRover[3 * i + 1], pz = frame.pointsRover[3 * i + 2];
      pointsRover[3 * i] = cx + (px - cx) * s;
      pointsRover[3 * i + 1] = cy + (py - cy) * s;
      pointsRover[3 * i + 2] = cz + (pz - cz) * s;
      rangeM[i] = rMeas;
      valid[i] = 1;
    }
  }
  return { camera: cam, rangeM, pointsRover, valid };
}

/** Disparity errors beyond this many sigma are taken never to happen (a normal draw exceeds 8 sigma with P ~ 6e-16). */
const REACH_SIGMAS = 8;

/**
 * How far a surface can be and still come back as a match: a pixel whose true range exceeds
 * 1 / (1/max_range_m - 8 sigma_d / (f b)) would need a disparity error beyond 8 sigma to be measured
 * within max_range_m (the ray's length only raises the bar). Frames for flight software need be
 * rendered no farther; Infinity when the noise is too large for any bound.
 */
export function stereoReachM(camera: CameraModel, disparityNoisePx: number): number {
  const fb = camera.f * camera.spec.stereo.baseline_m;
  const inverse = 1 / camera.spec.stereo.max_range_m - (REACH_SIGMAS * disparityNoisePx) / fb;
  return inverse > 0 ? 1 / inverse : Infinity;
}
