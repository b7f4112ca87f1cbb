import { basename, extname, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { environmentProblem, InputError, isInputError } from '../src/core/errors';
import { degToRad } from '../src/core/geometry';
import { claimOutputDir } from '../src/core/files';
import { RandomStreams } from '../src/core/random';
import { loadDem } from '../src/core/raster-io';
import { isSequenceFile, validateSequenceFile } from '../src/fsw/seq/seqjson';
import { checkPlanScenario, isPlanFile, loadPlanFile } from '../src/ground/plan';
import { checkFlightRules } from '../src/ground/uplink/flight-rules';
import { sequenceId } from '../src/ground/uplink/to-seqjson';
import { compareCommand, type CompareOptions } from './commands/compare';
import { montecarloCommand, replayCommand, type MonteCarloOptions } from './commands/montecarlo';
import { workerCommand } from './commands/worker';
import { planCommand, plannerArg, type PlanOptions } from './commands/plan';
import { planListArg, runCommand, type RunOptions } from './commands/run';
import { isSolarConjunction, oneWayLightTimeS } from './comm/light-time';
import { loadScenario } from './scenario/loader';
import { checkStartPose } from './scenario/parking';
import { loadSite, scenarioTerrain } from './scenario/site';
import { CAMERAS, type CameraName } from './sensors/camera-model';
import { writeSnapshot } from './sensors/snapshot';
import { terrainFromDem } from './terrain/generate';
import { makeOrbitalProducts } from './terrain/orbital/products';
import { sunDirection } from './terrain/orbital/sun';
import { writeTerrainOutputs } from './terrain/outputs';
import { OrbitalParams, RockParams } from './terrain/params';
import type { TruthTerrain } from './terrain/terrain';

import { loadVehicleFile } from './vehicle/config';
/** Exit codes of the `rover` command (DESIGN.md): a contract scripts rely on. */
/** Exit codes: 1 is bad input or an environment that will not let rover do its work (the message says which), 3 a defect of rover's. */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, internal: 3 } as const;

/** Set to print an internal error's stack. */
export const DEBUG_ENV = 'ROVER_DEBUG';

const isScenarioFile = (path: string): boolean => ['.yaml', '.yml'].includes(extname(path).toLowerCase());

/**
 * A parser for a whole-number option in [min, max], naming the option in its error. A bad option
 * value is invalid input (exit 1), not a usage error: commander lets InputError through.
 */
