import { describe, expect, it } from 'vitest';
import { Ace, aceLimits } from '../../../src/fsw/autonav/ace';
import { alongArc } from '../../../src/fsw/autonav/path-tree';
import { EnavPlanner } from '../../../src/fsw/autonav/planners';
import { Zones } from '../../../src/fsw/mobility/activities';
import { terrainFromFunction } from '../../../sim/world/terrain/analytic';
import { DEFAULT_VEHICLE } from '../../../sim/world/vehicle/config';
import { perfectMap } from './perfect-map';

describe('ENav near its waypoint', () => {
  // Flat ground ending in a 40 cm ledge at x = 2.97: a front wheel reaches it once the rover's
  // centre is ~1.6 m on. The waypoint (2.43, 0), tolerance 1.5 m: a final approach would stop
  // 0.75 m short of it, at x = 1.68, between the 25 cm stations (1.5 and 1.75).
  const terrain = terrainFromFunction((x) => (x > 2.97 ? 0.4 : 0), { xMin: -6, xMax: 9, yMin: -6, yMax: 6 }, { spacingM: 0.05 });
  const map = perfectMap(terrain, 0, 0, 5.5);
  const state = { x: 0, y: 0, headingRad: 0, rollRad: 0, pitchRad: 0, zM: 0 };
  const goal = { x: 2.43, y: 0, toleranceM: 1.5 };

  it('checks where a drive ends, not only every 25 cm short of it', () => {
    const ace = new Ace(map, DEFAULT_VEHICLE, aceLimits(DEFAULT_VEHICLE));
    expect(ace.check(1.5, 0, 0)).toBeUndefined();
    expect(ace.check(1.68, 0, 0)).toBe('wheel_drop');
    const decision = new EnavPlanner(map, DEFAULT_VEHICLE).plan(state, goal, new Zones());
    // The ground short of the ledge is open: it drives (a tree path), and stops short of the ledge.
    expect(decision.kind).toBe('drive');
    if (decision.kind !== 'drive') return;
    const [x, y, h] = alongArc(0, 0, decision.turnRad, decision.curvature, decision.distanceM);
    expect(ace.check(x, y, h), `the drive's end (${x.toFixed(2)}, ${y.toFixed(2)})`).toBeUndefined();
  });
});
