import { createNoise2D } from 'simplex-noise';
import { Raster } from '../../../src/core/raster';
import type { Rng } from '../../../src/core/random';
import { degToRad } from '../../../src/core/geometry';
import type { SandParams } from './params';
import { kthSmallest } from '../../../src/core/order-statistic';

/**
 * Sand sheets: where they lie (a 0..1 cover raster on the base grid) and their ripples, which stay
 * analytic so they keep their shape at any query resolution.
 */
export class SandField {
  /** Unit vector along the wind; ripple crests run across it. */
  private readonly ux: number;
  private readonly uy: number;
  private readonly k: number;
  private readonly amplitude: number;
  /**
   * 1 where a base cell (between four posts) has sand at any corner: lets height queries skip the
   * cover lookup on the bare ground that most of a site is.
   */
  readonly cellHasSand: Uint8Array;

  constructor(
    /** Sand cover per base post: 0 no sand, 1 full sand sheet. */
    readonly cover: Raster,
    readonly params: SandParams,
  ) {
    const { rows, cols, values } = cover;
    this.cellHasSand = new Uint8Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const below = r + 1 < rows ? i + cols : i, right = c + 1 < cols ? 1 : 0;
        if (values[i] > 0 || values[i + right] > 0 || values[below] > 0 || values[below + right] > 0) this.cellHasSand[i] = 1;
      }
    }
    const az = degToRad(params.wind_azimuth_deg);
    this.ux = Math.sin(az);
    this.uy = Math.cos(az);
    this.k = (2 * Math.PI) / params.ripple_wavelength_m;
    this.amplitude = params.ripple_height_m / 2;
  }

  coverAt(x: number, y: number): number {
    const s = this.cover.sample(x, y);
    return s > 0 ? s : 0;
  }

  /** Ripple height (m) above the sheet at (x, y): 0 outside sand, up to ripple_height_m on crests. */
  rippleHeightAt(x: number, y: number): number {
    const s = this.cover.sample(x, y);
    if (!(s > 0)) return 0;
    return s * this.amplitude * (1 + Math.sin(this.k * (this.ux * x + this.uy * y)));
  }

  /** Adds the ripple gradient at (x, y) to `out` (cover treated as locally constant). */
  addRippleGradient(x: number, y: number, out: { dzdx: number; dzdy: number }): void {
    const s = this.cover.sample(x, y);
    if (!(s > 0)) return;
    const g = s * this.amplitude * this.k * Math.cos(this.k * (this.ux * x + this.uy * y));
    out.dzdx += g * this.ux;
    out.dzdy += g * this.uy;
  }
}

/**
 * Lays out sand sheets covering `fraction` of the site: low-frequency noise, biased toward low
 * ground (sand collects in hollows), thresholded at the quantile that gives the asked-for cover,
 * with soft edges a few metres wide.
 */
export function layOutSand(base: Raster, params: SandParams, rng: Rng): SandField {
  const cover = new Raster(base.geometry);
  if (params.fraction <= 0) return new SandField(cover, params);
  const noise = createNoise2D(() => rng.next());
  const f = 1 / params.patch_scale_m;
  const ox = rng.uniform(-1e4, 1e4), oy = rng.uniform(-1e4, 1e4);
  const { min, max } = base.stats();
  const relief = max - min || 1;
  const score = new Float32Array(base.values.length);
  for (let r = 0; r < base.rows; r++) {
    const y = base.yOf(r);
    for (let c = 0; c < base.cols; c++) {
      const x = base.xOf(c);
      const i = r * base.cols + c;
      // Three octaves give patches ragged, wind-worked edges rather than smooth blobs.
      const n = noise(x * f + ox, y * f + oy) + 0.5 * noise(2 * x * f + oy, 2 * y * f + ox) + 0.25 * noise(4 * x * f - ox, 4 * y * f - oy);
      score[i] = n - 0.5 * ((base.values[i] - min) / relief);
    }
  }
  const threshold = quantile(score, 1 - params.fraction);
  const edge = 0.15; // score units of the soft edge
  for (let i = 0; i < score.length; i++) {
    const t = (score[i] - threshold) / edge + 0.5;
    cover.values[i] = t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
  }
  return new SandField(cover, params);
}

function quantile(values: Float32Array, q: number): number {
  const i = Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)));
  return kthSmallest(Float32Array.from(values), i);
}
