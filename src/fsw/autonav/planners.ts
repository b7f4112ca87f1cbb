import { degToRad } from '../../core/geometry';
import { hubPlan, type VehicleGeometry } from '../../core/vehicle-geometry';
import type { Zones } from '../mobility/activities';
import { Ace, aceLimits, type AceHazard } from './ace';
import { CostToGo } from './cost-to-go';
import type { LocalMap } from './local-map';
import { alongArc, PathTree } from './path-tree';
import { DEFAULT_FSW_PARAMS } from '../params';

/** Where the rover believes it is, for planning. */
export interface NavState {
  x: number;
  y: number;
  headingRad: number;
  zM: number;
}

/** Where the navigation is going: a site point and how close counts as there (m). */
export interface NavGoal {
  x: number;
  y: number;
  toleranceM: number;
}

/** A final approach drives in until this share of the tolerance is left (inside it, with room for drift) [assumed]. */
const APPROACH_TO_TOLERANCE = 0.5;

/** What to do next: turn in place, then drive an arc (curvature counter-clockwise positive). */
export type NavDecision =
  | { kind: 'drive'; turnRad: number; curvature: number; distanceM: number; checks: number }
  | { kind: 'blocked'; reason: string; checks: number };

export interface NavPlanner {
  readonly name: string;
  /** A new go-to-waypoint command begins: forget what belonged to the last one. */
  begin(): void;
  plan(state: NavState, goal: NavGoal, zones: Zones): NavDecision;
}

/** Looks need a turn of at least this (rad): a smaller one would not show new ground. */
const MIN_LOOK_TURN_RAD = degToRad(10);
/** A path over unseen ground must beat the best seen one by this much (s) to be worth turning to look [assumed]. */
const LOOK_WORTH_S = 60;
/** ACE's verdicts as small codes for the per-plan cache (undefined: the pose passes). */
const VERDICTS: readonly (AceHazard | undefined)[] = [undefined, 'unknown', 'wheel_drop', 'tilt', 'rocker', 'bogie', 'clearance'];
/** A turn in place is checked by ACE every this much of its sweep (rad) [assumed: a corner wheel moves ~0.28 m per 10 deg, about ACE's 25 cm]. */
const TURN_STEP_RAD = degToRad(10);
/** Seconds of travel one metre of roughness is worth [assumed]. */
const ROUGHNESS_WEIGHT_S_PER_M = 200;

/**
 * Mars 2020 ENav path selection (Otsu et al. 2020; Toupet et al. 2020): ~1,600 candidate paths
 * (turn in place x arc x arc over ~6 m) ranked by a cheap cost -- travel time, roughness along the
 * path, cost-to-go from its end over the known map -- then ACE is run down the ranked list, every
 * 25 cm along a path, until one passes. Drives `driveM` of the winner, then the rover images and
 * plans again.
 */
export class EnavPlanner implements NavPlanner {
  readonly name = 'ENav path tree';
  readonly ace: Ace;
  private readonly tree = new PathTree();
  private readonly costToGo: CostToGo;
  private readonly costs: Float64Array;
  private readonly order: Uint32Array;

  /** Per plan: the roughness of each prefix's first arc, and ACE's verdict at each of its poses (0 = not checked). */
  private readonly prefixRough: Float64Array;
  private readonly prefixVerdict: Uint8Array;
  /** Per plan: the first pose of each path inside the waypoint's tolerance, -1 for none. */
  private readonly arrivals: Int16Array;

  /** `turnRateRadS`: the rate turns are priced at (flight software's mobility.turn_rate_deg_s). */
  constructor(private readonly map: LocalMap, private readonly geometry: VehicleGeometry, private readonly driveM = 1, private readonly turnRateRadS = degToRad(DEFAULT_FSW_PARAMS.mobility.turn_rate_deg_s)) {
    this.ace = new Ace(map, geometry, aceLimits(geometry));
    this.costToGo = new CostToGo(map);
    this.costs = new Float64Array(this.tree.count);
    this.order = new Uint32Array(this.tree.count);
    this.prefixRough = new Float64Array(this.tree.prefixCount);
    this.prefixVerdict = new Uint8Array(this.tree.prefixCount * this.tree.posesPerArc);
    this.arrivals = new Int16Array(this.tree.count);
  }

  begin(): void {
    this.lastLook = undefined;
  }

