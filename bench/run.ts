/**
 * `npm run bench [-- NAME...]`: runs the benchmarks and prints one JSON object of figures.
 * Performance targets live here, never in timed tests (DEVELOPERS.md).
 */
import { terrainBenchmark } from './terrain.bench';
import { vehicleBenchmark } from './vehicle.bench';
import { sensorsBenchmark } from './sensors.bench';
import { engineBenchmark } from './engine.bench';
import { autonavBenchmark } from './autonav.bench';
import { plannerBenchmark } from './planner.bench';
import { runnerBenchmark } from './runner.bench';
import { montecarloBenchmark } from './montecarlo.bench';
import { startupBenchmark } from './startup.bench';

type Figures = Record<string, number | string>;

const BENCHMARKS: Record<string, () => Figures | Promise<Figures>> = {
  terrain: terrainBenchmark,
  vehicle: vehicleBenchmark,
  sensors: sensorsBenchmark,
  engine: engineBenchmark,
  autonav: autonavBenchmark,
  planner: plannerBenchmark,
  runner: runnerBenchmark,
  montecarlo: montecarloBenchmark,
  startup: startupBenchmark,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((n) => !(n in BENCHMARKS));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const names = asked.length ? asked : Object.keys(BENCHMARKS);
  const figures: Record<string, unknown> = { node: process.version, cpus: require('node:os').cpus().length };
  for (const name of names) figures[name] = await BENCHMARKS[name]();
  figures.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
}

void main();
