import type { PowerParams } from './config';

const S_PER_H = 3600;

/**
 * The rover's battery between the MMRTG and the loads: the MMRTG's steady output charges it, every
 * load draws on it, and it holds between empty and full (a full battery sheds the MMRTG's surplus,
 * an empty one can give nothing more). State of charge is a fraction of the capacity.
 */
export class Battery {
  readonly capacityWh: number;
  stateOfCharge: number;
  /** The lowest state of charge so far. */
  minStateOfCharge: number;

  constructor(private readonly params: PowerParams) {
    this.capacityWh = params.battery_ah * params.bus_v;
    this.stateOfCharge = params.initial_soc;
    this.minStateOfCharge = params.initial_soc;
  }

  /** Over dtS, the MMRTG charges and the loads draw `loadWh`. */
  step(dtS: number, loadWh: number): void {
    const net = (this.params.mmrtg_w * dtS) / S_PER_H - loadWh;
    this.stateOfCharge = Math.min(1, Math.max(0, this.stateOfCharge + net / this.capacityWh));
    if (this.stateOfCharge < this.minStateOfCharge) this.minStateOfCharge = this.stateOfCharge;
  }
}
