import { resolve } from 'node:path';
import { InputError } from '../../src/core/errors';
import { loadDem } from '../../src/core/raster-io';
import type { TerrainSpec } from '../scenario/schema';
import { generateTerrain, terrainFromDem } from './generate';
import { RockParams } from './params';
import type { RockClearing } from './rocks';
import type { TruthTerrain } from './terrain';

/** A variant of a scenario's terrain: the same site with its rocks drawn again (Monte Carlo). */
export interface TerrainVariant {
  /** Seed of the rock arrangement. */
  rockSeed?: number;
  /** Rock abundance k instead of the scenario's. */
  rockK?: number;
}

/**
 * Builds the truth terrain a scenario describes; DEM paths are relative to `baseDir`. `clearings`
 * is ground the rocks keep free (where the rover is parked).
 */
export async function buildTerrain(spec: TerrainSpec, baseDir: string, seed: number | string, variant: TerrainVariant = {}, clearings: RockClearing[] = []): Promise<TruthTerrain> {
  const layout = { rockSeed: variant.rockSeed, clearings };
  if (spec.procedural) {
    const params = variant.rockK !== undefined ? { ...spec.procedural, rocks: { ...spec.procedural.rocks, k: variant.rockK } } : spec.procedural;
    return generateTerrain(params, seed, layout);
  }
  const dem = spec.dem!;
  const path = resolve(baseDir, dem.file);
  const loaded = await loadDem(path, { format: dem.format, description: dem.description });
  if (loaded.raster.rows < 2 || loaded.raster.cols < 2) {
    throw new InputError(path, '', `a terrain needs at least 2 x 2 posts, the file has ${loaded.raster.rows} x ${loaded.raster.cols}`);
  }
  const rocks = variant.rockK !== undefined ? RockParams.parse({ ...dem.rocks, k: variant.rockK }) : dem.rocks;
  return terrainFromDem(loaded, { rocks, sand: dem.sand, soil: dem.soil }, seed, layout);
}
