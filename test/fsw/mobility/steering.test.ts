import { describe, expect, it } from 'vitest';
import { PERSEVERANCE, VehicleGeometry, WHEELS, hubPlan } from '../../../src/core/vehicle-geometry';
import { MobilityCommand, arc, bodyTwist, steeringTimeS, stop, straight, turnInPlace } from '../../../src/fsw/mobility';

const g = PERSEVERANCE;
const deg = (rad: number) => (rad * 180) / Math.PI;
const [LF, LM, LR, RF, RM, RR] = [0, 1, 2, 3, 4, 5];
const hubs = hubPlan(g);
const r = 0.2625;
/** Ground speed of each wheel (m/s) without slip. */
const groundSpeeds = (cmd: MobilityCommand) => cmd.wheelRateRadS.map((w) => w * r);

describe('turnInPlace', () => {
  it('steers the corners to atan(|x|/|y|): front 48.1 deg, rear 45.3 deg (docs/reference.md)', () => {
    const cmd = turnInPlace(g, 0.01);
    expect(deg(Math.atan(1.185 / 1.0625))).toBeCloseTo(48.1, 1);
    expect(deg(Math.atan(1.075 / 1.0625))).toBeCloseTo(45.3, 1);
    // Front wheels toe in, rear wheels toe out: each wheel tangent to its circle about the origin.
    expect(deg(cmd.steerRad[LF])).toBeCloseTo(48.1, 1);
    expect(deg(cmd.steerRad[RF])).toBeCloseTo(-48.1, 1);
    expect(deg(cmd.steerRad[LR])).toBeCloseTo(-45.3, 1);
    expect(deg(cmd.steerRad[RR])).toBeCloseTo(45.3, 1);
    expect(cmd.steerRad[LM]).toBe(0);
    expect(cmd.steerRad[RM]).toBe(0);
  });

  it('rolls every wheel tangent to its circle about the origin', () => {
    const cmd = turnInPlace(g, 0.01);
    hubs.forEach((h, i) => {
      // Rolling direction is perpendicular to the hub's radius vector.
      const along = h.x * Math.cos(cmd.steerRad[i]) + h.y * Math.sin(cmd.steerRad[i]);
      expect(along, WHEELS[i]).toBeCloseTo(0, 12);
      // Ground speed = |yaw rate| x distance from the origin.
      expect(Math.abs(groundSpeeds(cmd)[i]), WHEELS[i]).toBeCloseTo(0.01 * Math.hypot(h.x, h.y), 12);
    });
  });

  it('turns right for a positive yaw rate: left wheels forward, right wheels backward', () => {
    const cmd = turnInPlace(g, 0.02);
    for (const i of [LF, LM, LR]) expect(cmd.wheelRateRadS[i]).toBeGreaterThan(0);
    for (const i of [RF, RM, RR]) expect(cmd.wheelRateRadS[i]).toBeLessThan(0);
  });

  it('bodyTwist gives vx = vy = 0 and the asked yaw rate, both ways', () => {
    for (const yaw of [0.02, -0.02, 0.005]) {
      const t = bodyTwist(g, turnInPlace(g, yaw));
      expect(t.vxMS).toBeCloseTo(0, 12);
      expect(t.vyMS).toBeCloseTo(0, 12);
      expect(t.yawRateRadS).toBeCloseTo(yaw, 12);
    }
  });

  it('caps the fastest (front corner) wheel at the top speed', () => {
    const cmd = turnInPlace(g, 1);
    const speeds = groundSpeeds(cmd).map(Math.abs);
    expect(Math.max(...speeds)).toBeCloseTo(0.042, 12);
    for (const s of speeds) expect(s).toBeLessThanOrEqual(0.042 * (1 + 1e-12));
    expect(bodyTwist(g, cmd).yawRateRadS).toBeCloseTo(0.042 / Math.hypot(1.185, 1.0625), 12);
  });
});

