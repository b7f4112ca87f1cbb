import { basename, extname } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { claimOutputDir } from '../../../src/core/files';
import { loadDem } from '../../../src/core/raster-io';
import { loadScenario } from '../scenario/loader';
import { scenarioTerrain } from '../scenario/site';
import { terrainFromDem } from '../../world/terrain/generate';
import { makeOrbitalProducts } from '../../world/terrain/orbital/products';
import { writeTerrainOutputs } from '../../world/terrain/outputs';
import { OrbitalParams, RockParams } from '../../world/terrain/params';
import type { TruthTerrain } from '../../world/terrain/terrain';
import { isScenarioFile } from './args';
import { terrainPictures } from '../report/terrain-pictures';

export interface TerrainOptions {
  out?: string;
  seed?: number;
  rocks?: number;
}

export async function terrainCommand(input: string, options: TerrainOptions, log: (line: string) => void): Promise<void> {
  // Refused before the site is built if --out holds what rover did not write.
  const out = options.out ?? `out/terrain-${basename(input, extname(input))}`;
  claimOutputDir(out);
  let terrain: TruthTerrain;
  let name: string;
  let orbital: OrbitalParams;
  let seed: number;
  if (isScenarioFile(input)) {
    if (options.rocks !== undefined) throw new InputError('command line', '--rocks', 'applies to a DEM file; set terrain.*.rocks.k in the scenario instead');
    const loaded = loadScenario(input);
    const { scenario } = loaded;
    seed = options.seed ?? scenario.seed;
    terrain = (await scenarioTerrain(loaded, seed)).terrain;
    name = scenario.name;
    orbital = scenario.orbital;
  } else {
    seed = options.seed ?? 1;
    const dem = await loadDem(input);
    const rocks = options.rocks !== undefined ? RockParams.parse({ k: options.rocks }) : undefined;
    terrain = terrainFromDem(dem, { rocks }, seed);
    name = basename(input);
    orbital = OrbitalParams.parse({});
  }
  const products = makeOrbitalProducts(terrain, orbital, seed);
  const { files, summary } = writeTerrainOutputs(out, name, terrain, products, terrainPictures(products));
  const s = summary.site;
  log(`${name}: ${(s.x_max_m - s.x_min_m).toFixed(0)} m x ${(s.y_max_m - s.y_min_m).toFixed(0)} m, ` +
    `elevation ${summary.elevation_m.min}..${summary.elevation_m.max} m, ${summary.rocks} rocks, ${summary.craters} craters, ` +
    `orbital median slope ${summary.orbital.median_slope_deg} deg (seed ${seed})`);
  const rp = summary.rock_population;
  if (rp.min_diameter_m !== null && rp.model_cfa !== null) {
    log(`  rocks from ${rp.min_diameter_m} m wide: CFA ${(100 * rp.measured_cfa).toFixed(1)}% measured, ${(100 * rp.model_cfa).toFixed(1)}% in the Golombek-Rapp model for k ${rp.k}` +
      (rp.clustered_fraction > 0 ? `, ${(100 * rp.clustered_fraction).toFixed(0)}% of them in clusters` : ''));
  }
  const tiles = files.filter((f) => f.includes('/tiles/') || f.startsWith('tiles/'));
  for (const f of files) if (!tiles.includes(f)) log(`  wrote ${f}`);
  if (tiles.length) log(`  wrote ${tiles.length} full-resolution tiles of the orbital image in ${out}/tiles (orbital-ROW-COL.png, row 0 north)`);
}

