import { InputError } from '../../../src/core/errors';
import { yamlFieldAt } from '../../../src/core/yaml-input';
import type { Mission } from '../../../src/ground/mission';
import { mapBounds, type OrbitalMaps } from '../../../src/ground/orbital-maps';
import type { LoadedScenario } from './loader';

/**
 * The drive a scenario asks for, checked against the orbital map: start and goal present and on
 * the map, the keep-in box overlapping it. Errors name the scenario file, the line and the field.
 */
export function scenarioMission(loaded: LoadedScenario, maps: OrbitalMaps): Mission {
  const { scenario, file } = loaded;
  const at = (...path: (string | number)[]): string => yamlFieldAt(file, path);
  if (!scenario.start) throw new InputError(file, 'start', 'missing; planning and runs need a start pose, e.g. start: { x_m: 10, y_m: 10, heading_deg: 0 }');
  if (!scenario.goal) throw new InputError(file, 'goal', 'missing; planning and runs need a goal, e.g. goal: { x_m: 90, y_m: 40 }');
  const b = mapBounds(maps);
  const where = `the map spans x ${b.xMin.toFixed(1)}..${b.xMax.toFixed(1)} m, y ${b.yMin.toFixed(1)}..${b.yMax.toFixed(1)} m`;
  for (const key of ['start', 'goal'] as const) {
    const p = scenario[key]!;
    if (p.x_m < b.xMin || p.x_m > b.xMax || p.y_m < b.yMin || p.y_m > b.yMax) {
      throw new InputError(file, at(key), `(${p.x_m}, ${p.y_m}) is off the map; ${where}`);
    }
  }
  const k = scenario.keep_in;
  if (k) {
    for (const key of ['start', 'goal'] as const) {
      const p = scenario[key]!;
      if (p.x_m < k.x_min_m || p.x_m > k.x_max_m || p.y_m < k.y_min_m || p.y_m > k.y_max_m) {
        throw new InputError(file, at('keep_in'), `the ${key} (${p.x_m}, ${p.y_m}) lies outside the keep-in box`);
      }
    }
  }
  return { start: scenario.start, goal: scenario.goal, keepIn: k, keepOut: scenario.keep_out, rules: scenario.rules };
}
