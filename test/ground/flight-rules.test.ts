import { describe, expect, it } from 'vitest';
import { parseSequence } from '../../src/fsw/seq/seqjson';
import { PLAN_FORMAT, type Plan } from '../../src/ground/plan';
import { checkFlightRules } from '../../src/ground/uplink/flight-rules';
import { legBudgetS, NAVCAM_MOSAIC_PANS_DEG, planToSequence } from '../../src/ground/uplink/to-seqjson';
import { MOUND, syntheticMaps, syntheticMission } from './synthetic-maps';

const maps = syntheticMaps();

function plan(waypoints: [number, number][]): Plan {
  return {
    format: PLAN_FORMAT, scenario: 'synthetic', rationale: '',
    waypoints: waypoints.map(([x_m, y_m], i) => ({ x_m, y_m, tolerance_m: i === waypoints.length - 1 ? 2 : 1 })),
    provenance: { planner: 'human' },
  };
}

const rulesOf = (p: Plan, mission = syntheticMission()) => checkFlightRules(p, maps, mission, { id: 'test' }).violations.map((v) => v.rule);

describe('flight-rule check before uplink', () => {
  it('passes a clean plan and gives its valid SeqJSON sequence', () => {
    const good = plan([[35, 62], [60, 65], [85, 60], [110, 40]]);
    const check = checkFlightRules(good, maps, syntheticMission(), { id: 'clean', sol: 1709 });
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    const seq = parseSequence(JSON.stringify(check.sequence), 'clean.seq.json');
    const gotos = seq.steps.filter((s) => s.stem === 'NAV_GOTO_WAYPOINT');
    expect(gotos.map((s) => [s.args.x_m, s.args.y_m])).toEqual(good.waypoints.map((w) => [w.x_m, w.y_m]));
    expect(gotos[0].args.time_budget_s).toBe(legBudgetS(Math.hypot(35 - 10, 62 - 40), 0.042));
    expect(check.warnings.join(' ')).toMatch(/over sand/); // the first leg crosses the sand patch: a warning, not a veto
  });

  it('flags each rule: spacing, waypoint slope, keep-in, on the map, ends at the goal, waypoint count', () => {
    expect(rulesOf(plan([[110, 40]]), syntheticMission({ max_waypoint_spacing_m: 50 }))).toEqual(['spacing']);
    expect(rulesOf(plan([[MOUND.x, MOUND.y + 7], [110, 40]]))).toEqual(['waypoint_slope']);
    const boxed = { ...syntheticMission(), keepIn: { x_min_m: 0, y_min_m: 20, x_max_m: 120, y_max_m: 60 } };
    expect(rulesOf(plan([[60, 70], [110, 40]]), boxed)).toEqual(['keep_in', 'keep_in']);
    expect(rulesOf(plan([[60, 90], [110, 40]]))).toEqual(['on_map', 'on_map']);
    expect(rulesOf(plan([[60, 70], [100, 60]]))).toEqual(['ends_at_goal']);
    const many = plan(Array.from({ length: 11 }, (_, i) => [10 + ((i + 1) * 100) / 11, i === 10 ? 40 : 70] as [number, number]));
    expect(rulesOf(many, syntheticMission({ max_waypoints: 10 }))).toEqual(['waypoint_count']);
  });

  it('reports a sequence the command dictionary would reject', () => {
    // A waypoint tolerance the plan schema allows but NAV_GOTO_WAYPOINT does not (0.1..20 m on both: force it past).
    const p = plan([[60, 70], [110, 40]]);
    p.waypoints[0].tolerance_m = 25;
    const check = checkFlightRules(p, maps, syntheticMission(), { id: 'bad' });
    expect(check.ok).toBe(false);
    expect(check.violations[0]).toMatchObject({ rule: 'sequence' });
    expect(check.violations[0].message).toMatch(/steps\[9\] \(NAV_GOTO_WAYPOINT\): argument tolerance_m: 25 is out of range/);
    expect(check.sequence).toBeUndefined();
  });

  it('writes zones before the drives', () => {
    const mission = { ...syntheticMission(), keepIn: { x_min_m: 0, y_min_m: 0, x_max_m: 120, y_max_m: 80 }, keepOut: [{ x_m: 30, y_m: 62, radius_m: 9, reason: 'sand' }] };
    const doc = planToSequence(plan([[110, 40]]), mission, { id: 'zones' }) as { steps: { stem: string; description: string }[] };
    const mosaic = NAVCAM_MOSAIC_PANS_DEG.map(() => 'IMG_TAKE');
    expect(doc.steps.map((s) => s.stem)).toEqual(['NAV_CLEAR_ZONES', 'NAV_SET_KEEP_IN_BOX', 'NAV_ADD_KEEP_OUT_CIRCLE', 'MOB_AWAIT_DRIVE_WINDOW', 'NAV_SUN_UPDATE', ...mosaic, 'NAV_GOTO_WAYPOINT', ...mosaic]);
    expect(doc.steps[2].description).toBe('sand');
  });
});
