import { resolve } from 'node:path';
import { degToRad, type Pose2 } from '../../../src/core/geometry';
import type { Mission } from '../../../src/ground/mission';
import { makeOrbitalProducts, type OrbitalProducts } from '../../world/terrain/orbital/products';
import { buildTerrain, scenarioRockParams } from './build-terrain';
import { redrawUnresolvedRocks } from '../../world/terrain/unresolved-rocks';
import type { TruthTerrain } from '../../world/terrain/terrain';
import { DEFAULT_VEHICLE, loadVehicleFile, type VehicleConfig } from '../../world/vehicle/config';
import { loadScenario, type LoadedScenario } from './loader';
import { scenarioMission } from './mission';
import { checkStartPose, parkingClearings } from './parking';
import { onboardGeometry } from '../../../src/core/vehicle-geometry';
import { onboardParams } from '../../../src/fsw/params';

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

/** Loads a scenario file and builds its site with `seed` (the scenario's own by default). */
export async function loadSite(file: string, seed?: number): Promise<Site> {
  return buildSite(loadScenario(file), seed);
}

/** What a Monte Carlo run draws of its site: the rocks orbit cannot resolve, and where the rover truly starts. */
export interface SiteDispersion {
  /** Seed of the run's unresolved rocks (none: the nominal site's own). */
  rockSeed?: number;
  /** Their abundance k instead of the scenario's. */
  rockK?: number;
  startError?: StartError;
}

/**
 * A Monte Carlo run's site: the nominal site with only what orbit cannot resolve drawn again (rocks
 * below the orbital image's detection size, sim/world/terrain/unresolved-rocks.ts) and the rover where it
 * truly stands. Everything the ground sees (orbital products, mission) is the nominal site's own
 * object: the ground plans once, on the nominal orbital map, and every run's replans see that map.
 */
export function dispersedSite(nominal: Site, d: SiteDispersion): Site {
  const { loaded, vehicle } = nominal;
  const truthStart = startPose(loaded, d.startError);
  const population = scenarioRockParams(loaded.scenario.terrain);
  const moved = d.startError !== undefined;
  if (d.rockSeed === undefined && d.rockK === undefined && !moved) return nominal;
  // A site without rocks has nothing to redraw or clear: only where the rover stands moves.
  const terrain = !population ? nominal.terrain : redrawUnresolvedRocks(nominal.terrain, {
    // An abundance of its own needs a draw of its own: from the nominal seed when the run has none.
    rockSeed: d.rockSeed ?? (d.rockK !== undefined ? `${nominal.seed}/nominal` : undefined),
    population: d.rockK !== undefined ? { ...population, k: d.rockK } : population,
    visibleMinDiameterM: nominal.orbital.params.visible_rock_min_diameter_m,
    clearings: truthStart ? parkingClearings(truthStart, vehicle) : [],
  });
  if (truthStart) checkStartPose(loaded.file, terrain, vehicle, truthStart, moved);
  return { ...nominal, terrain, truthStart };
}

/** Where the rover truly starts: the scenario's start moved by a Monte Carlo start error. */
function startPose(loaded: LoadedScenario, startError?: StartError): Pose2 | undefined {
  const start = loaded.scenario.start;
  return start && {
    x: start.x_m + (startError?.dxM ?? 0),
    y: start.y_m + (startError?.dyM ?? 0),
    headingRad: degToRad(start.heading_deg + (startError?.dHeadingDeg ?? 0)),
  };
}

/**
 * Builds the site of a scenario already loaded (see scenarioTerrain), refusing a start the rover
 * could not stand on (InputError naming the start).
 */
export async function buildSite(loaded: LoadedScenario, seed?: number): Promise<Site> {
  const s = seed ?? loaded.scenario.seed;
  const { terrain, vehicle, truthStart } = await scenarioTerrain(loaded, s);
  const orbital = makeOrbitalProducts(terrain, loaded.scenario.orbital, s);
  // Operations know their rover: its geometry and its flight software's parameters, not its slip curves.
  const mission = { ...scenarioMission(loaded, orbital), vehicle: { geometry: onboardGeometry(vehicle), params: onboardParams(vehicle.flight_software) } };
  if (truthStart) checkStartPose(loaded.file, terrain, vehicle, truthStart);
  return { loaded, seed: s, terrain, orbital, mission, vehicle, truthStart };
}

/** A scenario's truth terrain and rover. The rover is parked where it drove safely: the rocks keep its ground clear. */
export async function scenarioTerrain(loaded: LoadedScenario, seed: number): Promise<{ terrain: TruthTerrain; vehicle: VehicleConfig; truthStart?: Pose2 }> {
  const { scenario } = loaded;
  const vehicle = scenario.vehicle ? loadVehicleFile(resolve(loaded.dir, scenario.vehicle)) : DEFAULT_VEHICLE;
  const truthStart = startPose(loaded);
  const terrain = await buildTerrain(scenario.terrain, loaded.dir, seed, truthStart ? parkingClearings(truthStart, vehicle) : []);
  return { terrain, vehicle, truthStart };
}
