import type { Mission } from '../../src/ground/mission';
import { makeOrbitalProducts, type OrbitalProducts } from '../terrain/orbital/products';
import { buildTerrain, type TerrainVariant } from '../terrain/build';
import type { TruthTerrain } from '../terrain/terrain';
import { loadScenario, type LoadedScenario } from './loader';
import { scenarioMission } from './mission';

/** A scenario made ready: its truth terrain, the orbital products the ground sees, and the drive it asks for. */
export interface Site {
  loaded: LoadedScenario;
  seed: number;
  terrain: TruthTerrain;
  orbital: OrbitalProducts;
  mission: Mission;
}

/**
 * Loads a scenario file and builds its site with `seed` (the scenario's own by default); `variant`
 * redraws its rocks (Monte Carlo).
 */
export async function loadSite(file: string, seed?: number, variant: TerrainVariant = {}): Promise<Site> {
  return buildSite(loadScenario(file), seed, variant);
}

/** Builds the site of a scenario already loaded. */
export async function buildSite(loaded: LoadedScenario, seed?: number, variant: TerrainVariant = {}): Promise<Site> {
  const s = seed ?? loaded.scenario.seed;
  const terrain = await buildTerrain(loaded.scenario.terrain, loaded.dir, s, variant);
  const orbital = makeOrbitalProducts(terrain, loaded.scenario.orbital, s);
  return { loaded, seed: s, terrain, orbital, mission: scenarioMission(loaded, orbital) };
}
