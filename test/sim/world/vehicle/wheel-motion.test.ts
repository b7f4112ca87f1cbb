import { describe, expect, it } from 'vitest';
import { degToRad, wrapAngle } from '../../../../src/core/geometry';
import { arc, bodyTwist, straight, turnInPlace } from '../../../../src/fsw/mobility/steering';
import type { MobilityCommand } from '../../../../src/fsw/mobility/types';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { SoilClass } from '../../../../sim/world/terrain/soil';
import { DEFAULT_VEHICLE } from '../../../../sim/world/vehicle/config';
import { SimVehicle } from '../../../../sim/world/vehicle/vehicle';
import { chassisMotion } from '../../../../sim/world/vehicle/wheel-motion';

/*
 * The world's kinematics (sim/world/vehicle/wheel-motion.ts) and flight software's model of them
 * (bodyTwist) are separate code; on flat ground without slip they must agree, and both must give the
 * closed-form motion of the commands mobility builds.
 */

const V = DEFAULT_VEHICLE;
const TOP = V.top_speed_m_s;

const commands: [string, MobilityCommand][] = [
  ['straight ahead', straight(V, TOP)],
  ['straight back', straight(V, -TOP / 2)],
  ['arc 5 m right', arc(V, 5, TOP)],
  ['arc 3 m left, backing', arc(V, -3, -TOP)],
  ['turn in place right', turnInPlace(V, degToRad(2))],
  ['turn in place left', turnInPlace(V, degToRad(-3))],
  // Wheels fighting each other (skid steering): both must find the same best rigid motion.
  ['skid', { steerRad: [0.1, 0, -0.2, 0.3, 0, 0], wheelRateRadS: [0.1, 0.12, 0.08, -0.05, 0.02, 0.1] }],
];

describe("the world's kinematics against flight software's model of them", () => {
  it.each(commands)('%s: the same chassis motion', (_, cmd) => {
    const world = chassisMotion(V, cmd.steerRad, cmd.wheelRateRadS);
    const model = bodyTwist(V, cmd);
    expect(world.vxMS).toBeCloseTo(model.vxMS, 12);
    expect(world.vyMS).toBeCloseTo(model.vyMS, 12);
    expect(world.yawRateRadS).toBeCloseTo(model.yawRateRadS, 12);
  });

  it('an arc of radius R: yaw rate speed / R, no sideways motion at the origin', () => {
    // At top speed the outer front wheel would be too fast: mobility slows the whole arc, so the origin goes slower than TOP.
    const m = chassisMotion(V, arc(V, 5, TOP).steerRad, arc(V, 5, TOP).wheelRateRadS);
    expect(m.vxMS).toBeGreaterThan(0.8 * TOP);
    expect(m.vxMS).toBeLessThanOrEqual(TOP);
    expect(m.yawRateRadS).toBeCloseTo(m.vxMS / 5, 12);
    expect(m.vyMS).toBeCloseTo(0, 12);
  });

  it('on flat bedrock the truth vehicle drives a quarter circle where the closed form puts it', () => {
    const flat = terrainFromFunction(() => 0, { xMin: -20, xMax: 20, yMin: -20, yMax: 20 }, { soil: SoilClass.bedrock, spacingM: 0.25 });
    const vehicle = new SimVehicle(flat, V, { x: 0, y: 0, headingRad: 0 });
    const R = 5, cmd = arc(V, -R, TOP); // left: counter-clockwise from above, heading rises
    let drivenS = 0;
    const quarterS = (Math.PI / 2) / Math.abs(chassisMotion(V, cmd.steerRad, cmd.wheelRateRadS).yawRateRadS);
    for (let i = 0; drivenS < quarterS - 1e-9; i++) {
      const dt = Math.min(0.1, quarterS - drivenS);
      const step = vehicle.step(cmd, dt);
      if (!step.steering) drivenS += dt;
      expect(i).toBeLessThan(20000);
    }
    const p = vehicle.pose;
    // Centre at (0, R) for a left turn from the origin heading east: the quarter ends at (R, R), heading north.
    expect(p.x).toBeCloseTo(R, 2);
    expect(p.y).toBeCloseTo(R, 2);
    expect(wrapAngle(p.headingRad - Math.PI / 2)).toBeCloseTo(0, 3);
  });
});
