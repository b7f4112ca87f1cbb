/*
 * Field D*'s paths out of its solved field (field-dstar.ts): the interpolated walk across cell edges,
 * which is the any-angle path, and the 8-connected node walk that is its fallback and its guard.
 * All in grid units (cell side 1; X east, Y south).
 */

const SQRT2 = Math.SQRT2;
const INF = Infinity;
/** Edge parameters this close to a corner snap onto it, so the walk does not cross slivers of cells. */
const SNAP = 1e-9;

/** The search's result the walks read: costs per cell, g per node, the goal and its cells. */
export interface SolvedField {
  rows: number;
  cols: number;
  /** Cell costs, row-major (rows x cols): Infinity where impassable. */
  cost: Float32Array;
  /** Final cost-to-goal per node (grid point), Infinity where unreached. */
  g: Float64Array;
  /** Node index of grid point (row i, column j). */
  node: (i: number, j: number) => number;
  /** The goal point (grid units). */
  goal: { X: number; Y: number };
  isGoalCell: (r: number, c: number) => boolean;
}

/** Cells (r, c) of the grid that touch grid point (X, Y): 1 inside a cell, 2 on an edge, 4 on a corner. */
export function touchingCells(rows: number, cols: number, X: number, Y: number): [number, number][] {
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

export interface Walk {
  /** Intermediate points in grid units, flat [X, Y, X, Y, ...], excluding start and goal. */
  points: number[];
  /** Cost in grid units (multiply by spacing for metres). */
  cost: number;
}

/** Receives one candidate move: the point reached, its travel cost, the g there, and whether it is the goal. */
export type Visit = (qx: number, qy: number, step: number, gq: number, isGoal: boolean) => void;

/**
 * Enumerates the moves Field D* allows from grid point (px, py) (inside a cell, on an edge or at a
 * corner): for every edge of every passable cell touching the point, the point of that edge minimising
 * (travel cost to it) + (g interpolated between the edge's end nodes), plus the goal itself when the
 * point touches a goal cell. A move along the edge the point already lies on costs the cheaper of the two
 * cells beside it and goes to an end of the edge.
 */
export function makeScanner(field: SolvedField): (px: number, py: number, visit: Visit) => void {
  const { rows, cols, cost, g, node, isGoalCell } = field;
  const { X: gX, Y: gY } = field.goal;
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
export function extractInterpolated(
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
export function extractNodes(field: SolvedField, startCells: [number, number][], sX: number, sY: number): Walk | null {
  const { rows, cols, cost, g, node, isGoalCell } = field;
  const { X: gX, Y: gY } = field.goal;
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
