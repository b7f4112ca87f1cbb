import { degToRad } from '../../../src/core/geometry';
import { solveLinearInPlace } from '../../../src/core/linear';
import type { TruthTerrain } from '../terrain/terrain';
import { SoilClass } from '../terrain/soil';
import { MARS_GRAVITY, type VehicleConfig } from './config';
import { bodyToSite, hubsInBody, linkageOf, type Linkage, type SuspensionState } from './kinematics';
import { bellyClearance } from './clearance';
import { staticLoads } from './statics';

/** Points around each wheel's lower rim where it may touch the ground, every 15 deg from -90 to +90 (odd: one under the hub). */
const RIM_SAMPLES = 13;
/** Lines across the tread where the rim is sampled, edge to edge (odd: one on the wheel's mid-plane). */
const TREAD_SAMPLES = 5;
const TOLERANCE_M = 5e-4;
const MAX_ITERATIONS = 16;
/** A wheel whose hub stands this far above where contact would put it is off the ground. */
const CONTACT_GAP_M = 0.01;
/** A wheel sinks at most this many times its nominal sinkage (loads beyond are the statics of a rover about to tip). */
const MAX_LOAD_SHARE = 3;
/** Joints of the state vector: rocker, left bogie, right bogie. */
const ROCKER = 3, BOGIE_LEFT = 4, BOGIE_RIGHT = 5;

export interface SettleOptions {
  /** Start from this suspension state (e.g. the previous step's) instead of a fresh guess. */
  warmStart?: SuspensionState;
  /** Compute the belly-pan clearance (costs ~50 height queries plus the rocks under the belly). */
  clearance?: boolean;
  /** Each wheel's load (N, e.g. the previous step's): sinkage scales with it. Without, every wheel sinks as under a sixth of the weight. */
  wheelLoadsN?: Float64Array;
}

/** How the rover sits at one planar pose: the answer to "what would the rover do here?". */
export interface Settled {
  x: number;
  y: number;
  headingRad: number;
  state: SuspensionState;
  /** Angle between the body's up axis and the vertical. */
  tiltRad: number;
  /** Hub positions in the site frame, [x, y, z] per wheel in WHEELS order. */
  hubs: Float64Array;
  /** Sinkage of each wheel into the soil (m). */
  sinkageM: Float64Array;
  /** Static vertical load on each wheel (N); negative means the wheel would lift. */
  wheelLoadsN: Float64Array;
  /** Belly pan to ground (rocks included), minimum over the pan; negative = the belly is hit. NaN if not computed. */
  bellyClearanceM: number;
  /** Horizontal distance from the centre of mass to the edge of the wheels' support polygon (negative outside). */
  tipOverMarginM: number;
  /**
   * How far each hub stands above the height at which its wheel would touch the ground (m): 0 for a
   * wheel on the ground, the lift of a wheel held up because a joint is at its hard stop.
   */
  wheelGapM: Float64Array;
  /** Ground height (m) at each wheel's contact point, and where that point lies on the wheel: along the heading and across (left positive) from the hub. */
  contactGroundM: Float64Array;
  contactAlongM: Float64Array;
  contactAcrossM: Float64Array;
  /** Largest wheel-to-ground gap left when the solver stopped (m), over the wheels on the ground. */
  residualM: number;
  converged: boolean;
  iterations: number;
  /**
   * Limits reached. rocker, bogieLeft, bogieRight: the joint is at its hard stop (it never passes
   * it: a wheel lifts instead); tipOver: the centre of mass is outside the wheels' support polygon;
   * unloaded: the statics give a wheel no load (it would rise off the ground); wheelLift: a wheel is
   * held higher than the vehicle's wheel-lift limit; lossOfContact: two or more wheels are off the ground.
   */
  limits: { rocker: boolean; bogieLeft: boolean; bogieRight: boolean; tilt: boolean; tipOver: boolean; unloaded: boolean; wheelLift: boolean; lossOfContact: boolean };
}

