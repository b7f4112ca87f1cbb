import { connectedClusters } from '../../../src/core/clusters';
import { SoilClass } from '../../../src/core/soil-class';
import type { Plan } from '../../../src/ground/plan';
import type { RouteTwin, TwinRun } from '../../../src/ground/planners/route-twin';
import { drawDispersion } from './dispersion';
import { dispersedSite, type Site } from '../scenario/site';
import { SandParams } from '../../world/terrain/params';
import { RockField } from '../../world/terrain/rocks';
import { SandField } from '../../world/terrain/sand';
import { TruthTerrain } from '../../world/terrain/terrain';
import { runScenario, type RunResult } from './run';

/*
 * The twin the ground may drive a candidate route in (the AI planner's simulate_route): a site made
 * from the orbital products only. Its relief is the orbital DEM, its sand the soil map's sand
 * (ripples of the default height [assumed: the ground does not know them]), its rocks the rocks
 * orbit resolves (each cluster of big-rock posts one rock, as wide as the cluster's area and half as
 * high [assumed: the truth's mean height-to-diameter ratio]). Dispersed runs add the rocks orbit
 * cannot resolve, drawn at the site's rock abundance (what orbital rock counts estimate), with the
 * scenario's sensor and start dispersions, exactly as a Monte Carlo run disperses a site; their seeds
 * come from the scenario seed, so the same route gives the same answer (and a replay can check it).
 */

export function orbitalTwin(site: Site): RouteTwin {
  const twin: Site = { ...site, terrain: orbitalTerrain(site), truthStart: undefined };
  return {
    site: 'made from the orbital products alone: the orbital DEM, sand from the soil map and the rocks orbit resolves; dispersed runs add rocks too small for orbit at the site\'s rock abundance, and the scenario\'s sensor and start dispersions',
    simulate(plan: Plan, dispersed: number) {
      const nominal = twinRun(runScenario(twin, plan, { label: 'candidate' }));
      const runs: TwinRun[] = [];
      for (let k = 0; k < dispersed; k++) {
        const draw = drawDispersion(site.loaded.scenario, site.vehicle, site.seed, k);
        runs.push(twinRun(runScenario(dispersedSite(twin, draw.site), plan, { label: 'candidate', overrides: { vehicle: site.vehicle, ...draw.overrides } })));
      }
      return { nominal, dispersed: runs };
    },
  };
}

function twinRun(run: RunResult): TwinRun {
  const s = run.summary;
  return {
    seed: s.seed, outcome: s.outcome, verdict: s.verdict, distance_m: s.distance_m, sols: s.sols, final_error_m: s.final_error_m,
    max_tilt_deg: s.max_tilt_deg, min_clearance_m: s.min_clearance_m, hazard_stops: s.hazard_stops,
    stops: run.stops.map((p) => ({ sol: p.sol, kind: p.kind, x_m: p.x_m, y_m: p.y_m })),
    stop_reason: s.stop_reason, safety_violations: s.safety_violations,
  };
}

/** The terrain orbit shows: DEM relief (gaps filled with the DEM's mean), the soil map's sand and resolved rocks. */
export function orbitalTerrain(site: Site): TruthTerrain {
  const { dem, soil } = site.orbital;
  let sum = 0, n = 0;
  for (const v of dem.values) if (!Number.isNaN(v)) (sum += v), n++;
  const mean = n ? sum / n : 0;
  const base = dem.map((v) => (Number.isNaN(v) ? mean : v));
  const sand = new SandField(soil.map((v) => (v === SoilClass.sand ? 1 : 0)), SandParams.parse({}));
  const rocks = resolvedRocks(site);
  return new TruthTerrain(base, new RockField(rocks, base.bounds), sand, soil, [], { kind: 'dem', seed: `${site.seed}/orbital-twin` });
}

/** Each 8-connected cluster of big-rock posts on the soil map as one rock at the cluster's centre. */
function resolvedRocks(site: Site): { x: Float64Array; y: Float64Array; radius: Float32Array; height: Float32Array } {
  const soil = site.orbital.soil;
  const { rows, cols } = soil;
  const rocks: { x: number; y: number; r: number }[] = [];
  for (const cluster of connectedClusters(cols, rows, (i) => soil.values[i] === SoilClass.bigRock, soil.values.keys())) {
    let x = 0, y = 0;
    for (const i of cluster) {
      x += soil.xOf(i % cols) / cluster.length;
      y += soil.yOf(Math.floor(i / cols)) / cluster.length;
    }
    rocks.push({ x, y, r: Math.sqrt((cluster.length * soil.spacing * soil.spacing) / Math.PI) });
  }
  return {
    x: Float64Array.from(rocks, (k) => k.x),
    y: Float64Array.from(rocks, (k) => k.y),
    radius: Float32Array.from(rocks, (k) => k.r),
    height: Float32Array.from(rocks, (k) => k.r), // half the diameter [assumed]
  };
}
