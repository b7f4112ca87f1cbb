import { runTrial } from '../sim/app/runner/autonav-trial';
import { terrainFromFunction } from '../sim/world/terrain/analytic';
const terrain = terrainFromFunction(() => 0, { xMin: -10, xMax: 40, yMin: -15, yMax: 15 }, { spacingM: 0.5 });
const t0 = performance.now();
const r = runTrial({ terrain, start: { x: 0, y: 0, headingRad: 0 }, goal: { x: 20, y: 3 }, mode: (process.argv[2] as any) ?? 'AUTONAV', seed: 1 });
console.log(r.outcome, r.message, 'dist', r.distanceM.toFixed(1), 'err', r.finalErrorM.toFixed(2), 'cycles', r.cycles, 'wall', (performance.now() - t0).toFixed(0), 'ms');
for (const e of r.fsw.events.history.slice(0, 12)) console.log(e.timeS.toFixed(0), e.name, e.message.slice(0, 120));
