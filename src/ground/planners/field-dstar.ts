import { NodeHeap } from '../../core/node-heap';
import { extractInterpolated, extractNodes, makeScanner, touchingCells, type SolvedField } from './field-dstar-walk';

/**
 * Field D*: an any-angle grid planner over a static cost map.
 *
 * A plain 8-connected grid search can only head in multiples of 45°, so its paths zigzag and run up to
 * ~8% longer than the straight line. Field D* keeps the grid but lets a path leave a cell corner towards
 * any point on the far edges of the neighbouring cells, taking the cost-to-goal there as the linear
 * interpolation of the two corner values. Paths come out smooth and close to the continuous optimum,
 * which is why it went on board the Mars Exploration Rovers as their global path planner.
 *
 * References: Ferguson & Stentz, Field D* (2006) ("Using interpolation to improve path planning: the
 * Field D* algorithm", J. Field Robotics 23(2)); Carsten et al. 2007 (MER) ("Global path planning on
 * board the Mars Exploration Rovers", IEEE Aerospace Conference).
 *
 * The map is static and we plan once, so the incremental machinery of D* Lite (rhs/g repair after edge
 * cost changes) buys nothing: this is a single Dijkstra-ordered expansion backward from the goal with a
 * binary heap. Each node keeps the paper's g (final once popped) and a tentative value (the heap key).
 * The path is then walked forward from the start point across cell edges through the interpolated field.
 */

/** A grid of traversal costs per cell; cell (r, c) covers x in [x0 + c*s, x0 + (c+1)*s], y in [y0 - (r+1)*s, y0 - r*s] (row 0 is north, y grows north). */
export interface CostGrid {
  rows: number;
  cols: number;
  /** Cell size in metres. */
  spacing: number;
  /** Site x (m) of the west edge, site y (m) of the north edge. */
  x0: number;
  y0: number;
  /** Cost per metre travelled through each cell, >= 1 (1 = easy flat ground); Infinity = impassable. Row-major, index r*cols+c. */
  cost: Float32Array;
}

export interface FieldDStarResult {
  /** Polyline in site coordinates (m) from start to goal inclusive, [x, y] pairs. */
  path: [number, number][];
  /** Sum over segments of length * cost of the cell it crosses (the path's cost). */
  cost: number;
  /** Nodes expanded (for benchmarks). */
  expanded: number;
}

const SQRT2 = Math.SQRT2;
const INF = Infinity;

/**
 * The paper's ComputeCost for node s and one neighbour pair: s1 is the edge (4-connected) neighbour, s2
 * the diagonal one, c the cost of the cell with corners s, s1, s2 and b the cost of the cell across edge
 * s–s1. All in grid units (cell side 1). It takes the cheapest of the paper's three path shapes:
 * (a) along edge s–s1 to s1, (b) straight through c to a point of edge s1–s2 (y = 1 is the diagonal to
 * s2), (c) along s–s1 for a distance x at cost b, then through c to s2. The paper picks one shape by a case
 * split on f = g(s1) - g(s2); taking the minimum of all realisable shapes is never worse, and costs a
 * couple of square roots only when the cheap lower bound in the caller has not already ruled the pair out.
 */
export function computeCost(c: number, b: number, g1: number, g2: number): number {
  const cb = c < b ? c : b;
  let v = g1 + cb; // (a); Infinity when both cells are impassable or s1 is unreached
  if (c === INF || g2 === INF) return v;
  const f = g1 - g2;
  if (f <= 0) return v; // s1 is at least as good as any point of s1–s2, and (a) reaches it cheapest
  let vb: number;
  if (f >= c) {
    vb = c * SQRT2 + g2;
  } else {
    const y = f / Math.sqrt(c * c - f * f);
    vb = y >= 1 ? c * SQRT2 + g2 : c * Math.sqrt(1 + y * y) + g1 - f * y;
  }
  if (vb < v) v = vb;
  if (b < c) {
    const u = b / Math.sqrt(c * c - b * b); // u = 1 - x, the part of the edge not travelled
    if (u < 1) {
      const vc = b * (1 - u) + c * Math.sqrt(1 + u * u) + g2;
      if (vc < v) v = vc;
    }
  }
  return v;
}

