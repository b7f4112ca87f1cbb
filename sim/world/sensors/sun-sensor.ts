import { degToRad } from '../../../src/core/geometry';
import type { Rng } from '../../../src/core/random';
import type { SunHeadingSample } from '../../../src/fsw/ports';

/** Heading error (1 sigma, deg) of a sun update [assumed]: the sun's centroid in a camera image to a few tenths of a degree. */
const SUN_HEADING_SIGMA_DEG = 0.3;

/** The sun update's heading: the truth heading with the error of locating the sun in an image. */
export class SunSensor {
  constructor(private readonly rng: Rng) {}

  measure(truthHeadingRad: number, timeS: number): SunHeadingSample {
    return { timeS, headingRad: truthHeadingRad + degToRad(SUN_HEADING_SIGMA_DEG) * this.rng.normal() };
  }
}
