import { resolve } from 'node:path';
import { degToRad, type Pose2 } from '../../src/core/geometry';
import type { Mission } from '../../src/ground/mission';
import { makeOrbitalProducts, type OrbitalProducts } from '../terrain/orbital/products';
import { buildTerrain, type TerrainVariant } from '../terrain/build';
import type { TruthTerrain } from '../terrain/terrain';
import { DEFAULT_VEHICLE, loadVehicleFile, type VehicleConfig } from '../vehicle/config';
import { loadScenario, type LoadedScenario } from './loader';
import { scenarioMission } from './mission';
import { checkStartPose, parkingClearings } from './parking';

/** A scenario made ready: its truth terrain, the orbital products the ground sees, and the drive it asks for. */
export interface Site {
  loaded: LoadedScenario;
  seed: number;
  terrain: TruthTerrain;
  orbital: OrbitalProducts;
  mission: Mission;
  /** The rover (the scenario's vehicle file, Perseverance without one). */
  vehicle: VehicleConfig;
  /** Where the rover truly stands at the start (the scenario's start, moved by a Monte Carlo start error). */
  truthStart?: Pose2;
}

/** Where the rover truly starts relative to where everyone believes it starts (Monte Carlo). */
export interface StartError {
  dxM: number;
  dyM: number;
  dHeadingDeg: number;
}

/**
 * Loads a scenario file and builds its site with `seed` (the scenario's own by default); `variant`
 * redraws its rocks (Monte Carlo).
 */
export async function loadSite(file: string, seed?: number, variant: TerrainVariant = {}): Promise<Site> {
  return buildSite(loadScenario(file), seed, variant);
}

/**
 * Builds the site of a scenario already loaded (see scenarioTerrain), refusing a start the rover
 * could not stand on (InputError naming the start).
 */
export async function buildSite(loaded: LoadedScenario, seed?: number, variant: TerrainVariant = {}, startError?: StartError): Promise<Site> {
  const s = seed ?? loaded.scenario.seed;
  const { terrain, vehicle, truthStart } = await scenarioTerrain(loaded, s, variant, startError);
  const orbital = makeOrbitalProducts(terrain, loaded.scenario.orbital, s);
  const mission = scenarioMission(loaded, orbital);
  if (truthStart) checkStartPose(loaded.file, terrain, vehicle, truthStart, startError !== undefined);
  return { loaded, seed: s, terrain, orbital, mission, vehicle, truthStart };
}

/**
 * A scenario's truth terrain and rover. The rover is parked where it drove safely: the rocks keep
 * its ground clear where it truly stands (`startError` from the believed start).
 */
export async function scenarioTerrain(loaded: LoadedScenario, seed: number, variant: TerrainVariant = {}, startError?: StartError): Promise<{ terrain: TruthTerrain; vehicle: VehicleConfig; truthStart?: Pose2 }> {
  const { scenario } = loaded;
  const vehicle = scenario.vehicle ? loadVehicleFile(resolve(loaded.dir, scenario.vehicle)) : DEFAULT_VEHICLE;
  const start = scenario.start;
  const truthStart = start && {
    x: start.x_m + (startError?.dxM ?? 0),
    y: start.y_m + (startError?.dyM ?? 0),
    headingRad: degToRad(start.heading_deg + (startError?.dHeadingDeg ?? 0)),
  };
  const terrain = await buildTerrain(scenario.terrain, loaded.dir, seed, variant, truthStart ? parkingClearings(truthStart, vehicle) : []);
  return { terrain, vehicle, truthStart };
}