describe('arc', () => {
  for (const R of [5, -5]) {
    const side = R > 0 ? 'right' : 'left';
    it(`steers to the atan2 formula for a 5 m ${side} arc, inner wheels more than outer`, () => {
      const cmd = arc(g, R, 0.03);
      hubs.forEach((h, i) => {
        if (i === LM || i === RM) {
          expect(cmd.steerRad[i]).toBe(0);
          return;
        }
        // atan2(x, R - y), folded into (-90, 90] deg: for a left turn R - y < 0, so atan2 lands past 90 deg.
        let expected = Math.atan2(h.x, R - h.y);
        if (expected > Math.PI / 2) expected -= Math.PI;
        if (expected <= -Math.PI / 2) expected += Math.PI;
        expect(cmd.steerRad[i], WHEELS[i]).toBeCloseTo(expected, 12);
        expect(cmd.steerRad[i], WHEELS[i]).toBeCloseTo(Math.atan(h.x / (R - h.y)), 12);
      });
      const [innerF, outerF, innerR, outerR] = R > 0 ? [RF, LF, RR, LR] : [LF, RF, LR, RR];
      expect(Math.abs(cmd.steerRad[innerF])).toBeGreaterThan(Math.abs(cmd.steerRad[outerF]));
      expect(Math.abs(cmd.steerRad[innerR])).toBeGreaterThan(Math.abs(cmd.steerRad[outerR]));
      // Front wheels point into the turn, rear wheels out of it.
      expect(Math.sign(cmd.steerRad[LF])).toBe(Math.sign(R));
      expect(Math.sign(cmd.steerRad[LR])).toBe(-Math.sign(R));
    });

    it(`gives wheel speeds proportional to distance from the centre, and bodyTwist (speed, speed/R) (${side})`, () => {
      for (const speed of [0.03, -0.03]) {
        const cmd = arc(g, R, speed);
        const omega = speed / R;
        hubs.forEach((h, i) => {
          const s = groundSpeeds(cmd)[i];
          expect(Math.sign(s), WHEELS[i]).toBe(Math.sign(speed));
          expect(Math.abs(s), WHEELS[i]).toBeCloseTo(Math.abs(omega) * Math.hypot(h.x, R - h.y), 12);
        });
        const t = bodyTwist(g, cmd);
        expect(t.vxMS).toBeCloseTo(speed, 12);
        expect(t.vyMS).toBeCloseTo(0, 12);
        expect(t.yawRateRadS).toBeCloseTo(omega, 12);
        expect(Math.sign(t.yawRateRadS)).toBe(Math.sign(R) * Math.sign(speed));
      }
    });
  }

  it('caps every wheel at the top speed and keeps the arc when asked to go too fast', () => {
    for (const R of [2, -2, 5, 50]) {
      const cmd = arc(g, R, 0.042);
      const speeds = groundSpeeds(cmd).map(Math.abs);
      for (const s of speeds) expect(s).toBeLessThanOrEqual(0.042 * (1 + 1e-12));
      expect(Math.max(...speeds)).toBeCloseTo(0.042, 12);
      const t = bodyTwist(g, cmd);
      expect(t.vxMS).toBeLessThan(0.042);
      expect(t.yawRateRadS).toBeCloseTo(t.vxMS / R, 12);
    }
  });

  it('mirrors left/right between arc(+R) and arc(-R)', () => {
    const right = arc(g, 4, 0.02);
    const left = arc(g, -4, 0.02);
    const mirror = [RF, RM, RR, LF, LM, LR];
    mirror.forEach((j, i) => {
      expect(left.steerRad[j]).toBeCloseTo(-right.steerRad[i], 12);
      expect(left.wheelRateRadS[j]).toBeCloseTo(right.wheelRateRadS[i], 12);
    });
  });

  it('treats an infinite radius as straight', () => {
    expect(arc(g, Infinity, 0.03)).toEqual(straight(g, 0.03));
    expect(arc(g, -Infinity, 0.03)).toEqual(straight(g, 0.03));
  });

  it('rejects a centre inside the track or a zero radius with a RangeError that says to turn in place', () => {
    for (const R of [1.0, -1.0, 1.1845, -0.5, 0]) {
      expect(() => arc(g, R, 0.02), `radius ${R}`).toThrow(RangeError);
      expect(() => arc(g, R, 0.02), `radius ${R}`).toThrow(/between the wheels.*turnInPlace/);
    }
    expect(() => arc(g, NaN, 0.02)).toThrow(RangeError);
    expect(() => arc(g, 5, NaN)).toThrow(RangeError);
  });

  it('rejects steering beyond the steer limit', () => {
    const tight = VehicleGeometry.parse({ steer_limit_deg: 30 });
    expect(() => arc(tight, 2, 0.02)).toThrow(RangeError);
    expect(() => arc(tight, 2, 0.02)).toThrow(/steer limit/);
    expect(() => turnInPlace(tight, 0.01)).toThrow(/steer limit/);
    expect(() => arc(tight, 10, 0.02)).not.toThrow();
  });
});

