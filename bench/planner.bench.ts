import { generateTerrain } from '../sim/world/terrain/generate';
import { makeOrbitalProducts } from '../sim/world/terrain/orbital/products';
import { ProceduralTerrainParams } from '../sim/world/terrain/params';
import { DEFAULT_FLIGHT_RULES, type Mission } from '../src/ground/mission';
import { planBaseline } from '../src/ground/planners/baseline';
import { buildCostMap } from '../src/ground/planners/cost-map';
import { fieldDStar } from '../src/ground/planners/field-dstar';
import { routeLength, routePoints } from '../src/ground/plan';

/**
 * Baseline planning time on a 1 km x 1 km site with a 1 m orbital DEM (k = 0.15,
 * craters and sand as generated), corner to corner (~1.27 km) and for a typical ~250 m sol's drive.
 * Aim: <= 1 s. Median of 3 runs; the parts (cost map, Field D*) are timed apart too.
 */
export function plannerBenchmark(): Record<string, number> {
  const params = ProceduralTerrainParams.parse({ size_m: [1000, 1000], post_spacing_m: 1, rocks: { k: 0.15 } });
  const terrain = generateTerrain(params, 2025);
  const maps = makeOrbitalProducts(terrain, { image_spacing_m: 1, dem_spacing_m: 1 }, 2025);
  const mission = (x0: number, y0: number, x1: number, y1: number): Mission => ({
    start: { x_m: x0, y_m: y0, heading_deg: 0 }, goal: { x_m: x1, y_m: y1, tolerance_m: 2 }, keepOut: [], rules: DEFAULT_FLIGHT_RULES,
  });
  const long = mission(50, 50, 950, 950), typical = mission(400, 400, 600, 560);
  const median = (f: () => void): number => {
    const times = [0, 1, 2].map(() => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    });
    return times.sort((a, b) => a - b)[1] / 1000;
  };
  let grid = buildCostMap(maps, long);
  const costMapS = median(() => (grid = buildCostMap(maps, long)));
  let expanded = 0;
  const dstarS = median(() => (expanded = fieldDStar(grid, [50, 50], [950, 950])!.expanded));
  let plan = planBaseline({ scenario: 'bench', maps, mission: long });
  const longS = median(() => (plan = planBaseline({ scenario: 'bench', maps, mission: long })));
  const longLength = routeLength(routePoints(plan, long.start));
  let typicalPlan = plan;
  const typicalS = median(() => (typicalPlan = planBaseline({ scenario: 'bench', maps, mission: typical })));
  return {
    site_km2: 1,
    dem_posts: maps.dem.values.length,
    cost_map_s: round(costMapS),
    field_dstar_s: round(dstarS),
    field_dstar_nodes_expanded: expanded,
    plan_corner_to_corner_s: round(longS),
    plan_corner_to_corner_waypoints: plan.waypoints.length,
    plan_corner_to_corner_route_ratio: round(longLength / Math.hypot(900, 900)),
    plan_250m_s: round(typicalS),
    plan_250m_waypoints: typicalPlan.waypoints.length,
  };
}

const round = (v: number): number => Number(v.toFixed(3));
