import { resolve } from 'node:path';
import { loadDem, MARS_DEM } from '../../src/core/raster-io';
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
  const plausible = { heightRangeM: dem.plausible?.height_range_m ?? MARS_DEM.heightRangeM, minValidFraction: dem.plausible?.min_valid_fraction ?? MARS_DEM.minValidFraction };
  const loaded = await loadDem(path, { format: dem.format, description: dem.description, plausible });
  const rocks = variant.rockK !== undefined ? RockParams.parse({ ...dem.rocks, k: variant.rockK }) : dem.rocks;
  return terrainFromDem(loaded, { rocks, sand: dem.sand, soil: dem.soil }, seed, layout);
}
