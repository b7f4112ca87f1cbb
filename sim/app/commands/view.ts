import { degToRad } from '../../../src/core/geometry';
import { InputError } from '../../../src/core/errors';
import { claimOutputDir } from '../../../src/core/files';
import { RandomStreams } from '../../../src/core/random';
import { loadScenario } from '../scenario/loader';
import { scenarioTerrain } from '../scenario/site';
import type { CameraId as CameraName } from '../../../src/fsw/ports';
import { writeSnapshot } from '../../world/sensors/snapshot';
import { sunDirection } from '../../world/terrain/orbital/sun';
import { isScenarioFile } from './args';

export interface ViewOptions {
  at: [number, number, number];
  camera: CameraName;
  pan?: number;
  tilt?: number;
  seed?: number;
  out?: string;
  exact?: boolean;
}

export async function viewCommand(scenarioFile: string, options: ViewOptions, log: (line: string) => void): Promise<void> {
  if (!isScenarioFile(scenarioFile)) throw new InputError(scenarioFile, '', 'expected a scenario file (.yaml)');
  const loaded = loadScenario(scenarioFile);
  const { scenario } = loaded;
  const seed = options.seed ?? scenario.seed;
  // Refused before the site is built if --out holds what rover did not write.
  const out = options.out ?? `out/view-${scenario.name}`;
  claimOutputDir(out);
  const { terrain, vehicle } = await scenarioTerrain(loaded, seed);
  const [x, y, headingDeg] = options.at;
  const b = terrain.bounds;
  if (!(x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax)) {
    throw new InputError('command line', '--at', `(${x}, ${y}) is outside the site (x ${b.xMin}..${b.xMax} m, y ${b.yMin}..${b.yMax} m)`);
  }
  const { files, summary } = writeSnapshot(out, terrain, vehicle, {
    x, y, headingRad: degToRad(headingDeg), camera: options.camera,
    pointing: { panDeg: options.pan, tiltDeg: options.tilt },
    sun: sunDirection(scenario.orbital.sun_elevation_deg, scenario.orbital.sun_azimuth_deg),
    exact: options.exact,
  }, new RandomStreams(seed));
  const settled = summary.settled as { tilt_deg: number; belly_clearance_m: number };
  log(`${scenario.name}: ${options.camera} at (${x}, ${y}) heading ${headingDeg} deg: tilt ${settled.tilt_deg.toFixed(1)} deg, belly clearance ${settled.belly_clearance_m.toFixed(2)} m`);
  for (const f of files) log(`  wrote ${f}`);
}

