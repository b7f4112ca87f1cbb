import { EnavPlanner } from '../src/fsw/autonav/planners';
import { LocalMap } from '../src/fsw/autonav/local-map';
import { protocolTerrain, runTrial, type NavMode } from '../sim/app/runner/autonav-trial';

/**
 * Figures on a k = 0.15 site with an 80 m goal: ms per navigation cycle (map update +
 * path selection), median and 95th percentile; ACE checks per cycle; simulated metres per wall
 * second for the whole autonomous traverse. Aim: <= 20 ms per cycle on one core.
 */
export function autonavBenchmark(): Record<string, number | string> {
  const cycleMs: number[] = [];
  const checks: number[] = [];
  // Time the two onboard steps of a cycle where they run (wall time is the benchmark's, never the simulator's).
  const plan = EnavPlanner.prototype.plan;
  const addFrame = LocalMap.prototype.addFrame;
  let mapMs = 0;
  LocalMap.prototype.addFrame = function (...args: Parameters<typeof addFrame>) {
    const t0 = performance.now();
    const shift = addFrame.apply(this, args);
    mapMs = performance.now() - t0;
    return shift;
  };
  EnavPlanner.prototype.plan = function (...args: Parameters<typeof plan>) {
    const t0 = performance.now();
    const decision = plan.apply(this, args);
    cycleMs.push(mapMs + performance.now() - t0);
    checks.push(decision.checks);
    return decision;
  };
  try {
    // The first k = 0.15 terrain of bench/autonav-experiment.ts.
    const start = { x: 8, y: 20, headingRad: 0 };
    const terrain = protocolTerrain(0.15, [100, 40], 101, start);
    const t0 = performance.now();
    const r = runTrial({ terrain, start, goal: { x: 88, y: 20 }, mode: 'AUTONAV' as NavMode, seed: 1 });
    const wallS = (performance.now() - t0) / 1000;
    const sorted = [...cycleMs].sort((a, b) => a - b);
    const sortedChecks = [...checks].sort((a, b) => a - b);
    return {
      outcome: r.outcome,
      cycles: cycleMs.length,
      cycle_ms_median: round(sorted[sorted.length >> 1]),
      cycle_ms_p95: round(sorted[Math.floor(sorted.length * 0.95)]),
      ace_checks_per_cycle_median: sortedChecks[sortedChecks.length >> 1],
      ace_checks_per_cycle_max: sortedChecks[sortedChecks.length - 1],
      traverse_distance_m: round(r.distanceM),
      traverse_sim_m_per_wall_s: round(r.distanceM / wallS),
      traverse_wall_s: round(wallS),
    };
  } finally {
    EnavPlanner.prototype.plan = plan;
    LocalMap.prototype.addFrame = addFrame;
  }
}

const round = (v: number): number => Number(v.toFixed(2));
