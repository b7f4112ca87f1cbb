import ndarray, { type NdArray } from 'ndarray';

/**
 * Where a raster's posts sit in the site frame. Post (row r, col c) is at
 *   x = x0 + c * spacing,  y = y0 - r * spacing
 * so row 0 is the northern edge and columns run east (the GeoTIFF / PDS image order).
 */
export interface GridGeometry {
  rows: number;
  cols: number;
  /** Post spacing in metres (positive). */
  spacing: number;
  /** Site x (m) of post (0, 0). */
  x0: number;
  /** Site y (m) of post (0, 0), the north-west post. */
  y0: number;
}

export interface RasterStats {
  min: number;
  max: number;
  mean: number;
  /** Posts holding a value (not NaN). */
  validCount: number;
  /** Posts holding NaN (nodata). */
  nodataCount: number;
}

export function checkGeometry(g: GridGeometry): void {
  if (!Number.isInteger(g.rows) || g.rows < 1 || !Number.isInteger(g.cols) || g.cols < 1) {
    throw new RangeError(`raster size must be whole numbers >= 1, got ${g.rows} x ${g.cols}`);
  }
  if (!(g.spacing > 0) || !Number.isFinite(g.spacing)) {
    throw new RangeError(`raster post spacing must be a positive number of metres, got ${g.spacing}`);
  }
  if (!Number.isFinite(g.x0) || !Number.isFinite(g.y0)) {
    throw new RangeError(`raster origin must be finite, got (${g.x0}, ${g.y0})`);
  }
}

/**
 * A regular grid of float32 values (heights, slopes, albedo...) on ndarray, with its site-frame
 * placement. NaN means nodata everywhere in the project; loaders turn file nodata values into NaN.
 */
export class Raster implements GridGeometry {
  readonly rows: number;
  readonly cols: number;
  readonly spacing: number;
  readonly x0: number;
  readonly y0: number;
  /** The values as an ndarray of shape [rows, cols] (row-major, row 0 north). */
  readonly grid: NdArray<Float32Array>;
  /** The same values as a flat typed array, for tight loops: index r * cols + c. */
  readonly values: Float32Array;

  constructor(geometry: GridGeometry, values?: Float32Array) {
    checkGeometry(geometry);
    this.rows = geometry.rows;
    this.cols = geometry.cols;
    this.spacing = geometry.spacing;
    this.x0 = geometry.x0;
    this.y0 = geometry.y0;
    const n = this.rows * this.cols;
    if (values && values.length !== n) {
      throw new RangeError(`raster of ${this.rows} x ${this.cols} needs ${n} values, got ${values.length}`);
    }
    this.values = values ?? new Float32Array(n);
    this.grid = ndarray(this.values, [this.rows, this.cols]);
  }

  static filled(geometry: GridGeometry, value: number): Raster {
    const r = new Raster(geometry);
    r.values.fill(value);
    return r;
  }

  get geometry(): GridGeometry {
    return { rows: this.rows, cols: this.cols, spacing: this.spacing, x0: this.x0, y0: this.y0 };
  }

  /** Site extent covered by the posts (post centres, not cell edges). */
  get bounds(): { xMin: number; xMax: number; yMin: number; yMax: number } {
    return {
      xMin: this.x0,
      xMax: this.x0 + (this.cols - 1) * this.spacing,
      yMin: this.y0 - (this.rows - 1) * this.spacing,
      yMax: this.y0,
    };
  }

  get(row: number, col: number): number {
    return this.values[row * this.cols + col];
  }

  set(row: number, col: number, value: number): void {
    this.values[row * this.cols + col] = value;
  }

  xOf(col: number): number {
    return this.x0 + col * this.spacing;
  }

  yOf(row: number): number {
    return this.y0 - row * this.spacing;
  }

  /** Fractional column of site x. */
  colOf(x: number): number {
    return (x - this.x0) / this.spacing;
  }

  /** Fractional row of site y. */
  rowOf(y: number): number {
    return (this.y0 - y) / this.spacing;
  }

  contains(x: number, y: number): boolean {
    const c = this.colOf(x);
    const r = this.rowOf(y);
    return c >= 0 && r >= 0 && c <= this.cols - 1 && r <= this.rows - 1;
  }

