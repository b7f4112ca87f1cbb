import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { SoilClass } from '../../../core/soil-class';
import type { Mission } from '../../mission';
import { mapBounds, type OrbitalMaps } from '../../orbital-maps';
import { PLAN_FORMAT, type Plan, routePoints, Waypoint } from '../../plan';
import { routeHazards, type RouteHazard } from '../../route-hazards';
import type { RouteTwin } from '../route-twin';
import { isInputError } from '../../../core/errors';
import { hazardPicture, HAZARD_LEGEND, orbitalPicture, pictureSidePx } from '../../site-picture';
import { checkFlightRules } from '../../uplink/flight-rules';
import { roundTo } from '../../../core/round';

/*
 * The tools Claude plans with: look at a region's numbers, check a candidate route against the
 * orbital maps and the flight rules, and submit the route. Every answer is JSON text the model reads;
 * a malformed or rule-breaking input comes back as an error result saying what to fix, and so does a
 * submission with hazards (route-hazards.ts) neither avoided nor justified: the brief's rules are the
 * rules the submission is held to.
 */

export const TOOL_NAMES = { inspect: 'inspect_region', render: 'render_region', check: 'check_route', simulate: 'simulate_route', submit: 'submit_route' } as const;

/*
 * Each tool's input is one zod schema: it validates what the model sends, and its JSON Schema
 * (z.toJSONSchema) is what the model is shown, so the two cannot drift apart.
 */
const RegionInput = z.strictObject({
  x_min_m: z.number(), y_min_m: z.number(), x_max_m: z.number(), y_max_m: z.number(),
  cells: z.int().min(1).max(12).default(6).describe('grid cells per side (default 6)'),
});
const RenderInput = z.strictObject({
  x_min_m: z.number(), y_min_m: z.number(), x_max_m: z.number(), y_max_m: z.number(),
  layer: z.enum(['orbital', 'hazard']).default('hazard').describe('the orbital image, or the slope/sand/rock hazard map (default)'),
});
// Tolerance optional without a default: an omitted one becomes 1 m, or the goal's on the last waypoint.
const WaypointInput = z.strictObject({
  x_m: Waypoint.shape.x_m.describe('site x (east), metres'),
  y_m: Waypoint.shape.y_m.describe('site y (north), metres'),
  tolerance_m: Waypoint.shape.tolerance_m.unwrap().optional().describe('arrival radius, metres (0.1 to 20; default 1; the last waypoint takes the goal tolerance)'),
});
const RouteInput = z.strictObject({ waypoints: z.array(WaypointInput).min(1).max(200) });
const Justification = z.strictObject({
  hazard: z.string().describe('a hazard id from check_route or from a refused submission, e.g. leg2.sand1'),
  reason: z.string().min(1).max(400).describe('one line: why accepting this hazard is better than avoiding it'),
});
const SubmitInput = RouteInput.extend({
  rationale: z.string().describe('why this route: the hazards avoided and the trade-offs made'),
  hazard_justifications: z.array(Justification).max(200).optional()
    .describe('one entry per hazard of this route that you chose to accept rather than avoid; every hazard must be avoided or justified'),
});

/** A zod object schema as the Messages API's input_schema (JSON Schema of what the model may send). */
function inputSchema(schema: z.ZodObject): Anthropic.Tool.InputSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return { ...json, type: 'object' };
}

