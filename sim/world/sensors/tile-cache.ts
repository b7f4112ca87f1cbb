import type { TruthTerrain } from '../terrain/terrain';

/**
 * Sampled terrain tiles kept between camera frames. The truth terrain never changes during a run and
 * consecutive frames (a Hazcam look every metre, VO's small views between them) see mostly the same
 * tiles at the same detail, so a tile's heights, soil classes and sun shading are sampled once and
 * reused: the samples are the same numbers the mesher would compute again.
 *
 * One cache per terrain and lighting (held weakly by the terrain, so a Monte Carlo worker's cache goes
 * with its run's terrain); beyond a byte budget the least recently used half is dropped.
 */
export interface CachedTile {
  z: Float64Array;
  shade: Float32Array;
  soil: Uint8Array;
}

/** Bytes a cache may hold [assumed budget]: ~4,600 tiles of 32 x 32 quads; an 80 m drive fills ~20 MB. */
const BUDGET_BYTES = 64e6;
const BYTES_PER_SAMPLE = 8 + 4 + 1;

export class TileCache {
  private readonly tiles = new Map<number, CachedTile & { lastUsed: number }>();
  private bytes = 0;
  private uses = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly budgetBytes = BUDGET_BYTES) {}

  /** The tile at column tx, row ty of the tile grid at `quads` quads per side, sampled by `sample` on a miss. */
  get(tx: number, ty: number, quads: number, sample: (into: CachedTile) => void): CachedTile {
    // quads <= 255 and tile indices < 2^20 each: the key is exact in a double.
    const key = (ty * 1048576 + tx) * 256 + quads;
    const found = this.tiles.get(key);
    if (found) {
      this.hits++;
      found.lastUsed = ++this.uses;
      return found;
    }
    this.misses++;
    const n = (quads + 1) ** 2;
    const tile = { z: new Float64Array(n), shade: new Float32Array(n), soil: new Uint8Array(n), lastUsed: ++this.uses };
    sample(tile);
    this.tiles.set(key, tile);
    this.bytes += n * BYTES_PER_SAMPLE;
    if (this.bytes > this.budgetBytes) this.evictOldestHalf();
    return tile;
  }

  /** Tiles held. */
  get size(): number {
    return this.tiles.size;
  }

  /** Drops the least recently used tiles until half the budget is free (rare: a site's worth of views fits). */
  private evictOldestHalf(): void {
    const byAge = [...this.tiles].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, tile] of byAge) {
      if (this.bytes <= this.budgetBytes / 2) break;
      this.tiles.delete(key);
      this.bytes -= tile.z.length * BYTES_PER_SAMPLE;
    }
  }
}

/** The key of a lighting: the sun vector and the ambient share. */
export function lightingKey(sun: { x: number; y: number; z: number }, ambient: number): string {
  return `${sun.x},${sun.y},${sun.z},${ambient}`;
}

const caches = new WeakMap<TruthTerrain, Map<string, TileCache>>();

/** Lightings kept per terrain: the Sun moves through a run, and only the latest lightings are looked up again. */
const LIGHTINGS_KEPT = 2;

/** The cache of `terrain`'s tiles as lit by `lighting` (a lightingKey); older lightings' caches are dropped. */
export function tileCacheFor(terrain: TruthTerrain, lighting: string): TileCache {
  let byLighting = caches.get(terrain);
  if (!byLighting) caches.set(terrain, (byLighting = new Map()));
  let cache = byLighting.get(lighting);
  if (!cache) {
    byLighting.set(lighting, (cache = new TileCache()));
    // Map keeps insertion order: the first keys are the oldest lightings.
    for (const key of byLighting.keys()) if (byLighting.size > LIGHTINGS_KEPT) byLighting.delete(key);
  }
  return cache;
}