/**
 * Finds how the rocker-bogie rover rests on the terrain at a planar pose: body height, roll and
 * pitch, the differential rocker angle and both bogie angles, such that all six wheels touch the
 * ground. Each wheel is a cylinder of the wheel's radius and width: its lower rim is sampled around
 * the rim (in the body's vertical plane along the heading) on lines across the tread, and the hub
 * must sit at the max over those points of (ground height + the rim point's height above its
 * ground point), less each line's rise with the body's roll (its offset across the tread times
 * sin roll): a rock under one edge of the tread lifts the wheel and tilts the rover. Six contacts,
 * six unknowns: Newton's method on the hub-height residuals, with the linkage Jacobian by finite
 * differences of the (cheap) forward kinematics; the terrain is queried only for the contacts.
 *
 * The joints have hard stops. When the six-contact answer takes a joint past its stop, the joint is
 * held at the stop and a wheel it carries is let go instead: that wheel lifts off the ground. The
 * wheel let go is the first, in an order from the joint's geometry, that then stands clear of the
 * ground (found by trying, not from the statics [simplification]).
 */
export class Settler {
  private readonly linkage: Linkage;
  private readonly rotation = new Float64Array(9);
  private readonly hubsBody = new Float64Array(18);
  private readonly hubsSite = new Float64Array(18);
  private readonly scratchHubs = new Float64Array(18);
  private readonly scratchRot = new Float64Array(9);
  private readonly targets = new Float64Array(6);
  private readonly sinkage = new Float64Array(6);
  /** Each wheel's load over a sixth of the weight, for its sinkage. */
  private readonly loadShare = new Float64Array(6);
  /** Where each wheel's contact point lies (m, along the heading and across the tread from the hub) and the ground height there, from the last contact search. */
  private readonly contactOffset = new Float64Array(6);
  private readonly contactAcross = new Float64Array(6);
  private readonly contactGround = new Float64Array(6);
  /** Hub height above the contact height, per wheel, from the last evaluation. */
  private readonly gap = new Float64Array(6);
  /** Per row of the system: -1 for a wheel's contact, else the joint held at lockValue instead (the wheel is let go). */
  private readonly lockJoint = new Int8Array(6);
  private readonly lockValue = new Float64Array(6);
  private readonly residual = new Float64Array(6);
  private readonly jacobian = new Float64Array(36);
  private readonly step = new Float64Array(6);
  private readonly best = { worst: Infinity, q: new Float64Array(6) };
  private readonly trial = new Float64Array(6);
  private readonly gradient = { dzdx: 0, dzdy: 0 };
  private readonly slopeX = new Float64Array(6);
  private readonly slopeY = new Float64Array(6);
  private readonly rimOffsets: Float64Array;
  private readonly rimLift: Float64Array;
  private readonly treadOffsets: Float64Array;
  private readonly sinkageBySoil: Float64Array;
  private readonly limits: { rocker: number; bogie: number; tilt: number; wheelLiftM: number };

  constructor(readonly terrain: TruthTerrain, readonly config: VehicleConfig) {
    this.linkage = linkageOf(config);
    const r = config.wheel_radius_m;
    this.rimOffsets = new Float64Array(RIM_SAMPLES);
    this.rimLift = new Float64Array(RIM_SAMPLES);
    for (let k = 0; k < RIM_SAMPLES; k++) {
      const angle = Math.PI * (k / (RIM_SAMPLES - 1) - 0.5);
      this.rimOffsets[k] = r * Math.sin(angle);
      this.rimLift[k] = r * Math.cos(angle);
    }
    // Mid-plane first, then outward: on level ground every line ties, and the tie goes to the middle.
    const w = config.wheel_width_m;
    this.treadOffsets = Float64Array.from({ length: TREAD_SAMPLES }, (_, j) => (j === 0 ? 0 : (j % 2 ? -1 : 1) * Math.ceil(j / 2)) * (w / (TREAD_SAMPLES - 1)));
    const ws = config.wheel_soil;
    this.sinkageBySoil = new Float64Array(4);
    this.sinkageBySoil[SoilClass.soil] = ws.soil.sinkage_m;
    this.sinkageBySoil[SoilClass.bedrock] = ws.bedrock.sinkage_m;
    this.sinkageBySoil[SoilClass.sand] = ws.sand.sinkage_m;
    this.sinkageBySoil[SoilClass.bigRock] = ws.big_rock.sinkage_m;
    this.limits = {
      rocker: degToRad(config.joint_limits.rocker_deg),
      bogie: degToRad(config.joint_limits.bogie_deg),
      tilt: degToRad(config.tilt_limit_deg),
      wheelLiftM: config.wheel_lift_limit_m,
    };
  }