/**
 * Plans the cheapest path from start to goal (site coordinates, m) over the cost grid with Field D*.
 * Null when the goal cannot be reached from the start (or either lies in impassable cells / off the grid).
 */
export function fieldDStar(grid: CostGrid, start: [number, number], goal: [number, number]): FieldDStarResult | null {
  const { rows, cols, spacing, x0, y0 } = grid;
  if (!(Number.isInteger(rows) && rows > 0 && Number.isInteger(cols) && cols > 0)) {
    throw new RangeError(`fieldDStar: rows and cols must be positive integers, got ${rows} x ${cols}`);
  }
  if (!(spacing > 0 && Number.isFinite(spacing))) throw new RangeError(`fieldDStar: spacing must be > 0, got ${spacing}`);
  if (grid.cost.length !== rows * cols) {
    throw new RangeError(`fieldDStar: cost has ${grid.cost.length} entries, expected rows*cols = ${rows * cols}`);
  }

  // Grid units: X east along columns, Y south along rows, one cell = 1. Node (i, j) sits at (X = j, Y = i).
  const sX = (start[0] - x0) / spacing;
  const sY = (y0 - start[1]) / spacing;
  const gX = (goal[0] - x0) / spacing;
  const gY = (y0 - goal[1]) / spacing;
  const onGrid = (X: number, Y: number) => X >= 0 && X <= cols && Y >= 0 && Y <= rows; // false for NaN
  if (!onGrid(sX, sY) || !onGrid(gX, gY)) return null;

  // Padded layout shared by nodes and cells: W = cols + 3 columns, rows + 3 rows. Node (i, j) lives at
  // (i + 1) * W + (j + 1); the cell south-east of a node has the node's index, so cell (r, c) is at
  // (r + 1) * W + (c + 1). The frame of padding holds Infinity cells (outside the grid is impassable) and
  // closed dummy nodes, so the inner loop needs no bounds checks.
  const W = cols + 3;
  const size = W * (rows + 3);
  const node = (i: number, j: number) => (i + 1) * W + (j + 1);
  const cost = new Float32Array(size).fill(INF);
  const src = grid.cost;
  for (let r = 0; r < rows; r++) {
    const base = node(r, 0);
    for (let c = 0; c < cols; c++) {
      const v = src[r * cols + c];
      if (!(v > 0)) throw new RangeError(`fieldDStar: cost[${r * cols + c}] = ${v}; costs must be > 0 (Infinity = impassable)`);
      cost[base + c] = v;
    }
  }
  const cellCost = (r: number, c: number) => cost[node(r, c)];

  const passableAt = (X: number, Y: number) =>
    touchingCells(rows, cols, X, Y).filter(([r, c]) => cellCost(r, c) < INF);
  const goalCells = passableAt(gX, gY);
  const startCells = passableAt(sX, sY);
  if (goalCells.length === 0 || startCells.length === 0) return null;

  // g: final cost-to-goal (Infinity until popped); rhs: best tentative value (the heap key).
  const g = new Float64Array(size).fill(INF);
  const rhs = new Float64Array(size).fill(INF);
  // 0 = open, 1 = closed (popped, or padding), 2 = open and a corner of a start cell.
  const state = new Uint8Array(size);
  for (let j = 0; j < W; j++) {
    state[j] = 1;
    state[size - W + j] = 1;
  }
  for (let i = 0; i < rows + 3; i++) {
    state[i * W] = 1;
    state[i * W + W - 1] = 1;
  }
  const heap = new NodeHeap(size);

  // Seed every corner of the goal's cell(s) with the straight-line cost to the goal point, rather than
  // snapping the goal to one corner: the walk then ends with a straight segment inside the goal cell.
  for (const [r, c] of goalCells) {
    const k = cellCost(r, c);
    for (let di = 0; di <= 1; di++) {
      for (let dj = 0; dj <= 1; dj++) {
        const n = node(r + di, c + dj);
        const v = k * Math.hypot(c + dj - gX, r + di - gY);
        if (v < rhs[n]) {
          rhs[n] = v;
          heap.push(n, v);
        }
      }
    }
  }
  // The search may stop once every corner of the start's cell(s) is final, plus a margin so the nodes
  // the walk looks at around the start are final too.
  let remaining = 0;
  let startCellCostMax = 0;
  for (const [r, c] of startCells) {
    startCellCostMax = Math.max(startCellCostMax, cellCost(r, c));
    for (let di = 0; di <= 1; di++) {
      for (let dj = 0; dj <= 1; dj++) {
        const n = node(r + di, c + dj);
        if (state[n] === 0) {
          state[n] = 2;
          remaining++;
        }
      }
    }
  }
  const margin = 4 * startCellCostMax;

  // Neighbour directions counter-clockwise from east: E, NE, N, NW, W, SW, S, SE (even = edge, odd = diagonal).
  const NOFF = [1, -W + 1, -W, -W - 1, -1, W - 1, W, W + 1];
  // Cell offsets from a node: the node's index is its SE cell.
  const CELL_NE = -W;
  const CELL_NW = -W - 1;
  const CELL_SW = -1;
  const CELL_SE = 0;
  // Neighbour pair k = directions (k, k+1): offsets of the edge node s1, the diagonal node s2, cell c
  // (corners s, s1, s2) and cell b (across edge s–s1).
  const PAIR_EDGE = new Int32Array(8);
  const PAIR_DIAG = new Int32Array(8);
  const PAIR_C = new Int32Array(8);
  const PAIR_B = new Int32Array(8);
  const diagCell = [CELL_NE, CELL_NW, CELL_SW, CELL_SE]; // for diagonal directions 1, 3, 5, 7
  // Cells on either side of each edge direction 0, 2, 4, 6, listed [cell towards direction-1, towards direction+1].
  const edgeCells = [
    [CELL_SE, CELL_NE],
    [CELL_NE, CELL_NW],
    [CELL_NW, CELL_SW],
    [CELL_SW, CELL_SE],
  ];
  for (let k = 0; k < 8; k++) {
    const a = k;
    const bdir = (k + 1) & 7;
    const e = a % 2 === 0 ? a : bdir;
    const d = a % 2 === 0 ? bdir : a;
    PAIR_EDGE[k] = NOFF[e];
    PAIR_DIAG[k] = NOFF[d];
    PAIR_C[k] = diagCell[(d - 1) >> 1];
    const sides = edgeCells[e >> 1];
    // The diagonal is either one step clockwise (d = e - 1) or counter-clockwise (d = e + 1) of the edge.
    PAIR_B[k] = ((e + 1) & 7) === d ? sides[0] : sides[1];
  }

  let expanded = 0;
  let stopKey = INF;
  const keys = heap.keys;
  while (heap.size > 0) {
    if (keys[0] > stopKey) break;
    const u = heap.pop();
    const gu = rhs[u];
    g[u] = gu;
    if (state[u] === 2 && --remaining === 0) stopKey = gu + margin;
    state[u] = 1;
    expanded++;
    for (let d = 0; d < 8; d++) {
      const s = u + NOFF[d];
      if (state[s] === 1) continue;
      // u lies in direction e = d + 4 from s; only the two pairs of s that contain u can have changed.
      const e = (d + 4) & 7;
      let best = rhs[s];
      for (let p = 0; p < 2; p++) {
        const k = p === 0 ? (e + 7) & 7 : e;
        const g1 = g[s + PAIR_EDGE[k]];
        const g2 = g[s + PAIR_DIAG[k]];
        const c = cost[s + PAIR_C[k]];
        const b = cost[s + PAIR_B[k]];
        // Every shape in computeCost travels at least one cell side at no less than min(c, b).
        const lb = (g1 < g2 ? g1 : g2) + (c < b ? c : b);
        if (!(lb < best)) continue;
        const v = computeCost(c, b, g1, g2);
        if (v < best) best = v;
      }
      if (best < rhs[s]) {
        rhs[s] = best;
        heap.push(s, best);
      }
    }
  }

  const isGoalCell = (r: number, c: number) => goalCells.some(([gr, gc]) => gr === r && gc === c);
  const toSite = (X: number, Y: number): [number, number] => [x0 + X * spacing, y0 - Y * spacing];

  const field: SolvedField = { rows, cols, cost, g, node, goal: { X: gX, Y: gY }, isGoalCell };
  const scan = makeScanner(field);
  // The interpolated walk is the Field D* path. The node walk is cheap (one pass along the path) and
  // serves both as the fallback if the interpolated walk fails and as a guard: where interpolation
  // misleads the walk (rare, next to sharp cost changes) the cheaper 8-connected walk is returned instead.
  const smooth = extractInterpolated(scan, sX, sY, 4 * (rows + cols) + 2 * expanded + 64);
  const nodes = extractNodes(field, startCells, sX, sY);
  const walk = smooth && (!nodes || smooth.cost <= nodes.cost) ? smooth : nodes;
  if (!walk) return null;

  // Start and goal go in exactly as given; walk points that coincide with them (a start or goal on a
  // corner) are dropped so the polyline has no zero-length segments.
  const path: [number, number][] = [[start[0], start[1]]];
  const pts = walk.points;
  let lastX = sX;
  let lastY = sY;
  for (let i = 0; i < pts.length; i += 2) {
    const X = pts[i];
    const Y = pts[i + 1];
    if ((X === lastX && Y === lastY) || (X === gX && Y === gY)) continue;
    path.push(toSite(X, Y));
    lastX = X;
    lastY = Y;
  }
  path.push([goal[0], goal[1]]);
  return { path, cost: walk.cost * spacing, expanded };
}

