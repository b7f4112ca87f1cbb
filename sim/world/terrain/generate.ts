import { Raster, type GridGeometry } from '../../../src/core/raster';
import { RandomStreams } from '../../../src/core/random';
import type { Dem } from '../../../src/core/raster-io/dem';
import { drawCraters, stampCraters } from './craters';
import { stampSteps } from './steps';
import { DEM_TRUTH_SPACING_M, demTruthPosts, demTruthSurface } from './dem-surface';
import { InputError } from '../../../src/core/errors';
import {
  ProceduralTerrainParams, SandParams, siteMemoryProblem, SoilParams,
  type RockParams,
} from './params';
import { fractalRelief } from './relief';
import { reachesInto, RockField, scatterRocks, type Region, type RockClearing } from './rocks';
import { layOutSand, type SandField } from './sand';
import { classifySoil } from './soil-map';
import { TruthTerrain } from './terrain';

/** Random streams of terrain generation, one per feature, so features vary independently. */
const STREAMS = {
  relief: 'terrain.relief',
  craters: 'terrain.craters',
  sand: 'terrain.sand',
  soil: 'terrain.soil',
  rocks: 'terrain.rocks',
  demRelief: 'terrain.dem_relief',
} as const;

/** How the rocks of a site are laid out, beyond its parameters. */
export interface RockLayout {
  /** Ground kept free of rocks: where the rover is parked and the lane it arrived by. */
  clearings?: RockClearing[];
}

/** Builds a procedural Mars site from parameters and a seed; same inputs, same terrain. `layout` keeps ground clear of rocks. */
export function generateTerrain(input: ProceduralTerrainParams, seed: number | string, layout: RockLayout = {}): TruthTerrain {
  const params = ProceduralTerrainParams.parse(input);
  const streams = new RandomStreams(seed);
  const [width, height] = params.size_m;
  const spacing = params.post_spacing_m;
  const cols = Math.round(width / spacing) + 1;
  const rows = Math.round(height / spacing) + 1;
  const geometry: GridGeometry = { rows, cols, spacing, x0: 0, y0: (rows - 1) * spacing };

  const base = fractalRelief(geometry, params.relief, streams.stream(STREAMS.relief));
  const region = base.bounds;
  const craters = drawCraters(params.craters, region, streams.stream(STREAMS.craters));
  stampCraters(base, craters);
  stampSteps(base, params.steps);
  return decorate(base, {
    craters,
    rocks: params.rocks,
    sand: params.sand,
    soil: params.soil,
    streams,
    clearings: layout.clearings ?? [],
    origin: { kind: 'procedural', seed, rockAbundance: params.rocks.k, rockMinDiameterM: params.rocks.min_diameter_m, rockClusteredFraction: params.rocks.clustering.fraction },
  });
}

export interface DemTerrainOptions {
  /** Procedural rocks to add on top of the DEM (it cannot show rocks below its post spacing). */
  rocks?: RockParams;
  /** Sand sheets with ripples; none unless asked for. */
  sand?: Partial<SandParams>;
  soil?: Partial<SoilParams>;
}

/**
 * Builds truth terrain from a real DEM: its posts joined smoothly with sub-post relief drawn to its
 * own roughness (dem-surface.ts), optionally with Golombek-Rapp rocks and sand added. The DEM itself,
 * nodata filled, stays with the terrain as the ground planners' orbital DEM.
 */
