import { describe, expect, it } from 'vitest';
import { inLanes } from '../../../../sim/app/montecarlo/batch';

describe('inLanes', () => {
  it('starts every item in order, never more than the lanes at once, and each only when a lane is free', async () => {
    const started: number[] = [];
    let inFlight = 0, most = 0;
    const finishedBefore: number[] = [];
    let finished = 0;
    await inLanes([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      started.push(item);
      finishedBefore[item] = finished;
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5 + 3 * (item % 3)));
      inFlight--;
      finished++;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
    // Item k (k >= 3) starts only once k - 2 items have finished: its time limit never runs while it waits.
    for (let k = 3; k < 7; k++) expect(finishedBefore[k]).toBeGreaterThanOrEqual(k - 2);
  });

  it('handles fewer items than lanes, and none', async () => {
    const seen: string[] = [];
    await inLanes(['a'], 4, async (x) => void seen.push(x));
    await inLanes([], 4, async (x: string) => void seen.push(x));
    expect(seen).toEqual(['a']);
  });
});
