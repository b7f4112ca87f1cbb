import { describe, expect, it } from 'vitest';
import { degToRad, radToDeg, wrapAngle } from '../../src/core/geometry';
import { alongArc } from '../../src/fsw/autonav/path-tree';
import { eventAt } from '../../src/fsw/events';
import { backOutAlong, trackBefore, type BackOutStep, type TrackPose } from '../../src/ground/back-out';
import { DownlinkKnowledge } from '../../src/ground/downlink';
import { GroundOps } from '../../src/ground/ops';
import { Plan, PLAN_FORMAT } from '../../src/ground/plan';
import { syntheticMaps, syntheticMission } from './synthetic-maps';

/** Where a blind step leaves the rover (the dictionary's signs: turns and radii right-positive). */
function apply(p: TrackPose, step: BackOutStep): TrackPose {
  const h = degToRad(p.headingDeg);
  if (step.stem === 'MOB_TURN_IN_PLACE') return { ...p, headingDeg: radToDeg(wrapAngle(h - degToRad(step.angle_deg))) };
  const k = step.stem === 'MOB_DRIVE_STRAIGHT' ? 0 : -1 / step.radius_m;
  const [x, y, h1] = alongArc(p.x, p.y, h, k, step.distance_m);
  return { x, y, headingDeg: radToDeg(wrapAngle(h1)) };
}

/** An ENav-like track: at each look, turn in place, then drive one arc of a metre. */
function drivenTrack(moves: [number, number][]): TrackPose[] {
  const track: TrackPose[] = [{ x: 10, y: 20, headingDeg: 30 }];
  for (const [turnDeg, curvature] of moves) {
    const last = track[track.length - 1];
    const [x, y, h] = alongArc(last.x, last.y, degToRad(last.headingDeg + turnDeg), curvature, 1);
    track.push({ x, y, headingDeg: radToDeg(wrapAngle(h)) });
  }
  return track;
}

describe('a back-out along the rover\'s own track', () => {
  const track = drivenTrack([[0, 0.1], [15, -0.25], [-30, 0.4], [0, 0], [10, -0.1]]);
  const now = track[track.length - 1];

  it('retraces the arcs it came by in reverse and undoes its turns, ending on a pose it stood at', () => {
    const backOut = backOutAlong(track, now, 3)!;
    expect(backOut.distanceM).toBeGreaterThanOrEqual(3);
    let p = now;
    for (const step of backOut.steps) {
      if (step.stem !== 'MOB_TURN_IN_PLACE') expect(step.distance_m).toBeLessThan(0); // reverse only
      p = apply(p, step);
    }
    expect(p.x).toBeCloseTo(backOut.end.x, 3);
    expect(p.y).toBeCloseTo(backOut.end.y, 3);
    const stood = track.find((t) => Math.hypot(t.x - p.x, t.y - p.y) < 1e-3)!;
    expect(stood).toBeDefined();
    expect(Math.abs(wrapAngle(degToRad(p.headingDeg - stood.headingDeg)))).toBeLessThan(degToRad(1));
  });

  it('drives a nearly straight leg straight, never an arc wider than MOB_DRIVE_ARC takes', () => {
    // 6 m back with 1.5 cm to the side: the tangent circle would be 1,200 m wide.
    const back = backOutAlong([{ x: 0, y: 0, headingDeg: 0 }, { x: 6, y: 0.015, headingDeg: 0 }], { x: 6, y: 0.015, headingDeg: 0 }, 3)!;
    expect(back.steps).toEqual([{ stem: 'MOB_DRIVE_STRAIGHT', distance_m: -6 }]);
  });

  it('cuts the track where a back-out ended: what lay beyond was undone', () => {
    const back = backOutAlong(track, now, 3)!;
    const kept = trackBefore(track, back.end);
    expect(kept[kept.length - 1]).toEqual(track[kept.length - 1]);
    expect(Math.hypot(kept[kept.length - 1].x - back.end.x, kept[kept.length - 1].y - back.end.y)).toBeLessThan(1e-9);
    expect(kept.length).toBeLessThan(track.length);
    expect(trackBefore(track, { x: -50, y: -50, headingDeg: 0 })).toEqual(track.slice(0, 1));
  });

  it('goes no farther than a zone allows, and not at all without a track', () => {
    const zoneAt = track[3];
    const stopped = backOutAlong(track, now, 10, (x, y) => Math.hypot(x - zoneAt.x, y - zoneAt.y) > 0.5)!;
    expect(Math.hypot(stopped.end.x - track[4].x, stopped.end.y - track[4].y)).toBeLessThan(1e-3);
    expect(backOutAlong([], now, 3)).toBeUndefined();
    expect(backOutAlong([now], now, 3)).toBeUndefined();
  });
});

