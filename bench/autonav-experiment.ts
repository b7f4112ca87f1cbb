/**
 * JPL's ENav Monte Carlo protocol at small scale (Abcouwer et al. 2021; Toupet et al. 2020): terrains
 * by rock abundance k, an 80 m goal, both navigation modes, several seeds each; a trial fails on no
 * feasible path (or no progress), a fault, or the time limit. Prints a markdown table and JSON.
 *   npx ts-node --transpile-only bench/autonav-experiment.ts [SEEDS] [GOAL_M]
 */
import { runTrial, type NavMode } from '../sim/runner/autonav-trial';
import { generateTerrain } from '../sim/terrain/generate';
import { ProceduralTerrainParams } from '../sim/terrain/params';

const seeds = Number(process.argv[2] ?? 5);
const goalM = Number(process.argv[3] ?? 80);
const rows: Record<string, unknown>[] = [];
for (const k of [0.05, 0.1, 0.15, 0.2]) {
  for (const mode of ['AUTONAV', 'ARC_VOTING'] as NavMode[]) {
    let reached = 0, violations = 0, distance = 0, minClearance = Infinity, maxTilt = 0;
    const byKind = { tilt: 0, clearance: 0, joint: 0, tipOver: 0 };
    const outcomes: Record<string, number> = {};
    for (let seed = 1; seed <= seeds; seed++) {
      const terrain = generateTerrain(ProceduralTerrainParams.parse({
        size_m: [goalM + 20, 40], post_spacing_m: 0.5, relief: { median_slope_deg: 3 }, craters: { density_per_km2: 0 }, sand: { fraction: 0 }, rocks: { k },
      }), 100 + seed);
      const r = runTrial({ terrain, start: { x: 8, y: 20, headingRad: 0 }, goal: { x: 8 + goalM, y: 20 }, mode, seed });
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome === 'reached') {
        reached++;
        distance += r.distanceM;
      }
      if (r.safetyViolation) violations++;
      for (const kind of Object.keys(byKind) as (keyof typeof byKind)[]) if (r.violations[kind]) byKind[kind]++;
      minClearance = Math.min(minClearance, r.minClearanceM);
      maxTilt = Math.max(maxTilt, r.maxTiltDeg);
    }
    rows.push({ k, mode, success: reached / seeds, outcomes, path_efficiency: reached ? (reached * goalM) / distance : null, violations, violations_by_kind: byKind, min_clearance_m: Number(minClearance.toFixed(2)), max_tilt_deg: Number(maxTilt.toFixed(1)) });
  }
}
console.log(`| k | mode | success | outcomes | path efficiency | truth violations: tilt / clearance / joint / tip-over | min clearance (m) | max tilt (deg) |`);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const r of rows) {
  const o = Object.entries(r.outcomes as Record<string, number>).map(([k, n]) => `${k} ${n}`).join(', ');
  const eff = r.path_efficiency === null ? '–' : (r.path_efficiency as number).toFixed(2);
  const v = r.violations_by_kind as Record<string, number>;
  console.log(`| ${r.k} | ${r.mode === 'AUTONAV' ? 'path tree + ACE' : 'arc voting'} | ${((r.success as number) * 100).toFixed(0)}% | ${o} | ${eff} | ${v.tilt} / ${v.clearance} / ${v.joint} / ${v.tipOver} | ${r.min_clearance_m} | ${r.max_tilt_deg} |`);
}
console.log(JSON.stringify({ seeds, goal_m: goalM, rows }));