/** Tool definitions as the Messages API takes them (name, description, input_schema). */
export const TOOLS = [
  {
    name: TOOL_NAMES.inspect,
    description:
      'Statistics of a rectangular region of the orbital maps: elevation, slope (mean, 90th percentile, max, share above the limit), ' +
      'sand and bedrock shares, rocks visible from orbit, and a coarse grid (rows north to south) of max slope, sand % and rock posts per cell.',
    input_schema: inputSchema(RegionInput),
  },
  {
    name: TOOL_NAMES.render,
    description:
      'A closer look: the orbital image or the hazard map of a rectangular region, drawn at up to the orbital image\'s own resolution ' +
      'with a labelled site-metre grid fine for the region, a scale bar, and the start, goal and zones. Use it on gaps, ' +
      'narrow passages and rock fields too small to judge in the overview pictures.',
    input_schema: inputSchema(RenderInput),
  },
  {
    name: TOOL_NAMES.check,
    description:
      'Check a candidate route (the start, then these waypoints in order) against the orbital maps and the flight rules: per leg the length, ' +
      'slope, metres steeper than the limit, metres over sand, rocks near the leg, keep-in and keep-out; the flight-rule violations; every hazard ' +
      '(sand and steep stretches with where the leg enters and leaves them, each rock inside the margin with its centre and the clearance) with its id; ' +
      'and what submit_route would do with the route.',
    input_schema: inputSchema(RouteInput),
  },
  {
    name: TOOL_NAMES.simulate,
    description:
      'Drive a candidate route in the digital twin, on a site made from the orbital products alone (the DEM, sand and the rocks orbit resolves), ' +
      'with the rover\'s onboard navigation, sol by sol, and a few dispersed runs that add rocks too small for orbit: the outcome of each, ' +
      'where it stopped and why, its least belly clearance and worst tilt. Slow (seconds to minutes): use it on a route that passes check_route.',
    input_schema: inputSchema(RouteInput),
  },
  {
    name: TOOL_NAMES.submit,
    description:
      'Submit the final route. A route that breaks a flight rule is refused with the reasons. A route with hazards is sent back listing them: ' +
      'revise it to avoid them, or submit again with a one-line justification for each hazard you accept.',
    input_schema: inputSchema(SubmitInput),
  },
] satisfies Anthropic.Tool[];

export interface ToolContext {
  scenario: string;
  maps: OrbitalMaps;
  mission: Mission;
  /** The image budget pictures are drawn within (the planner's image_max_px and image_max_megapixels). */
  pictures: { maxPx: number; maxMegapixels: number };
  /** The twin simulate_route drives in, and how many dispersed runs it adds to the nominal one. */
  twin?: RouteTwin;
  dispersedRuns: number;
}

/** A tool's answer: JSON text for the model, and a picture; `error` marks it an error result; `plan` ends the exchange. */
export interface ToolAnswer {
  text: string;
  error: boolean;
  image?: Uint8Array;
  plan?: Plan;
}

