import { describe, expect, it } from 'vitest';
import { computeCost, CostGrid, fieldDStar, FieldDStarResult, polylineCost } from '../../src/ground/planners/field-dstar';

type Pt = [number, number];

/** A grid whose cost is given by fill(r, c) (default: 1 everywhere). */
function makeGrid(
  rows: number,
  cols: number,
  fill: (r: number, c: number) => number = () => 1,
  spacing = 1,
  x0 = 0,
  y0 = 0,
): CostGrid {
  const cost = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cost[r * cols + c] = fill(r, c);
  return { rows, cols, spacing, x0, y0, cost };
}

function pathLength(path: Pt[]): number {
  let len = 0;
  for (let i = 1; i < path.length; i++) len += Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1]);
  return len;
}

/** Points along the polyline every `step` metres (plus every vertex). */
function samples(path: Pt[], step = 0.05): Pt[] {
  const out: Pt[] = [path[0]];
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = path[i - 1];
    const [bx, by] = path[i];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
    for (let k = 1; k <= n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  return out;
}

/** Costs of the in-grid cells touching site point p (several when p lies on a cell boundary, within tol). */
function touchingCosts(grid: CostGrid, p: Pt, tol = 1e-6): number[] {
  const X = (p[0] - grid.x0) / grid.spacing;
  const Y = (grid.y0 - p[1]) / grid.spacing;
  const around = (v: number) => (Math.abs(v - Math.round(v)) < tol ? [Math.round(v) - 1, Math.round(v)] : [Math.floor(v)]);
  const out: number[] = [];
  for (const r of around(Y)) {
    for (const c of around(X)) {
      if (r >= 0 && r < grid.rows && c >= 0 && c < grid.cols) out.push(grid.cost[r * grid.cols + c]);
    }
  }
  return out;
}

/** Every sample of the path is in a passable cell or on a boundary shared with one. */
function expectPassable(grid: CostGrid, path: Pt[]): void {
  for (const p of samples(path)) {
    const costs = touchingCosts(grid, p);
    if (!costs.some((k) => k < Infinity)) throw new Error(`path point (${p[0]}, ${p[1]}) lies in an impassable cell`);
  }
}

/** Length of the path (m) lying strictly inside cells whose cost is at least `minCost`. */
function lengthInside(grid: CostGrid, path: Pt[], minCost: number, step = 0.01): number {
  let len = 0;
  const pts = samples(path, step);
  for (let i = 1; i < pts.length; i++) {
    const mid: Pt = [(pts[i][0] + pts[i - 1][0]) / 2, (pts[i][1] + pts[i - 1][1]) / 2];
    const costs = touchingCosts(grid, mid);
    if (costs.length > 0 && costs.every((k) => k >= minCost)) {
      len += Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
    }
  }
  return len;
}

/** Checks common to every plan: exact end points, cost matching an independent re-measure, passability. */
function expectWellFormed(grid: CostGrid, res: FieldDStarResult | null, start: Pt, goal: Pt): FieldDStarResult {
  expect(res).not.toBeNull();
  const r = res as FieldDStarResult;
  expect(r.path[0]).toEqual(start);
  expect(r.path[r.path.length - 1]).toEqual(goal);
  expect(r.cost).toBeCloseTo(polylineCost(grid, r.path), 6);
  expectPassable(grid, r.path);
  return r;
}

/** Reference: Dijkstra on the 8-connected corner graph (what a plain grid planner would find). */
function dijkstra8(grid: CostGrid, from: [number, number], to: [number, number]): number {
  const W = grid.cols + 1;
  const H = grid.rows + 1;
  const cell = (r: number, c: number) =>
    r >= 0 && r < grid.rows && c >= 0 && c < grid.cols ? grid.cost[r * grid.cols + c] : Infinity;
  const dist = new Float64Array(W * H).fill(Infinity);
  const done = new Uint8Array(W * H);
  dist[from[0] * W + from[1]] = 0;
  for (;;) {
    let u = -1;
    for (let k = 0; k < W * H; k++) if (!done[k] && dist[k] < Infinity && (u < 0 || dist[k] < dist[u])) u = k;
    if (u < 0) return Infinity;
    done[u] = 1;
    const i = Math.floor(u / W);
    const j = u % W;
    if (i === to[0] && j === to[1]) return dist[u];
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        const ni = i + di;
        const nj = j + dj;
        if ((di === 0 && dj === 0) || ni < 0 || nj < 0 || ni >= H || nj >= W) continue;
        let k: number;
        if (di !== 0 && dj !== 0) k = cell(Math.min(i, ni), Math.min(j, nj)) * Math.SQRT2;
        else if (di === 0) k = Math.min(cell(i - 1, Math.min(j, nj)), cell(i, Math.min(j, nj)));
        else k = Math.min(cell(Math.min(i, ni), j - 1), cell(Math.min(i, ni), j));
        if (dist[u] + k < dist[ni * W + nj]) dist[ni * W + nj] = dist[u] + k;
      }
    }
  }
}

