import { generateTerrain } from '../sim/world/terrain/generate';
import { makeOrbitalProducts } from '../sim/world/terrain/orbital/products';
import { ProceduralTerrainParams } from '../sim/world/terrain/params';
import type { TruthTerrain } from '../sim/world/terrain/terrain';

/**
 * A 1 km x 1 km site at 1 m base posts with k = 0.15; height queries per second
 * on it; orbital products for the whole square kilometre at 0.25 m/px; peak memory.
 * Aims: site < 2 s, >= 1e7 height queries/s, orbital image < 5 s, < 500 MB.
 */
export function terrainBenchmark(): Record<string, number> {
  const params = ProceduralTerrainParams.parse({ size_m: [1000, 1000], post_spacing_m: 1, rocks: { k: 0.15 } });
  let t0 = performance.now();
  const terrain = generateTerrain(params, 2025);
  const siteS = (performance.now() - t0) / 1000;

  const coherent = heightQueriesPerSecond(terrain, 'coherent');
  const random = heightQueriesPerSecond(terrain, 'random');

  t0 = performance.now();
  const products = makeOrbitalProducts(terrain, { image_spacing_m: 0.25 }, 2025);
  const orbitalS = (performance.now() - t0) / 1000;

  return {
    site_km2: 1,
    site_rocks: terrain.rocks.count,
    site_generation_s: round(siteS, 3),
    site_memory_mb: round((terrain.base.values.byteLength * 3 + terrain.rocks.byteLength) / 1e6, 1),
    height_queries_per_s_coherent: Math.round(coherent),
    height_queries_per_s_random: Math.round(random),
    orbital_image_px: products.image.values.length,
    orbital_products_s: round(orbitalS, 3),
  };
}

/**
 * Height queries per second. "coherent" walks 1 cm steps along rows of a 20 m patch, as ray casting
 * and wheel settling do; "random" jumps uniformly over the whole site (cache-hostile worst case).
 */
function heightQueriesPerSecond(terrain: TruthTerrain, pattern: 'coherent' | 'random'): number {
  const n = 10_000_000;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    if (pattern === 'coherent') {
      xs[i] = 400 + (i % 2000) * 0.01;
      ys[i] = 400 + Math.floor(i / 2000) * 0.004;
    } else {
      seed = (seed * 1103515245 + 12345) >>> 0;
      xs[i] = (seed / 2 ** 32) * 1000;
      seed = (seed * 1103515245 + 12345) >>> 0;
      ys[i] = (seed / 2 ** 32) * 1000;
    }
  }
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += terrain.heightAt(xs[i], ys[i]); // warm up the JIT
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += terrain.heightAt(xs[i], ys[i]);
  const s = (performance.now() - t0) / 1000;
  if (Number.isNaN(sink)) throw new Error('height query outside the site');
  return n / s;
}

const round = (v: number, d: number): number => Number(v.toFixed(d));