  settle(x: number, y: number, headingRad: number, options: SettleOptions = {}): Settled {
    const dirX = Math.cos(headingRad), dirY = Math.sin(headingRad);
    this.sinkage.fill(NaN);
    this.lockJoint.fill(-1);
    const nominal = (this.config.mass_kg * MARS_GRAVITY) / 6;
    for (let i = 0; i < 6; i++) this.loadShare[i] = options.wheelLoadsN ? Math.min(MAX_LOAD_SHARE, Math.max(0, options.wheelLoadsN[i] / nominal)) : 1;
    const q = options.warmStart ? toVector(options.warmStart) : this.initialGuess(x, y, headingRad, dirX, dirY);
    let iterations = this.solve(q, x, y, headingRad, dirX, dirY);
    // Every per-wheel array (and the body rotation) is kept in step with the q last evaluated.
    let worst = this.evaluate(q, x, y, headingRad, dirX, dirY);
    if (!(worst <= TOLERANCE_M) && options.warmStart) {
      // A warm start that Newton cannot bring home (contacts flipping between rock edges) is tried
      // again from level: the better answer stands, so an unconverged state is never carried on.
      const cold = this.initialGuess(x, y, headingRad, dirX, dirY);
      iterations += this.solve(cold, x, y, headingRad, dirX, dirY);
      const coldWorst = this.evaluate(cold, x, y, headingRad, dirX, dirY);
      if (coldWorst < worst) {
        q.set(cold);
        worst = coldWorst;
      } else worst = this.evaluate(q, x, y, headingRad, dirX, dirY);
    }
    // At most one joint per pass reaches its stop: rocker and both bogies. An unconverged answer says
    // nothing of the joints (its angles are wherever Newton stopped): it is reported as unconverged.
    const settledFree = worst <= TOLERANCE_M;
    let held = false;
    for (let pass = 0; settledFree && pass < 3; pass++) {
      const joint = this.jointPastStop(q);
      if (joint < 0) break;
      iterations += this.holdAtStop(joint, q, x, y, headingRad, dirX, dirY);
      held = true;
    }
    if (held) worst = this.evaluate(q, x, y, headingRad, dirX, dirY);
    const state = fromVector(q);
    const tiltRad = Math.acos(Math.min(1, Math.cos(state.rollRad) * Math.cos(state.pitchRad)));
    const loads = staticLoads(this.config, this.linkage, this.rotation, state, MARS_GRAVITY);
    const bellyClearanceM = options.clearance === false ? NaN : bellyClearance(this.terrain, this.config, this.rotation, x, y, state.zM);
    // Only a wheel let go at a joint's stop stands off the ground; a contact's gap is the solver's residual.
    const wheelGapM = Float64Array.from(this.gap, (g, i) => (this.lockJoint[i] >= 0 ? Math.max(0, g) : 0));
    // Only a converged answer says where the joints stand; an unconverged one's angles are where Newton stopped.
    const converged = worst <= TOLERANCE_M;
    const atStop = (angle: number, limit: number) => converged && Math.abs(angle) >= limit - 1e-9;
    return {
      x,
      y,
      headingRad,
      state,
      tiltRad,
      hubs: this.hubsSite.slice(),
      sinkageM: this.sinkage.slice(),
      wheelLoadsN: loads.wheelLoadsN,
      bellyClearanceM,
      tipOverMarginM: loads.tipOverMarginM,
      wheelGapM,
      contactGroundM: this.contactGround.slice(),
      contactAlongM: this.contactOffset.slice(),
      contactAcrossM: this.contactAcross.slice(),
      residualM: worst,
      converged,
      iterations,
      limits: {
        rocker: atStop(state.rockerRad, this.limits.rocker),
        bogieLeft: atStop(state.bogieLeftRad, this.limits.bogie),
        bogieRight: atStop(state.bogieRightRad, this.limits.bogie),
        tilt: tiltRad > this.limits.tilt,
        tipOver: loads.tipOverMarginM < 0,
        unloaded: loads.wheelLoadsN.some((l) => l < 0),
        wheelLift: wheelGapM.some((g) => g > this.limits.wheelLiftM),
        lossOfContact: wheelGapM.filter((g) => g > CONTACT_GAP_M).length >= 2,
      },
    };
  }

