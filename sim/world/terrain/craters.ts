import type { Raster } from '../../../src/core/raster';
import type { Rng } from '../../../src/core/random';
import type { CraterParams } from './params';
import type { Region } from './rocks';

export interface Crater {
  x: number;
  y: number;
  diameterM: number;
  /** Rim crest to floor (m). */
  depthM: number;
  /** Rim crest above the surrounding plain (m). */
  rimHeightM: number;
}

/**
 * Draws craters whose cumulative size-frequency follows N(>=D) ~ D^exponent between the minimum
 * and maximum diameters (docs/reference.md: exponent ~ -2), by inverting the truncated power law.
 */
export function drawCraters(params: CraterParams, region: Region, rng: Rng): Crater[] {
  const areaKm2 = ((region.xMax - region.xMin) * (region.yMax - region.yMin)) / 1e6;
  const n = rng.poisson(params.density_per_km2 * areaKm2);
  const b = params.exponent;
  const lo = params.min_diameter_m ** b, hi = params.max_diameter_m ** b;
  const craters: Crater[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(region.xMin, region.xMax);
    const y = rng.uniform(region.yMin, region.yMax);
    const d = (hi + rng.next() * (lo - hi)) ** (1 / b);
    const freshness = rng.uniform(params.min_freshness, 1);
    craters.push({
      x,
      y,
      diameterM: d,
      depthM: params.depth_ratio * d * freshness,
      rimHeightM: params.rim_height_ratio * d * freshness,
    });
  }
  // Largest first, so smaller (younger on average) craters overprint bigger ones.
  return craters.sort((a, c) => c.diameterM - a.diameterM);
}

/**
 * Height change a crater makes at distance r from its centre: a parabolic bowl from the floor
 * (rim - depth) up to the rim crest at r = R, then an ejecta blanket falling as (R/r)^3.
 */
export function craterProfile(crater: Crater, r: number): number {
  const R = crater.diameterM / 2;
  if (r < R) {
    const floor = crater.rimHeightM - crater.depthM;
    return floor + (crater.rimHeightM - floor) * (r / R) ** 2;
  }
  return crater.rimHeightM * (R / r) ** 3;
}

/**
 * Stamps craters into a base elevation raster. Inside the rim the crater replaces the local relief
 * with its bowl (measured from the pre-impact mean level around it); the ejecta adds on top. The
 * stamp reaches out to 3 radii, where the ejecta has fallen to ~4% of the rim height.
 */
export function stampCraters(base: Raster, craters: Crater[]): void {
  const { cols, rows, spacing, values } = base;
  for (const crater of craters) {
    const R = crater.diameterM / 2;
    if (R < spacing) continue; // below the post spacing a crater is not resolvable in this raster
    const reach = 3 * R;
    const c0 = Math.max(0, Math.floor(base.colOf(crater.x - reach)));
    const c1 = Math.min(cols - 1, Math.ceil(base.colOf(crater.x + reach)));
    const r0 = Math.max(0, Math.floor(base.rowOf(crater.y + reach)));
    const r1 = Math.min(rows - 1, Math.ceil(base.rowOf(crater.y - reach)));
    if (c0 > c1 || r0 > r1) continue;
    const level = meanOnRing(base, crater.x, crater.y, R);
    for (let r = r0; r <= r1; r++) {
      const dy = base.yOf(r) - crater.y;
      for (let c = c0; c <= c1; c++) {
        const dx = base.xOf(c) - crater.x;
        const d = Math.hypot(dx, dy);
        if (d > reach) continue;
        const i = r * cols + c;
        const h = craterProfile(crater, d);
        if (d < R) {
          // Blend the bowl in over the outer fifth of the radius so the rim keeps some relief.
          const w = Math.min(1, (R - d) / (0.2 * R));
          values[i] = (1 - w) * (values[i] + h) + w * (level + h);
        } else {
          values[i] += h;
        }
      }
    }
  }
}

function meanOnRing(base: Raster, x: number, y: number, radius: number): number {
  let sum = 0, n = 0;
  for (let k = 0; k < 32; k++) {
    const a = (2 * Math.PI * k) / 32;
    const z = base.sample(x + radius * Math.cos(a), y + radius * Math.sin(a));
    if (!Number.isNaN(z)) {
      sum += z;
      n++;
    }
  }
  return n ? sum / n : base.sample(x, y) || 0;
}
