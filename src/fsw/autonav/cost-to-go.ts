import { NodeHeap } from '../../core/node-heap';
import type { LocalMap } from './local-map';

/** Coarse grid for cost-to-go (m) [assumed]. */
const CELL_M = 0.5;
/** Unknown ground costs as much as known flat ground: optimism about the unseen (as D* Lite assumes) keeps the rover from detouring over ground it has already seen. */
const UNKNOWN_FACTOR = 1;
/** A coarse cell whose mapped heights span more than this (m) is a likely obstacle [assumed]. */
const OBSTACLE_STEP_M = 0.35;
const OBSTACLE_FACTOR = 50;

/**
 * Cost-to-go toward the goal over the known map (Dijkstra on a 0.5 m grid around the rover, 8-way).
 * Beyond the map the cost is the straight-line distance: boundary cells start with it, so a goal far
 * outside the map pulls paths toward it around what the map has seen. Known obstacles are costly,
 * unknown ground a little costly.
 */
export class CostToGo {
  private readonly n: number;
  private x0 = 0;
  private y0 = 0;
  private cost: Float64Array;

  constructor(private readonly map: LocalMap, sizeM = 30) {
    this.n = Math.round(sizeM / CELL_M);
    this.cost = new Float64Array(this.n * this.n);
  }

  /** Rebuilds the field around (cx, cy) for a goal. */
  update(cx: number, cy: number, goalX: number, goalY: number): void {
    const n = this.n;
    this.x0 = cx - (n * CELL_M) / 2;
    this.y0 = cy - (n * CELL_M) / 2;
    const factor = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) factor[i * n + j] = this.cellFactor(this.x0 + (i + 0.5) * CELL_M, this.y0 + (j + 0.5) * CELL_M);
    }
    const cost = this.cost.fill(Infinity);
    const heap = new NodeHeap(n * n);
    const gi = Math.floor((goalX - this.x0) / CELL_M), gj = Math.floor((goalY - this.y0) / CELL_M);
    if (gi >= 0 && gj >= 0 && gi < n && gj < n) {
      cost[gi * n + gj] = 0;
      heap.push(gi * n + gj, 0);
    } else {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i !== 0 && j !== 0 && i !== n - 1 && j !== n - 1) continue;
          const d = Math.hypot(this.x0 + (i + 0.5) * CELL_M - goalX, this.y0 + (j + 0.5) * CELL_M - goalY);
          cost[i * n + j] = d;
          heap.push(i * n + j, d);
        }
      }
    }
    while (heap.size) {
      // Popped, a cell's cost is final (Dijkstra): each cell is in the heap once, lowered in place.
      const k = heap.pop(), c = cost[k];
      const i = Math.floor(k / n), j = k % n;
      for (let di = -1; di <= 1; di++) {
        for (let dj = -1; dj <= 1; dj++) {
          if (!di && !dj) continue;
          const a = i + di, b = j + dj;
          if (a < 0 || b < 0 || a >= n || b >= n) continue;
          const kk = a * n + b;
          const step = CELL_M * (di && dj ? Math.SQRT2 : 1) * 0.5 * (factor[k] + factor[kk]);
          if (c + step < cost[kk]) {
            cost[kk] = c + step;
            heap.push(kk, c + step);
          }
        }
      }
    }
  }

  /** Cost-to-go (m-equivalent) from (x, y); straight-line distance to the goal outside the grid. */
  at(x: number, y: number, goalX: number, goalY: number): number {
    const i = Math.floor((x - this.x0) / CELL_M), j = Math.floor((y - this.y0) / CELL_M);
    if (i < 0 || j < 0 || i >= this.n || j >= this.n) return Math.hypot(x - goalX, y - goalY);
    return this.cost[i * this.n + j];
  }

  private cellFactor(x: number, y: number): number {
    let lo = Infinity, hi = -Infinity, known = 0;
    const step = this.map.cellM * 2;
    for (let a = 0; a < CELL_M; a += step) {
      for (let b = 0; b < CELL_M; b += step) {
        const h = this.map.height(x - CELL_M / 2 + a, y - CELL_M / 2 + b);
        if (Number.isNaN(h)) continue;
        known++;
        lo = Math.min(lo, h);
        hi = Math.max(hi, h);
      }
    }
    if (known < 3) return UNKNOWN_FACTOR;
    return hi - lo > OBSTACLE_STEP_M ? OBSTACLE_FACTOR : 1;
  }
}