  /** Newton's method on the rows as they stand (contacts and held joints), from q in place; returns the iterations used. */
  private solve(q: Float64Array, x: number, y: number, headingRad: number, dirX: number, dirY: number): number {
    let iterations = 0;
    // Contacts switch between rim points on rocks and steps, so the residual has kinks where Newton
    // can cycle: keep the best state seen, and retreat to it with a shorter step when a step fails.
    const best = this.best;
    best.worst = Infinity;
    let damping = 1;
    for (; iterations < MAX_ITERATIONS; iterations++) {
      const worst = this.evaluate(q, x, y, headingRad, dirX, dirY);
      if (!(worst > TOLERANCE_M)) return iterations; // also stops on NaN (off the terrain)
      if (worst < best.worst) {
        best.worst = worst;
        best.q.set(q);
      } else {
        damping *= 0.5;
        q.set(best.q);
        this.evaluate(q, x, y, headingRad, dirX, dirY);
      }
      this.fillJacobian(q, x, y, headingRad);
      const step = this.step;
      step.set(this.residual);
      if (!solveLinearInPlace(this.jacobian, step, 6)) break;
      // Damp large angle steps: far from the answer the linearisation overshoots.
      let scale = damping;
      for (let j = 1; j < 6; j++) scale = Math.min(scale, 0.3 / Math.max(Math.abs(step[j]), 1e-12));
      for (let j = 0; j < 6; j++) q[j] += step[j] * scale;
    }
    // Out of iterations (or a singular system): keep the best state found unless the last is better.
    if (best.worst < Infinity && !(this.evaluate(q, x, y, headingRad, dirX, dirY) <= best.worst)) q.set(best.q);
    return iterations;
  }

  /** The joint furthest past its stop (state-vector index), or -1 when every joint is within its travel. */
  private jointPastStop(q: Float64Array): number {
    let joint = -1, worst = 1e-9;
    for (const j of [ROCKER, BOGIE_LEFT, BOGIE_RIGHT]) {
      const over = Math.abs(q[j]) - (j === ROCKER ? this.limits.rocker : this.limits.bogie);
      if (over > worst && !this.lockJoint.includes(j)) {
        worst = over;
        joint = j;
      }
    }
    return joint;
  }

  /**
   * Holds a joint at the stop it passed and lets one of its wheels go: the first candidate whose
   * wheel then stands clear of the ground, else the one that penetrates least. Leaves q at the
   * answer; returns the iterations used.
   */
  private holdAtStop(joint: number, q: Float64Array, x: number, y: number, headingRad: number, dirX: number, dirY: number): number {
    const sign = Math.sign(q[joint]);
    const stop = sign * (joint === ROCKER ? this.limits.rocker : this.limits.bogie);
    let iterations = 0, chosen = -1, chosenBadness = Infinity;
    const answer = new Float64Array(6);
    for (const wheel of releaseOrder(joint, sign)) {
      if (this.lockJoint[wheel] >= 0) continue;
      this.lockJoint[wheel] = joint;
      this.lockValue[wheel] = stop;
      this.trial.set(q);
      this.trial[joint] = stop;
      iterations += this.solve(this.trial, x, y, headingRad, dirX, dirY);
      const worst = this.evaluate(this.trial, x, y, headingRad, dirX, dirY);
      // Bad: the rows are not met, or a wheel let go sinks into the ground.
      let badness = Number.isFinite(worst) ? Math.max(0, worst - TOLERANCE_M) : Infinity;
      for (let i = 0; i < 6; i++) if (this.lockJoint[i] >= 0) badness = Math.max(badness, -this.gap[i] - TOLERANCE_M);
      this.lockJoint[wheel] = -1;
      if (badness < chosenBadness) {
        chosen = wheel;
        chosenBadness = badness;
        answer.set(this.trial);
      }
      if (badness <= 0) break;
    }
    if (chosen < 0) return iterations;
    this.lockJoint[chosen] = joint;
    this.lockValue[chosen] = stop;
    q.set(answer);
    return iterations;
  }