export function terrainFromDem(dem: Dem, options: DemTerrainOptions, seed: number | string, layout: RockLayout = {}): TruthTerrain {
  // Refused before the truth surface (posts ~0.5 m apart, many times the DTM's) is allocated.
  const memory = siteMemoryProblem(demTruthPosts(dem.raster), `the truth site resamples it to ${DEM_TRUTH_SPACING_M} m posts; crop the DEM to the area of the drive`);
  if (memory) throw new InputError(dem.source, '', memory);
  const streams = new RandomStreams(seed);
  const measured = dem.raster.clone();
  const filled = fillNodata(measured);
  const base = demTruthSurface(measured, streams.stream(STREAMS.demRelief)).surface;
  return decorate(base, {
    craters: [],
    rocks: options.rocks,
    sand: SandParams.parse({ fraction: 0, ...options.sand }),
    soil: SoilParams.parse({ ...options.soil }),
    streams,
    clearings: layout.clearings ?? [],
    origin: {
      kind: 'dem',
      seed,
      source: dem.source,
      rockAbundance: options.rocks?.k,
      rockMinDiameterM: options.rocks?.min_diameter_m,
      rockClusteredFraction: options.rocks?.clustering.fraction,
      filledFraction: filled / measured.values.length,
      siteOriginGeo: dem.geo && {
        easting: dem.geo.easting0 - measured.x0,
        northing: dem.geo.northing0 - measured.y0,
        crs: dem.geo.crs,
        geoKeys: dem.geo.geoKeys,
      },
    },
    sourceDem: measured,
  });
}

function decorate(
  base: Raster,
  parts: {
    craters: TruthTerrain['craters'];
    rocks: RockParams | undefined;
    sand: SandParams;
    soil: SoilParams;
    streams: RandomStreams;
    clearings: RockClearing[];
    origin: TruthTerrain['origin'];
    sourceDem?: Raster;
  },
): TruthTerrain {
  const region: Region = base.bounds;
  const sand: SandField = layOutSand(base, parts.sand, parts.streams.stream(STREAMS.sand));
  const soil = classifySoil(base, sand, parts.soil, parts.streams.stream(STREAMS.soil));
  const rocks = parts.rocks
    ? scatterRocks(
        {
          k: parts.rocks.k,
          minDiameterM: parts.rocks.min_diameter_m,
          maxDiameterM: parts.rocks.max_diameter_m,
          heightRatio: parts.rocks.height_ratio,
          heightRatioSpread: parts.rocks.height_ratio_spread,
          clustering: {
            fraction: parts.rocks.clustering.fraction,
            clustersPerKm2: parts.rocks.clustering.clusters_per_km2,
            sigmaM: parts.rocks.clustering.sigma_m,
            // Ejecta blocks gather on crater rims, at a point of each rim.
            centres: parts.rocks.clustering.around_craters ? parts.craters.map((c, i) => rimPoint(c, i)) : [],
          },
        },
        region,
        parts.streams.stream(STREAMS.rocks),
        // Sand sheets bury rocks; the parked rover's ground is clear.
        (x, y, r) => sand.coverAt(x, y) >= 0.5 || parts.clearings.some((c) => reachesInto(c, x, y, r)),
      )
    : RockField.empty(region);
  return new TruthTerrain(base, rocks, sand, soil, parts.craters, parts.origin, parts.sourceDem);
}

/**
 * Fills nodata posts (NaN) in place from their valid neighbours, growing inward one ring per pass,
 * so the simulated rover never meets a hole in the ground. Returns how many posts were filled.
 */
export function fillNodata(raster: Raster): number {
  const { rows, cols, values } = raster;
  let missing: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) missing.push(i);
  const total = missing.length;
  if (total === values.length) throw new RangeError('raster holds no valid value to fill from');
  while (missing.length) {
    const still: number[] = [];
    const updates: [number, number][] = [];
    for (const i of missing) {
      const r = Math.floor(i / cols), c = i % cols;
      let sum = 0, n = 0;
      for (const [dr, dc] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) {
        const rr = r + dr, cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
        const v = values[rr * cols + cc];
        if (!Number.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      if (n) updates.push([i, sum / n]);
      else still.push(i);
    }
    for (const [i, v] of updates) values[i] = v;
    missing = still;
  }
  return total;
}

/** A point on a crater's rim crest, at an azimuth fixed by its index (golden-angle steps). */
function rimPoint(c: TruthTerrain['craters'][number], index: number): { x: number; y: number } {
  const azimuth = index * 2.399963229728653;
  return { x: c.x + (c.diameterM / 2) * Math.cos(azimuth), y: c.y + (c.diameterM / 2) * Math.sin(azimuth) };
}
