import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random';
import { straight } from '../../../../src/fsw/mobility/steering';
import type { HardwarePorts } from '../../../../src/fsw/ports';
import { flightPorts } from '../../../../sim/world/sensors/flight-ports';
import { SimHardware } from '../../../../sim/world/sensors/rig';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { sunDirection } from '../../../../sim/world/terrain/orbital/sun';
import { DEFAULT_VEHICLE } from '../../../../sim/world/vehicle/config';
import { SimVehicle } from '../../../../sim/world/vehicle/vehicle';

function setup(seed = 1) {
  let t = 0;
  const rock = { x: 5, y: 0, diameterM: 0.8, heightM: 0.4 };
  const terrain = terrainFromFunction(() => 0, { xMin: -20, xMax: 40, yMin: -20, yMax: 20 }, { rocks: [rock], spacingM: 0.5 });
  const streams = new RandomStreams(seed);
  const vehicle = new SimVehicle(terrain, DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 });
  const hw = new SimHardware(vehicle, streams, { sun: sunDirection(40, 250), clock: () => t });
  return { hw, advance: (dt: number) => { t += dt; hw.stepVehicle(dt); }, rock };
}

describe('the simulated hardware behind the ports', () => {
  it('lights what the cameras see by the Sun as it stands at the time: bright at noon, dim near sunset', () => {
    let t = 0;
    const terrain = terrainFromFunction(() => 0, { xMin: -20, xMax: 40, yMin: -20, yMax: 20 }, { spacingM: 0.5 });
    const vehicle = new SimVehicle(terrain, DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 });
    const sun = (nowS: number) => sunDirection(nowS < 100 ? 70 : 8, 250);
    const hw = new SimHardware(vehicle, new RandomStreams(1), { sun, clock: () => t });
    const mean = () => {
      const img = hw.viewForPeople('front_hazcam').image;
      let sum = 0;
      for (const v of img) sum += v;
      return sum / img.length;
    };
    const noon = mean();
    t = 500;
    const dusk = mean();
    // Lambertian flat ground: brightness follows sin(elevation) above the sky light.
    expect(dusk).toBeLessThan(0.6 * noon);
  });


  it('captures stereo frames whose points show the rock ahead, with noise but no truth', () => {
    const { hw } = setup();
    const ports: HardwarePorts = flightPorts(hw); // what the flight software gets
    const frame = ports.cameras.capture('front_hazcam');
    expect(frame.width * frame.height).toBe(frame.rangeM.length);
    let valid = 0, onRock = 0, behind = 0;
    for (let i = 0; i < frame.rangeM.length; i++) {
      if (!frame.valid[i]) continue;
      valid++;
      const x = frame.pointsRover[3 * i], y = frame.pointsRover[3 * i + 1], z = frame.pointsRover[3 * i + 2];
      if (!(x > 0)) behind++;
      // Points above the ground (rover z is down) near the rock's position: the rock, seen through noise.
      if (Math.abs(x - 5) < 0.5 && Math.abs(y) < 0.5 && z < -0.15) onRock++;
    }
    expect(behind).toBe(0);
    expect(valid / frame.rangeM.length).toBeGreaterThan(0.5);
    expect(onRock).toBeGreaterThan(50);
    expect(Object.keys(frame)).not.toContain('truth');
    // The same capture again differs only by stereo noise draws.
    const again = ports.cameras.capture('front_hazcam');
    expect(again.image).toEqual(frame.image);
    expect(again.rangeM).not.toEqual(frame.rangeM);
  });

  it('reports VO increments, encoders and IMU as the rover drives', () => {
    const { hw, advance } = setup();
    expect(hw.visualOdometry.update('front_hazcam')).toBeNull(); // first call sets the reference
    hw.mobility.command(straight(DEFAULT_VEHICLE, DEFAULT_VEHICLE.top_speed_m_s));
    for (let i = 0; i < 240; i++) advance(0.1); // 24 s at 0.042 m/s: ~1 m
    const vo = hw.visualOdometry.update('front_hazcam');
    const moved = hw.vehicle.odometerM;
    expect(moved).toBeGreaterThan(0.9);
    if (vo) {
      expect(vo.forwardM).toBeCloseTo(moved, 1);
      expect(Math.abs(vo.rightM)).toBeLessThan(0.1);
    }
    const enc = hw.encoders.read();
    expect(enc.wheelAngleRad[0] * DEFAULT_VEHICLE.wheel_radius_m).toBeCloseTo(moved, 1);
    const imu = hw.imu.read();
    expect(imu.timeS).toBeCloseTo(24, 6);
    expect(Math.abs(imu.pitchRad)).toBeLessThan(0.01);
    expect(Object.keys(imu).sort()).toEqual(['headingRad', 'pitchRad', 'rollRad', 'timeS']);
  });

  it('is reproducible from the seed', () => {
    const a = setup(7).hw.cameras.capture('navcam');
    const b = setup(7).hw.cameras.capture('navcam');
    const c = setup(8).hw.cameras.capture('navcam');
    expect(a.rangeM).toEqual(b.rangeM);
    expect(a.rangeM).not.toEqual(c.rangeM);
  });

  it("gives the same IMU readings for the same seed on a slope (the IMU's noise comes from its named stream)", () => {
    const slope = terrainFromFunction((x) => 0.09 * x, { xMin: -20, xMax: 40, yMin: -20, yMax: 20 }, { spacingM: 0.5 });
    const run = (seed: number) => {
      let t = 0;
      const hw = new SimHardware(new SimVehicle(slope, DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 }), new RandomStreams(seed), { sun: sunDirection(40, 250), clock: () => t });
      hw.mobility.command(straight(DEFAULT_VEHICLE, DEFAULT_VEHICLE.top_speed_m_s));
      const pitch: number[] = [];
      for (let i = 0; i < 50; i++, t += 1) (hw.stepVehicle(1), pitch.push(hw.imu.read().pitchRad));
      return pitch;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
    // About the slope's 5.1 deg, within the accelerometers' noise.
    expect(run(3).slice(10).every((p) => Math.abs(p - Math.atan(0.09)) < 0.01)).toBe(true);
  });
});