  /** Hub positions, contact heights and row residuals at q; returns the largest residual. */
  private evaluate(q: Float64Array, x: number, y: number, headingRad: number, dirX: number, dirY: number): number {
    this.siteHubs(q, x, y, headingRad, this.hubsSite);
    const sinRoll = Math.sin(q[1]);
    let worst = 0;
    for (let i = 0; i < 6; i++) {
      this.targets[i] = this.contactHeight(this.hubsSite[3 * i], this.hubsSite[3 * i + 1], dirX, dirY, sinRoll, i);
      this.gap[i] = this.hubsSite[3 * i + 2] - this.targets[i];
      const joint = this.lockJoint[i];
      this.residual[i] = joint < 0 ? -this.gap[i] : this.lockValue[i] - q[joint];
      worst = Math.max(worst, Math.abs(this.residual[i]));
    }
    return worst;
  }

  /**
   * Height the hub of wheel i must have for its tread to rest on the ground around (x, y): the rim
   * in the vertical plane along the heading, on lines across the tread that the body's roll raises
   * or lowers; sinkage lowers the wheel into soft soil.
   */
  private contactHeight(x: number, y: number, dirX: number, dirY: number, sinRoll: number, wheel: number): number {
    const t = this.terrain;
    let best = -Infinity, at = 0, across = 0, ground = NaN;
    for (let j = 0; j < TREAD_SAMPLES; j++) {
      const e = this.treadOffsets[j];
      const lx = x - e * dirY, ly = y + e * dirX, rise = e * sinRoll;
      for (let k = 0; k < RIM_SAMPLES; k++) {
        const s = this.rimOffsets[k];
        const g = t.heightAt(lx + s * dirX, ly + s * dirY);
        const z = g + this.rimLift[k] - rise;
        if (z > best) {
          best = z;
          at = k;
          across = e;
          ground = g;
        }
      }
    }
    this.contactOffset[wheel] = this.rimOffsets[at];
    this.contactAcross[wheel] = across;
    this.contactGround[wheel] = ground;
    // Soil under a wheel is looked up once per settle: hubs move centimetres while it converges.
    if (Number.isNaN(this.sinkage[wheel])) this.sinkage[wheel] = this.sinkageBySoil[t.soilAt(x, y)] * this.loadShare[wheel];
    return best - this.sinkage[wheel];
  }

  /** A starting point: body level at the mean contact height of the wheels at their rest positions. */
  private initialGuess(x: number, y: number, headingRad: number, dirX: number, dirY: number): Float64Array {
    const q = new Float64Array(6);
    this.siteHubs(q, x, y, headingRad, this.hubsSite);
    let sum = 0;
    for (let i = 0; i < 6; i++) sum += this.contactHeight(this.hubsSite[3 * i], this.hubsSite[3 * i + 1], dirX, dirY, 0, i);
    q[0] = sum / 6 - this.linkage.front0.z;
    return q;
  }

  /** Site positions of the hubs for the state vector q; leaves the body rotation in this.rotation. */
  private siteHubs(q: Float64Array, x: number, y: number, headingRad: number, out: Float64Array, rot = this.rotation): void {
    bodyToSite(headingRad, q[2], q[1], rot);
    hubsInBody(this.linkage, q[3], q[4], q[5], this.hubsBody);
    const b = this.hubsBody;
    for (let i = 0; i < 6; i++) {
      const px = b[3 * i], py = b[3 * i + 1], pz = b[3 * i + 2];
      out[3 * i] = rot[0] * px + rot[1] * py + rot[2] * pz + x;
      out[3 * i + 1] = rot[3] * px + rot[4] * py + rot[5] * pz + y;
      out[3 * i + 2] = rot[6] * px + rot[7] * py + rot[8] * pz + q[0];
    }
  }

