import { describe, expect, it } from 'vitest';
import { runShipped } from './shipped';

/* The shipped procedural scenarios, each run with its human plan to a verdict. */
describe('shipped scenarios (procedural sites)', () => {
  it('jezero-rim: the ~270 m rocky route with ripples is driven in one sol', async () => {
    const run = await runShipped('jezero-rim');
    expect(run.summary.outcome).toBe('reached');
    expect(run.summary.sols).toBe(1);
    expect(run.summary.distance_m).toBeGreaterThan(250);
  });

  it('boulder-field: k = 0.20 rocks, the onboard navigation weaves through', async () => {
    const run = await runShipped('boulder-field');
    expect(run.summary.path_ratio).toBeGreaterThan(1.05);
  });

  it('conjunction: the uplinks are refused until the Sun-Earth-Mars angle opens, then the rover drives', async () => {
    const run = await runShipped('conjunction');
    expect(run.sols[0].refused).toBe('solar conjunction');
    const firstDrive = run.sols.find((s) => s.deliveredS !== undefined)!;
    expect(firstDrive.sol).toBeGreaterThan(1);
    expect(run.summary.outcome).toBe('reached');
  });

  it('stalled-wheel: fault protection stops the drive; the ops loop clears the fault and reaches the goal a sol later', async () => {
    const run = await runShipped('stalled-wheel');
    expect(run.summary.faults).toBe(1);
    expect(run.events.some((e) => e.name === 'FP_STALL' || /stall/i.test(e.message))).toBe(true);
    expect(run.stops[0].kind).toBe('fault');
    expect(run.sols[1].note).toMatch(/cleared .* and resumed the route/);
    expect(run.summary.outcome).toBe('reached');
    expect(run.summary.sols).toBeGreaterThanOrEqual(2);
  });
});
