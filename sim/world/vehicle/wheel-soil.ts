import { radToDeg } from '../../../src/core/geometry';
import { SoilClass } from '../terrain/soil';
import type { WheelSoilParams } from './config';

type SoilResponse = WheelSoilParams['soil'];

export function soilResponse(params: WheelSoilParams, soil: SoilClass): SoilResponse {
  switch (soil) {
    case SoilClass.sand: return params.sand;
    case SoilClass.bedrock: return params.bedrock;
    case SoilClass.bigRock: return params.big_rock;
    default: return params.soil;
  }
}

/**
 * Longitudinal slip (0 = wheels grip, 1 = wheels spin in place) when climbing `uphillRad` along the
 * direction of travel: flat_slip on level ground and downhill, rising along a sigmoid that is
 * halfway to 100% at slip_half_deg [assumed curve, docs/reference.md].
 */
export function slipFor(response: SoilResponse, uphillRad: number): number {
  const uphillDeg = radToDeg(uphillRad);
  if (uphillDeg <= 0) return response.flat_slip;
  const rise = 1 / (1 + Math.exp(-(uphillDeg - response.slip_half_deg) / response.slip_width_deg));
  // Shift the sigmoid so that it starts from flat_slip at 0 deg and still tends to 1.
  const atZero = 1 / (1 + Math.exp(response.slip_half_deg / response.slip_width_deg));
  const s = response.flat_slip + (1 - response.flat_slip) * Math.max(0, (rise - atZero) / (1 - atZero));
  return Math.min(1, s);
}

/**
 * Embedding, the way Spirit ended: the rover is stuck for good once slip has stayed at or above the
 * threshold over a set distance of commanded travel. Any stretch of good traction resets the count.
 */
export class EmbeddingMonitor {
  private highSlipDistanceM = 0;
  embedded = false;

  constructor(private readonly slipThreshold: number, private readonly distanceM: number) {}

  /** Records a step of commanded travel at a given slip; returns whether the rover is now embedded. */
  record(commandedDistanceM: number, slip: number): boolean {
    if (this.embedded || commandedDistanceM <= 0) return this.embedded;
    if (slip >= this.slipThreshold) this.highSlipDistanceM += commandedDistanceM;
    else this.highSlipDistanceM = 0;
    if (this.highSlipDistanceM >= this.distanceM) this.embedded = true;
    return this.embedded;
  }
}
