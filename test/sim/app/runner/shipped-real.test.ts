import { describe, it } from 'vitest';
import { shippedCases } from '../../../../sim/app/verdicts';
import { checkShipped } from './shipped';

/* The shipped scenarios on real HiRISE-derived DEMs, each plan to the verdict its scenario expects. */
describe('shipped scenarios (real DEMs)', () => {
  for (const c of shippedCases().filter((c) => c.loaded.scenario.terrain.dem)) {
    const want = c.loaded.scenario.expect![c.plan]!;
    it(`${c.loaded.scenario.name} with the ${c.plan} plan: ${want.outcome}${want.max_sols ? ` within ${want.max_sols} sol(s)` : ''}, safely`, () => checkShipped(c));
  }
});
