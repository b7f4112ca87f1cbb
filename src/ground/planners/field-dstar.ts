import { NodeHeap } from '../../core/node-heap';

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
/** Edge parameters this close to a corner snap onto it, so the walk does not cross slivers of cells. */
const SNAP = 1e-9;

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

/** Cells (r, c) of the grid that touch grid point (X, Y): 1 inside a cell, 2 on an edge, 4 on a corner. */
function touchingCells(rows: number, cols: number, X: number, Y: number): [number, number][] {
  const out: [number, number][] = [];
  const c0 = Math.floor(X);
  const r0 = Math.floor(Y);
  const cLo = X === c0 ? c0 - 1 : c0;
  const rLo = Y === r0 ? r0 - 1 : r0;
  for (let r = rLo; r <= r0; r++) {
    if (r < 0 || r >= rows) continue;
    for (let c = cLo; c <= c0; c++) {
      if (c < 0 || c >= cols) continue;
      out.push([r, c]);
    }
  }
  return out;
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

  const scan = makeScanner(rows, cols, cost, g, node, gX, gY, isGoalCell);
  // The interpolated walk is the Field D* path. The node walk is cheap (one pass along the path) and
  // serves both as the fallback if the interpolated walk fails and as a guard: where interpolation
  // misleads the walk (rare, next to sharp cost changes) the cheaper 8-connected walk is returned instead.
  const smooth = extractInterpolated(scan, sX, sY, 4 * (rows + cols) + 2 * expanded + 64);
  const nodes = extractNodes(rows, cols, cost, g, node, startCells, sX, sY, gX, gY, isGoalCell);
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

interface Walk {
  /** Intermediate points in grid units, flat [X, Y, X, Y, ...], excluding start and goal. */
  points: number[];
  /** Cost in grid units (multiply by spacing for metres). */
  cost: number;
}

/** Receives one candidate move: the point reached, its travel cost, the g there, and whether it is the goal. */
type Visit = (qx: number, qy: number, step: number, gq: number, isGoal: boolean) => void;

/**
 * Enumerates the moves Field D* allows from grid point (px, py) (inside a cell, on an edge or at a
 * corner): for every edge of every passable cell touching the point, the point of that edge minimising
 * (travel cost to it) + (g interpolated between the edge's end nodes), plus the goal itself when the
 * point touches a goal cell. A move along the edge the point already lies on costs the cheaper of the two
 * cells beside it and goes to an end of the edge.
 */
function makeScanner(
  rows: number,
  cols: number,
  cost: Float32Array,
  g: Float64Array,
  node: (i: number, j: number) => number,
  gX: number,
  gY: number,
  isGoalCell: (r: number, c: number) => boolean,
): (px: number, py: number, visit: Visit) => void {
  const cellCost = (r: number, c: number) => cost[node(r, c)];

  /** Edge Y = L, X in [a, a+1] if horizontal, else X = L, Y in [a, a+1]. */
  const edge = (px: number, py: number, horizontal: boolean, L: number, a: number, k: number, visit: Visit) => {
    let gA: number;
    let gB: number;
    let d: number;
    let t0: number;
    if (horizontal) {
      gA = g[node(L, a)];
      gB = g[node(L, a + 1)];
      d = py - L;
      t0 = px - a;
    } else {
      gA = g[node(a, L)];
      gB = g[node(a + 1, L)];
      d = px - L;
      t0 = py - a;
    }
    if (d === 0) {
      const kAlong = horizontal
        ? Math.min(cellCost(L - 1, a), cellCost(L, a))
        : Math.min(cellCost(a, L - 1), cellCost(a, L));
      if (t0 !== 0 && gA < INF) {
        if (horizontal) visit(a, L, kAlong * t0, gA, false);
        else visit(L, a, kAlong * t0, gA, false);
      }
      if (t0 !== 1 && gB < INF) {
        if (horizontal) visit(a + 1, L, kAlong * (1 - t0), gB, false);
        else visit(L, a + 1, kAlong * (1 - t0), gB, false);
      }
      return;
    }
    if (gA === INF && gB === INF) return;
    let t: number;
    if (gB === INF) t = 0;
    else if (gA === INF) t = 1;
    else {
      // Minimise k*sqrt(d^2 + (t - t0)^2) + gA + t*f over t in [0, 1]: convex, so the clamped root is it.
      const f = gB - gA;
      if (f >= k) t = 0;
      else if (f <= -k) t = 1;
      else t = t0 - (f * Math.abs(d)) / Math.sqrt(k * k - f * f);
      if (t < SNAP) t = 0;
      else if (t > 1 - SNAP) t = 1;
    }
    const gq = t === 0 ? gA : t === 1 ? gB : gA + t * (gB - gA);
    const step = k * Math.hypot(d, t - t0);
    if (horizontal) visit(a + t, L, step, gq, false);
    else visit(L, a + t, step, gq, false);
  };

  return (px, py, visit) => {
    for (const [r, c] of touchingCells(rows, cols, px, py)) {
      const k = cellCost(r, c);
      if (k === INF) continue;
      if (isGoalCell(r, c)) visit(gX, gY, k * Math.hypot(gX - px, gY - py), 0, true);
      edge(px, py, true, r, c, k, visit); // north edge
      edge(px, py, true, r + 1, c, k, visit); // south edge
      edge(px, py, false, c, r, k, visit); // west edge
      edge(px, py, false, c + 1, r, k, visit); // east edge
    }
  };
}

/**
 * Walks from the start point along the interpolated field, one cell crossing per step. Each candidate
 * move is scored with one step of lookahead, step + min over the next moves (step' + g'), rather than
 * step + g at the edge point: linear interpolation of g along an edge can be optimistic next to cost
 * changes (a known limit of Field D*'s interpolation), and a purely greedy walk then zigzags along such
 * edges and pays for it: on random maps greedy walks were up to ~13% dearer than an 8-connected search,
 * lookahead walks essentially never. Null if it runs out of steps or finds no finite move (the caller then falls back
 * to the node walk).
 */
function extractInterpolated(
  scan: (px: number, py: number, visit: Visit) => void,
  sX: number,
  sY: number,
  maxSteps: number,
): Walk | null {
  const points: number[] = [];
  let total = 0;
  let px = sX;
  let py = sY;
  // Candidate moves of the current step (reused arrays, so no allocation per step).
  const cx: number[] = [];
  const cy: number[] = [];
  const cstep: number[] = [];
  const cg: number[] = [];
  const cgoal: boolean[] = [];
  let n = 0;
  const collect: Visit = (qx, qy, step, gq, isGoal) => {
    cx[n] = qx;
    cy[n] = qy;
    cstep[n] = step;
    cg[n] = gq;
    cgoal[n] = isGoal;
    n++;
  };
  let ahead = INF;
  const lookahead: Visit = (_qx, _qy, step, gq) => {
    const v = step + gq;
    if (v < ahead) ahead = v;
  };

  for (let steps = 0; steps < maxSteps; steps++) {
    n = 0;
    scan(px, py, collect);
    // phi: the one-step (greedy) value here. A move is eligible only if the greedy value where it lands
    // is lower, so phi falls strictly along the walk and the walk cannot cycle.
    let phi = INF;
    let greedy = -1;
    for (let i = 0; i < n; i++) {
      const v = cstep[i] + cg[i];
      if (v < phi) {
        phi = v;
        greedy = i;
      }
    }
    if (greedy < 0) return null;
    let best = INF;
    let bi = greedy;
    for (let i = 0; i < n; i++) {
      if (cstep[i] + cg[i] === INF) continue;
      let v: number;
      if (cgoal[i]) v = cstep[i];
      else {
        ahead = INF;
        scan(cx[i], cy[i], lookahead);
        if (!(ahead < phi)) continue;
        v = cstep[i] + ahead;
      }
      if (v < best) {
        best = v;
        bi = i;
      }
    }
    total += cstep[bi];
    if (cgoal[bi]) return { points, cost: total };
    px = cx[bi];
    py = cy[bi];
    points.push(px, py);
  }
  return null;
}

/**
 * Fallback walk over the 8-connected node graph: from the best corner of the start cell(s), step to the
 * neighbour minimising (step cost + g) among those with a lower g, reachable through a passable cell.
 * Every non-seed node got its g from a neighbour pair with a strictly lower g reachable that way, so g
 * falls at each step and the walk ends at a goal-cell corner.
 */
function extractNodes(
  rows: number,
  cols: number,
  cost: Float32Array,
  g: Float64Array,
  node: (i: number, j: number) => number,
  startCells: [number, number][],
  sX: number,
  sY: number,
  gX: number,
  gY: number,
  isGoalCell: (r: number, c: number) => boolean,
): Walk | null {
  const cellCost = (r: number, c: number) => cost[node(r, c)];
  let total = 0;
  let bi = -1;
  let bj = -1;
  let bestV = INF;
  let bestStep = 0;
  for (const [r, c] of startCells) {
    const k = cellCost(r, c);
    if (isGoalCell(r, c)) {
      const step = k * Math.hypot(gX - sX, gY - sY);
      if (step < bestV) {
        bestV = step;
        bi = -1;
        bestStep = step;
      }
    }
    for (let di = 0; di <= 1; di++) {
      for (let dj = 0; dj <= 1; dj++) {
        const step = k * Math.hypot(c + dj - sX, r + di - sY);
        const v = step + g[node(r + di, c + dj)];
        if (v < bestV) {
          bestV = v;
          bi = r + di;
          bj = c + dj;
          bestStep = step;
        }
      }
    }
  }
  if (bestV === INF) return null;
  total += bestStep;
  const points: number[] = [];
  if (bi < 0) return { points, cost: total };
  let i = bi;
  let j = bj;
  points.push(j, i);
  for (let guard = 0; guard < (rows + 1) * (cols + 1); guard++) {
    const gi = g[node(i, j)];
    // Finish straight to the goal when that is as cheap as this node's g (always true at a seed).
    let direct = INF;
    for (const [r, c] of [
      [i - 1, j - 1],
      [i - 1, j],
      [i, j - 1],
      [i, j],
    ]) {
      if (isGoalCell(r, c)) direct = Math.min(direct, cellCost(r, c) * Math.hypot(gX - j, gY - i));
    }
    if (direct <= gi * (1 + 1e-12)) return { points, cost: total + direct };
    let ni = -1;
    let nj = -1;
    let nv = INF;
    let nstep = 0;
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        if (di === 0 && dj === 0) continue;
        const gn = g[node(i + di, j + dj)];
        if (!(gn < gi)) continue; // only downhill, so the walk cannot cycle
        let k: number;
        if (di !== 0 && dj !== 0) k = cellCost(Math.min(i, i + di), Math.min(j, j + dj)) * SQRT2;
        else if (di === 0) k = Math.min(cellCost(i - 1, Math.min(j, j + dj)), cellCost(i, Math.min(j, j + dj)));
        else k = Math.min(cellCost(Math.min(i, i + di), j - 1), cellCost(Math.min(i, i + di), j));
        if (k + gn < nv) {
          nv = k + gn;
          ni = i + di;
          nj = j + dj;
          nstep = k;
        }
      }
    }
    if (ni < 0) return null;
    total += nstep;
    i = ni;
    j = nj;
    points.push(j, i);
  }
  return null;
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