  plan(state: NavState, goal: NavGoal, zones: Zones): NavDecision {
    const startChecks = this.ace.checks;
    this.turnChecks.clear();
    const approach = this.finalApproach(state, goal, zones);
    if (approach) return { ...approach, checks: this.ace.checks - startChecks };
    this.costToGo.update(state.x, state.y, goal.x, goal.y);
    const { poses, posesPerPath, posesPerArc, shapes } = this.tree;
    const c = Math.cos(state.headingRad), s = Math.sin(state.headingRad);
    const speed = this.geometry.top_speed_m_s;
    // The first arc is shared by every path of its prefix: its roughness and its ACE verdicts once each.
    this.prefixRough.fill(NaN);
    this.prefixVerdict.fill(0);
    // Near the waypoint a path that enters its tolerance (well inside) ends there: ranked by the
    // time to get there, checked and driven only that far (the tree's 6 m arcs would pass it by).
    const inside = APPROACH_TO_TOLERANCE * goal.toleranceM;
    const near = Math.hypot(goal.x - state.x, goal.y - state.y) <= 2 * this.tree.options.arcM + inside;
    const pathM = posesPerPath * this.tree.options.stepM;
    for (let p = 0; p < shapes.length; p++) {
      let rough = 0, allowed = true, arrive = -1;
      const o = p * posesPerPath * 3, prefix = this.tree.prefixOf(p);
      const shared = !Number.isNaN(this.prefixRough[prefix]);
      for (let i = 0; i < posesPerPath; i++) {
        const lx = poses[o + 3 * i], ly = poses[o + 3 * i + 1];
        const x = state.x + lx * c - ly * s, y = state.y + lx * s + ly * c;
        // A path that has arrived ends there: where its tail would go does not matter.
        if (arrive < 0 && !zones.allows(x, y)) {
          allowed = false;
          break;
        }
        if (i % 2 === 1 && !(shared && i < posesPerArc)) rough += this.roughness(x, y);
        if (i === posesPerArc - 1 && !shared) this.prefixRough[prefix] = rough;
        if (near && arrive < 0 && Math.hypot(goal.x - x, goal.y - y) <= inside) arrive = i;
      }
      if (shared) rough += this.prefixRough[prefix];
      this.arrivals[p] = arrive;
      const turnS = Math.abs(shapes[p].turnRad) / this.turnRateRadS;
      if (!allowed) this.costs[p] = Infinity;
      else if (arrive >= 0) this.costs[p] = turnS + ROUGHNESS_WEIGHT_S_PER_M * rough * ((arrive + 1) / posesPerPath) + ((arrive + 1) * this.tree.options.stepM) / speed;
      else {
        // The time to drive the path and, from its end, the cost-to-go (on one scale with the arrivals').
        const e = o + (posesPerPath - 1) * 3;
        const ex = state.x + poses[e] * c - poses[e + 1] * s, ey = state.y + poses[e] * s + poses[e + 1] * c;
        this.costs[p] = turnS + ROUGHNESS_WEIGHT_S_PER_M * rough + (pathM + this.costToGo.at(ex, ey, goal.x, goal.y)) / speed;
      }
      this.order[p] = p;
    }
    this.order.sort((a, b) => this.costs[a] - this.costs[b]);
    const hazards = new Map<AceHazard, number>();
    // The best-ranked path that failed only for want of a look at its ground (unknown terrain).
    let unseen: number | undefined;
    for (const p of this.order) {
      if (this.costs[p] === Infinity) break;
      const o = p * posesPerPath * 3;
      // The turn in place first: every wheel sweeps an arc while the rover turns.
      let hazard = this.turnHazard(state, shapes[p].turnRad);
      const prefix = this.tree.prefixOf(p), last = this.arrivals[p] >= 0 ? this.arrivals[p] : posesPerPath - 1;
      for (let i = 0; i <= last && !hazard; i++) {
        const shared = i < posesPerArc, slot = prefix * posesPerArc + i;
        if (shared && this.prefixVerdict[slot]) {
          hazard = VERDICTS[this.prefixVerdict[slot] - 1];
          continue;
        }
        const lx = poses[o + 3 * i], ly = poses[o + 3 * i + 1], lh = poses[o + 3 * i + 2];
        hazard = this.ace.check(state.x + lx * c - ly * s, state.y + lx * s + ly * c, state.headingRad + lh);
        if (shared) this.prefixVerdict[slot] = 1 + VERDICTS.indexOf(hazard);
      }
      if (!hazard) {
        if (unseen !== undefined && this.costs[p] > this.costs[unseen] + LOOK_WORTH_S) {
          const look = this.lookToward(state, unseen, startChecks);
          if (look) return look;
        }
        const remaining = this.arrivals[p] >= 0 ? (this.arrivals[p] + 1) * this.tree.options.stepM : Math.hypot(goal.x - state.x, goal.y - state.y);
        return { kind: 'drive', turnRad: shapes[p].turnRad, curvature: shapes[p].curvature1, distanceM: Math.min(this.driveM, remaining), checks: this.ace.checks - startChecks };
      }
      if (hazard === 'unknown' && unseen === undefined) unseen = p;
      hazards.set(hazard, (hazards.get(hazard) ?? 0) + 1);
    }
    const look = unseen === undefined ? undefined : this.lookToward(state, unseen, startChecks);
    if (look) return look;
    const summary = [...hazards].sort((a, b) => b[1] - a[1]).map(([h, n]) => `${h} ${n}`).join(', ');
    return { kind: 'blocked', reason: `no path of ${shapes.length} passes ACE (${summary || 'all outside the zones'})`, checks: this.ace.checks - startChecks };
  }

