import { resolve } from 'node:path';
import { loadDem, MARS_DEM } from '../../../src/core/raster-io';
import type { TerrainSpec } from './schema';
import { generateTerrain, terrainFromDem } from '../../world/terrain/generate';
import { ProceduralTerrainParams, type RockParams } from '../../world/terrain/params';
import type { RockClearing } from '../../world/terrain/rocks';
import type { TruthTerrain } from '../../world/terrain/terrain';

/**
 * Builds the truth terrain a scenario describes; DEM paths are relative to `baseDir`. `clearings`
 * is ground the rocks keep free (where the rover is parked).
 */
export async function buildTerrain(spec: TerrainSpec, baseDir: string, seed: number | string, clearings: RockClearing[] = []): Promise<TruthTerrain> {
  const layout = { clearings };
  if (spec.procedural) return generateTerrain(spec.procedural, seed, layout);
  const dem = spec.dem!;
  const path = resolve(baseDir, dem.file);
  const plausible = { heightRangeM: dem.plausible?.height_range_m ?? MARS_DEM.heightRangeM, minValidFraction: dem.plausible?.min_valid_fraction ?? MARS_DEM.minValidFraction };
  const loaded = await loadDem(path, { format: dem.format, description: dem.description, plausible });
  return terrainFromDem(loaded, { rocks: dem.rocks, sand: dem.sand, soil: dem.soil }, seed, layout);
}

/** The rock population a scenario's terrain is drawn with (none for a DEM site without rocks). */
export function scenarioRockParams(spec: TerrainSpec): RockParams | undefined {
  return spec.procedural ? ProceduralTerrainParams.parse(spec.procedural).rocks : spec.dem!.rocks;
}
