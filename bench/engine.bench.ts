import { RandomStreams } from '../src/core/random';
import { SOL_S } from '../src/core/time';
import { onboardGeometry } from '../src/core/vehicle-geometry';
import { RoverFsw } from '../src/fsw/topology';
import { Engine, EngineClock } from '../sim/world/engine';
import { flightPorts } from '../sim/world/sensors/flight-ports';
import { SimHardware } from '../sim/world/sensors/rig';
import { terrainFromFunction } from '../sim/world/terrain/analytic';
import { sunDirection } from '../sim/world/terrain/orbital/sun';
import { DEFAULT_VEHICLE } from '../sim/world/vehicle/config';
import { SimVehicle } from '../sim/world/vehicle/vehicle';

/**
 * Simulated seconds per wall second for a rover idling through a sol and for one driving blind on flat
 * ground (0.1 s ticks, with odometry, fault monitors and VO every 0.5 m). Aim: a sol of simulated time
 * in well under a second.
 */
export function engineBenchmark(): Record<string, number> {
  const build = () => {
    const clock = new EngineClock();
    const terrain = terrainFromFunction(() => 0, { xMin: -10, xMax: 300, yMin: -20, yMax: 20 }, { spacingM: 0.5 });
    const streams = new RandomStreams(1);
    const vehicle = new SimVehicle(terrain, DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 });
    const hardware = new SimHardware(vehicle, streams, { sun: sunDirection(35, 250), clock: () => clock.nowS() });
    const fsw = new RoverFsw(flightPorts(hardware), { geometry: onboardGeometry(DEFAULT_VEHICLE), epoch: { utcMs: Date.UTC(2025, 11, 8) }, startPose: { x: 0, y: 0, headingRad: 0 } });
    return { clock, vehicle, fsw, engine: new Engine(clock, hardware, fsw) };
  };
  const idle = build();
  let t0 = performance.now();
  idle.engine.run(SOL_S);
  const idleWallS = (performance.now() - t0) / 1000;

  const drive = build();
  // The longest drive one command takes (100 m) at top speed, 0.042 m/s: 2,381 s of driving, all of the
  // simulated time measured but the last 19 s.
  const duration = 2400;
  drive.fsw.dispatcher.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 100, speed_m_s: 0.042 }, 0);
  t0 = performance.now();
  drive.engine.run(duration);
  const driveWallS = (performance.now() - t0) / 1000;
  // The wheels turn 100 m; the body goes ~2% less on soil (slip).
  if (drive.vehicle.odometerM < 90) throw new Error(`the benchmark drive went ${drive.vehicle.odometerM.toFixed(1)} m of its 100 m`);
  return {
    idle_sol_wall_s: Number(idleWallS.toFixed(3)),
    idle_sim_s_per_wall_s: Math.round(SOL_S / idleWallS),
    blind_drive_sim_s_per_wall_s: Math.round(duration / driveWallS),
    blind_drive_distance_m: Number(drive.vehicle.odometerM.toFixed(1)),
  };
}
