import { degToRad } from '../../../src/core/geometry';
import { PathTree } from '../../../src/fsw/autonav/path-tree';
import type { SimVehicle } from '../../world/vehicle/vehicle';

/*
 * The truth vehicle as the referee of a hazard stop: when the onboard navigation finds no safe path,
 * would the truth have found one? Every path of the onboard tree (its turn in place swept every
 * 10 deg, then every 25 cm of its arcs), laid from where the rover truly stands, is settled on the
 * truth terrain; a path is drivable when no pose breaks a truth limit (tilt, rocker and bogie travel,
 * belly contact, tip-over: what the truth watch counts as a safety violation), enters a keep-out
 * zone or the keep-in box's outside, or fails to settle (off the terrain, say). A refusal the truth
 * calls drivable is the twin's own doing, not a finding about the plan.
 */

export interface StopReferee {
  /** Paths of the onboard tree. */
  paths: number;
  /** Paths the truth vehicle could drive end to end. */
  drivable: number;
  /** On the other paths, the first reason each is not: a truth limit broken, a zone, or no settled pose. */
  broken: { tilt: number; joint: number; wheel_lift: number; clearance: number; tip_over: number; zone: number; unsettled: number };
}

/** Where the rover may drive (its zones, as the flight software holds them). */
export interface ZoneCheck {
  allows(x: number, y: number): boolean;
}

const TREE = new PathTree();
const TURN_STEP_RAD = degToRad(10);

export function refereeStop(vehicle: SimVehicle, zones: ZoneCheck = { allows: () => true }): StopReferee {
  const { x, y, headingRad } = vehicle.pose;
  const c = Math.cos(headingRad), s = Math.sin(headingRad);
  const broken = { tilt: 0, joint: 0, wheel_lift: 0, clearance: 0, tip_over: 0, zone: 0, unsettled: 0 };
  const verdictAt = (px: number, py: number, h: number): keyof typeof broken | undefined => {
    if (!zones.allows(px, py)) return 'zone';
    const st = vehicle.settler.settle(px, py, h);
    if (!st.converged || !Number.isFinite(st.tiltRad) || !Number.isFinite(st.bellyClearanceM)) return 'unsettled';
    if (st.limits.tipOver) return 'tip_over';
    if (st.limits.tilt) return 'tilt';
    if (st.limits.rocker || st.limits.bogieLeft || st.limits.bogieRight) return 'joint';
    if (st.limits.wheelLift || st.limits.lossOfContact) return 'wheel_lift';
    if (st.bellyClearanceM < 0) return 'clearance';
    return undefined;
  };
  // The turns are shared by every path with the same turn: settle each once.
  const turns = new Map<number, keyof typeof broken | 'none'>();
  const turnVerdict = (turn: number) => {
    let v = turns.get(turn);
    if (v === undefined) {
      const steps = Math.max(1, Math.ceil(Math.abs(turn) / TURN_STEP_RAD));
      let bad: keyof typeof broken | undefined;
      for (let k = 1; k <= steps && !bad; k++) bad = verdictAt(x, y, headingRad + (turn * k) / steps);
      v = bad ?? 'none';
      turns.set(turn, v);
    }
    return v === 'none' ? undefined : v;
  };
  let drivable = 0;
  const { poses, posesPerPath, shapes } = TREE;
  for (let p = 0; p < shapes.length; p++) {
    let bad = turnVerdict(shapes[p].turnRad);
    const o = p * posesPerPath * 3;
    for (let i = 0; i < posesPerPath && !bad; i++) {
      const lx = poses[o + 3 * i], ly = poses[o + 3 * i + 1];
      bad = verdictAt(x + lx * c - ly * s, y + lx * s + ly * c, headingRad + poses[o + 3 * i + 2]);
    }
    if (bad) broken[bad]++;
    else drivable++;
  }
  return { paths: shapes.length, drivable, broken };
}

/** One sentence for a verdict: whether the truth confirms the refusal. */
export function refereeSentence(r: StopReferee): string {
  const causes = Object.entries(r.broken).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace('_', '-')} on ${n}`).join(', ');
  return r.drivable === 0
    ? `the truth vehicle confirms it: none of the ${r.paths} paths ahead is drivable (${causes})`
    : `the truth vehicle could have driven ${r.drivable} of the ${r.paths} paths ahead: a refusal of the onboard navigation, not of the ground`;
}
