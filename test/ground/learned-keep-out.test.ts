import { describe, expect, it } from 'vitest';
import { eventAt } from '../../src/fsw/events';
import { DownlinkKnowledge } from '../../src/ground/downlink';
import { GroundOps } from '../../src/ground/ops';
import { Plan, PLAN_FORMAT } from '../../src/ground/plan';
import { syntheticMaps, syntheticMission } from './synthetic-maps';

const event = (_: 'AUTONAV_NO_PATH', timeS: number) => eventAt('AUTONAV_NO_PATH', { planner: 'ENav', reason: 'no path', x_m: 0, y_m: 0, distance_m: 10 }, timeS);

/** The ground's decision after sol 1 ended on a hazard stop at `pose`, facing the goal. */
function afterHazardStopAt(pose: [number, number]) {
  const mission = syntheticMission();
  const plan = Plan.parse({ format: PLAN_FORMAT, scenario: 'synthetic', waypoints: [{ ...mission.goal }], provenance: { planner: 'human', author: 'test' } });
  const ops = new GroundOps(syntheticMaps(), mission, plan, { scenario: 'synthetic', navMode: 'AUTONAV' });
  const knowledge = new DownlinkKnowledge();
  expect(ops.decide(knowledge).action).toBe('uplink');
  knowledge.receive({ kind: 'telemetry', sample: { timeS: 100, channel: 'nav.look_pose', value: [pose[0], pose[1], 0] } });
  knowledge.receive({ kind: 'event', event: event('AUTONAV_NO_PATH', 100) });
  return { decision: ops.decide(knowledge), mission };
}

describe('a keep-out the ground learns from a hazard stop', () => {
  it('shrinks to leave the goal reachable when the guessed hazard lies next to it', () => {
    // Goal (110, 40), 1.85 m margin, 1 m map posts: a full 2.5 m zone 6.5 m ahead of (99, 40) is
    // impassable to 2.5 + 1.85 + 0.71 = 5.06 m from (105.5, 40) and would swallow the goal, 4.5 m off.
    const { decision, mission } = afterHazardStopAt([99, 40]);
    expect(decision.action, decision.note).toBe('uplink');
    if (decision.action !== 'uplink') return;
    expect(decision.note).toMatch(/learned a keep-out at \(105\.5, 40\)/);
    expect(decision.check.ok).toBe(true);
    const legs = decision.check.route.legs;
    expect(legs[legs.length - 1].to).toEqual([mission.goal.x_m, mission.goal.y_m]);
  });

  it('is not learned at all where even a small one would close the goal off', () => {
    const { decision } = afterHazardStopAt([103, 40]);
    expect(decision.action, decision.note).toBe('uplink');
    expect(decision.note).toMatch(/learned no keep-out \(one there would close off the goal\)/);
  });
});
