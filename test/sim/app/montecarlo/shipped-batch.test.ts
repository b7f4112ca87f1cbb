import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchLine, readmeBatchLines, runShippedBatch, shippedBatches } from '../../../../sim/app/verdicts';

const work = mkdtempSync(join(tmpdir(), 'rover-shipped-batch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/* The Monte Carlo results the shipped scenarios expect (and the README states), run in full. */
describe('shipped Monte Carlo batches', () => {
  const batches = shippedBatches();
  it('are stated by at least the ENav protocol scenario', () => {
    expect(batches.map((b) => b.loaded.scenario.name)).toContain('enav-80m');
  });
  for (const b of batches) {
    it(`${b.loaded.scenario.name}: at least ${100 * b.expect.min_success}% of ${b.expect.runs} dispersed runs reach the goal, none breaking a truth safety limit; the README's line is the batch's`, async () => {
      const s = await runShippedBatch(b, join(work, b.loaded.scenario.name));
      expect(s.errors).toBe(0);
      expect(s.success.rate).toBeGreaterThanOrEqual(b.expect.min_success);
      expect(s.safety_violations.any).toBe(0);
      expect(readmeBatchLines()).toContain(batchLine(b, s));
    }, 3_600_000);
  }
});
