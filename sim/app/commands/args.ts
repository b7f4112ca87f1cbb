import { extname } from 'node:path';
import { InputError } from '../../../src/core/errors';
import type { PlannerName } from '../../../src/ground/plan';
import { RELIEF_MODES, type Relief } from '../../../src/ground/relief';
import { CAMERA_IDS as CAMERA_NAMES, type CameraId as CameraName } from '../../../src/fsw/ports';

// The `rover` command's argument parsers. This module loads nothing heavy: the command line is read,
// and `--help` answered, before any command's own code is loaded: start-up time matters.

export const isScenarioFile = (path: string): boolean => ['.yaml', '.yml'].includes(extname(path).toLowerCase());

/**
 * A parser for a whole-number option in [min, max], naming the option in its error. A bad option
 * value is invalid input (exit 1), not a usage error: commander lets InputError through.
 */
export function wholeNumberArg(option: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max.toLocaleString('en')}`;
      throw new InputError('command line', option, `expected a whole number ${range}, got "${value}"`);
    }
    return n;
  };
}

export const seedArg = wholeNumberArg('--seed', 0);
export const runsArg = wholeNumberArg('--runs', 1, 1_000_000);
/** rover verify's dispersed runs: 0 checks the nominal run alone. */
export const verifyRunsArg = wholeNumberArg('--runs', 0, 1_000_000);
export const workersArg = wholeNumberArg('--workers', 1, 256);
export const concurrencyArg = wholeNumberArg('--concurrency', 1, 256);
export const indexArg = wholeNumberArg('--run', 0);

export function timeoutArg(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InputError('command line', '--timeout', `expected seconds > 0, got "${value}"`);
  return n;
}

export function rockAbundanceArg(value: string): number {
  const k = Number(value);
  if (!(k > 0 && k < 1)) throw new InputError('command line', '--rocks', `rock abundance k must be in (0, 1), got "${value}"`);
  return k;
}

export function poseArg(value: string): [number, number, number] {
  const parts = value.split(',').map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) {
    throw new InputError('command line', '--at', `expected X,Y,HEADING_DEG (site metres and degrees counter-clockwise from east), got "${value}"`);
  }
  return parts as [number, number, number];
}

export function reliefArg(value: string): Relief {
  if (!(RELIEF_MODES as readonly string[]).includes(value)) throw new InputError('command line', '--relief', `expected one of ${RELIEF_MODES.join(', ')}, got "${value}"`);
  return value as Relief;
}

export function cameraArg(value: string): CameraName {
  if (!(CAMERA_NAMES as readonly string[]).includes(value)) throw new InputError('command line', '--camera', `expected one of ${CAMERA_NAMES.join(', ')}, got "${value}"`);
  return value as CameraName;
}

export function degreesArg(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InputError('command line', option, `expected a number of degrees, got "${value}"`);
    return n;
  };
}

/** A planner by name, or `replay:FILE` (a recorded Claude exchange, replayed without a key or network). */
export type PlannerArg = PlannerName | `replay:${string}`;

export function plannerArg(value: string, option = '--planner'): PlannerArg {
  if (value === 'human' || value === 'baseline' || value === 'ai') return value;
  if (/^replay:.+/.test(value)) return value as `replay:${string}`;
  throw new InputError('command line', option, `expected baseline, ai, human or replay:FILE.exchange.json${option === '--planner' ? '' : ', or a plan file (*.plan.json)'}, got "${value}"`);
}

/** The planner's name in file names and tables: a replayed exchange is the ai plan it made. */
export function plannerLabel(arg: PlannerArg): PlannerName {
  return arg.startsWith('replay:') ? 'ai' : (arg as PlannerName);
}

export function planListArg(value: string): string[] {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (!list.length) throw new InputError('command line', '--plans', 'expected a comma-separated list such as human,baseline,ai');
  for (const p of list) if (!/\.json$/i.test(p) || p.startsWith('replay:')) plannerArg(p, '--plans');
  return list;
}