  private lastLook: { x: number; y: number; headingRad: number } | undefined;
  /** ACE's verdict on turning in place by each angle from where the rover stands, for the plan being made. */
  private readonly turnChecks = new Map<number, AceHazard | 'clear'>();

  /**
   * What stops the rover turning in place by `turnRad` where it stands: ACE at every TURN_STEP_RAD
   * of the sweep (a corner wheel travels ~0.28 m per 10 deg), up to the turned heading.
   */
  private turnHazard(state: NavState, turnRad: number): AceHazard | undefined {
    const known = this.turnChecks.get(turnRad);
    if (known) return known === 'clear' ? undefined : known;
    const steps = Math.max(1, Math.ceil(Math.abs(turnRad) / TURN_STEP_RAD));
    let hazard: AceHazard | undefined;
    for (let k = 1; k <= steps && !hazard; k++) hazard = this.ace.check(state.x, state.y, state.headingRad + (turnRad * k) / steps);
    this.turnChecks.set(turnRad, hazard ?? 'clear');
    return hazard;
  }

  /**
   * The cameras see only ahead: when a much better path runs over ground not yet seen, turn in place
   * to face where it goes (turning in place is checked with the ground the rover stands on) and look
   * before driving. Returns a turn with no drive, or undefined when that look would not help (the
   * turn is too small, or the rover already turned to look from here).
   */
  private lookToward(state: NavState, p: number, startChecks: number): NavDecision | undefined {
    const o = (p * this.tree.posesPerPath + this.tree.posesPerPath - 1) * 3;
    const c = Math.cos(state.headingRad), s = Math.sin(state.headingRad);
    const ex = this.tree.poses[o] * c - this.tree.poses[o + 1] * s, ey = this.tree.poses[o] * s + this.tree.poses[o + 1] * c;
    const turn = Math.atan2(Math.sin(Math.atan2(ey, ex) - state.headingRad), Math.cos(Math.atan2(ey, ex) - state.headingRad));
    if (Math.abs(turn) < MIN_LOOK_TURN_RAD || this.lookedAt(state) || this.turnHazard(state, turn)) return undefined;
    this.lastLook = { x: state.x, y: state.y, headingRad: state.headingRad + turn };
    return { kind: 'drive', turnRad: turn, curvature: 0, distanceM: 0, checks: this.ace.checks - startChecks };
  }

  /** Whether the rover already turned to look from here (a second look from the same spot is not allowed: no circling). */
  private lookedAt(state: NavState): boolean {
    const l = this.lastLook;
    return !!l && Math.hypot(l.x - state.x, l.y - state.y) < 0.3;
  }