describe('straight and stop', () => {
  it('rolls every wheel at speed / 0.2625 with the steering at 0', () => {
    const cmd = straight(g, 0.03);
    expect(cmd.steerRad).toEqual([0, 0, 0, 0, 0, 0]);
    for (const w of cmd.wheelRateRadS) expect(w).toBeCloseTo(0.03 / 0.2625, 12);
    for (const w of straight(g, -0.02).wheelRateRadS) expect(w).toBeCloseTo(-0.02 / 0.2625, 12);
    const t = bodyTwist(g, cmd);
    expect(t.vxMS).toBeCloseTo(0.03, 12);
    expect(t.vyMS).toBeCloseTo(0, 12);
    expect(t.yawRateRadS).toBeCloseTo(0, 12);
  });

  it('caps over-speed requests at the top speed, forward and back', () => {
    for (const w of straight(g, 1).wheelRateRadS) expect(w).toBeCloseTo(0.042 / 0.2625, 12);
    for (const w of straight(g, -1).wheelRateRadS) expect(w).toBeCloseTo(-0.042 / 0.2625, 12);
    expect(() => straight(g, Infinity)).toThrow(RangeError);
  });

  it('stops with all rates and steering at 0', () => {
    expect(stop()).toEqual({ steerRad: [0, 0, 0, 0, 0, 0], wheelRateRadS: [0, 0, 0, 0, 0, 0] });
    expect(bodyTwist(g, stop())).toEqual({ vxMS: 0, vyMS: 0, yawRateRadS: 0 });
  });
});

describe('steeringTimeS', () => {
  it('takes 48.1 deg / 8 deg/s from straight to turn in place', () => {
    const t = steeringTimeS(g, straight(g, 0).steerRad, turnInPlace(g, 0).steerRad);
    expect(t).toBeCloseTo(deg(Math.atan(1.185 / 1.0625)) / 8, 12);
    expect(t).toBeCloseTo(48.1 / 8, 1);
    expect(steeringTimeS(g, stop().steerRad, stop().steerRad)).toBe(0);
  });

  it('ignores the middle wheels and rejects wrong-length arrays', () => {
    expect(steeringTimeS(g, [0, 0, 0, 0, 0, 0], [0, 1, 0, 0, -1, 0])).toBe(0);
    expect(() => steeringTimeS(g, [0, 0, 0], [0, 0, 0, 0, 0, 0])).toThrow(RangeError);
  });
});

describe('bodyTwist on inconsistent commands', () => {
  /** Sum of squared differences between the wheels' asked velocities and a rigid twist's. */
  function residual(cmd: MobilityCommand, vx: number, vy: number, w: number): number {
    return hubs.reduce((sum, h, i) => {
      const s = cmd.wheelRateRadS[i] * r;
      const ex = s * Math.cos(cmd.steerRad[i]) - (vx - w * h.y);
      const ey = s * Math.sin(cmd.steerRad[i]) - (vy + w * h.x);
      return sum + ex * ex + ey * ey;
    }, 0);
  }

  it('gives skid steering (left faster than right) a right turn at the mean speed, at the least-squares minimum', () => {
    const a = 0.03, b = 0.01;
    const cmd: MobilityCommand = {
      steerRad: [0, 0, 0, 0, 0, 0],
      wheelRateRadS: [a, a, a, b, b, b].map((v) => v / r),
    };
    const t = bodyTwist(g, cmd);
    expect(t.vxMS).toBeCloseTo((a + b) / 2, 12);
    expect(t.yawRateRadS).toBeGreaterThan(0);
    const best = residual(cmd, t.vxMS, t.vyMS, t.yawRateRadS);
    for (const [dx, dy, dw] of [[1e-4, 0, 0], [-1e-4, 0, 0], [0, 1e-4, 0], [0, -1e-4, 0], [0, 0, 1e-4], [0, 0, -1e-4]]) {
      expect(residual(cmd, t.vxMS + dx, t.vyMS + dy, t.yawRateRadS + dw)).toBeGreaterThan(best);
    }
  });

  it('rejects commands without one value per wheel', () => {
    expect(() => bodyTwist(g, { steerRad: [0], wheelRateRadS: [0] })).toThrow(RangeError);
  });
});
