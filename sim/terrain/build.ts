import { resolve } from 'node:path';
import { InputError } from '../../src/core/errors';
import { loadDem } from '../../src/core/raster-io';
import type { TerrainSpec } from '../scenario/schema';
import { generateTerrain, terrainFromDem } from './generate';
import type { TruthTerrain } from './terrain';

/** Builds the truth terrain a scenario describes; DEM paths are relative to `baseDir`. */
export async function buildTerrain(spec: TerrainSpec, baseDir: string, seed: number | string): Promise<TruthTerrain> {
  if (spec.procedural) return generateTerrain(spec.procedural, seed);
  const dem = spec.dem!;
  const path = resolve(baseDir, dem.file);
  const loaded = await loadDem(path, { format: dem.format, description: dem.description });
  if (loaded.raster.rows < 2 || loaded.raster.cols < 2) {
    throw new InputError(path, '', `a terrain needs at least 2 x 2 posts, the file has ${loaded.raster.rows} x ${loaded.raster.cols}`);
  }
  return terrainFromDem(loaded, { rocks: dem.rocks, sand: dem.sand, soil: dem.soil }, seed);
}
