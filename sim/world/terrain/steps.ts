import type { Raster } from '../../../src/core/raster';
import type { StepParams } from './params';

/**
 * Raises hand-placed blocks with vertical sides into the base relief: ledges, steps and ridges for
 * engineering what-ifs (a step the wheels must climb, a ridge between them that meets the belly).
 * Each block lifts every post inside its rectangle by its height; its sides are as sharp as the
 * post spacing allows.
 */
export function stampSteps(base: Raster, steps: readonly StepParams[]): void {
  for (const s of steps) {
    const xMin = s.x_m, xMax = s.x_m + s.length_m, yMin = s.y_m, yMax = s.y_m + s.width_m;
    for (let r = 0; r < base.rows; r++) {
      const y = base.yOf(r);
      if (y < yMin || y > yMax) continue;
      for (let c = 0; c < base.cols; c++) {
        const x = base.xOf(c);
        if (x >= xMin && x <= xMax) base.values[r * base.cols + c] += s.height_m;
      }
    }
  }
}
