import type { Rgb } from '../../../src/core/draw';
import type { Mission } from '../../../src/ground/mission';
import { mapBounds, type OrbitalMaps } from '../../../src/ground/orbital-maps';
import { routePoints } from '../../../src/ground/plan';
import type { Relief } from '../../../src/ground/relief';
import { COLOURS, orbitalPicture, planningRegion, type Region, type SitePicture } from '../../../src/ground/site-picture';
import type { RunResult } from './run';

/** Longest side of run maps (px). */
const MAP_MAX_PX = 1600;

/** The region a run map shows: the planning region grown to hold every track, clipped to the map. */
function mapRegion(maps: OrbitalMaps, mission: Mission, runs: readonly RunResult[]): Region {
  const r = { ...planningRegion(maps, mission) };
  for (const run of runs) {
    for (const [x, y] of run.track) {
      r.xMin = Math.min(r.xMin, x - 5);
      r.xMax = Math.max(r.xMax, x + 5);
      r.yMin = Math.min(r.yMin, y - 5);
      r.yMax = Math.max(r.yMax, y + 5);
    }
  }
  const b = mapBounds(maps);
  return { xMin: Math.max(b.xMin, r.xMin), xMax: Math.min(b.xMax, r.xMax), yMin: Math.max(b.yMin, r.yMin), yMax: Math.min(b.yMax, r.yMax) };
}

function drawRun(pic: SitePicture, mission: Mission, run: RunResult, planColour: Rgb, trackColour: Rgb, numbered: boolean): void {
  for (const z of run.learnedKeepOut) {
    const [cx, cy] = pic.toPx(z.x_m, z.y_m);
    pic.canvas.circle(cx, cy, z.radius_m / pic.scale, COLOURS.keepOut, 1);
  }
  run.sols.forEach((sol, i) => {
    if (sol.plan) pic.drawRoute(routePoints(sol.plan, sol.from ?? mission.start), planColour, { width: 2, numbered: numbered && i === 0 });
  });
  pic.drawRoute(run.track, trackColour, { width: 3 });
  for (const stop of run.stops) {
    const [x, y] = pic.toPx(stop.x_m, stop.y_m);
    if (stop.kind === 'hazard' || stop.kind === 'fault') {
      pic.canvas.cross(x, y, 9, COLOURS.stop, 3);
      pic.canvas.text(x + 10, y + 6, stop.kind === 'hazard' ? `STOP ${stop.sol}` : `FAULT ${stop.sol}`, COLOURS.stop);
    } else {
      pic.canvas.disc(x, y, 5, trackColour);
    }
  }
}

/** One run's map: the orbital image (with contours by default), planned waypoints in magenta, the driven track in orange, stops marked. */
export function runMap(maps: OrbitalMaps, mission: Mission, run: RunResult, relief: Relief = 'contours'): SitePicture {
  const pic = orbitalPicture(maps, mission, mapRegion(maps, mission, [run]), MAP_MAX_PX, relief);
  drawRun(pic, mission, run, COLOURS.waypoints, COLOURS.track, true);
  return pic;
}

/** Colours of the plans on a comparison map, in order. */
export const COMPARE_COLOURS: readonly Rgb[] = [[255, 0, 255], [255, 140, 0], [0, 200, 255], [120, 255, 80], [255, 255, 255]];

/** Every run on one map, each plan and track in its own colour, with a legend. */
export function compareMap(maps: OrbitalMaps, mission: Mission, runs: readonly RunResult[], relief: Relief = 'contours'): SitePicture {
  const pic = orbitalPicture(maps, mission, mapRegion(maps, mission, runs), MAP_MAX_PX, relief);
  runs.forEach((run, i) => {
    const colour = COMPARE_COLOURS[i % COMPARE_COLOURS.length];
    const faded: Rgb = [Math.round(colour[0] * 0.6), Math.round(colour[1] * 0.6), Math.round(colour[2] * 0.6)];
    drawRun(pic, mission, run, faded, colour, false);
    pic.canvas.text(10, pic.height - 30 - 20 * (runs.length - 1 - i), `${run.summary.plan}: ${run.summary.outcome}, ${run.summary.distance_m.toFixed(0)} M`.toUpperCase(), colour);
  });
  return pic;
}
