import { WHEELS } from '../../../src/core/vehicle-geometry';

/*
 * Wheel encoders: count how far each wheel motor has turned. They see the wheel's rotation, not the
 * rover's motion, so slip (wheel turning, rover not moving) is invisible to them: that is why
 * odometry from them overestimates distance on slopes and why the flight software needs VO.
 */

export interface WheelEncoderOptions {
  /**
   * Encoder resolution in ticks per wheel revolution; readings are quantised to whole ticks.
   * Default 4096 [assumed]: no public figure for the M2020 wheel encoders. null = no quantisation.
   */
  ticksPerRev?: number | null;
}

export class WheelEncoders {
  /** True cumulative rotation (rad) per wheel, WHEELS order; kept unquantised so ticks never drift. */
  private readonly angleRad: number[] = WHEELS.map(() => 0);
  private readonly tickRad: number | null;

  constructor(options: WheelEncoderOptions = {}) {
    const ticks = options.ticksPerRev === undefined ? 4096 : options.ticksPerRev;
    if (ticks !== null && !(Number.isFinite(ticks) && ticks > 0)) {
      throw new RangeError(`ticksPerRev must be a positive number or null, got ${ticks}`);
    }
    this.tickRad = ticks === null ? null : (2 * Math.PI) / ticks;
  }

  /**
   * Integrate commanded wheel rotation (rad) over dt: encoders count wheel rotation, which slip does
   * not change. Rates are rad/s in WHEELS order (positive rolls forward).
   */
  integrate(wheelRateRadS: readonly number[], dtS: number): void {
    if (wheelRateRadS.length !== WHEELS.length) {
      throw new RangeError(`wheel rates must have one value per wheel (${WHEELS.join(' ')}), got ${wheelRateRadS.length}`);
    }
    if (!(Number.isFinite(dtS) && dtS >= 0)) throw new RangeError(`dt must be a finite number >= 0 s, got ${dtS}`);
    for (let i = 0; i < WHEELS.length; i++) {
      const rate = wheelRateRadS[i];
      if (!Number.isFinite(rate)) throw new RangeError(`wheel rate for ${WHEELS[i]} must be finite, got ${rate}`);
      this.angleRad[i] += rate * dtS;
    }
  }

  /**
   * Cumulative rotation per wheel (rad), WHEELS order, as the encoder reports it: a whole number of
   * ticks. Tick edges sit half a tick either side of the start angle (the phase is arbitrary), so the
   * reading is within half a tick of the truth, forward or backward.
   */
  read(): number[] {
    const tick = this.tickRad;
    return this.angleRad.map((a) => (tick === null ? a : Math.round(a / tick) * tick) + 0);
  }

  /** The same reading as whole tick counts (null quantisation: not available, throws). */
  readTicks(): number[] {
    const tick = this.tickRad;
    if (tick === null) throw new RangeError('readTicks: these encoders are not quantised (ticksPerRev null)');
    return this.angleRad.map((a) => Math.round(a / tick) + 0);
  }
}