/**
 * Cost of a polyline (site coordinates) as fieldDStar measures it: each piece between grid lines costs
 * its length times its cell's cost; a piece running along a cell edge costs the cheaper of the two cells
 * beside it. Infinity if any piece lies in an impassable cell or off the grid. For tests and callers that
 * compare plans.
 */
export function polylineCost(grid: CostGrid, path: [number, number][]): number {
  const { rows, cols, spacing, x0, y0 } = grid;
  const EPS = 1e-9;
  const at = (r: number, c: number) => (r >= 0 && r < rows && c >= 0 && c < cols ? grid.cost[r * cols + c] : INF);
  const nearInt = (v: number) => Math.abs(v - Math.round(v)) < EPS;
  let total = 0;
  for (let p = 1; p < path.length; p++) {
    const ax = (path[p - 1][0] - x0) / spacing;
    const ay = (y0 - path[p - 1][1]) / spacing;
    const bx = (path[p][0] - x0) / spacing;
    const by = (y0 - path[p][1]) / spacing;
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    // Split at every grid-line crossing, then cost each piece by the cell holding its midpoint.
    const ts = [0, 1];
    for (const [a, b] of [
      [ax, bx],
      [ay, by],
    ]) {
      if (Math.abs(b - a) < EPS) continue;
      for (let v = Math.ceil(Math.min(a, b)); v <= Math.floor(Math.max(a, b)); v++) ts.push((v - a) / (b - a));
    }
    ts.sort((u, v) => u - v);
    for (let q = 1; q < ts.length; q++) {
      const dt = ts[q] - ts[q - 1];
      if (dt <= 0) continue;
      const tm = (ts[q] + ts[q - 1]) / 2;
      const mx = ax + tm * (bx - ax);
      const my = ay + tm * (by - ay);
      if (mx < -EPS || mx > cols + EPS || my < -EPS || my > rows + EPS) return INF;
      let k: number;
      if (Math.abs(by - ay) < EPS && nearInt(my)) {
        const L = Math.round(my);
        const c = Math.min(Math.floor(mx), cols - 1);
        k = Math.min(at(L - 1, c), at(L, c));
      } else if (Math.abs(bx - ax) < EPS && nearInt(mx)) {
        const L = Math.round(mx);
        const r = Math.min(Math.floor(my), rows - 1);
        k = Math.min(at(r, L - 1), at(r, L));
      } else {
        k = at(Math.min(Math.floor(my), rows - 1), Math.min(Math.floor(mx), cols - 1));
      }
      if (k === INF) return INF;
      total += k * dt * len;
    }
  }
  return total * spacing;
}
