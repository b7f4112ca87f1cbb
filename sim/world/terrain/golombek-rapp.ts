/**
 * Golombek & Rapp (1997) rock size-frequency model (docs/reference.md, Terrain):
 *   F_k(D) = k * exp(-q(k) * D),  q(k) = 1.79 + 0.152 / k
 * F_k(D) is the cumulative fractional area covered by rocks of diameter >= D (m); k is the total
 * rock area fraction (rock abundance).
 */

export function golombekRappQ(k: number): number {
  checkRockAbundance(k);
  return 1.79 + 0.152 / k;
}

/** Cumulative fractional area of rocks with diameter >= diameterM. */
export function cumulativeFractionalArea(k: number, diameterM: number): number {
  return k * Math.exp(-golombekRappQ(k) * diameterM);
}

export function checkRockAbundance(k: number): void {
  if (!(k > 0 && k < 1)) throw new RangeError(`rock abundance k must be in (0, 1), got ${k}`);
}

/**
 * Differential number density of rocks (rocks per m^2 per metre of diameter) implied by F_k:
 * the area density -dF/dD = k q e^{-qD} divided by one rock's plan area pi D^2 / 4.
 */
export function rockNumberDensity(k: number, diameterM: number): number {
  const q = golombekRappQ(k);
  return (k * q * Math.exp(-q * diameterM)) / ((Math.PI * diameterM * diameterM) / 4);
}

/**
 * Samples rock diameters between a minimum and maximum from the Golombek-Rapp distribution by
 * inverting its tabulated cumulative number distribution (the density has no closed-form inverse).
 */
export class RockDiameterSampler {
  /** Expected rocks per square metre with minD <= D <= maxD. */
  readonly rocksPerM2: number;
  private readonly diameters: Float64Array;
  private readonly cdf: Float64Array;

  constructor(readonly k: number, readonly minDiameterM: number, readonly maxDiameterM: number, tableSize = 4096) {
    checkRockAbundance(k);
    if (!(minDiameterM > 0 && maxDiameterM > minDiameterM)) {
      throw new RangeError(`rock diameters need 0 < min < max, got ${minDiameterM} and ${maxDiameterM}`);
    }
    // Log-spaced knots: the density falls as 1/D^2, so most rocks sit near the minimum.
    const n = tableSize;
    this.diameters = new Float64Array(n);
    this.cdf = new Float64Array(n);
    const ratio = Math.log(maxDiameterM / minDiameterM);
    for (let i = 0; i < n; i++) this.diameters[i] = minDiameterM * Math.exp((ratio * i) / (n - 1));
    for (let i = 1; i < n; i++) {
      const d0 = this.diameters[i - 1], d1 = this.diameters[i];
      // Simpson's rule on each knot interval.
      const mid = 0.5 * (d0 + d1);
      const area = ((d1 - d0) / 6) * (rockNumberDensity(k, d0) + 4 * rockNumberDensity(k, mid) + rockNumberDensity(k, d1));
      this.cdf[i] = this.cdf[i - 1] + area;
    }
    this.rocksPerM2 = this.cdf[n - 1];
    for (let i = 0; i < n; i++) this.cdf[i] /= this.rocksPerM2;
  }

  /** Diameter for a uniform draw u in [0, 1). */
  diameterFor(u: number): number {
    const cdf = this.cdf;
    let lo = 0, hi = cdf.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] <= u) lo = mid;
      else hi = mid;
    }
    const t = (u - cdf[lo]) / (cdf[hi] - cdf[lo] || 1);
    return this.diameters[lo] + t * (this.diameters[hi] - this.diameters[lo]);
  }
}
