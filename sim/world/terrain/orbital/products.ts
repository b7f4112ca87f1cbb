import { RandomStreams } from '../../../../src/core/random';
import type { Raster } from '../../../../src/core/raster';
import { radToDeg } from '../../../../src/core/geometry';
import { OrbitalParams } from '../params';
import type { TruthTerrain } from '../terrain';
import { renderOrthoimage } from './orthoimage';
import { orbitalDem, orbitalSoilMap } from './orbital-dem';

/**
 * What the ground side gets to see of a site: the only view of the terrain planners may use
 * (DESIGN.md). Never the truth terrain at rover scale.
 */
export interface OrbitalProducts {
  /** Orthoimage, 8-bit counts (HiRISE-like, 0.25 m/px by default). */
  image: Raster;
  /** Stereo DEM: a real DTM as it is, or for a procedural site ~1 m posts with HiRISE-like vertical noise. */
  dem: Raster;
  /** Slope (deg) of the orbital DEM. */
  slopeDeg: Raster;
  /** Soil classes (SoilClass codes) on the DEM grid, with resolvable rocks as big rock. */
  soil: Raster;
  params: OrbitalParams;
}

/** Random streams of orbital products, apart from the terrain's so products never shift the truth. */
const STREAMS = { image: 'orbital.image', dem: 'orbital.dem' } as const;

export function makeOrbitalProducts(terrain: TruthTerrain, input: Partial<OrbitalParams>, seed: number | string): OrbitalProducts {
  const params = OrbitalParams.parse(input);
  const streams = new RandomStreams(seed);
  const image = renderOrthoimage(terrain, params, streams.stream(STREAMS.image));
  // A real DTM is the orbital product itself: nothing synthetic is added to a measurement.
  const dem = terrain.sourceDem ? terrain.sourceDem.clone() : orbitalDem(terrain, params, streams.stream(STREAMS.dem));
  const slopeDeg = dem.slope().map(radToDeg);
  const soil = orbitalSoilMap(terrain, dem.geometry, params.visible_rock_min_diameter_m);
  return { image, dem, slopeDeg, soil, params };
}