  /**
   * Within one arc length of the waypoint, the tree's arcs tend to pass it by: try first to turn to
   * face it and drive straight in, well inside its tolerance (the waypoint itself may be on a
   * rock), if ACE passes every 25 cm of that line.
   */
  private finalApproach(state: NavState, goal: NavGoal, zones: Zones): Omit<Extract<NavDecision, { kind: 'drive' }>, 'checks'> | undefined {
    const distance = Math.hypot(goal.x - state.x, goal.y - state.y);
    if (distance > this.tree.options.arcM) return undefined;
    const into = distance - APPROACH_TO_TOLERANCE * goal.toleranceM;
    const bearing = Math.atan2(goal.y - state.y, goal.x - state.x);
    const turn = Math.atan2(Math.sin(bearing - state.headingRad), Math.cos(bearing - state.headingRad));
    if (this.turnHazard(state, turn)) return undefined;
    for (const s of stationsTo(into, this.tree.options.stepM)) {
      const x = state.x + s * Math.cos(bearing), y = state.y + s * Math.sin(bearing);
      if (!zones.allows(x, y) || this.ace.check(x, y, bearing)) return undefined;
    }
    return { kind: 'drive', turnRad: turn, curvature: 0, distanceM: Math.max(0, into) };
  }

  /** Cheap roughness: how far a cell stands out from its neighbours 0.3 m away (0 where unknown). */
  private roughness(x: number, y: number): number {
    const h = this.map.height(x, y);
    if (Number.isNaN(h)) return 0.02; // unknown: a little rough, to prefer seen ground
    let sum = 0, n = 0;
    for (let k = 0; k < NEIGHBOURS.length; k += 2) {
      const g = this.map.height(x + NEIGHBOURS[k], y + NEIGHBOURS[k + 1]);
      if (!Number.isNaN(g)) {
        sum += Math.abs(h - g);
        n++;
      }
    }
    return n ? sum / n : 0;
  }
}

/** Stations every `step` along a straight drive of `distance` (m), and its end: where it stops is checked too. */
function stationsTo(distance: number, step: number): number[] {
  const out: number[] = [];
  for (let s = step; s < distance - 1e-6; s += step) out.push(s);
  if (distance > 0) out.push(distance);
  return out;
}

/** Offsets (dx, dy) of the neighbours, flat: read in the inner loop of every plan without allocating. */
const NEIGHBOURS = [0.3, 0, -0.3, 0, 0, 0.3, 0, -0.3] as const;

/** GESTALT obstacles: 30 cm steps (docs/reference.md: obstacles >= ~30 cm). */
const GESTALT_STEP_M = 0.3;
/** Length of GESTALT's arcs (m) [assumed]. */
const ARC_M = 3;

/**
 * MER GESTALT-style arc voting (Goldberg, Maimone & Matthies 2002), beside ENav for comparison: a
 * short fan of arcs (with a few point turns) over ~3 m; each arc is vetoed if the rover's whole
 * footprint, swept along it, meets a cell standing out 30 cm or more from the footprint's best-fit
 * plane, too steep a plane, or mostly unknown ground; the survivors vote on hazard margin, goal
 * direction and steering. It cannot straddle a rock, which is why it stalls in dense rock fields.
 */
export class GestaltPlanner implements NavPlanner {
  readonly name = 'GESTALT arc voting';
  private readonly turns = [-45, 0, 45].map(degToRad);
  private readonly curvatures = Array.from({ length: 21 }, (_, i) => (i - 10) / 15);
  private readonly footprint: { x: number; y: number }[] = [];
  private readonly tiltRad: number;
  private checks = 0;

  constructor(private readonly map: LocalMap, geometry: VehicleGeometry, private readonly driveM = 0.5) {
    const hubs = hubPlan(geometry);
    const r = geometry.wheel_radius_m;
    const xMax = Math.max(...hubs.map((h) => h.x)) + r, xMin = Math.min(...hubs.map((h) => h.x)) - r;
    const yMax = Math.max(...hubs.map((h) => Math.abs(h.y))) + 0.15;
    for (let x = xMin; x <= xMax + 1e-9; x += 0.2) for (let y = -yMax; y <= yMax + 1e-9; y += 0.2) this.footprint.push({ x, y });
    this.tiltRad = degToRad(geometry.tilt_limit_deg);
  }

  /** GESTALT keeps nothing from one command to the next. */
  begin(): void {}

