import { describe, expect, it } from 'vitest';
import { degToRad, radToDeg, wrapAngle } from '../../../../src/core/geometry';
import { arc, straight, turnInPlace, stop } from '../../../../src/fsw/mobility/steering';
import type { MobilityCommand } from '../../../../src/fsw/mobility/types';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { SoilClass } from '../../../../sim/world/terrain/soil';
import { DEFAULT_VEHICLE, VehicleConfig } from '../../../../sim/world/vehicle/config';
import { SOL_S } from '../../../../src/core/time';
import { SimVehicle } from '../../../../sim/world/vehicle/vehicle';
import { WheelEncoders } from '../../../../sim/world/sensors/encoders';
import { slipFor } from '../../../../sim/world/vehicle/wheel-soil';

const REGION = { xMin: -20, xMax: 20, yMin: -20, yMax: 20 };
const V = DEFAULT_VEHICLE;
const TOP = V.top_speed_m_s;

/** A slope rising toward +x (east) at `deg`, all one soil class. */
function ramp(deg: number, soil: SoilClass) {
  return terrainFromFunction((x) => Math.tan(degToRad(deg)) * x, REGION, { soil, spacingM: 0.25 });
}

/** Steers for the command, then runs it for `seconds` of driving; sums what the steps report. */
function drive(vehicle: SimVehicle, command: MobilityCommand, seconds: number, dt = 0.5) {
  let commanded = 0, moved = 0, slip = 0, n = 0;
  // The encoders count what each step's wheels turned, as the rover's sensors do.
  const encoders = new WheelEncoders();
  const add = (step: ReturnType<SimVehicle['step']>) => {
    encoders.integrate(step.wheelRateRadS, dt);
    commanded += step.commandedDistanceM;
    moved += step.movedDistanceM;
    slip += step.slip;
    n++;
  };
  for (let i = 0; ; i++) {
    const step = vehicle.step(command, dt);
    if (!step.steering) {
      add(step);
      break;
    }
    if (i > 1000) throw new Error('steering never finished');
  }
  for (let t = dt; t < seconds - 1e-9; t += dt) add(vehicle.step(command, dt));
  return { commanded, moved, meanSlip: slip / n, encoderRad: encoders.read() };
}

const start = (x = 0, y = 0, headingRad = 0) => ({ x, y, headingRad });

