/**
 * Binary min-heap of node ids (0 .. capacity-1) keyed by cost, with a position index for decrease-key.
 * Everything lives in typed arrays sized once: nothing is allocated per push or pop (planners run it
 * hundreds of thousands of times a plan).
 */
export class NodeHeap {
  readonly nodes: Int32Array;
  readonly keys: Float64Array;
  /** Heap slot of each node, -1 when not in the heap. */
  readonly pos: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  /** Inserts the node or lowers its key (callers only ever lower keys). */
  push(node: number, key: number): void {
    const nodes = this.nodes;
    const keys = this.keys;
    const pos = this.pos;
    let i = pos[node];
    if (i < 0) i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (pk <= key) break;
      const pn = nodes[p];
      nodes[i] = pn;
      keys[i] = pk;
      pos[pn] = i;
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
    pos[node] = i;
  }

  pop(): number {
    const nodes = this.nodes;
    const keys = this.keys;
    const pos = this.pos;
    const top = nodes[0];
    pos[top] = -1;
    const n = --this.size;
    if (n > 0) {
      const node = nodes[n];
      const key = keys[n];
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= n) break;
        let ck = keys[ch];
        const r = ch + 1;
        if (r < n && keys[r] < ck) {
          ch = r;
          ck = keys[r];
        }
        if (ck >= key) break;
        const cn = nodes[ch];
        nodes[i] = cn;
        keys[i] = ck;
        pos[cn] = i;
        i = ch;
      }
      nodes[i] = node;
      keys[i] = key;
      pos[node] = i;
    }
    return top;
  }
}
