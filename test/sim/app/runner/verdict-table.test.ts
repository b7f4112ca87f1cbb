import { describe, expect, it } from 'vitest';
import { readmeRows, shippedCases } from '../../../../sim/app/verdicts';

describe("the README's table of shipped verdicts", () => {
  it('has one row for every plan a shipped scenario expects an outcome of, and no other', () => {
    const cases = shippedCases();
    expect(cases.length).toBeGreaterThanOrEqual(9);
    for (const c of cases) expect(c.loaded.scenario.expect, c.file).toBeDefined();
    expect([...readmeRows().keys()].sort()).toEqual(cases.map((c) => `${c.loaded.scenario.name} ${c.plan}`).sort());
  });
});
