import { resolve } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { commandDictionary } from '../../../src/fsw/cmd/dictionary';
import { isSequenceFile, validateSequenceFile } from '../../../src/fsw/seq/seqjson';
import { checkPlanScenario, isPlanFile, loadPlanFile } from '../../../src/ground/plan';
import { checkFlightRules } from '../../../src/ground/uplink/flight-rules';
import { sequenceId } from '../../../src/ground/uplink/to-seqjson';
import { isSolarConjunction, oneWayLightTimeS } from '../../world/comm/light-time';
import { loadScenario } from '../scenario/loader';
import { checkStartPose } from '../scenario/parking';
import { loadSite, scenarioTerrain } from '../scenario/site';
import { DEFAULT_VEHICLE, loadVehicleFile } from '../../world/vehicle/config';
import { isScenarioFile } from './args';

export async function validateCommand(file: string, options: { scenario?: string; vehicle?: string }, log: (line: string) => void): Promise<void> {
  if (isPlanFile(file)) {
    const plan = loadPlanFile(file);
    if (!options.scenario) {
      log(`${file}: valid ${plan.provenance.planner} plan for "${plan.scenario}" (${plan.waypoints.length} waypoints); add --scenario FILE to check the flight rules`);
      return;
    }
    const site = await loadSite(options.scenario);
    const check = checkFlightRules(plan, site.orbital, site.mission, { id: sequenceId(`${plan.scenario}_${plan.provenance.planner}`) });
    for (const w of check.warnings) log(`  warning: ${w}`);
    if (!check.ok) throw new InputError(file, '', `breaks the flight rules of ${options.scenario}:\n  - ${check.violations.map((v) => v.message).join('\n  - ')}`);
    log(`${file}: valid plan, passes the flight rules of ${options.scenario} (${plan.waypoints.length} waypoints, ${check.route.total_length_m} m)`);
    return;
  }
  if (options.scenario) throw new InputError('command line', '--scenario', 'applies to plan files (*.plan.json) only');
  if (options.vehicle && !isSequenceFile(file)) throw new InputError('command line', '--vehicle', 'applies to sequence files (*.seq.json) only');
  if (isSequenceFile(file)) {
    // Checked against the dictionary of the rover that will run it: its top speed, its tightest arc.
    const vehicle = options.vehicle ? loadVehicleFile(options.vehicle) : DEFAULT_VEHICLE;
    const seq = validateSequenceFile(file, { dictionary: commandDictionary(vehicle, vehicle.flight_software) });
    log(`${file}: valid sequence "${seq.id}" (${seq.steps} step${seq.steps === 1 ? '' : 's'}) for ${vehicle.name}`);
    return;
  }
  if (/\.vehicle\.ya?ml$/i.test(file)) {
    const vehicle = loadVehicleFile(file);
    log(`${file}: valid vehicle "${vehicle.name}"`);
    return;
  }
  if (!isScenarioFile(file)) {
    throw new InputError(file, '', 'rover validate checks scenario files (.yaml), vehicle files (.vehicle.yaml), sequences (.seq.json) and plans (.plan.json)');
  }
  const loaded = loadScenario(file);
  const { scenario, dir } = loaded;
  if (scenario.vehicle) loadVehicleFile(resolve(dir, scenario.vehicle));
  if (scenario.planners.human) {
    const planFile = resolve(dir, scenario.planners.human);
    checkPlanScenario(loadPlanFile(planFile), planFile, scenario.name);
  }
  // The rover must be able to stand where the scenario parks it.
  const { terrain, vehicle, truthStart } = await scenarioTerrain(loaded, scenario.seed);
  if (truthStart) checkStartPose(file, terrain, vehicle, truthStart);
  const utcMs = Date.parse(scenario.date_utc);
  const conjunction = isSolarConjunction(utcMs) ? ', solar conjunction: no commanding' : '';
  log(`${file}: valid scenario "${scenario.name}" (one-way light time ${(oneWayLightTimeS(utcMs) / 60).toFixed(1)} min on ${scenario.date_utc}${conjunction})`);
}