describe('driving', () => {
  it('drives straight on hard flat ground at top speed, and the encoders count the wheel rotation', () => {
    const v = new SimVehicle(ramp(0, SoilClass.bedrock), V, start());
    const r = drive(v, straight(V, TOP), 100);
    expect(r.moved).toBeCloseTo(100 * TOP, 2);
    expect(v.pose.x).toBeCloseTo(100 * TOP, 2);
    expect(v.pose.y).toBeCloseTo(0, 6);
    for (const angle of r.encoderRad) expect(angle * V.wheel_radius_m).toBeCloseTo(100 * TOP, 2);
  });

  it('follows an arc of the commanded radius and turns in place by the commanded angle', () => {
    const v = new SimVehicle(ramp(0, SoilClass.bedrock), V, start());
    // A 5 m right-hand arc, a quarter circle: from facing east at the origin to facing south at (5, -5).
    const cmd = arc(V, 5, 0.03);
    const quarter = (Math.PI / 2) * 5;
    const r = drive(v, cmd, quarter / 0.03, 0.25);
    expect(r.moved).toBeCloseTo(quarter, 1);
    expect(v.pose.x).toBeCloseTo(5, 1);
    expect(v.pose.y).toBeCloseTo(-5, 1);
    expect(radToDeg(wrapAngle(v.pose.headingRad))).toBeCloseTo(-90, 0);

    const w = new SimVehicle(ramp(0, SoilClass.bedrock), V, start());
    const yawRate = 0.01;
    drive(w, turnInPlace(V, yawRate), 60, 0.25);
    // Positive yaw rate turns right: the site heading falls by 0.6 rad; bedrock does not slip.
    expect(w.pose.headingRad).toBeCloseTo(-0.6, 2);
    expect(Math.hypot(w.pose.x, w.pose.y)).toBeLessThan(1e-4);
  });

  it('waits for the corner wheels to steer before rolling', () => {
    const v = new SimVehicle(ramp(0, SoilClass.bedrock), V, start());
    const cmd = turnInPlace(V, 0.01);
    const steerS = 48.1 / V.steer_rate_deg_s;
    let t = 0;
    while (v.step(cmd, 0.1).steering) {
      t += 0.1;
      expect(v.pose.headingRad).toBe(0); // no motion while steering
    }
    expect(t).toBeGreaterThan(steerS - 0.3);
    expect(t).toBeLessThan(steerS + 0.3);
    expect(Math.abs(v.pose.headingRad)).toBeCloseTo(0.01 * 0.1, 6); // then it turns
  });

  it('slips on a 20 deg sand slope as the configured curve says', () => {
    const expected = slipFor(V.wheel_soil.sand, degToRad(20));
    expect(expected).toBeGreaterThan(0.4); // docs/reference.md: ~40-50% at 20 deg in sand
    expect(expected).toBeLessThan(0.5);
    const v = new SimVehicle(ramp(20, SoilClass.sand), V, start(-5));
    const r = drive(v, straight(V, TOP), 60);
    expect(1 - r.moved / r.commanded).toBeCloseTo(expected, 2);
    // Wheels turn the full commanded distance: odometry over-reads by the slip.
    expect(r.encoderRad[0] * V.wheel_radius_m).toBeCloseTo(r.commanded, 2);
    expect(v.embedded).toBe(false);
  });

  it('slips little on gentle or hard ground, and more on sand than soil', () => {
    expect(slipFor(V.wheel_soil.sand, degToRad(5))).toBeLessThan(0.06);
    expect(slipFor(V.wheel_soil.soil, degToRad(20))).toBeLessThan(slipFor(V.wheel_soil.sand, degToRad(20)));
    expect(slipFor(V.wheel_soil.bedrock, degToRad(20))).toBeLessThan(0.02);
    expect(slipFor(V.wheel_soil.sand, degToRad(30))).toBeGreaterThan(0.95);
  });

  it('climbs a ledge of 0.45 m on bedrock (below the two-radius limit) with every wheel, and is stopped by 0.6 m', () => {
    const ledge = (h: number) => terrainFromFunction((x) => (x > 2 ? h : 0), REGION, { soil: SoilClass.bedrock, spacingM: 0.05 });
    const low = new SimVehicle(ledge(0.45), V, start());
    const up = drive(low, straight(V, TOP), 180);
    expect(low.pose.x).toBeGreaterThan(2 + 1.075 + 0.3); // the rear wheels are over the ledge too
    for (let i = 0; i < 6; i++) expect(low.settled.hubs[3 * i + 2]).toBeCloseTo(0.45 + V.wheel_radius_m, 2);
    expect(up.moved).toBeGreaterThan(5);
    const high = new SimVehicle(ledge(0.6), V, start());
    let blocked = 0;
    for (let t = 0; t < 180; t += 0.5) {
      const step = high.step(straight(V, TOP), 0.5);
      if (step.blockedWheels[0] && step.blockedWheels[3]) {
        blocked++;
        expect(step.movedDistanceM).toBe(0);
        expect(step.wheelRateRadS[0]).toBe(0); // the blocked wheels do not turn
        expect(step.wheelRateRadS[1]).toBeGreaterThan(0); // the others spin
        expect(step.slip).toBe(1);
      }
    }
    expect(blocked).toBeGreaterThan(100);
    expect(high.settled.hubs[0]).toBeLessThan(2);
    expect(high.settled.hubs[0]).toBeGreaterThan(2 - V.wheel_radius_m - 0.03);
  });

  it('high-centres on a ridge between the wheels taller than the belly clearance, and never moves again', () => {
    // A ridge 0.7 m high and 0.8 m wide along the track, between the wheels (their inner edges are at |y| >= 0.9 m).
    const ridge = terrainFromFunction((x, y) => (x > 3 && Math.abs(y) < 0.4 ? 0.7 : 0), REGION, { soil: SoilClass.bedrock, spacingM: 0.05 });
    const v = new SimVehicle(ridge, V, start());
    drive(v, straight(V, TOP), 240);
    expect(v.highCentred).toBe(true);
    expect(v.settled.bellyClearanceM).toBeLessThan(0);
    const at = v.pose.x;
    const after = drive(v, straight(V, -TOP), 60);
    expect(after.moved).toBe(0);
    expect(v.pose.x).toBe(at);
  });

  it('creeps downhill across a side slope at the soil\'s stated rate, and the cross slope does not slow it', () => {
    // Sand rising to the north at 15 deg; the rover drives east along the contour.
    const slope = terrainFromFunction((_, y) => Math.tan(degToRad(15)) * y, REGION, { soil: SoilClass.sand, spacingM: 0.25 });
    const v = new SimVehicle(slope, V, start(-8, 0, 0));
    const r = drive(v, straight(V, TOP), 200);
    const east = v.pose.x + 8, south = -v.pose.y;
    expect(r.meanSlip).toBeCloseTo(V.wheel_soil.sand.flat_slip, 3);
    // Creep = side_slip_per_deg x cross slope of the distance driven: 0.01 x 15 = 15%.
    expect(south / east).toBeCloseTo(V.wheel_soil.sand.side_slip_per_deg * 15, 2);
    expect(east).toBeCloseTo(r.commanded * (1 - V.wheel_soil.sand.flat_slip), 1);
    // Driving straight up the same slope creeps nothing sideways.
    const up = new SimVehicle(slope, V, start(0, -8, Math.PI / 2));
    drive(up, straight(V, TOP), 100);
    expect(Math.abs(up.pose.x)).toBeLessThan(1e-6);
  });

  it('charges the battery over an idle sol by the MMRTG less the idle and heater loads, and drains it while driving', () => {
    const config = VehicleConfig.parse({ power: { initial_soc: 0.5 } });
    const parked = new SimVehicle(ramp(0, SoilClass.bedrock), config, start());
    // The engine steps an idle rover in long strides: a sol in 600 s strides.
    for (let t = 0; t < SOL_S; t += 600) parked.step(stop(), Math.min(600, SOL_S - t));
    const p = config.power, capacityWh = p.battery_ah * p.bus_v;
    const netWh = ((p.mmrtg_w - config.energy.idle_w - p.heater_w) * SOL_S) / 3600;
    expect(parked.battery.stateOfCharge).toBeCloseTo(0.5 + netWh / capacityWh, 9);
    expect(parked.battery.minStateOfCharge).toBe(0.5);
    // A full battery holds at full.
    const full = new SimVehicle(ramp(0, SoilClass.bedrock), VehicleConfig.parse({ power: { initial_soc: 1 } }), start());
    full.step(stop(), 3600);
    expect(full.battery.stateOfCharge).toBe(1);
    // Driving draws more than the MMRTG gives: the charge falls by the drive's energy less the MMRTG's.
    const driving = new SimVehicle(ramp(0, SoilClass.bedrock), config, start());
    drive(driving, straight(V, TOP), 600);
    const driveNet = driving.energyWh - (p.mmrtg_w * 600) / 3600;
    expect(driveNet).toBeGreaterThan(0);
    expect(driving.battery.stateOfCharge).toBeCloseTo(0.5 - driveNet / capacityWh, 3);
    expect(driving.driveEnergyWh).toBeCloseTo(driving.energyWh, 1);
  });

  it('embeds on a steep sand slope: after high slip over the set distance it never moves again', () => {
    const v = new SimVehicle(ramp(31, SoilClass.sand), V, start(-5));
    const first = drive(v, straight(V, TOP), 120);
    expect(v.embedded).toBe(true);
    expect(first.commanded).toBeGreaterThan(V.wheel_soil.embed_distance_m);
    const x = v.pose.x;
    const later = drive(v, straight(V, TOP), 60);
    expect(later.moved).toBe(0);
    expect(v.pose.x).toBe(x);
  });

  it('uses more energy for longer drives and for steeper ones, and idles when stopped', () => {
    const energy = (deg: number, seconds: number) => {
      const v = new SimVehicle(ramp(deg, SoilClass.bedrock), V, start(-3));
      drive(v, straight(V, TOP), seconds);
      return v.energyWh;
    };
    const flat50 = energy(0, 50), flat100 = energy(0, 100), up10 = energy(10, 100);
    expect(flat100).toBeGreaterThan(1.9 * flat50);
    expect(up10).toBeGreaterThan(1.3 * flat100);
    const parked = new SimVehicle(ramp(0, SoilClass.bedrock), V, start());
    for (let i = 0; i < 36; i++) parked.step(stop(), 100);
    expect(parked.energyWh).toBeCloseTo(V.energy.idle_w + V.power.heater_w, 6); // one hour idle, heaters on
  });
});
