import { describe, expect, it } from 'vitest';
import { WheelEncoders } from '../../../../sim/world/sensors/encoders';

const TICK_4096 = (2 * Math.PI) / 4096;

describe('WheelEncoders', () => {
  it('reads rate x time per wheel, within one tick, for constant rates', () => {
    const enc = new WheelEncoders();
    const rates = [0.16, 0.1, -0.05, 0.16, 0.0, 1 / 3];
    for (let i = 0; i < 1000; i++) enc.integrate(rates, 0.1); // 100 s in 0.1 s steps
    enc.read().forEach((a, i) => expect(Math.abs(a - rates[i] * 100)).toBeLessThanOrEqual(TICK_4096));
  });

  it('quantises readings to whole ticks (4096 per revolution by default)', () => {
    const enc = new WheelEncoders();
    enc.integrate([1, 2, 3, -1, 0.5, 0.001], 0.37);
    for (const a of enc.read()) expect(Math.abs(a / TICK_4096 - Math.round(a / TICK_4096))).toBeLessThan(1e-9);
    expect(enc.readTicks().every(Number.isInteger)).toBe(true);
    // Half a revolution is exactly 2048 ticks.
    const half = new WheelEncoders();
    half.integrate([Math.PI, 0, 0, 0, 0, 0], 1);
    expect(half.readTicks()[0]).toBe(2048);
  });

  it('honours a coarser ticksPerRev, and no quantisation when null', () => {
    const coarse = new WheelEncoders({ ticksPerRev: 8 });
    coarse.integrate([1, 0, 0, 0, 0, 0], 1); // 1 rad = 1.27 ticks of pi/4
    expect(coarse.readTicks()[0]).toBe(1);
    expect(coarse.read()[0]).toBeCloseTo(Math.PI / 4, 12);
    const exact = new WheelEncoders({ ticksPerRev: null });
    exact.integrate([1, 0, 0, 0, 0, 0], 1);
    expect(exact.read()[0]).toBe(1);
    expect(() => new WheelEncoders({ ticksPerRev: 0 })).toThrow(RangeError);
  });

  it('keeps no quantisation error accumulating over many small steps', () => {
    const enc = new WheelEncoders({ ticksPerRev: 16 });
    for (let i = 0; i < 10_000; i++) enc.integrate([0.01, 0, 0, 0, 0, 0], 0.01); // each step << one tick
    expect(Math.abs(enc.read()[0] - 1)).toBeLessThanOrEqual((2 * Math.PI) / 16);
  });

  it('rejects a wrong number of wheels or a bad dt', () => {
    const enc = new WheelEncoders();
    expect(() => enc.integrate([1, 2], 1)).toThrow(RangeError);
    expect(() => enc.integrate([0, 0, 0, 0, 0, 0], -1)).toThrow(RangeError);
  });
});
