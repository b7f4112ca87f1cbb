import { Command, CommanderError } from 'commander';
import { environmentProblem, isInputError } from '../../src/core/errors';
import { CAMERA_IDS as CAMERA_NAMES, type CameraId as CameraName } from '../../src/fsw/ports';
import {
  cameraArg, concurrencyArg, degreesArg, indexArg, planListArg, plannerArg, poseArg, reliefArg, rockAbundanceArg, runsArg, seedArg, timeoutArg, verifyRunsArg, workersArg,
} from './commands/args';
import type { CompareOptions } from './commands/compare';
import type { MonteCarloOptions } from './commands/montecarlo';
import type { VerifyOptions } from './commands/verify';
import type { PlanOptions } from './commands/plan';
import type { RunOptions } from './commands/run';
import type { TerrainOptions } from './commands/terrain';
import type { ViewOptions } from './commands/view';

/** Exit codes of the `rover` command (DESIGN.md): a contract scripts rely on. 1 is bad input or an environment that will not let rover do its work (the message says which), 3 a defect of rover's. */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, internal: 3, noGo: 4 } as const;

/** `rover verify` decided NO-GO: it has said why; the process exits EXIT.noGo. */
class NoGo extends Error {}

/** Set to print an internal error's stack. */
export const DEBUG_ENV = 'ROVER_DEBUG';