function wholeNumberArg(option: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max.toLocaleString('en')}`;
      throw new InputError('command line', option, `expected a whole number ${range}, got "${value}"`);
    }
    return n;
  };
}

const seedArg = wholeNumberArg('--seed', 0);
const runsArg = wholeNumberArg('--runs', 1, 1_000_000);
const workersArg = wholeNumberArg('--workers', 1, 256);
const concurrencyArg = wholeNumberArg('--concurrency', 1, 256);
const indexArg = wholeNumberArg('--run', 0);

function timeoutArg(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InputError('command line', '--timeout', `expected seconds > 0, got "${value}"`);
  return n;
}

function rockAbundanceArg(value: string): number {
  const k = Number(value);
  if (!(k > 0 && k < 1)) throw new InputError('command line', '--rocks', `rock abundance k must be in (0, 1), got "${value}"`);
  return k;
}

interface TerrainOptions {
  out?: string;
  seed?: number;
  rocks?: number;
}

async function terrainCommand(input: string, options: TerrainOptions, log: (line: string) => void): Promise<void> {
  let terrain: TruthTerrain;
  let name: string;
  let orbital: OrbitalParams;
  let seed: number;
  if (isScenarioFile(input)) {
    if (options.rocks !== undefined) throw new InputError('command line', '--rocks', 'applies to a DEM file; set terrain.*.rocks.k in the scenario instead');
    const loaded = loadScenario(input);
    const { scenario } = loaded;
    seed = options.seed ?? scenario.seed;
    terrain = (await scenarioTerrain(loaded, seed)).terrain;
    name = scenario.name;
    orbital = scenario.orbital;
  } else {
    seed = options.seed ?? 1;
    const dem = await loadDem(input);
    const rocks = options.rocks !== undefined ? RockParams.parse({ k: options.rocks }) : undefined;
    terrain = terrainFromDem(dem, { rocks }, seed);
    name = basename(input);
    orbital = OrbitalParams.parse({});
  }
  const out = options.out ?? `out/terrain-${basename(input, extname(input))}`;
  claimOutputDir(out);
  const products = makeOrbitalProducts(terrain, orbital, seed);
  const { files, summary } = writeTerrainOutputs(out, name, terrain, products);
  const s = summary.site;
  log(`${name}: ${(s.x_max_m - s.x_min_m).toFixed(0)} m x ${(s.y_max_m - s.y_min_m).toFixed(0)} m, ` +
    `elevation ${summary.elevation_m.min}..${summary.elevation_m.max} m, ${summary.rocks} rocks, ${summary.craters} craters, ` +
    `orbital median slope ${summary.orbital.median_slope_deg} deg (seed ${seed})`);
  for (const f of files) log(`  wrote ${f}`);
}

interface ViewOptions {
  at: [number, number, number];
  camera: CameraName;
  pan?: number;
  tilt?: number;
  seed?: number;
  out?: string;
  exact?: boolean;
}

function poseArg(value: string): [number, number, number] {
  const parts = value.split(',').map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) {
    throw new InputError('command line', '--at', `expected X,Y,HEADING_DEG (site metres and degrees counter-clockwise from east), got "${value}"`);
  }
  return parts as [number, number, number];
}

function cameraArg(value: string): CameraName {
  if (!(value in CAMERAS)) throw new InputError('command line', '--camera', `expected one of ${Object.keys(CAMERAS).join(', ')}, got "${value}"`);
  return value as CameraName;
}

function degreesArg(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InputError('command line', option, `expected a number of degrees, got "${value}"`);
    return n;
  };
}

async function viewCommand(scenarioFile: string, options: ViewOptions, log: (line: string) => void): Promise<void> {
  if (!isScenarioFile(scenarioFile)) throw new InputError(scenarioFile, '', 'expected a scenario file (.yaml)');
  const loaded = loadScenario(scenarioFile);
  const { scenario } = loaded;
  const seed = options.seed ?? scenario.seed;
  const { terrain, vehicle } = await scenarioTerrain(loaded, seed);
  const [x, y, headingDeg] = options.at;
  const b = terrain.bounds;
  if (!(x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax)) {
    throw new InputError('command line', '--at', `(${x}, ${y}) is outside the site (x ${b.xMin}..${b.xMax} m, y ${b.yMin}..${b.yMax} m)`);
  }
  const out = options.out ?? `out/view-${scenario.name}`;
  claimOutputDir(out);
  const { files, summary } = writeSnapshot(out, terrain, vehicle, {
    x, y, headingRad: degToRad(headingDeg), camera: options.camera,
    pointing: { panDeg: options.pan, tiltDeg: options.tilt },
    sun: sunDirection(scenario.orbital.sun_elevation_deg, scenario.orbital.sun_azimuth_deg),
    exact: options.exact,
  }, new RandomStreams(seed));
  const settled = summary.settled as { tilt_deg: number; belly_clearance_m: number };
  log(`${scenario.name}: ${options.camera} at (${x}, ${y}) heading ${headingDeg} deg: tilt ${settled.tilt_deg.toFixed(1)} deg, belly clearance ${settled.belly_clearance_m.toFixed(2)} m`);
  for (const f of files) log(`  wrote ${f}`);
}

async function validateCommand(file: string, options: { scenario?: string }, log: (line: string) => void): Promise<void> {
  if (isPlanFile(file)) {
    const plan = loadPlanFile(file);
    if (!options.scenario) {
      log(`${file}: valid ${plan.provenance.planner} plan for "${plan.scenario}" (${plan.waypoints.length} waypoints); add --scenario FILE to check the flight rules`);
      return;
    }
    const site = await loadSite(options.scenario);
    const check = checkFlightRules(plan, site.orbital, site.mission, { id: sequenceId(`${plan.scenario}_${plan.provenance.planner}`) });
    for (const w of check.warnings) log(`  warning: ${w}`);
    if (!check.ok) throw new InputError(file, '', `breaks the flight rules of ${options.scenario}:\n  - ${check.violations.map((v) => v.message).join('\n  - ')}`);
    log(`${file}: valid plan, passes the flight rules of ${options.scenario} (${plan.waypoints.length} waypoints, ${check.route.total_length_m} m)`);
    return;
  }
  if (options.scenario) throw new InputError('command line', '--scenario', 'applies to plan files (*.plan.json) only');
  if (isSequenceFile(file)) {
    const seq = validateSequenceFile(file);
    log(`${file}: valid sequence "${seq.id}" (${seq.steps} step${seq.steps === 1 ? '' : 's'})`);
    return;
  }
  if (/\.vehicle\.ya?ml$/i.test(file)) {
    const vehicle = loadVehicleFile(file);
    log(`${file}: valid vehicle "${vehicle.name}"`);
    return;
  }
  if (!isScenarioFile(file)) {
    throw new InputError(file, '', 'rover validate checks scenario files (.yaml), vehicle files (.vehicle.yaml), sequences (.seq.json) and plans (.plan.json)');
  }
  const loaded = loadScenario(file);
  const { scenario, dir } = loaded;
  if (scenario.vehicle) loadVehicleFile(resolve(dir, scenario.vehicle));
  if (scenario.planners.human) {
    const planFile = resolve(dir, scenario.planners.human);
    checkPlanScenario(loadPlanFile(planFile), planFile, scenario.name);
  }
  // The rover must be able to stand where the scenario parks it.
  const { terrain, vehicle, truthStart } = await scenarioTerrain(loaded, scenario.seed);
  if (truthStart) checkStartPose(file, terrain, vehicle, truthStart);
  const utcMs = Date.parse(scenario.date_utc);
  const conjunction = isSolarConjunction(utcMs) ? ', solar conjunction: no commanding' : '';
  log(`${file}: valid scenario "${scenario.name}" (one-way light time ${(oneWayLightTimeS(utcMs) / 60).toFixed(1)} min on ${scenario.date_utc}${conjunction})`);
}

export interface CliIo {
  log: (line: string) => void;
  error: (line: string) => void;
}

const STDIO: CliIo = {
  log: (l) => process.stdout.write(l + '\n'),
  error: (l) => process.stderr.write(l + '\n'),
};

export function buildProgram(io: CliIo): Command {
  const log = io.log;
  // Settings made before .command() are inherited by the subcommands.
  const program = new Command('rover')
    .description('Mars rover digital twin: terrain, orbital products, waypoint plans, scenario runs, comparisons and Monte Carlo')
    .configureOutput({ writeOut: (s) => io.log(s.trimEnd()), writeErr: (s) => io.error(s.trimEnd()) })
    .showHelpAfterError()
    .exitOverride();
  program
    .command('terrain')
    .description('write orbital products (orbital.png, slope.png, soil.png, dem.tif) and truth rocks.csv for a scenario or DEM file')
    .argument('<input>', 'scenario .yaml, or a DEM file (.tif, .img/.lbl, .bin/.raw with .json sidecar, .npy, .png)')
    .option('--out <dir>', 'output folder (default out/terrain-<name>)')
    .option('--seed <n>', 'run seed (default: the scenario seed, or 1)', seedArg)
    .option('--rocks <k>', 'add Golombek-Rapp rocks of abundance k to a DEM file', rockAbundanceArg)
    .action((input: string, options: TerrainOptions) => terrainCommand(input, options, log));
  program
    .command('view')
    .description('settle the rover at a pose and write what a camera pair sees: left.png, right.png, range.png, stereo.png, snapshot.json')
    .argument('<scenario>', 'scenario .yaml')
    .requiredOption('--at <x,y,heading>', 'site position (m) and heading (deg, counter-clockwise from east)', poseArg)
    .option('--camera <name>', `one of ${Object.keys(CAMERAS).join(', ')}`, cameraArg, 'front_hazcam' as CameraName)
    .option('--pan <deg>', 'point the camera: pan right (deg)', degreesArg('--pan'))
    .option('--tilt <deg>', 'point the camera: tilt below horizontal (deg)', degreesArg('--tilt'))
    .option('--seed <n>', 'run seed (default: the scenario seed)', seedArg)
    .option('--exact', 'render by casting a ray per pixel against the exact surface (slow) instead of the z-buffer')
    .option('--out <dir>', 'output folder (default out/view-<scenario name>)')
    .action((scenarioFile: string, options: ViewOptions) => viewCommand(scenarioFile, options, log));
  program
    .command('run')
    .description('run a scenario: plan, flight-rule check, uplink, drive sol by sol with the ground replanning, to a verdict; writes summary.json, telemetry.jsonl, events.jsonl, sequences, map.png, frames and report.html')
    .argument('<scenario>', 'scenario .yaml')
    .option('--plan <plan>', 'human, baseline, ai, or a plan file (*.plan.json) (default: the scenario\'s human plan, else baseline)')
    .option('--seed <n>', 'run seed: terrain and every random stream (default: the scenario seed)', seedArg)
    .option('--out <dir>', 'output folder (default out/<scenario>-<plan>)')
    .option('--json', 'print the summary as JSON instead of text')
    .option('--model <id>', 'Claude model id for --plan ai')
    .action((scenarioFile: string, options: RunOptions) => runCommand(scenarioFile, options, log));
  program
    .command('compare')
    .description('run several plans through the same simulation (same seeds) and compare them: a table, comparison.md, comparison.json and map.png with every track')
    .argument('<scenario>', 'scenario .yaml')
    .option('--plans <list>', 'comma-separated: human, baseline, ai or plan files (default: the scenario\'s compare list; ai only with ANTHROPIC_API_KEY)', planListArg)
    .option('--runs <n>', 'seeds per plan (the scenario seed, +1, ...)', runsArg)
    .option('--seed <n>', 'first seed (default: the scenario seed)', seedArg)
    .option('--out <dir>', 'output folder (default out/<scenario>-compare)')
    .option('--json', 'print the comparison as JSON instead of a table')
    .option('--model <id>', 'Claude model id for the ai plan')
    .action((scenarioFile: string, options: CompareOptions) => compareCommand(scenarioFile, options, log));
  program
    .command('montecarlo')
    .description('run a plan many times under the scenario\'s dispersions on worker threads (or Redis queue workers): runs.jsonl as runs end, summary.json with confidence intervals, plots')
    .argument('<scenario>', 'scenario .yaml')
    .requiredOption('--runs <n>', 'runs per plan', runsArg)
    .option('--workers <n>', 'worker threads (default 2)', workersArg)
    .option('--seed <n>', 'batch seed: run k\'s seed derives from it and k (default: the scenario seed)', seedArg)
    .option('--plan <plan>', 'human, baseline, ai or a plan file (default: the scenario\'s human plan, else baseline)')
    .option('--plans <list>', 'several plans on the same dispersions, compared pairwise', planListArg)
    .option('--out <dir>', 'output folder (default out/<scenario>-montecarlo)')
    .option('--resume', 'continue the interrupted batch in --out without redoing its finished runs')
    .option('--queue <url>', 'distribute the runs through BullMQ on Redis (redis://host:port); start workers with rover worker')
    .option('--timeout <s>', 'wall seconds after which a run is stopped and recorded as an error (default 600)', timeoutArg)
    .option('--json', 'print summary.json instead of text')
    .action((scenarioFile: string, options: MonteCarloOptions) => montecarloCommand(scenarioFile, options, log));
  program
    .command('worker')
    .description('take Monte Carlo runs from a BullMQ queue on Redis until stopped (Ctrl-C)')
    .requiredOption('--queue <url>', 'the Redis URL the producer uses (redis://host:port)')
    .option('--concurrency <n>', 'runs at a time (default 2)', concurrencyArg)
    .action((options: { queue: string; concurrency?: number }) => workerCommand(options, log));
  program
    .command('replay')
    .description('rerun one run of a Monte Carlo batch alone and check it matches its line in runs.jsonl')
    .argument('<dir>', 'the batch\'s --out folder')
    .requiredOption('--run <k>', 'run index (0-based)', indexArg)
    .option('--plan <label>', 'which plan\'s run (default: the first)')
    .option('--json', 'print the rerun\'s record as JSON')
    .action((dir: string, options: { run: number; plan?: string; json?: boolean }) => replayCommand(dir, options, log));
  program
    .command('plan')
    .description('plan the scenario\'s drive on its orbital products, check the flight rules, and write the plan and its uplink sequence')
    .argument('<scenario>', 'scenario .yaml')
    .requiredOption('--planner <name>', 'baseline (Field D*), ai (Claude; needs ANTHROPIC_API_KEY) or human (the scenario\'s plan file)', plannerArg)
    .option('--out <file>', 'plan file (default out/<scenario>.<planner>.plan.json); the sequence and any exchange go beside it')
    .option('--model <id>', 'Claude model id for --planner ai (default: the scenario\'s planners.ai.model)')
    .option('--seed <n>', 'terrain seed (default: the scenario seed)', seedArg)
    .action((scenarioFile: string, options: PlanOptions) => planCommand(scenarioFile, options, log));
  program
    .command('validate')
    .description('check a scenario (.yaml), vehicle (.vehicle.yaml), sequence (.seq.json) or plan (.plan.json) file; a sequence is checked against the command dictionary, a plan against a scenario\'s flight rules with --scenario')
    .argument('<file>', 'scenario .yaml, vehicle .vehicle.yaml, sequence .seq.json or plan .plan.json')
    .option('--scenario <file>', 'for a plan: check it against this scenario\'s maps and flight rules')
    .action((file: string, options: { scenario?: string }) => validateCommand(file, options, log));
  return program;
}

/** Runs the CLI and returns the exit code (never throws). */
export async function main(argv: string[], io: CliIo = STDIO): Promise<number> {
  const errorLog = io.error;
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version requests end through here too, with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isInputError(e)) {
      errorLog(`error: ${e.message}`);
      return EXIT.invalidInput;
    }
    const environment = environmentProblem(e);
    if (environment) {
      errorLog(`error: ${environment}`);
      return EXIT.invalidInput;
    }
    const message = e instanceof Error ? e.message : String(e);
    errorLog(process.env[DEBUG_ENV] && e instanceof Error && e.stack
      ? `internal error (please report): ${e.stack}`
      : `internal error (please report): ${message} (set ${DEBUG_ENV}=1 for the stack)`);
    return EXIT.internal;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
