import { Raster } from '../../../../src/core/raster';
import type { Vec3 } from '../../../../src/core/geometry';

/**
 * Cast shadows of the base relief: 1 where a post sees the sun, 0 where terrain toward the sun
 * rises above the sun line. Marches toward the sun one post at a time and stops as soon as the
 * sun line clears the highest post of the site.
 */
export function reliefShadows(base: Raster, sun: Vec3): Raster {
  const lit = Raster.filled(base.geometry, 1);
  const horizontal = Math.hypot(sun.x, sun.y);
  if (horizontal < 1e-9) return lit; // sun at zenith: no cast shadows
  const rise = (sun.z / horizontal) * base.spacing; // sun-line rise per post step
  const stepCol = sun.x / horizontal, stepRow = -sun.y / horizontal; // rows run south
  const { max } = base.stats();
  for (let r = 0; r < base.rows; r++) {
    for (let c = 0; c < base.cols; c++) {
      const z0 = base.values[r * base.cols + c];
      let line = z0;
      for (let k = 1; ; k++) {
        line += rise;
        if (line > max) break;
        const cc = c + k * stepCol, rr = r + k * stepRow;
        if (cc < 0 || rr < 0 || cc > base.cols - 1 || rr > base.rows - 1) break;
        if (bilinear(base, rr, cc) > line) {
          lit.values[r * base.cols + c] = 0;
          break;
        }
      }
    }
  }
  return lit;
}

function bilinear(raster: Raster, fr: number, fc: number): number {
  const c = Math.min(Math.floor(fc), raster.cols - 2), r = Math.min(Math.floor(fr), raster.rows - 2);
  const tx = fc - c, ty = fr - r, v = raster.values, i = r * raster.cols + c;
  const top = v[i] + (v[i + 1] - v[i]) * tx;
  const bottom = v[i + raster.cols] + (v[i + raster.cols + 1] - v[i + raster.cols]) * tx;
  return top + (bottom - top) * ty;
}
