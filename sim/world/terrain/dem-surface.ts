import { createNoise2D } from 'simplex-noise';
import { Raster, type GridGeometry } from '../../../src/core/raster';
import type { Rng } from '../../../src/core/random';

/*
 * The ground between a real DTM's posts. A HiRISE DTM gives heights every 1-2 m; the rover's wheels
 * meet the ground at centimetres. Between posts the truth follows a smooth (C1) interpolant of the
 * DTM, Keys' cubic convolution, sampled onto the truth's ~0.5 m posts (joined there as every truth
 * raster is), so slopes do not jump at every DTM post as bilinear facets would; plus sub-post relief
 * drawn to the DTM's own roughness: its second differences at two and four posts (above the
 * smoothing of stereo matching, insensitive to a regional slope) fit a power law in the lag, which
 * is carried down to the truth's post spacing. The relief moves the ground off the DTM's posts by
 * its own few centimetres.
 */

/** Truth post spacing for real DTMs (m) [assumed]: the procedural sites' default; rocks carry what is smaller. */
export const DEM_TRUTH_SPACING_M = 0.5;

/** A DTM's roughness as the power law rms second difference = amplitudeM * (lag / lagM) ^ hurst. */
export interface DemRoughness {
  /** Lag (m) the amplitude is given at: two posts. */
  lagM: number;
  amplitudeM: number;
  hurst: number;
}

/** rms second difference z(x+h) - 2 z(x) + z(x-h) along rows and columns at a lag of `lag` posts. */
export function rmsSecondDifference(r: Raster, lag: number): number {
  const { rows, cols, values } = r;
  let sum = 0, n = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = lag; j + lag < cols; j++) {
      const d = values[i * cols + j + lag] - 2 * values[i * cols + j] + values[i * cols + j - lag];
      if (!Number.isNaN(d)) { sum += d * d; n++; }
    }
  }
  for (let i = lag; i + lag < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = values[(i + lag) * cols + j] - 2 * values[i * cols + j] + values[(i - lag) * cols + j];
      if (!Number.isNaN(d)) { sum += d * d; n++; }
    }
  }
  return n ? Math.sqrt(sum / n) : 0;
}

/** The DTM's roughness law, from its second differences at two and four posts (Hurst exponent kept within 0.3..1 [assumed]). */
export function demRoughness(dem: Raster): DemRoughness {
  const d2 = rmsSecondDifference(dem, 2), d4 = rmsSecondDifference(dem, 4);
  const hurst = d2 > 0 && d4 > 0 ? Math.min(1, Math.max(0.3, Math.log2(d4 / d2))) : 1;
  return { lagM: 2 * dem.spacing, amplitudeM: d2, hurst };
}

/** Keys' cubic convolution kernel (a = -0.5): C1, exact for quadratics, the interpolant passes through the posts. */
function keys(t: number): number {
  const x = Math.abs(t);
  if (x < 1) return 1.5 * x * x * x - 2.5 * x * x + 1;
  if (x < 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
  return 0;
}

/** The DTM resampled by cubic convolution onto a grid `factor` times finer, over the same extent (posts stay posts). */
export function resampleCubic(dem: Raster, factor: number): Raster {
  const rows = (dem.rows - 1) * factor + 1, cols = (dem.cols - 1) * factor + 1;
  const out = new Raster({ rows, cols, spacing: dem.spacing / factor, x0: dem.x0, y0: dem.y0 });
  const v = dem.values, w = out.values, R = dem.rows, C = dem.cols;
  // One post beyond the edge, extrapolated linearly (a plane stays a plane up to the border).
  const col = (r: number, c: number): number => c < 0 ? 2 * v[r * C] - v[r * C + 1] : c >= C ? 2 * v[r * C + C - 1] - v[r * C + C - 2] : v[r * C + c];
  const at = (r: number, c: number): number => r < 0 ? 2 * col(0, c) - col(1, c) : r >= R ? 2 * col(R - 1, c) - col(R - 2, c) : col(r, c);
  const weights = Array.from({ length: factor }, (_, k) => [-1, 0, 1, 2].map((o) => keys(k / factor - o)));
  for (let i = 0; i < rows; i++) {
    const r0 = Math.floor(i / factor), wr = weights[i % factor];
    for (let j = 0; j < cols; j++) {
      const c0 = Math.floor(j / factor), wc = weights[j % factor];
      let z = 0;
      for (let a = 0; a < 4; a++) {
        let line = 0;
        for (let b = 0; b < 4; b++) line += wc[b] * at(r0 - 1 + a, c0 - 1 + b);
        z += wr[a] * line;
      }
      w[i * cols + j] = z;
    }
  }
  return out;
}

/**
 * The truth surface of a real DTM: cubic convolution onto posts of about DEM_TRUTH_SPACING_M, plus
 * sub-post relief (octaves of simplex noise from one DTM post down to two truth posts, amplitude
 * growing as wavelength^H) scaled so that the surface's rms second difference at the truth's post
 * spacing is the DTM's law carried down there. A DTM already as fine is returned as it is.
 */
/** How many times finer than the DTM's posts the truth's are (1: the DTM is already as fine). */
export const demTruthFactor = (dem: GridGeometry): number => Math.max(1, Math.round(dem.spacing / DEM_TRUTH_SPACING_M));

/** The posts of the truth surface built on a DTM of this geometry. */
export const demTruthPosts = (dem: GridGeometry): number => {
  const f = demTruthFactor(dem);
  return ((dem.rows - 1) * f + 1) * ((dem.cols - 1) * f + 1);
};

export function demTruthSurface(dem: Raster, rng: Rng): { surface: Raster; roughness: DemRoughness } {
  const roughness = demRoughness(dem);
  const factor = demTruthFactor(dem);
  if (factor < 2) return { surface: dem.clone(), roughness };
  const surface = resampleCubic(dem, factor);
  const spacing = surface.spacing;
  const target = roughness.amplitudeM * (spacing / roughness.lagM) ** roughness.hurst;
  const smooth = rmsSecondDifference(surface, 1);
  const wanted = Math.sqrt(Math.max(0, target * target - smooth * smooth));
  if (wanted === 0) return { surface, roughness };
  const noise = new Raster(surface.geometry);
  const simplex = createNoise2D(() => rng.next());
  const octaves: { frequency: number; amplitude: number; dx: number; dy: number }[] = [];
  for (let wavelength = dem.spacing; wavelength >= 2 * spacing - 1e-9; wavelength /= 2) {
    octaves.push({ frequency: 1 / wavelength, amplitude: wavelength ** roughness.hurst, dx: rng.uniform(-1e4, 1e4), dy: rng.uniform(-1e4, 1e4) });
  }
  for (let r = 0; r < noise.rows; r++) {
    const y = noise.yOf(r);
    for (let c = 0; c < noise.cols; c++) {
      const x = noise.xOf(c);
      let z = 0;
      for (const o of octaves) z += o.amplitude * simplex(x * o.frequency + o.dx, y * o.frequency + o.dy);
      noise.values[r * noise.cols + c] = z;
    }
  }
  const scale = wanted / (rmsSecondDifference(noise, 1) || 1);
  for (let i = 0; i < surface.values.length; i++) surface.values[i] += scale * noise.values[i];
  return { surface, roughness };
}
