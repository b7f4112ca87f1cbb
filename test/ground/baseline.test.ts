import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTerrain } from '../../sim/world/terrain/generate';
import { makeOrbitalProducts } from '../../sim/world/terrain/orbital/products';
import { ProceduralTerrainParams } from '../../sim/world/terrain/params';
import { loadSite } from '../../sim/app/scenario/site';
import { DEFAULT_FLIGHT_RULES, type Mission } from '../../src/ground/mission';
import type { OrbitalMaps } from '../../src/ground/orbital-maps';
import { routePoints, type Plan } from '../../src/ground/plan';
import { planBaseline } from '../../src/ground/planners/baseline';
import { buildCostMap, costAt } from '../../src/ground/planners/cost-map';
import { fieldDStar } from '../../src/ground/planners/field-dstar';
import { analyseRoute } from '../../src/ground/route-analysis';
import { checkFlightRules } from '../../src/ground/uplink/flight-rules';
import { inputErrorOf } from '../input-error';
import { syntheticMaps, syntheticMission } from './synthetic-maps';

const ROOT = join(__dirname, '../..');

/** Every check a baseline plan must pass: no leg over ground above the slope limit, legs within the spacing rule, the flight rules. */
function expectSafeRoute(plan: Plan, maps: OrbitalMaps, mission: Mission): ReturnType<typeof analyseRoute> {
  const route = analyseRoute(routePoints(plan, mission.start), maps, mission);
  for (const leg of route.legs) {
    expect(leg.steep_m, `leg ${leg.leg} crosses ground above ${mission.rules.max_slope_deg} deg`).toBe(0);
    expect(leg.length_m).toBeLessThanOrEqual(mission.rules.max_waypoint_spacing_m);
  }
  const check = checkFlightRules(plan, maps, mission, { id: 'baseline_test' });
  expect(check.violations).toEqual([]);
  return route;
}

/** The dense Field D* path never enters a cell above the slope limit (sampled every 5 cm). */
function expectDensePathClear(maps: OrbitalMaps, mission: Mission): void {
  const grid = buildCostMap(maps, mission);
  const result = fieldDStar(grid, [mission.start.x_m, mission.start.y_m], [mission.goal.x_m, mission.goal.y_m]);
  expect(result).not.toBeNull();
  const path = result!.path;
  for (let i = 1; i < path.length; i++) {
    const [x0, y0] = path[i - 1], [x1, y1] = path[i];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.05));
    for (let k = 1; k < n; k++) {
      const x = x0 + ((x1 - x0) * k) / n, y = y0 + ((y1 - y0) * k) / n;
      expect(maps.slopeDeg.nearest(x, y)).toBeLessThanOrEqual(mission.rules.max_slope_deg + 1e-3);
      expect(Number.isFinite(costAt(grid, x, y))).toBe(true);
    }
  }
}