/** Runs one tool call. Never throws for bad input: the reason goes back to the model. */
export function runTool(name: string, input: unknown, ctx: ToolContext, model: string): ToolAnswer {
  switch (name) {
    case TOOL_NAMES.inspect: {
      const parsed = RegionInput.safeParse(input);
      if (!parsed.success) return fail(zodReason(parsed.error));
      return inspectRegion(parsed.data, ctx);
    }
    case TOOL_NAMES.render: {
      const parsed = RenderInput.safeParse(input);
      if (!parsed.success) return fail(zodReason(parsed.error));
      return renderRegion(parsed.data, ctx);
    }
    case TOOL_NAMES.check: {
      const parsed = RouteInput.safeParse(input);
      if (!parsed.success) return fail(zodReason(parsed.error));
      const plan = toPlan(parsed.data.waypoints, '', ctx, model);
      const offMap = offMapWaypoints(plan, ctx.maps);
      if (offMap) return fail(offMap);
      const check = checkFlightRules(plan, ctx.maps, ctx.mission, { id: 'candidate' });
      const hazards = routeHazards(routePoints(plan, ctx.mission.start), ctx.maps, ctx.mission);
      return ok({
        passes_flight_rules: check.ok,
        violations: check.violations.map((v) => v.message),
        hazards,
        submit_route_would: !check.ok
          ? 'refuse the route until the violations are fixed'
          : hazards.length
            ? `send it back: avoid or justify ${hazards.length} hazard${hazards.length === 1 ? '' : 's'} (${hazards.map((h) => h.id).join(', ')})`
            : 'accept the route',
        problems: check.route.problems,
        total_length_m: check.route.total_length_m,
        straight_line_m: check.route.straight_line_m,
        legs: check.route.legs,
      });
    }
    case TOOL_NAMES.simulate: {
      const parsed = RouteInput.safeParse(input);
      if (!parsed.success) return fail(zodReason(parsed.error));
      if (!ctx.twin) return fail('the digital twin is not available to this planner; check the route with check_route');
      const plan = toPlan(parsed.data.waypoints, '', ctx, model);
      const offMap = offMapWaypoints(plan, ctx.maps);
      if (offMap) return fail(offMap);
      try {
        const { nominal, dispersed } = ctx.twin.simulate(plan, ctx.dispersedRuns);
        const all = [nominal, ...dispersed];
        return ok({ site: ctx.twin.site, reached: `${all.filter((r) => r.outcome === 'reached').length} of ${all.length} runs`, nominal, dispersed });
      } catch (e) {
        if (isInputError(e)) return fail(`the twin could not drive this route: ${e.message}`);
        throw e;
      }
    }
    case TOOL_NAMES.submit: {
      const parsed = SubmitInput.safeParse(input);
      if (!parsed.success) return fail(`${zodReason(parsed.error)}. Fix the route and call submit_route again.`);
      const plan = toPlan(parsed.data.waypoints, parsed.data.rationale, ctx, model);
      const offMap = offMapWaypoints(plan, ctx.maps);
      if (offMap) return fail(`${offMap}. Fix the route and call submit_route again.`);
      const check = checkFlightRules(plan, ctx.maps, ctx.mission, { id: 'submitted' });
      if (!check.ok) {
        return fail(`The route breaks the flight rules:\n- ${check.violations.map((v) => v.message).join('\n- ')}\nFix these and call submit_route again.`);
      }
      const hazards = routeHazards(routePoints(plan, ctx.mission.start), ctx.maps, ctx.mission);
      const review = reviewHazards(hazards, parsed.data.hazard_justifications ?? []);
      if (review.problem) return fail(review.problem);
      if (hazards.length) plan.rationale = `${plan.rationale}\nHazards accepted:\n${review.accepted.join('\n')}`.trim();
      return { ...ok({ accepted: true, hazards_accepted: hazards.map((h) => h.id) }), plan };
    }
    default:
      return fail(`unknown tool "${name}"; the tools are ${Object.values(TOOL_NAMES).join(', ')}`);
  }
}

/**
 * The self-critique gate of submit_route: every hazard of the route is either avoided (absent) or
 * justified in one line; a justification must name a hazard of this route. Returns the accepted
 * hazards as rationale lines, or what to do instead.
 */
function reviewHazards(hazards: RouteHazard[], justifications: { hazard: string; reason: string }[]): { accepted: string[]; problem?: string } {
  const reasons = new Map(justifications.map((j) => [j.hazard, j.reason.replace(/\s+/g, ' ').trim()]));
  const unknown = [...reasons.keys()].filter((id) => !hazards.some((h) => h.id === id));
  const open = hazards.filter((h) => !reasons.get(h.id));
  if (!open.length && !unknown.length) return { accepted: hazards.map((h) => `- ${h.id}: ${h.text}. Accepted because: ${reasons.get(h.id)}`) };
  const lines: string[] = [];
  if (open.length) {
    lines.push(`The route has ${open.length} hazard${open.length === 1 ? '' : 's'} not yet justified (judgement calls: avoid them, or accept them with a reason):`);
    for (const h of open) lines.push(`- ${h.id}: ${h.text}`);
  }
  if (unknown.length) {
    lines.push(`These justifications name no hazard of this route: ${unknown.join(', ')} (its hazards: ${hazards.map((h) => h.id).join(', ') || 'none'}).`);
  }
  lines.push('Revise the route to avoid them (check it with check_route), or call submit_route again with hazard_justifications: one line per hazard id saying why accepting it is the better choice.');
  return { accepted: [], problem: lines.join('\n') };
}