/** Small seeded generator (mulberry32) so the random maps are the same on every run. */
function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('computeCost (the paper\'s interpolated edge cost)', () => {
  it('reproduces the straight, diagonal and interpolated cases on uniform ground', () => {
    // Goal at s1: one cell side.
    expect(computeCost(1, 1, 0, 1)).toBeCloseTo(1, 12);
    // Goal at s2 (the diagonal): sqrt(2).
    expect(computeCost(1, 1, 1, 0)).toBeCloseTo(Math.SQRT2, 12);
    // Far field along a 30° heading: g falls by cos and sin of the heading; the result is exact there.
    const a = Math.PI / 6;
    const g1 = 100 - Math.cos(a);
    const g2 = 100 - Math.cos(a) - Math.sin(a);
    expect(computeCost(1, 1, g1, g2)).toBeCloseTo(100, 9);
    // Impassable on both sides of the edge, or nothing reached yet: infinite.
    expect(computeCost(Infinity, Infinity, 0, 0)).toBe(Infinity);
    expect(computeCost(1, 1, Infinity, Infinity)).toBe(Infinity);
  });

  it('runs along a cheap edge before cutting across an expensive cell', () => {
    // c = 10, b = 1: travel (almost) all of edge s–s1 on the cheap side, then a short cut through c to s2.
    const v = computeCost(10, 1, 100, 0);
    const u = 1 / Math.sqrt(99);
    expect(v).toBeCloseTo(1 * (1 - u) + 10 * Math.sqrt(1 + u * u), 12);
    expect(v).toBeLessThan(10 * Math.SQRT2);
  });
});

