import { dirname, resolve } from 'node:path';
import { readYamlFile } from '../../../src/core/yaml-input';
import { marsSolarTime, marsSunPosition, nextLmst } from '../../../src/core/mars-time';
import { roundTo } from '../../../src/core/round';
import { InputError } from '../../../src/core/errors';
import { yamlFieldAt } from '../../../src/core/yaml-input';
import { SOL_S } from '../../../src/core/time';
import { Scenario } from './schema';

export interface LoadedScenario {
  scenario: Scenario;
  /** The scenario file as given. */
  file: string;
  /** Folder that relative paths in the scenario are resolved against. */
  dir: string;
}

/** Reads and validates a scenario file; errors name the file, line and field. */
export function loadScenario(file: string): LoadedScenario {
  const scenario = withOrbitalSun(readYamlFile(file, Scenario), file);
  return { scenario, file, dir: dirname(resolve(file)) };
}

/** The scenario's local mean midnight that begins the sol of its date: the run's time 0. */
export function runEpochUtcMs(scenario: Scenario): number {
  const date = Date.parse(scenario.date_utc);
  return nextLmst(date - SOL_S * 1000, scenario.site.longitude_east_deg, 0);
}

/** With an acquisition time, the orbital image's Sun is the site's Sun at that hour of the sol before the date. */
function withOrbitalSun(scenario: Scenario, file: string): Scenario {
  const at = scenario.orbital.acquired_ltst_h;
  if (at === undefined) return scenario;
  const { latitude_deg: lat, longitude_east_deg: lon } = scenario.site;
  // The local mean time an hour of true solar time falls at (they differ by the equation of time).
  const date = Date.parse(scenario.date_utc);
  const then = marsSolarTime(date, lon);
  const offsetH = then.ltstH - then.lmstH;
  const taken = nextLmst(date - SOL_S * 1000, lon, (((at - offsetH) % 24) + 24) % 24);
  const sun = marsSunPosition(taken, lat, lon);
  if (sun.elevationDeg <= 1) throw new InputError(file, yamlFieldAt(file, ['orbital', 'acquired_ltst_h']), `the Sun stands at ${sun.elevationDeg.toFixed(1)} deg elevation at ${at} h local true solar time at the site: an orbital image needs daylight`);
  return { ...scenario, orbital: { ...scenario.orbital, sun_elevation_deg: roundTo(sun.elevationDeg, 3), sun_azimuth_deg: roundTo(sun.azimuthDeg, 3) } };
}
