import { degToRad } from '../../../src/core/geometry';
import { solveLinearInPlace } from '../../../src/core/linear';
import type { TruthTerrain } from '../terrain/terrain';
import { SoilClass } from '../terrain/soil';
import { MARS_GRAVITY, type VehicleConfig } from './config';
import { bodyToSite, hubsInBody, linkageOf, type Linkage, type SuspensionState } from './kinematics';
import { bellyClearance } from './clearance';
import { staticLoads } from './statics';

/** Points along each wheel's rim where it may touch the ground (odd, so one is under the hub). */
const RIM_SAMPLES = 9;
const TOLERANCE_M = 5e-4;
const MAX_ITERATIONS = 16;

export interface SettleOptions {
  /** Start from this suspension state (e.g. the previous step's) instead of a fresh guess. */
  warmStart?: SuspensionState;
  /** Compute the belly-pan clearance (costs ~50 height queries plus the rocks under the belly). */
  clearance?: boolean;
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
  /** Largest wheel-to-ground gap left when the solver stopped (m). */
  residualM: number;
  converged: boolean;
  iterations: number;
  /** Limits exceeded. tipOver: the centre of mass is outside the wheels' support polygon; wheelLift: a wheel carries no load (it would rise off the ground). */
  limits: { rocker: boolean; bogieLeft: boolean; bogieRight: boolean; tilt: boolean; tipOver: boolean; wheelLift: boolean };
}