  plan(state: NavState, goal: NavGoal, zones: Zones): NavDecision {
    const start = this.checks;
    const remaining = Math.hypot(goal.x - state.x, goal.y - state.y);
    const approach = this.finalApproach(state, goal, zones, remaining);
    if (approach) return { ...approach, checks: this.checks - start };
    let best: { score: number; turnRad: number; curvature: number } | undefined;
    for (const turn of this.turns) {
      if (!this.canTurn(state, turn)) continue;
      for (const k of this.curvatures) {
        let margin = 1, vetoed = false;
        let x = state.x, y = state.y, h = state.headingRad + turn;
        for (let s = 0.25; s <= ARC_M + 1e-9 && !vetoed; s += 0.25) {
          [x, y, h] = alongArc(state.x, state.y, state.headingRad + turn, k, s);
          if (!zones.allows(x, y)) vetoed = true;
          else {
            const m = this.swathMargin(x, y, h);
            if (m <= 0) vetoed = true;
            else margin = Math.min(margin, m);
          }
        }
        if (vetoed) continue;
        // Goal vote: progress toward the goal over the arc, from -1 (away) to +1 (straight at it).
        const progress = (remaining - Math.hypot(goal.x - x, goal.y - y)) / ARC_M;
        const goalVote = (1 + Math.max(-1, Math.min(1, progress))) / 2;
        const score = 0.5 * margin + 0.4 * goalVote + 0.1 * (1 - Math.abs(turn) / Math.PI);
        if (!best || score > best.score) best = { score, turnRad: turn, curvature: k };
      }
    }
    if (!best) return { kind: 'blocked', reason: `every arc of ${this.turns.length * this.curvatures.length} meets an obstacle in the rover's swath`, checks: this.checks - start };
    return { kind: 'drive', turnRad: best.turnRad, curvature: best.curvature, distanceM: Math.min(this.driveM, remaining), checks: this.checks - start };
  }

  /** Whether the rover's swath stays clear while it turns in place by `turnRad` (checked every 15 deg [assumed]). */
  private canTurn(state: NavState, turnRad: number): boolean {
    const steps = Math.max(1, Math.ceil(Math.abs(turnRad) / degToRad(15)));
    for (let k = 1; k <= steps; k++) if (this.swathMargin(state.x, state.y, state.headingRad + (turnRad * k) / steps) <= 0) return false;
    return true;
  }

  /**
   * Within one arc of the goal the fan's arcs sweep past it: turn to face it and drive straight in,
   * a step at a time, if the swath stays clear all the way (GESTALT's goal approach).
   */
  private finalApproach(state: NavState, goal: NavGoal, zones: Zones, remaining: number): Omit<Extract<NavDecision, { kind: 'drive' }>, 'checks'> | undefined {
    if (remaining > ARC_M) return undefined;
    const into = remaining - APPROACH_TO_TOLERANCE * goal.toleranceM;
    const bearing = Math.atan2(goal.y - state.y, goal.x - state.x);
    const turn = Math.atan2(Math.sin(bearing - state.headingRad), Math.cos(bearing - state.headingRad));
    if (!this.canTurn(state, turn)) return undefined;
    for (const s of stationsTo(into, 0.25)) {
      const x = state.x + s * Math.cos(bearing), y = state.y + s * Math.sin(bearing);
      if (!zones.allows(x, y) || this.swathMargin(x, y, bearing) <= 0) return undefined;
    }
    return { kind: 'drive', turnRad: turn, curvature: 0, distanceM: Math.max(0, Math.min(this.driveM, into)) };
  }

  /** Hazard margin of the footprint at a pose: 1 clear, <= 0 obstacle; unknown counts against it. */
  private swathMargin(x: number, y: number, h: number): number {
    this.checks++;
    const c = Math.cos(h), s = Math.sin(h);
    let n = 0, sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxz = 0, syz = 0;
    const pts: [number, number, number][] = [];
    for (const p of this.footprint) {
      const z = this.map.height(x + p.x * c + p.y * s, y + p.x * s - p.y * c);
      if (Number.isNaN(z)) continue;
      pts.push([p.x, p.y, z]);
      n++;
      sx += p.x; sy += p.y; sz += z;
    }
    if (n < this.footprint.length * 0.5) return 0;
    const mx = sx / n, my = sy / n, mz = sz / n;
    for (const [px, py, z] of pts) {
      sxx += (px - mx) ** 2; syy += (py - my) ** 2; sxz += (px - mx) * (z - mz); syz += (py - my) * (z - mz);
    }
    const gx = sxx ? sxz / sxx : 0, gy = syy ? syz / syy : 0;
    if (Math.atan(Math.hypot(gx, gy)) > this.tiltRad) return 0;
    let worst = 0;
    for (const [px, py, z] of pts) worst = Math.max(worst, z - (mz + gx * (px - mx) + gy * (py - my)));
    return 1 - worst / GESTALT_STEP_M;
  }
}