const ok = (value: unknown): ToolAnswer => ({ text: JSON.stringify(value), error: false });
const fail = (reason: string): ToolAnswer => ({ text: reason, error: true });

function zodReason(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `invalid input${path ? ` at ${path}` : ''}: ${issue.message}`;
}

function toPlan(waypoints: { x_m: number; y_m: number; tolerance_m?: number }[], rationale: string, ctx: ToolContext, model: string): Plan {
  const last = waypoints.length - 1;
  return {
    format: PLAN_FORMAT,
    scenario: ctx.scenario,
    waypoints: waypoints.map((w, i) => ({ x_m: w.x_m, y_m: w.y_m, tolerance_m: w.tolerance_m ?? (i === last ? ctx.mission.goal.tolerance_m : 1) })),
    rationale,
    provenance: { planner: 'ai', model },
  };
}

function offMapWaypoints(plan: Plan, maps: OrbitalMaps): string | undefined {
  const b = mapBounds(maps);
  const i = plan.waypoints.findIndex((w) => !(w.x_m >= b.xMin && w.x_m <= b.xMax && w.y_m >= b.yMin && w.y_m <= b.yMax));
  if (i < 0) return undefined;
  const w = plan.waypoints[i];
  return `waypoint ${i + 1} (${w.x_m}, ${w.y_m}) is outside the map, which spans x ${b.xMin.toFixed(1)}..${b.xMax.toFixed(1)} m and y ${b.yMin.toFixed(1)}..${b.yMax.toFixed(1)} m`;
}

function inspectRegion(input: z.infer<typeof RegionInput>, ctx: ToolContext): ToolAnswer {
  const { maps, mission } = ctx;
  const b = mapBounds(maps);
  const x0 = Math.max(b.xMin, Math.min(input.x_min_m, input.x_max_m)), x1 = Math.min(b.xMax, Math.max(input.x_min_m, input.x_max_m));
  const y0 = Math.max(b.yMin, Math.min(input.y_min_m, input.y_max_m)), y1 = Math.min(b.yMax, Math.max(input.y_min_m, input.y_max_m));
  if (!(x1 > x0 && y1 > y0)) {
    return fail(`the region does not overlap the map, which spans x ${b.xMin.toFixed(1)}..${b.xMax.toFixed(1)} m and y ${b.yMin.toFixed(1)}..${b.yMax.toFixed(1)} m`);
  }
  const { dem, slopeDeg, soil } = maps;
  const c0 = Math.ceil(dem.colOf(x0)), c1 = Math.floor(dem.colOf(x1));
  const r0 = Math.ceil(dem.rowOf(y1)), r1 = Math.floor(dem.rowOf(y0));
  const n = input.cells;
  const cellW = (x1 - x0) / n, cellH = (y1 - y0) / n;
  const cellMax = new Float64Array(n * n), cellSand = new Float64Array(n * n), cellCount = new Float64Array(n * n), cellRocks = new Float64Array(n * n);
  const slopes: number[] = [];
  let zMin = Infinity, zMax = -Infinity, zSum = 0, sand = 0, bedrock = 0, rocks = 0, steep = 0;
  for (let r = Math.max(0, r0); r <= Math.min(dem.rows - 1, r1); r++) {
    for (let c = Math.max(0, c0); c <= Math.min(dem.cols - 1, c1); c++) {
      const i = r * dem.cols + c;
      const z = dem.values[i], s = slopeDeg.values[i], k = soil.values[i];
      if (Number.isNaN(z)) continue;
      zMin = Math.min(zMin, z);
      zMax = Math.max(zMax, z);
      zSum += z;
      slopes.push(s);
      if (s > mission.rules.max_slope_deg) steep++;
      if (k === SoilClass.sand) sand++;
      else if (k === SoilClass.bedrock) bedrock++;
      else if (k === SoilClass.bigRock) rocks++;
      const gi = Math.min(n - 1, Math.floor((dem.xOf(c) - x0) / cellW)), gj = Math.min(n - 1, Math.floor((y1 - dem.yOf(r)) / cellH));
      const g = gj * n + gi;
      cellMax[g] = Math.max(cellMax[g], s);
      cellCount[g]++;
      if (k === SoilClass.sand) cellSand[g]++;
      if (k === SoilClass.bigRock) cellRocks[g]++;
    }
  }
  const count = slopes.length;
  if (!count) return fail('the region holds no map posts; make it larger than the post spacing');
  slopes.sort((a, c) => a - c);
  const pct = (v: number): number => Math.round((1000 * v) / count) / 10;
  const grid = (values: Float64Array, f: (v: number, g: number) => number): number[][] =>
    Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => f(values[j * n + i], j * n + i)));
  return ok({
    region: { x_min_m: r2(x0), y_min_m: r2(y0), x_max_m: r2(x1), y_max_m: r2(y1) },
    posts: count,
    post_spacing_m: dem.spacing,
    elevation_m: { min: r2(zMin), max: r2(zMax), mean: r2(zSum / count) },
    slope_deg: { mean: r2(slopes.reduce((s, v) => s + v, 0) / count), p90: r2(slopes[Math.floor(0.9 * (count - 1))]), max: r2(slopes[count - 1]) },
    percent_above_slope_limit: pct(steep),
    slope_limit_deg: mission.rules.max_slope_deg,
    percent_sand: pct(sand),
    percent_bedrock: pct(bedrock),
    rock_posts: rocks,
    grid: {
      cells: n,
      cell_size_m: [r2(cellW), r2(cellH)],
      rows: 'north to south; columns west to east',
      max_slope_deg: grid(cellMax, (v) => Math.round(v)),
      percent_sand: grid(cellSand, (v, g) => (cellCount[g] ? Math.round((100 * v) / cellCount[g]) : 0)),
      rock_posts: grid(cellRocks, (v) => v),
    },
  });
}

