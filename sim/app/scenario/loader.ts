import { dirname, resolve } from 'node:path';
import { readYamlFile } from '../../../src/core/yaml-input';
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
  const scenario = readYamlFile(file, Scenario);
  return { scenario, file, dir: dirname(resolve(file)) };
}
