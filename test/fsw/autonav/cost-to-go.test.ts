import { describe, expect, it } from 'vitest';
import { CostToGo } from '../../../src/fsw/autonav/cost-to-go';
import { LocalMap } from '../../../src/fsw/autonav/local-map';

/** Shortest 8-connected path length on a uniform 0.5 m grid between cells di, dj apart. */
const octile = (di: number, dj: number): number => 0.5 * (Math.max(di, dj) - Math.min(di, dj)) + 0.5 * Math.SQRT2 * Math.min(di, dj);

describe('cost-to-go', () => {
  it('is the shortest 8-connected path length to a goal inside the grid, everywhere on an unseen map', () => {
    const field = new CostToGo(new LocalMap(), 30);
    field.update(0, 0, 3.2, -4.1); // grid 60 x 60 cells of 0.5 m from (-15, -15); goal in cell (36, 21)
    for (const [x, y] of [[0.1, 0.1], [-14.9, 14.9], [14.9, -14.9], [3.3, 10.2], [-7.7, -7.7]]) {
      const di = Math.abs(Math.floor((x + 15) / 0.5) - 36), dj = Math.abs(Math.floor((y + 15) / 0.5) - 21);
      expect(field.at(x, y, 3.2, -4.1)).toBeCloseTo(octile(di, dj), 9);
    }
  });

  it('beyond the grid is the straight-line distance; inside, the way out through the best edge cell', () => {
    const field = new CostToGo(new LocalMap(), 30);
    field.update(0, 0, 100, 0);
    expect(field.at(40, 30, 100, 0)).toBeCloseTo(Math.hypot(60, 30), 9);
    // From the centre cell (0.25, 0.25): 29 cells east to the edge cell (14.75, 0.25), then straight on.
    expect(field.at(0, 0, 100, 0)).toBeCloseTo(14.5 + Math.hypot(85.25, 0.25), 9);
  });
});