  /**
   * d(row)/d(q). A contact row: how the hub's height moves, less how its contact height moves as the
   * hub slides and the body rolls. Along the heading the wheel rolls around its contact point, so the
   * hub's height changes at s / sqrt(r^2 - s^2) for a contact s ahead of the hub (exact on rock
   * edges and steps); across the heading it follows the base relief's slope; a contact e across the
   * tread rises by e cos(roll) per radian of roll. Kinematics by forward differences of the cheap
   * forward kinematics: no extra terrain queries. A held joint's row is that joint alone.
   */
  private fillJacobian(q: Float64Array, x: number, y: number, headingRad: number): void {
    const h = 1e-6;
    const grad = this.gradient;
    const dirX = Math.cos(headingRad), dirY = Math.sin(headingRad);
    const r = this.linkage.wheelRadius;
    for (let i = 0; i < 6; i++) {
      const s = this.contactOffset[i];
      // Cap at ~60 deg so a contact at the very front of the rim cannot throw the step far away.
      const along = Math.max(-1.7, Math.min(1.7, s / Math.sqrt(Math.max(r * r - s * s, 1e-6))));
      this.terrain.base.gradient(this.hubsSite[3 * i], this.hubsSite[3 * i + 1], grad);
      const across = Number.isFinite(grad.dzdx) ? Math.max(-1.7, Math.min(1.7, -grad.dzdx * dirY + grad.dzdy * dirX)) : 0;
      // Back from (along heading, across to the left) to site x and y slopes.
      this.slopeX[i] = along * dirX - across * dirY;
      this.slopeY[i] = along * dirY + across * dirX;
    }
    const rollRate = Math.cos(q[1]);
    for (let j = 0; j < 6; j++) {
      const saved = q[j];
      q[j] = saved + h;
      this.siteHubs(q, x, y, headingRad, this.scratchHubs, this.scratchRot);
      q[j] = saved;
      for (let i = 0; i < 6; i++) {
        const joint = this.lockJoint[i];
        if (joint >= 0) {
          this.jacobian[i * 6 + j] = j === joint ? 1 : 0;
          continue;
        }
        const dz = this.scratchHubs[3 * i + 2] - this.hubsSite[3 * i + 2];
        const dContact = this.slopeX[i] * (this.scratchHubs[3 * i] - this.hubsSite[3 * i]) + this.slopeY[i] * (this.scratchHubs[3 * i + 1] - this.hubsSite[3 * i + 1]);
        this.jacobian[i * 6 + j] = (dz - dContact) / h + (j === 1 ? this.contactAcross[i] * rollRate : 0);
      }
    }
  }
}

/**
 * Which wheels a joint at its stop may let go, most likely first. A bogie past its upper stop has
 * its middle wheel pushed up: the rear wheel is the one left hanging, and the reverse past the lower
 * stop. The rocker (the differential) carries all six: front wheels first, then rear, then middle.
 */
function releaseOrder(joint: number, sign: number): number[] {
  if (joint === BOGIE_LEFT) return sign > 0 ? [2, 1] : [1, 2];
  if (joint === BOGIE_RIGHT) return sign > 0 ? [5, 4] : [4, 5];
  return sign > 0 ? [3, 0, 2, 5, 1, 4] : [0, 3, 5, 2, 4, 1];
}

function toVector(s: SuspensionState): Float64Array {
  return Float64Array.of(s.zM, s.rollRad, s.pitchRad, s.rockerRad, s.bogieLeftRad, s.bogieRightRad);
}

function fromVector(q: Float64Array): SuspensionState {
  return { zM: q[0], rollRad: q[1], pitchRad: q[2], rockerRad: q[3], bogieLeftRad: q[4], bogieRightRad: q[5] };
}
