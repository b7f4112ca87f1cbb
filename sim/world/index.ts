/*
 * The world's public face: what the tools (sim/app) may use of the terrain, the vehicle, its sensors,
 * the link and the assembled rover. Everything else in sim/world is the world's own business; the
 * import rules (.dependency-cruiser.cjs) hold sim/app to this file.
 */
export { generateTerrain, terrainFromDem } from './terrain/generate';
export { makeOrbitalProducts } from './terrain/orbital/products';
export type { OrbitalProducts } from './terrain/orbital/products';
export { sunDirection } from './terrain/orbital/sun';
export { writeTerrainOutputs } from './terrain/outputs';
export { OrbitalParams, ProceduralTerrainParams, RockParams, SandParams, SoilParams } from './terrain/params';
export { RockField } from './terrain/rocks';
export type { RockClearing } from './terrain/rocks';
export { SandField } from './terrain/sand';
export { TruthTerrain } from './terrain/terrain';
export { redrawUnresolvedRocks } from './terrain/unresolved-rocks';
export { DEFAULT_VEHICLE, loadVehicleFile } from './vehicle/config';
export type { VehicleConfig } from './vehicle/config';
export { Settler } from './vehicle/settle';
export type { SimVehicle } from './vehicle/vehicle';
export { writeSnapshot } from './sensors/snapshot';
export { VoParams } from './sensors/visual-odometry';
export { isSolarConjunction, oneWayLightTimeS } from './comm/light-time';
export { MarsLink } from './comm/link';
export { DEFAULT_RELAY_CONFIG, RelayConfig } from './comm/passes';
export { connectLink } from './comm/wiring';
export { buildRoverWorld } from './rover-world';
export type { RoverWorld, TruthWatch } from './rover-world';
