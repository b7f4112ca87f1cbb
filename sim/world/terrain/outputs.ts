import { StagedDir } from '../../../src/core/files';
import type { ColourRamp } from '../../../src/core/png';
import { writeGeoTiff } from '../../../src/core/raster-io';
import type { OrbitalProducts } from './orbital/products';
import { SOIL_CLASS_NAMES, type SoilClass } from './soil';
export { SOIL_COLOURS } from './soil';
import { geoReferenceFor, type TruthTerrain } from './terrain';
import { cumulativeFractionalArea } from './golombek-rapp';
import { measuredCfa } from './rocks';
import { fixedTo as round } from '../../../src/core/round';

/** Slope colours for people: green easy, yellow ~10 deg, orange ~20 deg (the default tilt limit), red 30+. */
export const SLOPE_RAMP: ColourRamp = [
  [0, [40, 150, 60]],
  [10, [230, 220, 60]],
  [20, [240, 130, 40]],
  [30, [200, 30, 30]],
  [45, [90, 0, 40]],
];


/** One line a rock: site-frame centre, diameter and height, millimetre precision. */
export function rocksCsv(terrain: TruthTerrain): string {
  const r = terrain.rocks;
  const lines = new Array<string>(r.count + 1);
  lines[0] = 'x_m,y_m,diameter_m,height_m';
  for (let i = 0; i < r.count; i++) {
    lines[i + 1] = `${r.x[i].toFixed(3)},${r.y[i].toFixed(3)},${(2 * r.radius[i]).toFixed(3)},${r.height[i].toFixed(3)}`;
  }
  return lines.join('\n') + '\n';
}

export interface TerrainOutputSummary {
  name: string;
  seed: number | string;
  origin: TruthTerrain['origin'];
  site: { x_min_m: number; x_max_m: number; y_min_m: number; y_max_m: number; post_spacing_m: number };
  elevation_m: { min: number; max: number; mean: number };
  rocks: number;
  /**
   * The rock population against its model: the smallest rock drawn (m), the Golombek-Rapp CFA of
   * rocks at least that wide for the site's k, and the CFA the drawn rocks measure over the site
   * (lower where sand buries rocks and around the parked rover).
   */
  rock_population: { k: number | null; min_diameter_m: number | null; model_cfa: number | null; measured_cfa: number; clustered_fraction: number };
  craters: number;
  orbital: { image_px: [number, number]; image_spacing_m: number; dem_posts: [number, number]; dem_spacing_m: number; median_slope_deg: number; sun_elevation_deg: number; sun_azimuth_deg: number };
  soil_fraction: Record<string, number>;
}

/**
 * Writes what `rover terrain` promises: the pictures (orbital.png, slope.png, soil.png and tiles,
 * drawn by the tool), dem.tif (the orbital DEM), rocks.csv (truth rocks) and terrain.json, all moved
 * into `dir` together at the end.
 */
export function writeTerrainOutputs(dir: string, name: string, terrain: TruthTerrain, products: OrbitalProducts, pictures: readonly { name: string; data: Uint8Array }[]): { files: string[]; summary: TerrainOutputSummary } {
  const summary = summarise(name, terrain, products);
  const out = new StagedDir(dir);
  try {
    for (const p of pictures) out.write(p.name, p.data);
    writeGeoTiff(out.path('dem.tif'), products.dem, geoReferenceFor(terrain.origin, products.dem));
    out.write('rocks.csv', rocksCsv(terrain));
    out.write('terrain.json', JSON.stringify(summary, null, 2) + '\n');
    return { files: out.commit(), summary };
  } catch (e) {
    out.abort();
    throw e;
  }
}

function summarise(name: string, terrain: TruthTerrain, products: OrbitalProducts): TerrainOutputSummary {
  const b = terrain.bounds;
  const stats = terrain.base.stats();
  const counts = new Map<number, number>();
  for (const v of products.soil.values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const soilFraction: Record<string, number> = {};
  for (const [code, n] of [...counts].sort((a, c) => a[0] - c[0])) {
    soilFraction[SOIL_CLASS_NAMES[code as SoilClass]] = round(n / products.soil.values.length, 4);
  }
  const slopes = Float32Array.from(products.slopeDeg.values).sort();
  return {
    name,
    seed: terrain.origin.seed,
    origin: terrain.origin,
    site: { x_min_m: b.xMin, x_max_m: b.xMax, y_min_m: b.yMin, y_max_m: b.yMax, post_spacing_m: terrain.base.spacing },
    elevation_m: { min: round(stats.min, 3), max: round(stats.max, 3), mean: round(stats.mean, 3) },
    rocks: terrain.rocks.count,
    rock_population: rockPopulation(terrain),
    craters: terrain.craters.length,
    orbital: {
      image_px: [products.image.cols, products.image.rows],
      image_spacing_m: products.image.spacing,
      dem_posts: [products.dem.cols, products.dem.rows],
      dem_spacing_m: products.dem.spacing,
      median_slope_deg: round(slopes[slopes.length >> 1], 2),
      sun_elevation_deg: products.params.sun_elevation_deg,
      sun_azimuth_deg: products.params.sun_azimuth_deg,
    },
    soil_fraction: soilFraction,
  };
}


function rockPopulation(terrain: TruthTerrain): TerrainOutputSummary['rock_population'] {
  const { rockAbundance: k, rockMinDiameterM: minD } = terrain.origin;
  return {
    k: k ?? null,
    min_diameter_m: minD ?? null,
    model_cfa: k !== undefined && minD !== undefined ? round(cumulativeFractionalArea(k, minD), 4) : null,
    measured_cfa: round(measuredCfa(terrain.rocks, terrain.bounds, minD ?? 0), 4),
    clustered_fraction: terrain.origin.rockClusteredFraction ?? 0,
  };
}
