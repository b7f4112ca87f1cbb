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

/** What `rover validate --json` prints: the file, what kind it is, and what was found valid. */
export interface ValidateResult {
  file: string;
  kind: 'plan' | 'sequence' | 'vehicle' | 'scenario';
  valid: true;
  message: string;
  warnings: string[];
  details: Record<string, unknown>;
}

export async function validateCommand(file: string, options: { scenario?: string; vehicle?: string; json?: boolean }, log: (line: string) => void): Promise<void> {
  const result = await validateFile(file, options);
  if (options.json) {
    log(JSON.stringify(result, null, 2));
    return;
  }
  for (const w of result.warnings) log(`  warning: ${w}`);
  log(result.message);
}

/** Checks one file; throws an InputError naming the file and field on the first thing wrong. */
export async function validateFile(file: string, options: { scenario?: string; vehicle?: string }): Promise<ValidateResult> {
  const ok = (kind: ValidateResult['kind'], message: string, details: Record<string, unknown>, warnings: string[] = []): ValidateResult => ({ file, kind, valid: true, message, warnings, details });
  if (isPlanFile(file)) {
    const plan = loadPlanFile(file);
    if (!options.scenario) {
      return ok('plan', `${file}: valid ${plan.provenance.planner} plan for "${plan.scenario}" (${plan.waypoints.length} waypoints); add --scenario FILE to check the flight rules`,
        { scenario: plan.scenario, planner: plan.provenance.planner, waypoints: plan.waypoints.length, flight_rules_checked: false });
    }
    const site = await loadSite(options.scenario);
    const check = checkFlightRules(plan, site.orbital, site.mission, { id: sequenceId(`${plan.scenario}_${plan.provenance.planner}`) });
    if (!check.ok) throw new InputError(file, '', `breaks the flight rules of ${options.scenario}:\n  - ${check.violations.map((v) => v.message).join('\n  - ')}`);
    return ok('plan', `${file}: valid plan, passes the flight rules of ${options.scenario} (${plan.waypoints.length} waypoints, ${check.route.total_length_m} m)`,
      { scenario: plan.scenario, planner: plan.provenance.planner, waypoints: plan.waypoints.length, flight_rules_checked: true, flight_rules_of: options.scenario, route_length_m: check.route.total_length_m }, check.warnings);
  }
  if (options.scenario) throw new InputError('command line', '--scenario', 'applies to plan files (*.plan.json) only');
  if (options.vehicle && !isSequenceFile(file)) throw new InputError('command line', '--vehicle', 'applies to sequence files (*.seq.json) only');
  if (isSequenceFile(file)) {
    // Checked against the dictionary of the rover that will run it: its top speed, its tightest arc.
    const vehicle = options.vehicle ? loadVehicleFile(options.vehicle) : DEFAULT_VEHICLE;
    const seq = validateSequenceFile(file, { dictionary: commandDictionary(vehicle, vehicle.flight_software) });
    return ok('sequence', `${file}: valid sequence "${seq.id}" (${seq.steps} step${seq.steps === 1 ? '' : 's'}) for ${vehicle.name}`, { id: seq.id, steps: seq.steps, vehicle: vehicle.name });
  }
  if (/\.vehicle\.ya?ml$/i.test(file)) {
    const vehicle = loadVehicleFile(file);
    return ok('vehicle', `${file}: valid vehicle "${vehicle.name}"`, { name: vehicle.name });
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
  const lightS = oneWayLightTimeS(utcMs);
  return ok('scenario', `${file}: valid scenario "${scenario.name}" (one-way light time ${lightS.toFixed(1)} s, ${(lightS / 60).toFixed(1)} min, on ${scenario.date_utc}${conjunction})`,
    { name: scenario.name, date_utc: scenario.date_utc, one_way_light_time_s: Number(lightS.toFixed(3)), solar_conjunction: conjunction !== '' });
}

