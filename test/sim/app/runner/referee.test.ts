import { describe, expect, it } from 'vitest';
import { degToRad } from '../../../../src/core/geometry';
import { refereeSentence, refereeStop } from '../../../../sim/app/runner/referee';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { DEFAULT_VEHICLE } from '../../../../sim/world/vehicle/config';
import { SimVehicle } from '../../../../sim/world/vehicle/vehicle';

const parkedOn = (height: (x: number, y: number) => number) =>
  new SimVehicle(terrainFromFunction(height, { xMin: -12, xMax: 12, yMin: -12, yMax: 12 }, { spacingM: 0.25 }), DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 });

describe('the truth vehicle as the referee of a hazard stop', () => {
  it('calls every path of the tree drivable on open flat ground: a refusal there is the twin\'s', () => {
    const r = refereeStop(parkedOn(() => 0));
    expect(r.paths).toBe(1573);
    expect(r.drivable).toBe(1573);
    expect(refereeSentence(r)).toMatch(/could have driven 1573 of the 1573 paths/);
  });

  it('confirms a refusal where every pose tilts past the limit, naming the limit', () => {
    const steep = Math.tan(degToRad(DEFAULT_VEHICLE.tilt_limit_deg + 4));
    const r = refereeStop(parkedOn((x) => steep * x));
    expect(r.drivable).toBe(0);
    expect(r.broken.tilt).toBe(1573);
    expect(refereeSentence(r)).toMatch(/confirms it: none of the 1573 paths ahead is drivable \(tilt on 1573\)/);
  });

  it('counts a path into a keep-out zone, or off the terrain, as not drivable', () => {
    // A keep-out ring 1.5 m to 3 m around the rover: every path ends in it (the turns in place stay clear).
    const ring = { allows: (x: number, y: number) => Math.hypot(x, y) < 1.5 || Math.hypot(x, y) > 3 };
    const zoned = refereeStop(parkedOn(() => 0), ring);
    expect(zoned.drivable).toBe(0);
    expect(zoned.broken.zone).toBe(1573);
    // Terrain that ends 3 m ahead: paths that leave it have no ground to settle on.
    const edge = new SimVehicle(terrainFromFunction(() => 0, { xMin: -12, xMax: 3, yMin: -12, yMax: 12 }, { spacingM: 0.25 }), DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 });
    const r = refereeStop(edge);
    expect(r.broken.unsettled).toBeGreaterThan(0);
    expect(r.drivable + r.broken.unsettled).toBe(1573);
  });
});
