import { runTrial } from '../sim/runner/autonav-trial';
import { generateTerrain } from '../sim/terrain/generate';
import { ProceduralTerrainParams } from '../sim/terrain/params';
const goalM = Number(process.argv[2] ?? 30);
for (const k of [0.05, 0.1, 0.15, 0.2]) {
  for (const mode of ['AUTONAV', 'ARC_VOTING'] as const) {
    const out: string[] = [];
    for (const seed of [1, 2]) {
      const terrain = generateTerrain(ProceduralTerrainParams.parse({ size_m: [goalM + 20, 30], post_spacing_m: 0.5, relief: { median_slope_deg: 3 }, craters: { density_per_km2: 0 }, sand: { fraction: 0 }, rocks: { k } }), seed);
      const t0 = performance.now();
      const r = runTrial({ terrain, start: { x: 5, y: 15, headingRad: 0 }, goal: { x: 5 + goalM, y: 15 }, mode, seed });
      out.push(`${r.outcome}(${r.distanceM.toFixed(0)}m,c${r.cycles},tilt${r.maxTiltDeg.toFixed(0)},clr${r.minClearanceM.toFixed(2)},${r.safetyViolation ? 'VIOL' : 'ok'},${((performance.now() - t0) / 1000).toFixed(1)}s)`);
    }
    console.log(k, mode, out.join(' '));
  }
}
