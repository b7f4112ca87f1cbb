import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../../sim/app/runner/run';
import { shippedCases } from '../../../../sim/app/verdicts';
import { checkShipped } from './shipped';

/** What each scenario is there to show, beyond its outcome (every plan). */
const SHOWS: Record<string, (run: RunResult) => void> = {
  'jezero-rim': (run) => expect(run.summary.distance_m).toBeGreaterThan(250),
  // A run that reached the goal wove through the boulders; one stopped short has no whole route to measure.
  'boulder-field': (run) => { if (run.summary.outcome === 'reached') expect(run.summary.path_ratio).toBeGreaterThan(1.05); },
  conjunction: (run) => {
    // The uplinks are refused until the Sun-Earth-Mars angle opens, then the rover drives.
    expect(run.sols[0].refused).toBe('solar conjunction');
    expect(run.sols.find((s) => s.deliveredS !== undefined)!.sol).toBeGreaterThan(1);
  },
  'stalled-wheel': (run) => {
    // Fault protection stops the drive; the ops loop clears the fault and goes on a sol later.
    expect(run.summary.faults).toBe(1);
    expect(run.events.some((e) => e.name === 'FP_MOTOR_STALL')).toBe(true);
    // (The human plan's drive first stops on an onboard refusal: its scenario's expect block says so.)
    const fault = run.stops.find((s) => s.kind === 'fault')!;
    expect(fault).toBeDefined();
    expect(run.sols.find((s) => s.sol === fault.sol + 1)?.note).toMatch(/cleared .* and resumed the route/);
    expect(run.summary.sols).toBeGreaterThanOrEqual(2);
  },
};

/* The shipped scenarios on procedural sites, each plan to the verdict its scenario expects. */
describe('shipped scenarios (procedural sites)', () => {
  for (const c of shippedCases().filter((c) => c.loaded.scenario.terrain.procedural)) {
    const want = c.loaded.scenario.expect![c.plan]!;
    it(`${c.loaded.scenario.name} with the ${c.plan} plan: ${want.outcome}${want.max_sols ? ` within ${want.max_sols} sol(s)` : ''}, safely`, async () => {
      const run = await checkShipped(c);
      SHOWS[c.loaded.scenario.name]?.(run);
    });
  }
});
