import { protocolTerrain, runTrial, type NavMode, type RockLayout } from '../sim/app/runner/autonav-trial';
import type { SafetyViolations } from '../sim/world/safety';

/** One trial of the rock-abundance experiment, as a plain record (it crosses a worker thread). */
export interface ExperimentTrial {
  k: number;
  /** How the rocks lie: uniformly or in clusters. */
  layout: RockLayout;
  mode: NavMode;
  seed: number;
  outcome: string;
  /** The onboard event behind a failure (AUTONAV_NO_PATH, AUTONAV_STUCK, a fault), or ''. */
  failure: string;
  distanceM: number;
  /** Straight-line distance from the start where the trial ended (m). */
  fromStartM: number;
  violations: SafetyViolations;
  maxTiltDeg: number;
  minClearanceM: number;
}

/**
 * JPL's ENav protocol (Abcouwer et al. 2021) for one terrain: the rover parked at (8, 20) facing the
 * goal `goalM` east, the protocol's ground (median slope 3 deg) with rocks of abundance k drawn from
 * terrain seed 100 + seed.
 */
export function experimentTrial(t: { k: number; layout: RockLayout; mode: NavMode; seed: number; goalM: number }): ExperimentTrial {
  const start = { x: 8, y: 20, headingRad: 0 };
  const terrain = protocolTerrain(t.k, [t.goalM + 20, 40], 100 + t.seed, start, undefined, t.layout);
  const r = runTrial({ terrain, start, goal: { x: 8 + t.goalM, y: 20 }, mode: t.mode, seed: t.seed });
  const names = r.fsw.events.history.map((e) => e.name);
  const failure = r.outcome === 'reached' ? '' : ((['AUTONAV_NO_PATH', 'AUTONAV_STUCK'] as const).find((n) => names.includes(n)) ?? names.find((n) => n.startsWith('FP_') && n !== 'FP_SAFE_MODE') ?? r.outcome);
  return {
    k: t.k, layout: t.layout, mode: t.mode, seed: t.seed, outcome: r.outcome, failure,
    distanceM: r.distanceM, fromStartM: Math.hypot(r.finalPose.x - start.x, r.finalPose.y - start.y),
    violations: r.violations, maxTiltDeg: r.maxTiltDeg, minClearanceM: r.minClearanceM,
  };
}
