import { describe, expect, it } from 'vitest';
import { degToRad, radToDeg } from '../../../../src/core/geometry';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { SoilClass } from '../../../../sim/world/terrain/soil';
import { DEFAULT_VEHICLE, MARS_GRAVITY, VehicleConfig } from '../../../../sim/world/vehicle/config';
import { Settler } from '../../../../sim/world/vehicle/settle';

const REGION = { xMin: -6, xMax: 6, yMin: -6, yMax: 6 };
const HARD = { soil: SoilClass.bedrock }; // no sinkage: heights are exact
const WEIGHT = DEFAULT_VEHICLE.mass_kg * MARS_GRAVITY;

describe('settling on flat ground', () => {
  const settler = new Settler(terrainFromFunction(() => 0, REGION, HARD), DEFAULT_VEHICLE);
  const s = settler.settle(0, 0, 0.3);

  it('sits level at the rest height with the rest clearance', () => {
    expect(s.converged).toBe(true);
    // The URDF puts hubs 0.263 m up on 0.2625 m wheels: the origin sits half a millimetre low.
    expect(s.state.zM).toBeCloseTo(0.2625 - 0.263, 6);
    expect(radToDeg(s.tiltRad)).toBeLessThan(0.01);
    expect(Math.abs(s.state.rockerRad) + Math.abs(s.state.bogieLeftRad) + Math.abs(s.state.bogieRightRad)).toBeLessThan(1e-3);
    expect(s.bellyClearanceM).toBeCloseTo(0.6 + 0.2625 - 0.263, 6);
    for (let i = 0; i < 6; i++) expect(s.hubs[3 * i + 2]).toBeCloseTo(0.2625, 3);
  });

  it('carries its weight on six wheels, the same left and right', () => {
    const sum = s.wheelLoadsN.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(WEIGHT, 6);
    for (let i = 0; i < 3; i++) expect(s.wheelLoadsN[i]).toBeCloseTo(s.wheelLoadsN[i + 3], 6);
    for (const load of s.wheelLoadsN) expect(load).toBeGreaterThan(0);
    expect(s.tipOverMarginM).toBeGreaterThan(0.9);
    expect(s.limits).toEqual({ rocker: false, bogieLeft: false, bogieRight: false, tilt: false, tipOver: false, unloaded: false, wheelLift: false, lossOfContact: false });
    for (const gap of s.wheelGapM) expect(gap).toBeLessThan(1e-3);
  });

  it('sinks into sand by the configured sinkage', () => {
    const sand = new Settler(terrainFromFunction(() => 0, REGION, { soil: SoilClass.sand }), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(sand.state.zM).toBeCloseTo(0.2625 - 0.263 - DEFAULT_VEHICLE.wheel_soil.sand.sinkage_m, 4);
    expect(sand.sinkageM[0]).toBe(DEFAULT_VEHICLE.wheel_soil.sand.sinkage_m);
  });
});

describe('sinkage by load', () => {
  it('sinks each wheel by the soil\'s sinkage times its load over a sixth of the weight', () => {
    const sand = new Settler(terrainFromFunction(() => 0, REGION, { soil: SoilClass.sand }), DEFAULT_VEHICLE);
    const first = sand.settle(0, 0, 0);
    const loaded = sand.settle(0, 0, 0, { warmStart: first.state, wheelLoadsN: first.wheelLoadsN });
    const nominal = WEIGHT / 6, s0 = DEFAULT_VEHICLE.wheel_soil.sand.sinkage_m;
    for (let i = 0; i < 6; i++) expect(loaded.sinkageM[i]).toBeCloseTo((s0 * first.wheelLoadsN[i]) / nominal, 9);
    // The loads differ front to back on Perseverance's linkage, so the sinkages do too.
    expect(Math.max(...loaded.sinkageM) - Math.min(...loaded.sinkageM)).toBeGreaterThan(0.002);
    for (let i = 0; i < 6; i++) expect(loaded.hubs[3 * i + 2]).toBeCloseTo(0.2625 - loaded.sinkageM[i], 3);
  });
});

describe('a step under the front wheels', () => {
  // Heading east (x forward). Front hubs are at (1.185, +-1.0625): raise blocks under them.
  const h = 0.2;
  const under = (sides: number[]) => (x: number, y: number) =>
    x > 0.7 && x < 1.8 && sides.some((side) => side * y > 0.8 && side * y < 1.4) ? h : 0;

  /**
   * Closed form: the four bogie wheels stay on the flat, so both bogies stay level in the world;
   * a rocker whose front wheel stands on the step turns about its bogie pivot until the front hub is
   * h higher: with (dx, dz) = front hub - bogie pivot, dx sin a + dz (cos a - 1) = h.
   */
  function rockerSwing(): number {
    const dx = 1.185 - -0.45, dz = 0.263 - 0.663;
    let a = h / dx;
    for (let i = 0; i < 50; i++) a -= (dx * Math.sin(a) + dz * (Math.cos(a) - 1) - h) / (dx * Math.cos(a) - dz * Math.sin(a));
    return a;
  }

  it('under both front wheels: both rockers turn by a, the body pitches by a, the bogies by -a', () => {
    const a = rockerSwing();
    const s = new Settler(terrainFromFunction(under([1, -1]), REGION, HARD), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(s.converged).toBe(true);
    expect(radToDeg(s.state.pitchRad)).toBeCloseTo(radToDeg(a), 2);
    expect(radToDeg(s.state.rockerRad)).toBeCloseTo(0, 2); // the differential sees no difference between sides
    expect(radToDeg(s.state.bogieLeftRad)).toBeCloseTo(radToDeg(-a), 2);
    expect(radToDeg(s.state.bogieRightRad)).toBeCloseTo(radToDeg(-a), 2);
    expect(radToDeg(s.state.rollRad)).toBeCloseTo(0, 4);
  });

  it('under one front wheel: the differential splits the swing between body pitch and rocker angle', () => {
    const a = rockerSwing();
    const s = new Settler(terrainFromFunction(under([1]), REGION, HARD), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(s.converged).toBe(true);
    // The body rolls left side up, so the wheel rests on the inner edge of its tread: that edge is
    // (w/2) sin(roll) lower than the mid-plane, and the hub that much higher.
    expect(s.hubs[2]).toBeCloseTo(h + 0.2625 + (DEFAULT_VEHICLE.wheel_width_m / 2) * Math.sin(s.state.rollRad), 3);
    expect(s.contactAcrossM[0]).toBeCloseTo(-DEFAULT_VEHICLE.wheel_width_m / 2, 9);
    // Planar closed form: pitch a/2, rocker +a/2 (left), left bogie -a, right bogie 0. The body also
    // rolls (~2.3 deg) and the middle wheels sit wider than the others, which shifts the 3-D answer
    // by a few percent; the planar values hold within 7%.
    expect(s.state.pitchRad / (a / 2)).toBeCloseTo(1, 1);
    expect(Math.abs(s.state.rockerRad / (a / 2) - 1)).toBeLessThan(0.07);
    expect(Math.abs(s.state.bogieLeftRad / -a - 1)).toBeLessThan(0.07);
    expect(Math.abs(s.state.bogieRightRad)).toBeLessThan(0.07 * a);
    expect(s.state.rollRad).toBeGreaterThan(0); // the left side is lifted
  });

  it('mirrors exactly when the step is under the other front wheel', () => {
    const left = new Settler(terrainFromFunction(under([1]), REGION, HARD), DEFAULT_VEHICLE).settle(0, 0, 0);
    const right = new Settler(terrainFromFunction(under([-1]), REGION, HARD), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(right.state.rockerRad).toBeCloseTo(-left.state.rockerRad, 6);
    expect(right.state.rollRad).toBeCloseTo(-left.state.rollRad, 6);
    expect(right.state.pitchRad).toBeCloseTo(left.state.pitchRad, 6);
    expect(right.state.bogieRightRad).toBeCloseTo(left.state.bogieLeftRad, 6);
    expect(right.state.bogieLeftRad).toBeCloseTo(left.state.bogieRightRad, 6);
    expect(right.state.zM).toBeCloseTo(left.state.zM, 6);
    for (let i = 0; i < 3; i++) expect(right.wheelLoadsN[i + 3]).toBeCloseTo(left.wheelLoadsN[i], 3);
  });
});

describe('a plane of slope theta', () => {
  it.each([5, 15, 25])('tilts the rover by %s deg whatever its heading', (deg) => {
    const t = Math.tan(degToRad(deg));
    // Slope rising toward the north-north-east.
    const az = degToRad(20);
    const settler = new Settler(terrainFromFunction((x, y) => t * (x * Math.sin(az) + y * Math.cos(az)), REGION, { ...HARD, spacingM: 0.25 }), DEFAULT_VEHICLE);
    for (let heading = 0; heading < 360; heading += 30) {
      const s = settler.settle(0.3, -0.2, degToRad(heading));
      expect(s.converged).toBe(true);
      expect(radToDeg(s.tiltRad)).toBeCloseTo(deg, 1);
      expect(Math.abs(radToDeg(s.state.rockerRad))).toBeLessThan(0.05);
      expect(Math.abs(radToDeg(s.state.bogieLeftRad))).toBeLessThan(0.05);
    }
  });

  it('flags the tilt limit above 20 deg and tip-over on a cross slope past the static limit', () => {
    const cross = (deg: number) => new Settler(
      terrainFromFunction((_, y) => Math.tan(degToRad(deg)) * y, REGION, { ...HARD, spacingM: 0.25 }),
      DEFAULT_VEHICLE,
    ).settle(0, 0, 0);
    const gentle = cross(15), steep = cross(30), over = cross(55);
    expect(gentle.limits.tilt).toBe(false);
    expect(steep.limits.tilt).toBe(true);
    expect(steep.limits.tipOver).toBe(false);
    // Leaning across the slope moves weight onto the downhill (right) wheels.
    expect(steep.wheelLoadsN[3]).toBeGreaterThan(steep.wheelLoadsN[0]);
    expect(over.limits.tipOver).toBe(true);
    expect(over.tipOverMarginM).toBeLessThan(0);
  });
});

describe('belly clearance', () => {
  it('goes negative over a rock taller than the clearance, and the wheels ignore a rock between them', () => {
    const rock = { x: 0.1, y: 0, diameterM: 0.9, heightM: 0.75 };
    const s = new Settler(terrainFromFunction(() => 0, REGION, { ...HARD, rocks: [rock] }), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(s.bellyClearanceM).toBeCloseTo(0.6 - 0.75, 2);
    expect(s.state.zM).toBeCloseTo(0, 2); // the rock is between the wheels: the suspension does not see it
    const small = new Settler(terrainFromFunction(() => 0, REGION, { ...HARD, rocks: [{ ...rock, heightM: 0.3 }] }), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(small.bellyClearanceM).toBeCloseTo(0.3, 2);
  });

  it('finds a rock that only grazes the edge of the pan', () => {
    // Centre outside the pan (half width 0.55 m), footprint reaching 0.1 m inside it, clear of the
    // wheels' treads (the middle wheel's inner edge is at y = 1.1845 - 0.165 = 1.02 m).
    const rock = { x: 0.3, y: 0.7, diameterM: 0.5, heightM: 1.0 };
    const s = new Settler(terrainFromFunction(() => 0, REGION, { ...HARD, rocks: [rock] }), DEFAULT_VEHICLE).settle(0, 0, 0);
    expect(s.state.zM).toBeCloseTo(0, 2);
    const expected = 0.6 - 1.0 * Math.sqrt(1 - (0.15 / 0.25) ** 2);
    expect(s.bellyClearanceM).toBeCloseTo(expected, 2);
  });
});

describe('wheels with width', () => {
  // All six hubs on one track (middle wheels moved in to the corners' 1.0625 m), so that the rover
  // on a ledge rolls as a rigid body, rocker and bogies at rest.
  const Y = 1.0625, W = DEFAULT_VEHICLE.wheel_width_m, h = 0.05;
  const oneTrack = VehicleConfig.parse({ wheels: { middle: { x_m: 0, y_m: Y } } });
  const ledge = (from: number) => (_: number, y: number) => (y > from ? h : 0);

  it('a ledge under the outer edge of the left treads rolls the rover by asin(h / (2Y + 3w/4))', () => {
    // Heading east, the ledge starts 1 cm outside the left hubs' mid-plane: the tread lines at +w/4
    // and +w/2 stand on it, the mid-plane does not. Rolled left side up, the left wheels rest on the
    // +w/4 line (the lowest on the ledge), the right ones on their outer edge (-w/2):
    // h + r - (w/4) sin(roll) - (r + (w/2) sin(roll)) = 2Y sin(roll).
    const terrain = terrainFromFunction(ledge(Y + 0.01), { xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, { ...HARD, spacingM: 0.005 });
    const s = new Settler(terrain, oneTrack).settle(0, 0, 0);
    expect(s.converged).toBe(true);
    expect(radToDeg(s.state.rollRad)).toBeCloseTo(radToDeg(Math.asin(h / (2 * Y + (3 * W) / 4))), 1);
    expect(radToDeg(s.state.rollRad)).toBeGreaterThan(1);
    expect(Math.abs(radToDeg(s.state.rockerRad)) + Math.abs(radToDeg(s.state.bogieLeftRad))).toBeLessThan(0.05);
    for (const i of [0, 1, 2]) expect(s.contactAcrossM[i]).toBeCloseTo(W / 4, 9);
    for (const i of [3, 4, 5]) expect(s.contactAcrossM[i]).toBeCloseTo(-W / 2, 9);
  });

  it('a wheel without width would not feel that ledge', () => {
    const thin = VehicleConfig.parse({ wheels: { middle: { x_m: 0, y_m: Y } }, wheel_width_m: 0.001 });
    const terrain = terrainFromFunction(ledge(Y + 0.01), { xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, { ...HARD, spacingM: 0.005 });
    expect(Math.abs(radToDeg(new Settler(terrain, thin).settle(0, 0, 0).state.rollRad))).toBeLessThan(0.01);
  });
});

describe('joint hard stops', () => {
  // A block under the left middle wheel only: the left bogie turns to lift the middle wheel onto it.
  const h = 0.25;
  const block = (x: number, y: number) => (Math.abs(x) < 0.5 && y > 0.9 && y < 1.5 ? h : 0);
  const terrain = terrainFromFunction(block, REGION, HARD);
  const free = new Settler(terrain, DEFAULT_VEHICLE).settle(0, 0, 0);
  const limitDeg = 5;
  const stopped = new Settler(terrain, VehicleConfig.parse({ joint_limits: { rocker_deg: 30, bogie_deg: limitDeg } })).settle(0, 0, 0);

  it('without the stop in the way the bogie turns past 5 deg and all six wheels touch', () => {
    expect(free.converged).toBe(true);
    expect(radToDeg(free.state.bogieLeftRad)).toBeGreaterThan(limitDeg + 2);
    for (const gap of free.wheelGapM) expect(gap).toBeLessThan(1e-3);
  });

  it('at a 5 deg stop the bogie stays at 5 deg and lifts the left rear wheel off the ground', () => {
    expect(stopped.converged).toBe(true);
    expect(radToDeg(stopped.state.bogieLeftRad)).toBeCloseTo(limitDeg, 9);
    expect(stopped.limits.bogieLeft).toBe(true);
    // The rear hub over flat bedrock: its gap is its height less the wheel radius and less the drop
    // of its tread's lower edge with the roll.
    const rearLift = stopped.hubs[3 * 2 + 2] - DEFAULT_VEHICLE.wheel_radius_m - (DEFAULT_VEHICLE.wheel_width_m / 2) * Math.abs(Math.sin(stopped.state.rollRad));
    expect(rearLift).toBeGreaterThan(0.02);
    expect(stopped.wheelGapM[2]).toBeCloseTo(rearLift, 3);
    for (const i of [0, 1, 3, 4, 5]) expect(stopped.wheelGapM[i]).toBeLessThan(1e-3);
    // The middle wheel stands on the block, on the lower edge of its tread.
    expect(stopped.hubs[3 * 1 + 2]).toBeCloseTo(h + DEFAULT_VEHICLE.wheel_radius_m + (DEFAULT_VEHICLE.wheel_width_m / 2) * Math.abs(Math.sin(stopped.state.rollRad)), 3);
  });

  it('flags the lift past the vehicle\'s limit, and two wheels off the ground as loss of contact', () => {
    const gap = stopped.wheelGapM[2];
    const strict = new Settler(terrain, VehicleConfig.parse({ joint_limits: { rocker_deg: 30, bogie_deg: limitDeg }, wheel_lift_limit_m: gap / 2 })).settle(0, 0, 0);
    expect(strict.limits.wheelLift).toBe(true);
    const lax = new Settler(terrain, VehicleConfig.parse({ joint_limits: { rocker_deg: 30, bogie_deg: limitDeg }, wheel_lift_limit_m: gap * 2 })).settle(0, 0, 0);
    expect(lax.limits.wheelLift).toBe(false);
    expect(stopped.limits.lossOfContact).toBe(false); // one wheel up
    // Blocks under both middle wheels: both bogies at their stops, both rear wheels up.
    const both = terrainFromFunction((x, y) => (Math.abs(x) < 0.5 && Math.abs(y) > 0.9 && Math.abs(y) < 1.5 ? h : 0), REGION, HARD);
    const two = new Settler(both, VehicleConfig.parse({ joint_limits: { rocker_deg: 30, bogie_deg: limitDeg } })).settle(0, 0, 0);
    expect(two.limits.bogieLeft && two.limits.bogieRight).toBe(true);
    expect(two.wheelGapM[2]).toBeGreaterThan(0.02);
    expect(two.wheelGapM[5]).toBeGreaterThan(0.02);
    expect(two.limits.lossOfContact).toBe(true);
  });
});
