import { straight } from '../src/fsw/mobility/steering';
import { generateTerrain } from '../sim/world/terrain/generate';
import { ProceduralTerrainParams } from '../sim/world/terrain/params';
import { DEFAULT_VEHICLE } from '../sim/world/vehicle/config';
import { Settler } from '../sim/world/vehicle/settle';
import { SimVehicle } from '../sim/world/vehicle/vehicle';
import { DEFAULT_ENGINE_OPTIONS } from '../sim/world/engine';

/**
 * Settles per second on a rocky site (k = 0.15), cold (fresh guess at scattered poses) and warm
 * (successive poses 4.2 mm apart, as driving at top speed with the engine's 0.1 s tick does), with and
 * without the belly clearance; and the cost of one simulated metre of driving at that tick. Aim:
 * >= 200,000 settles/s on one core.
 */
export function vehicleBenchmark(): Record<string, number> {
  const terrain = generateTerrain(ProceduralTerrainParams.parse({ size_m: [200, 200], post_spacing_m: 0.5, rocks: { k: 0.15 } }), 3);
  const settler = new Settler(terrain, DEFAULT_VEHICLE);
  const n = 100_000;
  const poses = new Float64Array(3 * n);
  let seed = 99;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < n; i++) {
    poses[3 * i] = 10 + 180 * rand();
    poses[3 * i + 1] = 10 + 180 * rand();
    poses[3 * i + 2] = 2 * Math.PI * rand();
  }
  const cold = (clearance: boolean): { rate: number; iterations: number; unconverged: number } => {
    let iterations = 0, unconverged = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = settler.settle(poses[3 * i], poses[3 * i + 1], poses[3 * i + 2], { clearance });
      iterations += s.iterations;
      if (!s.converged) unconverged++;
    }
    return { rate: n / ((performance.now() - t0) / 1000), iterations: iterations / n, unconverged };
  };
  // One engine tick of travel at top speed between settles: 40,000 of them span 168 m of the site.
  const tickM = DEFAULT_VEHICLE.top_speed_m_s * DEFAULT_ENGINE_OPTIONS.tickS;
  const warmN = 40_000;
  const warm = (clearance: boolean): number => {
    let prev = settler.settle(20, 100, 0, { clearance });
    const t0 = performance.now();
    for (let i = 1; i < warmN; i++) prev = settler.settle(20 + i * tickM, 100, 0, { clearance, warmStart: prev.state });
    return warmN / ((performance.now() - t0) / 1000);
  };
  cold(false); // warm up the JIT
  const coldNoClearance = cold(false);
  const coldWithClearance = cold(true);
  const warmNoClearance = warm(false);
  const warmWithClearance = warm(true);

  // One simulated metre: straight drive at top speed, one step per engine tick.
  const vehicle = new SimVehicle(terrain, DEFAULT_VEHICLE, { x: 20, y: 60, headingRad: 0 });
  const cmd = straight(DEFAULT_VEHICLE, DEFAULT_VEHICLE.top_speed_m_s);
  const dt = DEFAULT_ENGINE_OPTIONS.tickS;
  let steps = 0;
  const t0 = performance.now();
  while (vehicle.odometerM < 20) {
    vehicle.step(cmd, dt);
    steps++;
  }
  const msPerMetre = (performance.now() - t0) / vehicle.odometerM;

  return {
    settles_per_s_cold: Math.round(coldNoClearance.rate),
    settles_per_s_cold_with_clearance: Math.round(coldWithClearance.rate),
    settles_per_s_warm: Math.round(warmNoClearance),
    settles_per_s_warm_with_clearance: Math.round(warmWithClearance),
    newton_iterations_cold_mean: Number(coldNoClearance.iterations.toFixed(2)),
    unconverged_cold_of_100k: coldNoClearance.unconverged,
    drive_ms_per_simulated_m: Number(msPerMetre.toFixed(2)),
    drive_steps_per_simulated_m: Number((steps / vehicle.odometerM).toFixed(1)),
  };
}