// Each command's code is loaded when the command runs, not before: `rover --help` and a mistyped
// option are answered without loading the simulator, the SDK or the queue: start-up time matters.
const commands = {
  terrain: () => import('./commands/terrain.js'),
  view: () => import('./commands/view.js'),
  run: () => import('./commands/run.js'),
  compare: () => import('./commands/compare.js'),
  montecarlo: () => import('./commands/montecarlo.js'),
  worker: () => import('./commands/worker.js'),
  plan: () => import('./commands/plan.js'),
  validate: () => import('./commands/validate.js'),
  verify: () => import('./commands/verify.js'),
  dictionary: () => import('./commands/dictionary.js'),
  replay: () => import('./commands/replay.js'),
};

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
    .description('write orbital products (orbital.png, slope.png, hillshade.png, soil.png, dem.tif) and truth rocks.csv for a scenario or DEM file')
    .argument('<input>', 'scenario .yaml, or a DEM file (.tif, .img/.lbl, .bin/.raw with .json sidecar, .npy, .png)')
    .option('--out <dir>', 'output folder (default out/terrain-<name>)')
    .option('--seed <n>', 'run seed (default: the scenario seed, or 1)', seedArg)
    .option('--rocks <k>', 'add Golombek-Rapp rocks of abundance k to a DEM file', rockAbundanceArg)
    .action(async (input: string, options: TerrainOptions) => (await commands.terrain()).terrainCommand(input, options, log));
  program
    .command('view')
    .description('settle the rover at a pose and write what a camera pair sees: left.png, right.png, range.png, stereo.png, snapshot.json')
    .argument('<scenario>', 'scenario .yaml')
    .requiredOption('--at <x,y,heading>', 'site position (m) and heading (deg, counter-clockwise from east)', poseArg)
    .option('--camera <name>', `one of ${CAMERA_NAMES.join(', ')}`, cameraArg, 'front_hazcam' as CameraName)
    .option('--pan <deg>', 'point the camera: pan right (deg)', degreesArg('--pan'))
    .option('--tilt <deg>', 'point the camera: tilt below horizontal (deg)', degreesArg('--tilt'))
    .option('--seed <n>', 'run seed (default: the scenario seed)', seedArg)
    .option('--exact', 'render by casting a ray per pixel against the exact surface (slow) instead of the z-buffer')
    .option('--out <dir>', 'output folder (default out/view-<scenario name>)')
    .action(async (scenarioFile: string, options: ViewOptions) => (await commands.view()).viewCommand(scenarioFile, options, log));
  program
    .command('run')
    .description('run a scenario: plan, flight-rule check, uplink, drive sol by sol with the ground replanning, to a verdict; writes summary.json, telemetry.jsonl, events.jsonl, sequences, map.png, frames and report.html')
    .argument('<scenario>', 'scenario .yaml')
    .option('--plan <plan>', 'human, baseline, ai, replay:FILE.exchange.json (a recorded ai exchange) or a plan file (*.plan.json) (default: the scenario\'s human plan, else baseline)')
    .option('--seed <n>', 'run seed: terrain and every random stream (default: the scenario seed)', seedArg)
    .option('--out <dir>', 'output folder (default out/<scenario>-<plan>)')
    .option('--json', 'print the summary as JSON instead of text')
    .option('--model <id>', 'Claude model id for --plan ai')
    .option('--relief <how>', 'relief on map.png: contours (over the orbital image), hillshade (of the orbital DEM, with contours) or none', reliefArg, 'contours')
    .action(async (scenarioFile: string, options: RunOptions) => (await commands.run()).runCommand(scenarioFile, options, log));
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
    .option('--relief <how>', 'relief on the maps: contours (over the orbital image), hillshade (of the orbital DEM, with contours) or none', reliefArg, 'contours')
    .action(async (scenarioFile: string, options: CompareOptions) => (await commands.compare()).compareCommand(scenarioFile, options, log));
  program
    .command('montecarlo')
    .description('run a plan many times under the scenario\'s dispersions on worker threads (or Redis queue workers): runs.jsonl as runs end, summary.json with confidence intervals, plots')
    .argument('<scenario>', 'scenario .yaml')
    .requiredOption('--runs <n>', 'runs per plan', runsArg)
    .option('--workers <n>', 'worker threads (default 2)', workersArg)
    .option('--seed <n>', 'batch seed: run k\'s seed derives from it and k (default: the scenario seed)', seedArg)
    .option('--plan <plan>', 'human, baseline, ai, replay:FILE.exchange.json (a recorded ai exchange) or a plan file (default: the scenario\'s human plan, else baseline)')
    .option('--plans <list>', 'several plans on the same dispersions, compared pairwise', planListArg)
    .option('--out <dir>', 'output folder (default out/<scenario>-montecarlo)')
    .option('--resume', 'continue the interrupted batch in --out without redoing its finished runs')
    .option('--queue <url>', 'distribute the runs through BullMQ on Redis (redis://host:port); start workers with rover worker')
    .option('--timeout <s>', 'wall seconds after which a run is stopped and recorded as an error (default 600)', timeoutArg)
    .option('--json', 'print summary.json instead of text')
    .action(async (scenarioFile: string, options: MonteCarloOptions) => (await commands.montecarlo()).montecarloCommand(scenarioFile, options, log));
  program
    .command('verify')
    .description('the twin check before uplink: a plan\'s sequence against the command dictionary and the flight rules, a nominal run and N dispersed runs, ending in GO or NO-GO with the reasons (verify.json, verify.md); exits 4 on NO-GO')
    .argument('<scenario>', 'scenario .yaml')
    .option('--plan <plan>', 'human, baseline, ai, replay:FILE.exchange.json (a recorded ai exchange) or a plan file (default: the scenario\'s human plan, else baseline)')
    .option('--runs <n>', 'dispersed runs (default 10; 0 for the nominal run alone)', verifyRunsArg)
    .option('--workers <n>', 'worker threads for the dispersed runs (default 2)', workersArg)
    .option('--seed <n>', 'seed of the nominal run and of the dispersed batch (default: the scenario seed)', seedArg)
    .option('--out <dir>', 'output folder (default out/<scenario>-verify-<plan>)')
    .option('--timeout <s>', 'wall seconds after which a dispersed run is stopped and recorded as an error (default 600)', timeoutArg)
    .option('--model <id>', 'Claude model id for the ai plan')
    .option('--json', 'print verify.json instead of text')
    .action(async (scenarioFile: string, options: VerifyOptions) => {
      if ((await (await commands.verify()).verifyCommand(scenarioFile, options, log)) === 'NO-GO') throw new NoGo();
    });
  program
    .command('worker')
    .description('take Monte Carlo runs from a BullMQ queue on Redis until stopped (Ctrl-C)')
    .requiredOption('--queue <url>', 'the Redis URL the producer uses (redis://host:port)')
    .option('--concurrency <n>', 'runs at a time (default 2)', concurrencyArg)
    .action(async (options: { queue: string; concurrency?: number }) => (await commands.worker()).workerCommand(options, log));
  program
    .command('replay')
    .description('rerun one run of a Monte Carlo batch alone and check it matches its line in runs.jsonl')
    .argument('<dir>', 'the batch\'s --out folder')
    .requiredOption('--run <k>', 'run index (0-based)', indexArg)
    .option('--plan <label>', 'which plan\'s run (default: the first)')
    .option('--json', 'print the rerun\'s record as JSON')
    .option('--out <dir>', 'also write the run\'s full outputs there, as rover run does (report.html, replay.html, telemetry, frames)')
    .action(async (dir: string, options: { run: number; plan?: string; json?: boolean; out?: string }) => (await commands.replay()).replayCommand(dir, options, log));
  program
    .command('plan')
    .description('plan the scenario\'s drive on its orbital products, check the flight rules, and write the plan and its uplink sequence')
    .argument('<scenario>', 'scenario .yaml')
    .requiredOption('--planner <name>', 'baseline (Field D*), ai (Claude; needs ANTHROPIC_API_KEY), human (the scenario\'s plan file) or replay:FILE.exchange.json (a recorded ai exchange, replayed without a key or network)', plannerArg)
    .option('--out <file>', 'plan file (default out/<scenario>.<planner>.plan.json); the sequence and any exchange go beside it')
    .option('--model <id>', 'Claude model id for --planner ai (default: the scenario\'s planners.ai.model)')
    .option('--seed <n>', 'terrain seed (default: the scenario seed)', seedArg)
    .action(async (scenarioFile: string, options: PlanOptions) => (await commands.plan()).planCommand(scenarioFile, options, log));
  program
    .command('validate')
    .description('check a scenario (.yaml), vehicle (.vehicle.yaml), sequence (.seq.json) or plan (.plan.json) file; a sequence is checked against the command dictionary, a plan against a scenario\'s flight rules with --scenario')
    .argument('<file>', 'scenario .yaml, vehicle .vehicle.yaml, sequence .seq.json or plan .plan.json')
    .option('--scenario <file>', 'for a plan: check it against this scenario\'s maps and flight rules')
    .option('--vehicle <file>', 'for a sequence: check it against this vehicle\'s command dictionary (default Perseverance)')
    .option('--json', 'print what was checked as JSON ({ file, kind, valid, message, warnings, details })')
    .action(async (file: string, options: { scenario?: string; vehicle?: string; json?: boolean }) => (await commands.validate()).validateCommand(file, options, log));
  program
    .command('dictionary')
    .description("print flight software's command, event and telemetry channel dictionaries as JSON, for tools")
    .action(async () => (await commands.dictionary()).dictionaryCommand(log));
  return program;
}

/** Runs the CLI and returns the exit code (never throws). */
export async function main(argv: string[], io: CliIo = STDIO): Promise<number> {
  const errorLog = io.error;
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof NoGo) return EXIT.noGo;
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
