import { degToRad, radToDeg, wrapAngle } from '../core/geometry';
import { PERSEVERANCE } from '../core/vehicle-geometry';
import { MAX_ARC_RADIUS_M, minArcRadiusM } from '../fsw/cmd/dictionary';
import { roundTo } from '../core/round';

/*
 * A blind back-out along the rover's own incoming track, which it has already driven and so is known
 * safe: when the onboard navigation is boxed in, the ground retraces the last metres in reverse
 * before it replans. The track is the rover's autonomous-navigation looks as downlinked (where it
 * stood and faced at each look); between two looks it turned in place, then drove one arc. So each
 * step back is the same arc driven in reverse (the circle through the later look, tangent to its
 * heading, and the earlier look), then the same turn undone on the spot. Nothing is new ground.
 */

/** A pose the rover stood at (site frame, heading counter-clockwise from east). */
export interface TrackPose {
  x: number;
  y: number;
  headingDeg: number;
}

/** One blind mobility command of a back-out, as it goes into a sequence. */
export type BackOutStep =
  | { stem: 'MOB_TURN_IN_PLACE'; angle_deg: number }
  | { stem: 'MOB_DRIVE_STRAIGHT'; distance_m: number }
  | { stem: 'MOB_DRIVE_ARC'; radius_m: number; distance_m: number };

export interface BackOut {
  steps: BackOutStep[];
  /** Where the rover stands after it (a look pose of its track). */
  end: TrackPose;
  /** Length driven (m). */
  distanceM: number;
}

/** Turns smaller than this (deg) are left out. */
const MIN_TURN_DEG = 0.5;
/** Two looks closer than this (m) are the same spot (the rover only turned between them). */
const SAME_SPOT_M = 0.05;
/** Lateral offsets below this (m) over a step are driven straight. */
const STRAIGHT_M = 0.01;

/**
 * Retraces `track` (oldest first, ending at the rover's last look) from `now` (where it stands and
 * faces) back by at least `lengthM` where the track allows, never by an arc tighter than the
 * mobility minimum nor to a pose `allowed` refuses (inside a zone). Undefined when the track holds
 * nothing to retrace.
 */
export function backOutAlong(track: readonly TrackPose[], now: TrackPose, lengthM: number, allowed: (x: number, y: number) => boolean = () => true, minRadiusM = minArcRadiusM(PERSEVERANCE)): BackOut | undefined {
  if (!track.length) return undefined;
  const steps: BackOutStep[] = [];
  let at = now, driven = 0;
  const turnTo = (headingDeg: number) => {
    // MOB_TURN_IN_PLACE turns right-positive; site headings are counter-clockwise.
    const turn = -radToDeg(wrapAngle(degToRad(headingDeg - at.headingDeg)));
    if (Math.abs(turn) >= MIN_TURN_DEG) steps.push({ stem: 'MOB_TURN_IN_PLACE', angle_deg: round(turn) });
    at = { ...at, headingDeg };
  };
  let k = track.length - 1;
  // The last look is where the rover stands: face as it faced then.
  if (Math.hypot(track[k].x - at.x, track[k].y - at.y) <= SAME_SPOT_M) turnTo(track[k].headingDeg);
  else k++;
  for (k--; k >= 0 && driven < lengthM; k--) {
    const target = track[k];
    if (!allowed(target.x, target.y)) break;
    const leg = reverseArc(at, target, minRadiusM);
    if (leg === 'too_tight') break;
    if (leg) {
      steps.push(leg.step);
      driven += leg.lengthM;
      at = { x: target.x, y: target.y, headingDeg: leg.arrivalDeg };
    }
    turnTo(target.headingDeg);
  }
  if (!driven) return undefined;
  return { steps, end: at, distanceM: round(driven) };
}

/** The track up to the pose a back-out ended on (its last visit there): what lay beyond was undone. */
export function trackBefore(track: readonly TrackPose[], end: TrackPose): TrackPose[] {
  let k = track.length - 1;
  while (k > 0 && Math.hypot(track[k].x - end.x, track[k].y - end.y) > 1e-3) k--;
  return track.slice(0, k + 1);
}

/**
 * The reverse drive from `from` (its heading kept) to the point `to` behind it: the circle tangent
 * to the heading through both, or a straight line. Undefined when `to` is the same spot;
 * 'too_tight' when the circle is tighter than the mobility minimum or `to` is not behind.
 */
function reverseArc(from: TrackPose, to: { x: number; y: number }, minRadiusM: number): { step: BackOutStep; lengthM: number; arrivalDeg: number } | undefined | 'too_tight' {
  const h = degToRad(from.headingDeg);
  const dx = to.x - from.x, dy = to.y - from.y;
  const chord = Math.hypot(dx, dy);
  if (chord <= SAME_SPOT_M) return undefined;
  // In the rover's frame: forward f, left l.
  const f = dx * Math.cos(h) + dy * Math.sin(h), l = -dx * Math.sin(h) + dy * Math.cos(h);
  if (f >= 0) return 'too_tight';
  // Nearly straight (or a circle wider than MOB_DRIVE_ARC takes): a straight drive.
  if (Math.abs(l) < STRAIGHT_M || Math.abs((f * f + l * l) / (2 * l)) > MAX_ARC_RADIUS_M) return { step: { stem: 'MOB_DRIVE_STRAIGHT', distance_m: round(f) }, lengthM: -f, arrivalDeg: from.headingDeg };
  // Centre on the rover's left at c (negative: on its right); the dictionary's radius is right-positive.
  const c = (f * f + l * l) / (2 * l);
  if (Math.abs(c) < minRadiusM) return 'too_tight';
  const central = 2 * Math.asin(Math.min(1, chord / (2 * Math.abs(c))));
  const length = Math.abs(c) * central;
  // Backing along a circle whose centre is on the left turns the heading right, and the other way.
  const arrivalDeg = from.headingDeg - Math.sign(c) * radToDeg(central);
  return { step: { stem: 'MOB_DRIVE_ARC', radius_m: round(-c), distance_m: round(-length) }, lengthM: length, arrivalDeg: round(arrivalDeg) };
}

const round = (v: number): number => roundTo(v, 3);
