/**
 * Groups grid cells into 8-connected clusters: from each start cell (in the order given) not yet in
 * a cluster, every member cell reachable through member neighbours. Cells are row-major indices of a
 * cols-wide, rows-high grid.
 */
export function connectedClusters(cols: number, rows: number, isMember: (i: number) => boolean, starts: Iterable<number>): number[][] {
  const taken = new Set<number>();
  const clusters: number[][] = [];
  for (const first of starts) {
    if (taken.has(first) || !isMember(first)) continue;
    taken.add(first);
    const cluster = [first];
    for (let q = 0; q < cluster.length; q++) {
      const r = Math.floor(cluster[q] / cols), c = cluster[q] % cols;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr, cc = c + dc, i = rr * cols + cc;
          if (rr >= 0 && rr < rows && cc >= 0 && cc < cols && !taken.has(i) && isMember(i)) {
            taken.add(i);
            cluster.push(i);
          }
        }
      }
    }
    clusters.push(cluster);
  }
  return clusters;
}