/** Smallest side (m) of a region worth drawing: a few rover lengths. */
const MIN_RENDER_M = 4;

function renderRegion(input: z.infer<typeof RenderInput>, ctx: ToolContext): ToolAnswer {
  const b = mapBounds(ctx.maps);
  const region = {
    xMin: Math.max(b.xMin, Math.min(input.x_min_m, input.x_max_m)), xMax: Math.min(b.xMax, Math.max(input.x_min_m, input.x_max_m)),
    yMin: Math.max(b.yMin, Math.min(input.y_min_m, input.y_max_m)), yMax: Math.min(b.yMax, Math.max(input.y_min_m, input.y_max_m)),
  };
  if (!(region.xMax - region.xMin >= MIN_RENDER_M && region.yMax - region.yMin >= MIN_RENDER_M)) {
    return fail(`the region must overlap the map by at least ${MIN_RENDER_M} m each way; the map spans x ${b.xMin.toFixed(1)}..${b.xMax.toFixed(1)} m and y ${b.yMin.toFixed(1)}..${b.yMax.toFixed(1)} m`);
  }
  const maxPx = pictureSidePx(region, ctx.pictures.maxPx, ctx.pictures.maxMegapixels);
  const picture = (input.layer === 'orbital' ? orbitalPicture : hazardPicture)(ctx.maps, ctx.mission, region, maxPx);
  return {
    ...ok({
      layer: input.layer,
      region: { x_min_m: r2(region.xMin), y_min_m: r2(region.yMin), x_max_m: r2(region.xMax), y_max_m: r2(region.yMax) },
      metres_per_pixel: r2(picture.scale),
      width_px: picture.width,
      height_px: picture.height,
      ...(input.layer === 'hazard' ? { legend: HAZARD_LEGEND } : {}),
    }),
    image: picture.png(),
  };
}

const r2 = (v: number): number => roundTo(v, 2);
