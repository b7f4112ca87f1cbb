import { describe, expect, it } from 'vitest';
import { segmentMaxCost } from '../../src/ground/planners/cost-map';
import type { CostGrid } from '../../src/ground/planners/field-dstar';
import { pathToWaypoints } from '../../src/ground/planners/waypoints';

/** A 20 x 20 grid of 1 m cells over x 0..20, y 0..20, cost 1 except the cells given. */
function grid(cells: [number, number, number][] = []): CostGrid {
  const g: CostGrid = { rows: 20, cols: 20, spacing: 1, x0: 0, y0: 20, cost: new Float32Array(400).fill(1) };
  for (const [x, y, cost] of cells) g.cost[(19 - y) * 20 + x] = cost; // cell holding (x + 0.5, y + 0.5)
  return g;
}

describe('segmentMaxCost walks every cell a segment enters', () => {
  it('catches a segment clipping the corner of an impassable cell and passes one beside it', () => {
    const g = grid([[10, 10, Infinity]]);
    expect(segmentMaxCost(g, 9.5, 9.5, 10.5, 10.5)).toBe(Infinity);
    expect(segmentMaxCost(g, 9.5, 10, 10.3, 11.3)).toBe(Infinity); // clips the cell's top-left corner (crosses x = 10 at y = 10.81)
    expect(segmentMaxCost(g, 5.5, 12.5, 15.5, 12.5)).toBe(1);
    expect(segmentMaxCost(g, 9.2, 11.1, 11.9, 11.1)).toBe(1); // runs just north of it
    expect(segmentMaxCost(grid([[3, 3, 7]]), 0.5, 0.5, 6.5, 6.5)).toBe(7);
    expect(segmentMaxCost(g, -1, 5, 5, 5)).toBe(Infinity); // off the grid
  });
});

describe('pathToWaypoints', () => {
  it('keeps the corner of an L-shaped path and splits legs longer than the spacing', () => {
    const path: [number, number][] = [];
    for (let x = 1; x <= 18; x += 0.5) path.push([x, 1]);
    for (let y = 1.5; y <= 18; y += 0.5) path.push([18, y]);
    const wps = pathToWaypoints(path, grid(), 100);
    expect(wps).toEqual([[1, 1], [18, 1], [18, 18]]);
    const short = pathToWaypoints(path, grid(), 6);
    expect(short.length).toBe(1 + 3 + 3);
    for (let i = 1; i < short.length; i++) expect(Math.hypot(short[i][0] - short[i - 1][0], short[i][1] - short[i - 1][1])).toBeLessThanOrEqual(6);
  });

  it('never lets a simplified leg cut through an impassable cell the path went around', () => {
    // The path bends gently around a wall at x = 10, y 0..9, so a straight start-to-end leg would hit it.
    const wall: [number, number, number][] = Array.from({ length: 10 }, (_, y) => [10, y, Infinity]);
    const path: [number, number][] = [[2, 2], [6, 7], [9.5, 10.2], [11.5, 10.2], [14, 7], [18, 2]];
    const wps = pathToWaypoints(path, grid(wall), 100, 5);
    for (let i = 1; i < wps.length; i++) expect(segmentMaxCost(grid(wall), wps[i - 1][0], wps[i - 1][1], wps[i][0], wps[i][1])).toBeLessThan(Infinity);
    expect(wps.length).toBeGreaterThan(2);
  });
});
