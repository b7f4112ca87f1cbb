import { createNoise2D } from 'simplex-noise';
import { Raster, type GridGeometry } from '../../../src/core/raster';
import type { Rng } from '../../../src/core/random';
import { degToRad } from '../../../src/core/geometry';
import type { ReliefParams } from './params';
import { kthSmallest } from '../../../src/core/order-statistic';

/**
 * Fractional Brownian relief: octaves of simplex noise from max_wavelength_m down to two posts,
 * amplitude ~ wavelength^H. Its amplitude is then set so that the median slope at the post spacing
 * (including any regional tilt) equals median_slope_deg: the slope distribution keeps the fractal's
 * shape, pinned by its median.
 */
export function fractalRelief(geometry: GridGeometry, params: ReliefParams, rng: Rng): Raster {
  const noise = createNoise2D(() => rng.next());
  const raster = new Raster(geometry);
  const { rows, cols, spacing } = geometry;
  const octaves: { frequency: number; amplitude: number; dx: number; dy: number }[] = [];
  for (let wavelength = params.max_wavelength_m; wavelength >= 2 * spacing; wavelength /= 2) {
    // Random offsets decorrelate the octaves (simplex noise is zero on lattice points).
    octaves.push({ frequency: 1 / wavelength, amplitude: wavelength ** params.hurst, dx: rng.uniform(-1e4, 1e4), dy: rng.uniform(-1e4, 1e4) });
  }
  const v = raster.values;
  for (let r = 0; r < rows; r++) {
    const y = raster.yOf(r);
    for (let c = 0; c < cols; c++) {
      const x = raster.xOf(c);
      let z = 0;
      for (const o of octaves) z += o.amplitude * noise(x * o.frequency + o.dx, y * o.frequency + o.dy);
      v[r * cols + c] = z;
    }
  }
  const tilt = tiltGradient(params);
  const scale = amplitudeForMedianSlope(raster, Math.tan(degToRad(params.median_slope_deg)), tilt);
  const xMid = raster.xOf((cols - 1) / 2), yMid = raster.yOf((rows - 1) / 2);
  for (let r = 0; r < rows; r++) {
    const y = raster.yOf(r) - yMid;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      v[i] = v[i] * scale + tilt.dzdx * (raster.xOf(c) - xMid) + tilt.dzdy * y;
    }
  }
  return raster;
}

/** Gradient of the regional plane: it descends toward tilt_azimuth_deg. */
function tiltGradient(params: ReliefParams): { dzdx: number; dzdy: number } {
  const t = Math.tan(degToRad(params.tilt_deg));
  const az = degToRad(params.tilt_azimuth_deg);
  return { dzdx: -t * Math.sin(az), dzdy: -t * Math.cos(az) };
}

/**
 * Finds the factor a for which the median of |a * grad(f) + tilt| equals targetTan, by bisection
 * on a deterministic subsample of posts (the median is monotonic in a).
 */
function amplitudeForMedianSlope(f: Raster, targetTan: number, tilt: { dzdx: number; dzdy: number }): number {
  if (targetTan === 0) return 0;
  const { rows, cols, spacing, values } = f;
  const stride = Math.max(1, Math.floor((rows * cols) / 40000));
  const gx: number[] = [], gy: number[] = [];
  for (let i = 0; i < rows * cols; i += stride) {
    const r = Math.floor(i / cols), c = i % cols;
    const ce = Math.min(cols - 1, c + 1), cw = Math.max(0, c - 1);
    const rs = Math.min(rows - 1, r + 1), rn = Math.max(0, r - 1);
    gx.push((values[r * cols + ce] - values[r * cols + cw]) / ((ce - cw) * spacing));
    gy.push((values[rn * cols + c] - values[rs * cols + c]) / ((rs - rn) * spacing));
  }
  const median = (a: number): number => {
    const s = new Float64Array(gx.length);
    for (let i = 0; i < gx.length; i++) s[i] = Math.hypot(a * gx[i] + tilt.dzdx, a * gy[i] + tilt.dzdy);
    return kthSmallest(s, s.length >> 1);
  };
  if (median(0) >= targetTan) return 0; // the tilt alone is as steep as asked
  let lo = 0, hi = 1;
  while (median(hi) < targetTan) hi *= 2;
  for (let i = 0; i < 40 && hi - lo > 1e-5 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (median(mid) < targetTan) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