describe('fieldDStar', () => {
  it('plans near-straight any-angle paths on uniform ground (the defining property of Field D*)', () => {
    // An 8-connected grid path can only head in multiples of 45°: at 30° it is 7.3% longer than the
    // straight line (8.2% at 22.5°). Field D* interpolates across cell edges and stays within 1.5%.
    const grid = makeGrid(100, 100);
    const start: Pt = [50.3, -50.4];
    for (const deg of [30, 22.5, 10, 63, 120, 200, 300]) {
      const a = (deg * Math.PI) / 180;
      const goal: Pt = [start[0] + 45 * Math.cos(a), start[1] + 45 * Math.sin(a)];
      const res = expectWellFormed(grid, fieldDStar(grid, start, goal), start, goal);
      const euclid = Math.hypot(goal[0] - start[0], goal[1] - start[1]);
      const dx = Math.abs(goal[0] - start[0]);
      const dy = Math.abs(goal[1] - start[1]);
      const octile = Math.max(dx, dy) + (Math.SQRT2 - 1) * Math.min(dx, dy);
      expect(res.cost).toBeGreaterThanOrEqual(euclid * (1 - 1e-9));
      expect(res.cost).toBeLessThan(euclid * 1.015);
      expect(pathLength(res.path)).toBeLessThan(euclid * 1.015);
      expect(res.cost).toBeCloseTo(pathLength(res.path), 9); // cost 1 per metre everywhere
      if (deg === 30 || deg === 22.5) expect(octile / euclid).toBeGreaterThan(1.07);
    }
    // The 30° case from the corner of the map, start and goal in cell interiors.
    const s: Pt = [0.5, -0.5];
    const g: Pt = [0.5 + 90 * Math.cos(Math.PI / 6), -0.5 - 90 * Math.sin(Math.PI / 6)];
    const res = expectWellFormed(grid, fieldDStar(grid, s, g), s, g);
    expect(res.cost).toBeLessThan(90 * 1.015);
    // It also stays close to the straight line, not just short.
    const ux = Math.cos(Math.PI / 6);
    const uy = -Math.sin(Math.PI / 6);
    for (const [x, y] of res.path) expect(Math.abs((x - s[0]) * uy - (y - s[1]) * ux)).toBeLessThan(1);
  });

  it('goes through the gap in a wall and never through an impassable cell', () => {
    // Wall along column 30, open only in rows 40..42.
    const grid = makeGrid(60, 60, (r, c) => (c === 30 && (r < 40 || r > 42) ? Infinity : 1));
    const start: Pt = [10.5, -10.5];
    const goal: Pt = [50.5, -10.5];
    const res = expectWellFormed(grid, fieldDStar(grid, start, goal), start, goal);
    // Crossing the wall's column happens inside the gap, y in [-43, -40].
    const crossing = samples(res.path).filter(([x]) => x > 30 && x < 31);
    expect(crossing.length).toBeGreaterThan(0);
    for (const [, y] of crossing) {
      expect(y).toBeLessThanOrEqual(-40 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(-43 - 1e-9);
    }
    // Shortest conceivable: straight to the gap's near corner, across, straight to the goal.
    const lower = Math.hypot(19.5, 29.5) + 1 + Math.hypot(19.5, 29.5);
    expect(res.cost).toBeGreaterThanOrEqual(lower - 1e-6);
    expect(res.cost).toBeLessThan(lower * 1.02);
  });

  it('goes around a costly region when the detour is cheaper', () => {
    // A 20 x 20 block of cost 10 straight across the line from start to goal.
    const grid = makeGrid(100, 100, (r, c) => (r >= 40 && r < 60 && c >= 40 && c < 60 ? 10 : 1));
    const start: Pt = [10.5, -50.5];
    const goal: Pt = [89.5, -50.5];
    const res = expectWellFormed(grid, fieldDStar(grid, start, goal), start, goal);
    // Straight through would cost 59 + 20 * 10 = 259; around the block's southern corners (y = -60 is
    // 9.5 m from the start's latitude, y = -40 is 10.5 m) about 82.0.
    const around = 2 * Math.hypot(29.5, 9.5) + 20;
    expect(res.cost).toBeGreaterThanOrEqual(around - 1e-6);
    expect(res.cost).toBeLessThan(around * 1.02);
    expect(lengthInside(grid, res.path, 10)).toBeLessThan(0.2);
  });

  it('crosses a costly band when going around it is dearer', () => {
    // A band of cost 10, four cells wide, open only at the far north end (rows 0..4).
    const grid = makeGrid(100, 100, (r, c) => (c >= 48 && c < 52 && r >= 5 ? 10 : 1));
    const start: Pt = [20.5, -80.5];
    const goal: Pt = [79.5, -80.5];
    const res = expectWellFormed(grid, fieldDStar(grid, start, goal), start, goal);
    const through = 55 + 4 * 10;
    const around = 2 * Math.hypot(27.5, 75.5) + 4;
    expect(around).toBeGreaterThan(through);
    expect(res.cost).toBeGreaterThanOrEqual(through - 1e-6);
    expect(res.cost).toBeLessThan(through * 1.01);
    // It crosses the band straight across, near the start's latitude, not at the northern opening.
    expect(lengthInside(grid, res.path, 10)).toBeLessThan(4.05);
    for (const [x, y] of samples(res.path)) if (x >= 48 && x <= 52) expect(y).toBeLessThan(-70);
  });

  it('returns null when the goal is walled in, or start/goal are impassable or off the grid', () => {
    // A closed ring of impassable cells around rows/cols 20..30.
    const ring = (r: number, c: number) =>
      ((r === 20 || r === 30) && c >= 20 && c <= 30) || ((c === 20 || c === 30) && r >= 20 && r <= 30);
    const grid = makeGrid(50, 50, (r, c) => (ring(r, c) ? Infinity : 1));
    const outside: Pt = [5.5, -5.5];
    const inside: Pt = [25.5, -25.5];
    expect(fieldDStar(grid, outside, inside)).toBeNull();
    expect(fieldDStar(grid, inside, outside)).toBeNull();
    // Both inside the ring: fine.
    expect(fieldDStar(grid, inside, [22.5, -27.5])).not.toBeNull();
    // In an impassable cell (the ring itself).
    expect(fieldDStar(grid, outside, [20.5, -25.5])).toBeNull();
    expect(fieldDStar(grid, [25.5, -20.5], outside)).toBeNull();
    // Off the grid (x in [0, 50], y in [-50, 0]), or not a number.
    expect(fieldDStar(grid, [-0.1, -5], outside)).toBeNull();
    expect(fieldDStar(grid, outside, [10, 0.5])).toBeNull();
    expect(fieldDStar(grid, outside, [10, -50.5])).toBeNull();
    expect(fieldDStar(grid, [Number.NaN, -5], outside)).toBeNull();
    // The grid's outer boundary itself is on the grid.
    expect(fieldDStar(grid, [0, 0], [50, -50])).not.toBeNull();
  });

  it('handles a non-square grid with 2 m cells and an offset origin', () => {
    // 40 rows x 70 cols of 2 m: x in [-100, 40], y in [-30, 50].
    const plain = makeGrid(40, 70, () => 1, 2, -100, 50);
    const s: Pt = [-80.3, 30.7];
    const g: Pt = [30.9, -25.1];
    const direct = expectWellFormed(plain, fieldDStar(plain, s, g), s, g);
    const euclid = Math.hypot(g[0] - s[0], g[1] - s[1]);
    expect(direct.cost).toBeGreaterThanOrEqual(euclid * (1 - 1e-9));
    expect(direct.cost).toBeLessThan(euclid * 1.015);
    for (const [x, y] of direct.path) {
      expect(x).toBeGreaterThanOrEqual(-100);
      expect(x).toBeLessThanOrEqual(40);
      expect(y).toBeGreaterThanOrEqual(-30);
      expect(y).toBeLessThanOrEqual(50);
    }

    // A wall in column 30 (x in [-40, -38]) from the north edge down to y = -20; open below.
    const walled = makeGrid(40, 70, (r, c) => (c === 30 && r < 35 ? Infinity : 1), 2, -100, 50);
    const start: Pt = [-80.3, 30.7];
    const goal: Pt = [0.9, 30.1];
    const res = expectWellFormed(walled, fieldDStar(walled, start, goal), start, goal);
    const crossing = samples(res.path).filter(([x]) => x > -40 && x < -38);
    expect(crossing.length).toBeGreaterThan(0);
    for (const [, y] of crossing) expect(y).toBeLessThanOrEqual(-20 + 1e-9);
    const lower = Math.hypot(40.3, 50.7) + 2 + Math.hypot(38.9, 50.1);
    expect(res.cost).toBeGreaterThanOrEqual(lower - 1e-6);
    expect(res.cost).toBeLessThan(lower * 1.02);
  });

  it('is deterministic', () => {
    const rand = rng(42);
    const grid = makeGrid(80, 120, () => (rand() < 0.2 ? Infinity : 1 + 4 * rand()));
    grid.cost[5 * 120 + 3] = 1;
    grid.cost[70 * 120 + 110] = 1;
    const start: Pt = [3.4, -5.6];
    const goal: Pt = [110.2, -70.9];
    const a = fieldDStar(grid, start, goal);
    const b = fieldDStar(grid, start, goal);
    expect(a).not.toBeNull();
    expect(b).toEqual(a);
    expectWellFormed(grid, a, start, goal);
  });

  it('is never meaningfully worse than an 8-connected grid search, and cheaper on average', () => {
    const rand = rng(7);
    let sumRatio = 0;
    let n = 0;
    for (let trial = 0; trial < 25; trial++) {
      const size = 20 + Math.floor(rand() * 10);
      const pBlock = rand() * 0.3;
      const grid = makeGrid(size, size, () => (rand() < pBlock ? Infinity : rand() < 0.3 ? 1 + 20 * rand() : 1));
      const from: [number, number] = [Math.floor(rand() * size), Math.floor(rand() * size)];
      const to: [number, number] = [Math.floor(rand() * size), Math.floor(rand() * size)];
      grid.cost[Math.min(from[0], size - 1) * size + Math.min(from[1], size - 1)] = 1;
      grid.cost[Math.min(to[0], size - 1) * size + Math.min(to[1], size - 1)] = 1;
      // Corner to corner, so both planners solve the same problem.
      const start: Pt = [from[1], -from[0]];
      const goal: Pt = [to[1], -to[0]];
      const ref = dijkstra8(grid, from, to);
      const res = fieldDStar(grid, start, goal);
      if (ref === Infinity) {
        expect(res).toBeNull();
        continue;
      }
      const r = expectWellFormed(grid, res, start, goal);
      expect(r.cost).toBeLessThanOrEqual(ref * 1.005 + 1e-9);
      if (ref > 5) {
        sumRatio += r.cost / ref;
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
    expect(sumRatio / n).toBeLessThan(0.99);
  });

  it('handles start and goal in the same cell, and on cell corners', () => {
    const grid = makeGrid(10, 10, (r, c) => (r === 5 && c === 5 ? 3 : 1));
    const same = fieldDStar(grid, [5.2, -5.3], [5.8, -5.9]);
    expect(same?.path).toEqual([
      [5.2, -5.3],
      [5.8, -5.9],
    ]);
    expect(same?.cost).toBeCloseTo(3 * Math.hypot(0.6, 0.6), 12);
    const corners = expectWellFormed(grid, fieldDStar(grid, [1, -1], [8, -4]), [1, -1], [8, -4]);
    expect(corners.cost).toBeLessThan(Math.hypot(7, 3) * 1.015);
    for (let i = 1; i < corners.path.length; i++) expect(corners.path[i]).not.toEqual(corners.path[i - 1]);
  });

  it('rejects a malformed grid', () => {
    expect(() => fieldDStar({ ...makeGrid(3, 3), cost: new Float32Array(8) }, [0.5, -0.5], [2.5, -2.5])).toThrow(RangeError);
    expect(() => fieldDStar(makeGrid(3, 3, () => 0), [0.5, -0.5], [2.5, -2.5])).toThrow(RangeError);
    expect(() => fieldDStar({ ...makeGrid(3, 3), spacing: 0 }, [0.5, -0.5], [2.5, -2.5])).toThrow(RangeError);
  });
});