  /** Bilinear value at site (x, y); NaN outside the posts or where a corner is nodata. */
  sample(x: number, y: number): number {
    const fc = (x - this.x0) / this.spacing;
    const fr = (this.y0 - y) / this.spacing;
    if (!(fc >= 0 && fr >= 0 && fc <= this.cols - 1 && fr <= this.rows - 1)) return NaN;
    let c = Math.floor(fc);
    let r = Math.floor(fr);
    if (c === this.cols - 1) c--;
    if (r === this.rows - 1) r--;
    if (c < 0 || r < 0) return this.values[0]; // 1-post-wide raster
    const tx = fc - c;
    const ty = fr - r;
    const v = this.values;
    const i = r * this.cols + c;
    const top = v[i] + (v[i + 1] - v[i]) * tx;
    const bottom = v[i + this.cols] + (v[i + this.cols + 1] - v[i + this.cols]) * tx;
    return top + (bottom - top) * ty;
  }

  /** Value of the post nearest to (x, y); NaN outside. */
  nearest(x: number, y: number): number {
    const c = Math.round(this.colOf(x));
    const r = Math.round(this.rowOf(y));
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return NaN;
    return this.values[r * this.cols + c];
  }

  /**
   * Gradient (dz/dx east, dz/dy north) of the bilinear surface at (x, y), written into `out`.
   * NaN components outside the raster.
   */
  gradient(x: number, y: number, out: { dzdx: number; dzdy: number }): void {
    const fc = (x - this.x0) / this.spacing;
    const fr = (this.y0 - y) / this.spacing;
    if (!(fc >= 0 && fr >= 0 && fc <= this.cols - 1 && fr <= this.rows - 1) || this.cols < 2 || this.rows < 2) {
      out.dzdx = NaN;
      out.dzdy = NaN;
      return;
    }
    let c = Math.floor(fc);
    let r = Math.floor(fr);
    if (c === this.cols - 1) c--;
    if (r === this.rows - 1) r--;
    const tx = fc - c;
    const ty = fr - r;
    const v = this.values;
    const i = r * this.cols + c;
    const z00 = v[i], z01 = v[i + 1], z10 = v[i + this.cols], z11 = v[i + this.cols + 1];
    const dzdc = (z01 - z00) * (1 - ty) + (z11 - z10) * ty;
    const dzdr = (z10 - z00) * (1 - tx) + (z11 - z01) * tx;
    out.dzdx = dzdc / this.spacing;
    out.dzdy = -dzdr / this.spacing; // rows run south
  }

  stats(): RasterStats {
    let min = Infinity, max = -Infinity, sum = 0, valid = 0;
    for (const v of this.values) {
      if (Number.isNaN(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      valid++;
    }
    return {
      min: valid ? min : NaN,
      max: valid ? max : NaN,
      mean: valid ? sum / valid : NaN,
      validCount: valid,
      nodataCount: this.values.length - valid,
    };
  }

  map(fn: (value: number, row: number, col: number) => number): Raster {
    const out = new Raster(this.geometry);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) {
        const i = r * this.cols + c;
        out.values[i] = fn(this.values[i], r, c);
      }
    }
    return out;
  }

  clone(): Raster {
    return new Raster(this.geometry, this.values.slice());
  }

  /**
   * Slope angle (radians) at every post by Horn's 3x3 method; edges use the nearest interior
   * neighbours. NaN where the window holds nodata.
   */
  slope(): Raster {
    return this.hornDerivative((dzdx, dzdy) => Math.atan(Math.hypot(dzdx, dzdy)));
  }

  /**
   * Aspect (radians, clockwise from north, in [0, 2pi)): the compass direction the slope faces,
   * i.e. of steepest descent. NaN on flat posts and where the window holds nodata.
   */
  aspect(): Raster {
    return this.hornDerivative((dzdx, dzdy) => {
      if (dzdx === 0 && dzdy === 0) return NaN;
      // Downhill direction is -(dzdx, dzdy); compass angle = atan2(east, north).
      const a = Math.atan2(-dzdx, -dzdy);
      return a < 0 ? a + 2 * Math.PI : a;
    });
  }