describe('baseline planner (Field D* on orbital maps)', () => {
  it('goes around a generated crater the straight line would cross', () => {
    const params = ProceduralTerrainParams.parse({
      size_m: [240, 160], post_spacing_m: 0.5, relief: { median_slope_deg: 3 },
      craters: { density_per_km2: 30, min_diameter_m: 40, max_diameter_m: 70, min_freshness: 1 },
      rocks: { k: 0.03 }, sand: { fraction: 0.02 },
    });
    // Craters are a Poisson draw (~1 on this site): the site is the first seed's that draws one with
    // room for a start and a goal a diameter either side of it.
    const fits = (c: { x: number; y: number; diameterM: number }) => c.x - c.diameterM > 5 && c.x + c.diameterM < 235 && c.y > 20 && c.y < 140;
    let seed = 1, terrain = generateTerrain(params, seed);
    while (!terrain.craters.some(fits) && seed < 50) terrain = generateTerrain(params, ++seed);
    const maps = makeOrbitalProducts(terrain, {}, seed);
    const crater = [...terrain.craters].filter(fits).sort((a, b) => b.diameterM - a.diameterM)[0];
    const D = crater.diameterM;
    expect(D).toBeGreaterThan(40);
    const mission: Mission = {
      start: { x_m: crater.x - D, y_m: crater.y, heading_deg: 0 },
      goal: { x_m: crater.x + D, y_m: crater.y, tolerance_m: 2 },
      keepOut: [], rules: DEFAULT_FLIGHT_RULES,
    };
    const straight = analyseRoute([[mission.start.x_m, mission.start.y_m], [mission.goal.x_m, mission.goal.y_m]], maps, mission);
    expect(straight.legs[0].steep_m, 'the straight line crosses the crater wall').toBeGreaterThan(10);

    const plan = planBaseline({ scenario: 'crater', maps, mission });
    const route = expectSafeRoute(plan, maps, mission);
    expect(route.total_length_m).toBeGreaterThan(2 * D); // a detour
    expect(route.total_length_m).toBeLessThan(1.6 * 2 * D); // around the rim, not a wander
    // The route keeps out of the bowl: every waypoint and leg sample stays outside 0.4 D of its centre.
    for (const [x, y] of routePoints(plan, mission.start)) expect(Math.hypot(x - crater.x, y - crater.y)).toBeGreaterThan(0.4 * D);
    expectDensePathClear(maps, mission);
    expect(plan.provenance.planner).toBe('baseline');
    expect(plan.waypoints.at(-1)).toMatchObject({ x_m: mission.goal.x_m, y_m: mission.goal.y_m, tolerance_m: 2 });
  });

  it('plans across the real Gale DEM around its ridges, legs <= 100 m', async () => {
    const site = await loadSite(join(ROOT, 'scenarios/gale-mmgis.yaml'));
    const { mission, orbital: maps } = site;
    const straight = analyseRoute([[mission.start.x_m, mission.start.y_m], [mission.goal.x_m, mission.goal.y_m]], maps, mission);
    expect(straight.legs[0].steep_m, 'the straight line crosses steep ridges').toBeGreaterThan(10);
    const plan = planBaseline({ scenario: 'gale-mmgis', maps, mission });
    const route = expectSafeRoute(plan, maps, mission);
    expect(route.total_length_m / route.straight_line_m).toBeLessThan(1.3);
    expectDensePathClear(maps, mission);
  });

  it('splits long legs: with a 30 m spacing rule no leg is longer than 30 m', () => {
    const maps = syntheticMaps();
    const mission = syntheticMission({ max_waypoint_spacing_m: 30 });
    const plan = planBaseline({ scenario: 'synthetic', maps, mission });
    expectSafeRoute(plan, maps, mission);
    expect(plan.waypoints.length).toBeGreaterThanOrEqual(4);
  });

  it('avoids sand when a short detour is cheaper, and keep-out zones always', () => {
    const maps = syntheticMaps();
    // Start and goal on either side of the sand patch (centre (30, 62), radius 8).
    const mission = { ...syntheticMission(), start: { x_m: 10, y_m: 62, heading_deg: 0 }, goal: { x_m: 50, y_m: 62, tolerance_m: 2 } };
    const plan = planBaseline({ scenario: 'synthetic', maps, mission });
    const route = analyseRoute(routePoints(plan, mission.start), maps, mission);
    expect(route.legs.reduce((s, l) => s + l.sand_m, 0)).toBe(0);
    const fenced = { ...mission, keepOut: [{ x_m: 30, y_m: 72, radius_m: 6 }] };
    const plan2 = planBaseline({ scenario: 'synthetic', maps, mission: fenced });
    const route2 = analyseRoute(routePoints(plan2, fenced.start), maps, fenced);
    expect(route2.legs.every((l) => l.keep_out_index === -1)).toBe(true);
  });

  it('says why when there is no route, or the start or goal is forbidden ground', () => {
    const maps = syntheticMaps();
    expect(inputErrorOf(() => planBaseline({ scenario: 's', maps, mission: { ...syntheticMission(), goal: { x_m: 60, y_m: 47, tolerance_m: 2 } } })).message).toMatch(
      /baseline planner \(s\): goal: \(60, 47\) is on ground the flight rules forbid: the orbital slope there is [\d.]+ deg, above the 20 deg limit/);
    // A keep-out ring around the goal leaves no way in.
    const walled = { ...syntheticMission(), keepOut: [0, 20, 40, 60, 80].map((y) => ({ x_m: 90, y_m: y, radius_m: 10 })) };
    expect(inputErrorOf(() => planBaseline({ scenario: 's', maps, mission: walled })).message).toMatch(/no route from the start to the goal keeps under 20 deg/);
  });

  it('replans from a rover standing just beyond a zone\'s margin, and names a zone that holds the start', () => {
    const maps = syntheticMaps();
    // The zone's cells reach 2.5 + 1.85 + 0.71 (half a 1 m cell's diagonal) = 5.06 m; the rover
    // stands 4.65 m from its centre, beyond the 4.35 m the flight rules measure.
    const zone = { x_m: 20, y_m: 40, radius_m: 2.5 };
    const mission = { ...syntheticMission(), start: { x_m: 24.65, y_m: 40, heading_deg: 0 }, keepOut: [zone] };
    const plan = planBaseline({ scenario: 's', maps, mission }, { fromRover: true });
    expectSafeRoute(plan, maps, mission);
    const inside = { ...mission, start: { x_m: 24, y_m: 40, heading_deg: 0 } };
    expect(inputErrorOf(() => planBaseline({ scenario: 's', maps, mission: inside }, { fromRover: true })).message).toMatch(
      /start: \(24, 40\) is on ground the flight rules forbid: it is within 2\.56 m of a keep-out zone \(the 1\.85 m margin and half the diagonal of a 1 m map cell\)/);
  });
});
