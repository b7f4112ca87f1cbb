import { RandomStreams } from '../../../src/core/random';
import type { RockParams } from './params';
import { reachesInto, RockField, scatterRocks, type RockClearing } from './rocks';
import { TruthTerrain } from './terrain';

/*
 * A Monte Carlo run's terrain: the nominal site as orbit sees it, with only what orbit cannot resolve
 * drawn again. Rocks at least `visibleMinDiameterM` wide (the orbital image's detection size) are the
 * nominal site's own, so the ground's orbital products (planned on once) stay true in every run;
 * smaller rocks are drawn afresh from the run's seed and abundance. The base relief, sand and soil are
 * the nominal site's objects, shared and never copied.
 */

/** What a run redraws of the nominal terrain. */
export interface UnresolvedRockDraw {
  /** Seed of the run's arrangement of unresolved rocks; none keeps the nominal site's (only the clearings move). */
  rockSeed?: number | string;
  /** The scenario's rock population; `k` may be the run's dispersed abundance. */
  population: RockParams;
  /** Rocks at least this wide (m) are seen from orbit and kept (OrbitalParams.visible_rock_min_diameter_m). */
  visibleMinDiameterM: number;
  /** Ground kept free of every rock: where the rover truly stands at the start. */
  clearings: RockClearing[];
}

/** The stream the unresolved rocks are drawn from (apart from the nominal site's 'terrain.rocks'). */
const UNRESOLVED_ROCKS_STREAM = 'terrain.unresolved_rocks';

export function redrawUnresolvedRocks(nominal: TruthTerrain, draw: UnresolvedRockDraw): TruthTerrain {
  const region = nominal.bounds;
  const { clearings, population } = draw;
  // Without a seed of its own a run keeps every nominal rock.
  const visibleR = draw.rockSeed === undefined ? 0 : draw.visibleMinDiameterM / 2;
  const kept = (x: number, y: number, r: number) => !clearings.some((c) => reachesInto(c, x, y, r));
  const seen = nominal.rocks;
  const visible: number[] = [];
  for (let i = 0; i < seen.count; i++) if (seen.radius[i] >= visibleR && kept(seen.x[i], seen.y[i], seen.radius[i])) visible.push(i);
  const maxD = Math.min(population.max_diameter_m, draw.visibleMinDiameterM);
  const small = draw.rockSeed !== undefined && maxD > population.min_diameter_m
    ? scatterRocks(
        { k: population.k, minDiameterM: population.min_diameter_m, maxDiameterM: maxD, heightRatio: population.height_ratio, heightRatioSpread: population.height_ratio_spread },
        region,
        new RandomStreams(draw.rockSeed).stream(UNRESOLVED_ROCKS_STREAM),
        // As on the nominal site: sand sheets bury rocks; the parked rover's ground is clear.
        (x, y, r) => nominal.sand.coverAt(x, y) >= 0.5 || !kept(x, y, r),
      )
    : RockField.empty(region);
  const n = visible.length + small.count;
  const x = new Float64Array(n), y = new Float64Array(n), radius = new Float32Array(n), height = new Float32Array(n);
  visible.forEach((i, j) => {
    x[j] = seen.x[i];
    y[j] = seen.y[i];
    radius[j] = seen.radius[i];
    height[j] = seen.height[i];
  });
  x.set(small.x, visible.length);
  y.set(small.y, visible.length);
  radius.set(small.radius, visible.length);
  height.set(small.height, visible.length);
  const rocks = new RockField({ x, y, radius, height }, region);
  const origin = { ...nominal.origin, rockAbundance: population.k };
  return new TruthTerrain(nominal.base, rocks, nominal.sand, nominal.soilClasses, nominal.craters, origin, nominal.sourceDem);
}