describe('the ground, when the rover is boxed in', () => {
  /** A hazard stop as the rover raises it. */
  const event = (name: 'AUTONAV_NO_PATH' | 'AUTONAV_STUCK', timeS: number) =>
    name === 'AUTONAV_NO_PATH' ? eventAt(name, { planner: 'ENav', reason: 'no path', x_m: 0, y_m: 0, distance_m: 10 }, timeS) : eventAt(name, { cycles: 5, best_m: 10 }, timeS);

  it('backs out along the lane the rover arrived by, then replans around the hazard', () => {
    const mission = syntheticMission();
    const plan = Plan.parse({
      format: PLAN_FORMAT, scenario: 'synthetic', waypoints: [{ x_m: 30, y_m: 30, tolerance_m: 1 }, { ...mission.goal }],
      provenance: { planner: 'human', author: 'test' },
    });
    const arrival: TrackPose[] = [{ x: 6, y: 40, headingDeg: 0 }, { x: 10, y: 40, headingDeg: 0 }];
    const ops = new GroundOps(syntheticMaps(), mission, plan, { scenario: 'synthetic', navMode: 'AUTONAV', arrival });
    const knowledge = new DownlinkKnowledge();
    expect(ops.decide(knowledge).action).toBe('uplink');
    // Sol 1: the rover looked once from its start, found no way and stopped there.
    knowledge.receive({ kind: 'telemetry', sample: { timeS: 100, channel: 'nav.look_pose', value: [10, 40, 0] } });
    knowledge.receive({ kind: 'event', event: event('AUTONAV_NO_PATH', 100) });
    const decision = ops.decide(knowledge);
    expect(decision.action).toBe('uplink');
    if (decision.action !== 'uplink') return;
    expect(decision.note).toMatch(/boxed in: backed out 4\.0 m along its own track/);
    const stems = (decision.check.sequence as { steps: { stem: string; args: { name: string; value: number }[] }[] }).steps;
    const back = stems.find((s) => s.stem === 'MOB_DRIVE_STRAIGHT')!;
    expect(back.args.find((a) => a.name === 'distance_m')!.value).toBeCloseTo(-4, 6);
    // The replanned route starts where the back-out ends.
    expect(decision.check.route.legs[0].from).toEqual([6, 40]);
  });

  it('backs out after a long drive too when nothing at all passes where it stopped, but not when it only made no progress', () => {
    const decisionAfter = (stopEvent: 'AUTONAV_NO_PATH' | 'AUTONAV_STUCK') => {
      const mission = syntheticMission();
      const plan = Plan.parse({ format: PLAN_FORMAT, scenario: 'synthetic', waypoints: [{ ...mission.goal }], provenance: { planner: 'human', author: 'test' } });
      const ops = new GroundOps(syntheticMaps(), mission, plan, { scenario: 'synthetic', navMode: 'AUTONAV' });
      const knowledge = new DownlinkKnowledge();
      expect(ops.decide(knowledge).action).toBe('uplink');
      // Sol 1: 20 m east along y = 30, looking every metre, then stopped.
      for (let i = 0; i <= 20; i++) knowledge.receive({ kind: 'telemetry', sample: { timeS: 100 + i, channel: 'nav.look_pose', value: [10 + i, 30, 0] } });
      knowledge.receive({ kind: 'event', event: event(stopEvent, 200) });
      return ops.decide(knowledge);
    };
    const noPath = decisionAfter('AUTONAV_NO_PATH');
    expect(noPath.action === 'uplink' && noPath.note).toMatch(/boxed in: backed out 3\.0 m along its own track/);
    const stuck = decisionAfter('AUTONAV_STUCK');
    expect(stuck.action === 'uplink' && stuck.note).not.toMatch(/backed out/);
  });
});