  /**
   * Roughness (m): RMS residual of the least-squares plane through the (2w+1)^2 posts around each
   * post (GESTALT-style); the window is clipped at the edges. NaN where the window holds nodata.
   */
  roughness(windowRadiusPosts = 1): Raster {
    const w = windowRadiusPosts;
    if (!Number.isInteger(w) || w < 1) throw new RangeError(`roughness window radius must be a whole number >= 1, got ${w}`);
    const out = new Raster(this.geometry);
    const { rows, cols, values } = this;
    for (let r = 0; r < rows; r++) {
      const r0 = Math.max(0, r - w), r1 = Math.min(rows - 1, r + w);
      for (let c = 0; c < cols; c++) {
        const c0 = Math.max(0, c - w), c1 = Math.min(cols - 1, c + w);
        let n = 0, sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0, szz = 0;
        for (let rr = r0; rr <= r1; rr++) {
          for (let cc = c0; cc <= c1; cc++) {
            const z = values[rr * cols + cc];
            const x = cc - c, y = rr - r;
            n++; sx += x; sy += y; sz += z;
            sxx += x * x; syy += y * y; sxy += x * y;
            sxz += x * z; syz += y * z; szz += z * z;
          }
        }
        // Centred sums, then the 2x2 normal equations of z = a + b x + c y.
        const cxx = sxx - (sx * sx) / n, cyy = syy - (sy * sy) / n, cxy = sxy - (sx * sy) / n;
        const cxz = sxz - (sx * sz) / n, cyz = syz - (sy * sz) / n, czz = szz - (sz * sz) / n;
        const det = cxx * cyy - cxy * cxy;
        const b = det !== 0 ? (cxz * cyy - cyz * cxy) / det : 0;
        const cc = det !== 0 ? (cyz * cxx - cxz * cxy) / det : 0;
        const residual = czz - b * cxz - cc * cyz;
        out.values[r * cols + c] = Math.sqrt(Math.max(0, residual) / n);
      }
    }
    return out;
  }

  /**
   * Mean over the (2r+1) x (2r+1) posts around each post (a separable running box, edges clamped):
   * a cheap low-pass for smoothing noise or finding the local mean level.
   */
  boxMean(radiusPosts: number): Raster {
    const out = this.clone();
    if (radiusPosts < 1) return out;
    boxBlurInPlace(out.values, this.rows, this.cols, radiusPosts, true);
    boxBlurInPlace(out.values, this.rows, this.cols, radiusPosts, false);
    return out;
  }

  /** Horn's 3x3 gradient at every post: dz/dx (east) and dz/dy (north). */
  hornGradients(): { dzdx: Raster; dzdy: Raster } {
    const dzdx = new Raster(this.geometry);
    const dzdy = new Raster(this.geometry);
    let i = 0;
    this.hornDerivative((gx, gy) => {
      dzdx.values[i] = gx;
      dzdy.values[i++] = gy;
      return 0;
    });
    return { dzdx, dzdy };
  }

  /** Calls fn with Horn's gradient at every post in row-major order; collects its results. */
  private hornDerivative(fn: (dzdx: number, dzdy: number) => number): Raster {
    const out = new Raster(this.geometry);
    const { rows, cols, values, spacing } = this;
    if (rows < 2 || cols < 2) {
      for (let i = 0; i < values.length; i++) out.values[i] = fn(NaN, NaN);
      return out;
    }
    for (let r = 0; r < rows; r++) {
      const rn = Math.max(0, r - 1), rs = Math.min(rows - 1, r + 1); // north and south neighbours
      for (let c = 0; c < cols; c++) {
        const cw = Math.max(0, c - 1), ce = Math.min(cols - 1, c + 1);
        const nw = values[rn * cols + cw], n = values[rn * cols + c], ne = values[rn * cols + ce];
        const w = values[r * cols + cw], e = values[r * cols + ce];
        const sw = values[rs * cols + cw], s = values[rs * cols + c], se = values[rs * cols + ce];
        const dzdx = (ne + 2 * e + se - (nw + 2 * w + sw)) / (4 * (ce - cw) * spacing);
        const dzdy = (nw + 2 * n + ne - (sw + 2 * s + se)) / (4 * (rs - rn) * spacing);
        out.values[r * cols + c] = fn(dzdx, dzdy); // NaN propagates from nodata neighbours
      }
    }
    return out;
  }
}

/** Running-mean blur along rows (or columns) with clamped edges, O(n) whatever the radius. */
function boxBlurInPlace(a: Float32Array, rows: number, cols: number, radius: number, alongRows: boolean): void {
  const lines = alongRows ? rows : cols, len = alongRows ? cols : rows;
  const stride = alongRows ? 1 : cols;
  const buf = new Float32Array(len);
  for (let line = 0; line < lines; line++) {
    const start = alongRows ? line * cols : line;
    for (let k = 0; k < len; k++) buf[k] = a[start + k * stride];
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += buf[Math.min(len - 1, Math.max(0, k))];
    for (let k = 0; k < len; k++) {
      a[start + k * stride] = sum / (2 * radius + 1);
      sum += buf[Math.min(len - 1, k + radius + 1)] - buf[Math.max(0, k - radius)];
    }
  }
}