/**
 * Finds how the rocker-bogie rover rests on the terrain at a planar pose: body height, roll and
 * pitch, the differential rocker angle and both bogie angles, such that all six wheels touch the
 * ground. Each wheel is a disc of the wheel radius in the body's vertical plane: the hub must sit at
 * max over the rim of (ground height + rim height above the ground point). Six contacts, six
 * unknowns: Newton's method on the hub-height residuals, with the linkage Jacobian by finite
 * differences of the (cheap) forward kinematics; the terrain is queried only for the contacts.
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
  /** Rim offset (m, along the heading) of each wheel's contact point, from the last contact search. */
  private readonly contactOffset = new Float64Array(6);
  private readonly residual = new Float64Array(6);
  private readonly jacobian = new Float64Array(36);
  private readonly step = new Float64Array(6);
  private readonly best = { worst: Infinity, q: new Float64Array(6), residual: new Float64Array(6), offsets: new Float64Array(6), hubs: new Float64Array(18) };
  private readonly gradient = { dzdx: 0, dzdy: 0 };
  private readonly slopeX = new Float64Array(6);
  private readonly slopeY = new Float64Array(6);
  private readonly rimOffsets: Float64Array;
  private readonly rimLift: Float64Array;
  private readonly sinkageBySoil: Float64Array;
  private readonly limits: { rocker: number; bogie: number; tilt: number };

  constructor(readonly terrain: TruthTerrain, readonly config: VehicleConfig) {
    this.linkage = linkageOf(config);
    const r = config.wheel_radius_m;
    this.rimOffsets = new Float64Array(RIM_SAMPLES);
    this.rimLift = new Float64Array(RIM_SAMPLES);
    for (let k = 0; k < RIM_SAMPLES; k++) {
      const s = r * ((2 * k) / (RIM_SAMPLES - 1) - 1);
      this.rimOffsets[k] = s;
      this.rimLift[k] = Math.sqrt(Math.max(0, r * r - s * s));
    }
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
    };
  }

  settle(x: number, y: number, headingRad: number, options: SettleOptions = {}): Settled {
    const dirX = Math.cos(headingRad), dirY = Math.sin(headingRad);
    this.sinkage.fill(NaN);
    const q = options.warmStart ? toVector(options.warmStart) : this.initialGuess(x, y, headingRad, dirX, dirY);
    let iterations = 0, worst = Infinity;
    // Contacts switch between rim points on rocks and steps, so the residual has kinks where Newton
    // can cycle: keep the best state seen, and retreat to it with a shorter step when a step fails.
    const best = this.best;
    best.worst = Infinity;
    let damping = 1;
    for (; iterations < MAX_ITERATIONS; iterations++) {
      worst = this.evaluate(q, x, y, headingRad, dirX, dirY);
      if (!(worst > TOLERANCE_M)) break; // also stops on NaN (off the terrain)
      if (worst < best.worst) {
        best.worst = worst;
        best.q.set(q);
        best.residual.set(this.residual);
        best.offsets.set(this.contactOffset);
        best.hubs.set(this.hubsSite);
      } else {
        damping *= 0.5;
        q.set(best.q);
        this.residual.set(best.residual);
        this.contactOffset.set(best.offsets);
        this.hubsSite.set(best.hubs);
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
    if (iterations === MAX_ITERATIONS && best.worst < Infinity) {
      // Out of iterations: report the best state found, evaluated afresh.
      const last = this.evaluate(q, x, y, headingRad, dirX, dirY);
      if (!(last <= best.worst)) {
        q.set(best.q);
        worst = this.evaluate(q, x, y, headingRad, dirX, dirY);
      } else worst = last;
    }
    this.siteHubs(q, x, y, headingRad, this.hubsSite); // hubs and body rotation in step with the final q
    const state = fromVector(q);
    const tiltRad = Math.acos(Math.min(1, Math.cos(state.rollRad) * Math.cos(state.pitchRad)));
    const loads = staticLoads(this.config, this.linkage, this.rotation, state, MARS_GRAVITY);
    const bellyClearanceM = options.clearance === false ? NaN : bellyClearance(this.terrain, this.config, this.rotation, x, y, state.zM);
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
      residualM: worst,
      converged: worst <= TOLERANCE_M,
      iterations,
      limits: {
        rocker: Math.abs(state.rockerRad) > this.limits.rocker,
        bogieLeft: Math.abs(state.bogieLeftRad) > this.limits.bogie,
        bogieRight: Math.abs(state.bogieRightRad) > this.limits.bogie,
        tilt: tiltRad > this.limits.tilt,
        tipOver: loads.tipOverMarginM < 0,
        wheelLift: loads.wheelLoadsN.some((l) => l < 0),
      },
    };
  }

  /** Hub positions and contact residuals at q; returns the largest wheel-to-ground gap. */
  private evaluate(q: Float64Array, x: number, y: number, headingRad: number, dirX: number, dirY: number): number {
    this.siteHubs(q, x, y, headingRad, this.hubsSite);
    let worst = 0;
    for (let i = 0; i < 6; i++) {
      this.targets[i] = this.contactHeight(this.hubsSite[3 * i], this.hubsSite[3 * i + 1], dirX, dirY, i);
      this.residual[i] = this.targets[i] - this.hubsSite[3 * i + 2];
      worst = Math.max(worst, Math.abs(this.residual[i]));
    }
    return worst;
  }

  /**
   * Height the hub of wheel i must have for its rim to rest on the ground around (x, y): the disc
   * lies in the vertical plane along the heading; sinkage lowers it into soft soil.
   */
  private contactHeight(x: number, y: number, dirX: number, dirY: number, wheel: number): number {
    const t = this.terrain;
    let best = -Infinity, at = 0;
    for (let k = 0; k < RIM_SAMPLES; k++) {
      const s = this.rimOffsets[k];
      const z = t.heightAt(x + s * dirX, y + s * dirY) + this.rimLift[k];
      if (z > best) {
        best = z;
        at = k;
      }
    }
    this.contactOffset[wheel] = this.rimOffsets[at];
    // Soil under a wheel is looked up once per settle: hubs move centimetres while it converges.
    if (Number.isNaN(this.sinkage[wheel])) this.sinkage[wheel] = this.sinkageBySoil[t.soilAt(x, y)];
    return best - this.sinkage[wheel];
  }

  /** A starting point: body level at the mean contact height of the wheels at their rest positions. */
  private initialGuess(x: number, y: number, headingRad: number, dirX: number, dirY: number): Float64Array {
    const q = new Float64Array(6);
    this.siteHubs(q, x, y, headingRad, this.hubsSite);
    let sum = 0;
    for (let i = 0; i < 6; i++) sum += this.contactHeight(this.hubsSite[3 * i], this.hubsSite[3 * i + 1], dirX, dirY, i);
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
   * d(residual)/d(q): how each hub's height moves, less how its contact height moves as the hub
   * slides. Along the heading the wheel rolls around its contact point, so the hub's height changes
   * at s / sqrt(r^2 - s^2) for a contact s ahead of the hub (exact on rock edges and steps); across
   * the heading it follows the base relief's slope. Kinematics by forward differences of the cheap
   * forward kinematics: no extra terrain queries.
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
    for (let j = 0; j < 6; j++) {
      const saved = q[j];
      q[j] = saved + h;
      this.siteHubs(q, x, y, headingRad, this.scratchHubs, this.scratchRot);
      q[j] = saved;
      for (let i = 0; i < 6; i++) {
        const dz = this.scratchHubs[3 * i + 2] - this.hubsSite[3 * i + 2];
        const dContact = this.slopeX[i] * (this.scratchHubs[3 * i] - this.hubsSite[3 * i]) + this.slopeY[i] * (this.scratchHubs[3 * i + 1] - this.hubsSite[3 * i + 1]);
        this.jacobian[i * 6 + j] = (dz - dContact) / h;
      }
    }
  }
}

function toVector(s: SuspensionState): Float64Array {
  return Float64Array.of(s.zM, s.rollRad, s.pitchRad, s.rockerRad, s.bogieLeftRad, s.bogieRightRad);
}

function fromVector(q: Float64Array): SuspensionState {
  return { zM: q[0], rollRad: q[1], pitchRad: q[2], rockerRad: q[3], bogieLeftRad: q[4], bogieRightRad: q[5] };
}
