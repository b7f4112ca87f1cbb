import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOL_S } from '../../src/core/time';
import { commandDef, commandDictionary, COMMANDS, minArcRadiusM, validateArgs } from '../../src/fsw/cmd/dictionary';
import { DEFAULT_FSW_PARAMS, paramDictionary } from '../../src/fsw/params';
import { legBudgetS, planToSequence } from '../../src/ground/uplink/to-seqjson';
import { Plan, PLAN_FORMAT } from '../../src/ground/plan';
import { EXIT } from '../../sim/app/cli';
import { buildRoverWorld } from '../../sim/world/rover-world';
import { terrainFromFunction } from '../../sim/world/terrain/analytic';
import { sunDirection } from '../../sim/world/terrain/orbital/sun';
import { DEFAULT_VEHICLE, loadVehicleFile, type VehicleConfig } from '../../sim/world/vehicle/config';
import { rover } from '../cli-harness';
import { inputErrorOf } from '../input-error';
import { syntheticMission } from '../ground/synthetic-maps';

/*
 * Flight software's parameters (src/fsw/params.ts) come from the vehicle file, and the command
 * dictionary is the dictionary of the vehicle in use: a slower rover refuses a speed Perseverance takes.
 */

const dir = mkdtempSync(join(tmpdir(), 'rover-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const SLOW = 'name: slow\ntop_speed_m_s: 0.03\nflight_software:\n  mobility: { turn_rate_deg_s: 1 }\n  fault: { loss_of_link_sols: 0.5 }\n';

describe("flight software's parameters", () => {
  it('have a default and a range each, and the dictionary lists them', () => {
    const listed = paramDictionary();
    expect(listed.map((p) => p.name)).toContain('autonav.stuck_cycles');
    for (const p of listed) {
      expect(p.default, p.name).toBeGreaterThanOrEqual(p.min);
      expect(p.default, p.name).toBeLessThanOrEqual(p.max);
      expect(p.description.length, p.name).toBeGreaterThan(10);
    }
  });

  it('are set from the vehicle file, which is refused when one is out of its range (file, line and field named)', () => {
    const slow = loadVehicleFile(file('slow.vehicle.yaml', SLOW));
    expect(slow.flight_software.mobility.turn_rate_deg_s).toBe(1);
    expect(slow.flight_software.autonav).toEqual(DEFAULT_FSW_PARAMS.autonav);
    const e = inputErrorOf(() => loadVehicleFile(file('bad.vehicle.yaml', 'name: bad\nflight_software:\n  fault:\n    persistence: 0\n')));
    expect(e.message).toMatch(/bad\.vehicle\.yaml: line 4: flight_software\.fault\.persistence: /);
  });

  it('reach flight software: a half-sol loss-of-link limit trips in an idle sol, the default three sols does not', () => {
    const terrain = terrainFromFunction(() => 0, { xMin: -10, xMax: 10, yMin: -10, yMax: 10 }, { spacingM: 0.5 });
    const idleSol = (vehicle: VehicleConfig) => {
      const start = { x: 0, y: 0, headingRad: 0 };
      const world = buildRoverWorld({ terrain, vehicle, start, believedStart: start, seed: 1, epochUtcMs: Date.UTC(2025, 11, 8), sun: sunDirection(35, 250) });
      world.engine.run(SOL_S);
      return world.fsw.events.history.map((e) => e.name);
    };
    expect(idleSol(loadVehicleFile(file('slow2.vehicle.yaml', SLOW)))).toContain('FP_LOSS_OF_LINK');
    expect(idleSol(DEFAULT_VEHICLE)).not.toContain('FP_LOSS_OF_LINK');
  });
});

describe('the command dictionary of the vehicle in use', () => {
  const slow = loadVehicleFile(file('slow3.vehicle.yaml', SLOW));
  const slowDictionary = commandDictionary(slow, slow.flight_software);

  it("takes the vehicle's top speed, tightest arc and turn rate", () => {
    const drive = commandDef('MOB_DRIVE_STRAIGHT', slowDictionary)!;
    expect(validateArgs(drive, { distance_m: 5, speed_m_s: 0.04 }).ok).toBe(false);
    expect(validateArgs(commandDef('MOB_DRIVE_STRAIGHT')!, { distance_m: 5, speed_m_s: 0.04 }).ok).toBe(true);
    const turn = validateArgs(commandDef('MOB_TURN_IN_PLACE', slowDictionary)!, { angle_deg: 90 });
    expect(turn.ok && turn.values.rate_deg_s).toBe(1);
    expect(minArcRadiusM(DEFAULT_VEHICLE)).toBe(1.2);
    const wide = { ...DEFAULT_VEHICLE, wheels: { ...DEFAULT_VEHICLE.wheels, middle: { x_m: 0, y_m: 1.5 } }, body: { ...DEFAULT_VEHICLE.body, width_m: 3.2 } };
    expect(minArcRadiusM(wide)).toBe(1.5);
    // The default dictionary is Perseverance's (rules are functions: compared as data).
    expect(JSON.stringify(COMMANDS)).toBe(JSON.stringify(commandDictionary(DEFAULT_VEHICLE)));
  });

  it('onboard: the slower rover refuses a speed over its top speed', () => {
    const terrain = terrainFromFunction(() => 0, { xMin: -10, xMax: 10, yMin: -10, yMax: 10 }, { spacingM: 0.5 });
    const start = { x: 0, y: 0, headingRad: 0 };
    const world = buildRoverWorld({ terrain, vehicle: slow, start, believedStart: start, seed: 1, epochUtcMs: Date.UTC(2025, 11, 8), sun: sunDirection(35, 250) });
    const handle = world.fsw.dispatcher.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 2, speed_m_s: 0.04 }, 0);
    expect(handle.status()).toMatchObject({ status: 'VALIDATION_ERROR' });
    expect(world.fsw.events.history.at(-1)).toMatchObject({ name: 'CMD_INVALID' });
  });

  it('on the ground: rover validate --vehicle checks a sequence against that vehicle, and the plan budgets legs at its top speed', async () => {
    const seq = file('fast.seq.json', JSON.stringify({
      id: 'fast', metadata: {},
      steps: [{ type: 'command', stem: 'MOB_DRIVE_STRAIGHT', time: { type: 'COMMAND_COMPLETE' }, args: [{ name: 'distance_m', type: 'number', value: 5 }, { name: 'speed_m_s', type: 'number', value: 0.04 }] }],
    }));
    expect((await rover('validate', seq)).code).toBe(EXIT.ok);
    const r = await rover('validate', seq, '--vehicle', join(dir, 'slow3.vehicle.yaml'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/fast\.seq\.json: .*steps\[0\].*speed_m_s/);
    expect((await rover('validate', join(dir, 'slow3.vehicle.yaml'), '--vehicle', join(dir, 'slow3.vehicle.yaml'))).code).toBe(EXIT.invalidInput);

    const mission = { ...syntheticMission(), vehicle: { geometry: slow, params: slow.flight_software } };
    const plan = Plan.parse({ format: PLAN_FORMAT, scenario: 'synthetic', waypoints: [{ ...mission.goal }], provenance: { planner: 'human', author: 'test' } });
    const doc = planToSequence(plan, mission, { id: 'slow_plan' }) as { steps: { stem: string; args: { name: string; value: number }[] }[] };
    const goto = doc.steps.find((s) => s.stem === 'NAV_GOTO_WAYPOINT')!;
    const length = Math.hypot(mission.goal.x_m - mission.start.x_m, mission.goal.y_m - mission.start.y_m);
    expect(goto.args.find((a) => a.name === 'time_budget_s')!.value).toBe(legBudgetS(length, 0.03));
  });
});
