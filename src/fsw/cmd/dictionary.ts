import { SOL_S } from '../../core/time';
import { hubPlan, PERSEVERANCE, type VehicleGeometry } from '../../core/vehicle-geometry';
import { DEFAULT_FSW_PARAMS, type FswParams } from '../params';
import { CAMERA_IDS } from '../ports';

/*
 * The command dictionary: every command the rover accepts, with typed arguments, units and ranges
 * (F Prime's command dictionary). Ground tools (SeqJSON validation, `rover validate`) and the onboard
 * dispatcher check against this one table, so a sequence that validates on the ground is accepted
 * onboard for the same reasons.
 *
 * Frames and signs (src/fsw/ports.ts): site frame metres (east-north-up) for positions; rover-frame
 * turn sense, so a positive arc radius or turn angle turns right (clockwise seen from above).
 */

export type ArgType = 'float' | 'int' | 'enum' | 'bool' | 'string';

export type ArgValue = number | string | boolean;
export type ArgValues = Record<string, ArgValue>;

export interface ArgDef {
  name: string;
  type: ArgType;
  units?: string;
  /** Inclusive lower bound, unless minExclusive. */
  min?: number;
  /** Inclusive upper bound, unless maxExclusive. */
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** The allowed values of an enum. */
  values?: readonly string[];
  doc: string;
  /** May be left out; `default` (if any) is filled in by validateArgs. */
  optional?: boolean;
  default?: ArgValue;
}

/** A problem with one argument (or a combination of them): `field` names the argument. */
export interface ArgProblem {
  field: string;
  problem: string;
}

export interface CommandDef {
  mnemonic: string;
  args: ArgDef[];
  doc: string;
  /**
   * Moves the rover (MOB_*, NAV_GOTO_WAYPOINT). The dispatcher runs one motion activity at a time
   * and answers BUSY to a second: two commands steering the same six wheels cannot both be obeyed.
   */
  motion?: boolean;
  /** Rules over several arguments, run after every argument passed its own checks (values have defaults filled). */
  rules?: ((values: ArgValues) => ArgProblem | undefined)[];
}

/**
 * Smallest arc radius (m) of a vehicle: the turn centre must lie outside the wheels (Perseverance's
 * middle wheels at |y| = 1.1845 m, docs/reference.md, give 1.2 m); tighter than that is a turn in place.
 */
export function minArcRadiusM(g: VehicleGeometry): number {
  return Math.ceil(Math.max(...hubPlan(g).map((h) => Math.abs(h.y))) * 10) / 10;
}
/** The widest arc MOB_DRIVE_ARC takes (m) [assumed]: wider is a straight drive. */
export const MAX_ARC_RADIUS_M = 1000;
/** Site-frame coordinate limit (m) [assumed]: a local site spans a few km; this only catches typos and unit slips. */
export const SITE_LIMIT_M = 10_000;
/** Longest single drive or arc (m) [assumed]: human planners space waypoints <= ~100 m apart (docs/reference.md). */
export const MAX_DRIVE_M = 100;
/** Longest go-to-waypoint time budget (s): 10 h, more than the 411.7 m in 4 h 24 min record drive needed (docs/reference.md). */
export const MAX_GOTO_BUDGET_S = 36_000;
/** Longest SEQ_WAIT (s): one sol (docs/reference.md) rounded down. */
export const MAX_WAIT_S = Math.floor(SOL_S);

const siteCoord = (name: string, doc: string): ArgDef => ({
  name, type: 'float', units: 'm', min: -SITE_LIMIT_M, max: SITE_LIMIT_M, doc,
});

/**
 * The command dictionary of a vehicle: speeds up to its top speed, arcs no tighter than its wheels allow,
 * turns at its parameters' default rate. A sequence is checked against the dictionary of the rover
 * that will run it, on the ground and onboard.
 */
export function commandDictionary(vehicle: VehicleGeometry, params: FswParams = DEFAULT_FSW_PARAMS): readonly CommandDef[] {
  const topSpeed = vehicle.top_speed_m_s;
  const minArcRadius = minArcRadiusM(vehicle);
  const speedArg: ArgDef = {
    name: 'speed_m_s', type: 'float', units: 'm/s', min: 0, minExclusive: true, max: topSpeed,
    optional: true, default: topSpeed, doc: 'wheel ground speed along the path; at most the top speed',
  };
  return [
    {
      mnemonic: 'MOB_DRIVE_STRAIGHT',
      doc: 'Blind straight drive along the current heading (no hazard checks); negative distance drives backward.',
      motion: true,
      args: [
        { name: 'distance_m', type: 'float', units: 'm', min: -MAX_DRIVE_M, max: MAX_DRIVE_M, doc: 'distance along the heading; negative backs up' },
        speedArg,
      ],
    },
    {
      mnemonic: 'MOB_DRIVE_ARC',
      doc: 'Blind drive along a circular arc; positive radius turns right (centre to the rover\'s right).',
      motion: true,
      args: [
        {
          name: 'radius_m', type: 'float', units: 'm', min: -MAX_ARC_RADIUS_M, max: MAX_ARC_RADIUS_M,
          doc: `signed turn radius at the rover origin; |radius| >= ${minArcRadius} m (tighter is a turn in place); ` +
            `|radius| <= ${MAX_ARC_RADIUS_M} m [assumed] (wider is a straight drive)`,
        },
        { name: 'distance_m', type: 'float', units: 'm', min: -MAX_DRIVE_M, max: MAX_DRIVE_M, doc: 'arc length at the rover origin; negative backs up' },
        speedArg,
      ],
      rules: [
        (v) => Math.abs(v.radius_m as number) < minArcRadius
          ? {
            field: 'radius_m',
            problem: `|radius| ${Math.abs(v.radius_m as number)} m puts the turn centre inside the wheels; ` +
              `use at least ${minArcRadius} m, or MOB_TURN_IN_PLACE to turn on the spot`,
          }
          : undefined,
      ],
    },
    {
      mnemonic: 'MOB_TURN_IN_PLACE',
      doc: 'Turn on the spot about the rover origin; positive angle turns right (clockwise from above).',
      motion: true,
      args: [
        { name: 'angle_deg', type: 'float', units: 'deg', min: -360, max: 360, doc: 'heading change; positive turns right' },
        {
          name: 'rate_deg_s', type: 'float', units: 'deg/s', min: 0, minExclusive: true, max: 5, optional: true,
          default: params.mobility.turn_rate_deg_s, doc: 'yaw rate; mobility lowers it if a wheel would exceed top speed',
        },
      ],
    },
    {
      mnemonic: 'NAV_GOTO_WAYPOINT',
      doc: 'Drive to a site-frame waypoint: BLIND follows a straight line; AUTONAV (ENav) and ARC_VOTING (GESTALT) image, map and avoid hazards on the way. ' +
        'Stays inside the keep-in box and out of keep-out circles.',
      motion: true,
      args: [
        siteCoord('x_m', 'waypoint east (site frame)'),
        siteCoord('y_m', 'waypoint north (site frame)'),
        { name: 'tolerance_m', type: 'float', units: 'm', min: 0.1, max: 20, optional: true, default: 1, doc: 'arrival radius' },
        {
          name: 'time_budget_s', type: 'float', units: 's', min: 0, minExclusive: true, max: MAX_GOTO_BUDGET_S,
          doc: 'give up (EXECUTION_ERROR) if not there by then',
        },
        { name: 'mode', type: 'enum', values: ['BLIND', 'AUTONAV', 'ARC_VOTING'], doc: 'BLIND: no hazard checks; AUTONAV: ENav path tree with ACE; ARC_VOTING: MER GESTALT-style arc voting, for comparison' },
      ],
    },
    {
      mnemonic: 'NAV_SET_KEEP_IN_BOX',
      doc: 'Set the site-frame box every drive must stay inside (replaces the previous box).',
      args: [
        siteCoord('x_min_m', 'west edge'),
        siteCoord('y_min_m', 'south edge'),
        siteCoord('x_max_m', 'east edge'),
        siteCoord('y_max_m', 'north edge'),
      ],
      rules: [
        (v) => (v.x_min_m as number) < (v.x_max_m as number) ? undefined
          : { field: 'x_max_m', problem: `must exceed x_min_m (${v.x_min_m} m), got ${v.x_max_m} m` },
        (v) => (v.y_min_m as number) < (v.y_max_m as number) ? undefined
          : { field: 'y_max_m', problem: `must exceed y_min_m (${v.y_min_m} m), got ${v.y_max_m} m` },
      ],
    },
    {
      mnemonic: 'NAV_ADD_KEEP_OUT_CIRCLE',
      doc: 'Add a site-frame circle no drive may enter (e.g. a rock or sand patch seen from orbit).',
      args: [
        siteCoord('x_m', 'centre east'),
        siteCoord('y_m', 'centre north'),
        { name: 'radius_m', type: 'float', units: 'm', min: 0, minExclusive: true, max: 500, doc: 'radius of the zone' },
      ],
    },
    { mnemonic: 'NAV_CLEAR_ZONES', doc: 'Remove the keep-in box and every keep-out circle.', args: [] },
    {
      mnemonic: 'IMG_TAKE',
      doc: 'Capture a stereo pair; pan/tilt point the Navcam mast (fixed Hazcams ignore them).',
      args: [
        { name: 'camera', type: 'enum', values: CAMERA_IDS, doc: 'which stereo pair' },
        { name: 'pan_deg', type: 'float', units: 'deg', min: -180, max: 180, optional: true, doc: 'pan right; omitted: the mount default' },
        { name: 'tilt_deg', type: 'float', units: 'deg', min: -90, max: 90, optional: true, doc: 'tilt below horizontal; omitted: the mount default' },
      ],
    },
    {
      mnemonic: 'SEQ_WAIT',
      doc: 'Hold the sequence: an activity that completes after the duration, so a following COMMAND_COMPLETE step waits for it.',
      args: [
        { name: 'duration_s', type: 'float', units: 's', min: 0, minExclusive: true, max: MAX_WAIT_S, doc: 'how long; at most a sol' },
      ],
    },
    { mnemonic: 'MOB_AWAIT_DRIVE_WINDOW', doc: 'Hold the sequence until the drive window is open with drive time left this sol (at once when it is): the first step of a drive.', args: [] },
    { mnemonic: 'FP_ENTER_SAFE_MODE', doc: 'Fault protection: stop all motion and enter safe mode.', args: [] },
    { mnemonic: 'FP_CLEAR_FAULT', doc: 'Fault protection: clear the latched fault so commanding can resume.', args: [] },
    { mnemonic: 'NAV_SUN_UPDATE', doc: 'Measure the heading from the sun and correct the gyro drift of the heading estimate (before a drive).', args: [] },
    { mnemonic: 'CMD_NO_OP', doc: 'Do nothing and answer OK (checks the command path).', args: [] },
  ];
}

/** Perseverance's dictionary with the default parameters: what tools check against when no vehicle is named. */
export const COMMANDS: readonly CommandDef[] = commandDictionary(PERSEVERANCE);

const BY_MNEMONIC = new Map(COMMANDS.map((c) => [c.mnemonic, c]));

/** The dictionary entry for a mnemonic (exact, case-sensitive), or undefined. */
export function commandDef(mnemonic: string, dictionary: readonly CommandDef[] = COMMANDS): CommandDef | undefined {
  return dictionary === COMMANDS ? BY_MNEMONIC.get(mnemonic) : dictionary.find((c) => c.mnemonic === mnemonic);
}

/** The known mnemonic nearest to a misspelt one (edit distance <= 3), for "did you mean". */
export function suggestMnemonic(mnemonic: string, dictionary: readonly CommandDef[] = COMMANDS): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const c of dictionary) {
    const d = editDistance(mnemonic.toUpperCase(), c.mnemonic);
    if (d < bestD) [best, bestD] = [c.mnemonic, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The range of a numeric argument in interval notation with units, e.g. `(0, 0.042] m/s`. */
export function formatRange(def: ArgDef): string {
  const lo = def.min === undefined ? '(-inf' : `${def.minExclusive ? '(' : '['}${def.min}`;
  const hi = def.max === undefined ? 'inf)' : `${def.max}${def.maxExclusive ? ')' : ']'}`;
  return `${lo}, ${hi}${def.units ? ' ' + def.units : ''}`;
}

function describeValue(v: unknown): string {
  return typeof v === 'string' ? `string "${v}"` : `${typeof v} ${String(v)}`;
}

/** Checks one value against its definition; undefined when it is fine. */
function checkArg(def: ArgDef, v: unknown): string | undefined {
  switch (def.type) {
    case 'float':
    case 'int': {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return `expected a ${def.type === 'int' ? 'whole number' : 'number'}${def.units ? ` (${def.units})` : ''}, got ${describeValue(v)}`;
      }
      if (def.type === 'int' && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
      const belowMin = def.min !== undefined && (def.minExclusive ? v <= def.min : v < def.min);
      const aboveMax = def.max !== undefined && (def.maxExclusive ? v >= def.max : v > def.max);
      if (belowMin || aboveMax) return `${v} is out of range ${formatRange(def)}`;
      return undefined;
    }
    case 'enum':
      if (typeof v !== 'string') return `expected one of ${def.values?.join(', ')}, got ${describeValue(v)}`;
      if (!def.values?.includes(v)) return `"${v}" is not one of ${def.values?.join(', ')}`;
      return undefined;
    case 'bool':
      return typeof v === 'boolean' ? undefined : `expected true or false, got ${describeValue(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `expected a string, got ${describeValue(v)}`;
  }
}

export type ArgValidation = { ok: true; values: ArgValues } | { ok: false; field: string; problem: string };

/**
 * Checks a command's arguments against its definition: unknown names, missing required ones, types,
 * ranges, enum values, then the command's cross-argument rules. On success, `values` holds every
 * given argument plus the defaults of omitted optional ones (a new object; the input is not changed).
 */
export function validateArgs(def: CommandDef, values: ArgValues): ArgValidation {
  const known = new Set(def.args.map((a) => a.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) {
      const expected = def.args.length ? `its arguments are ${def.args.map((a) => a.name).join(', ')}` : 'it takes no arguments';
      return { ok: false, field: name, problem: `unknown argument for ${def.mnemonic}; ${expected}` };
    }
  }
  const out: ArgValues = {};
  for (const a of def.args) {
    const v = Object.hasOwn(values, a.name) ? values[a.name] : undefined;
    if (v === undefined) {
      if (!a.optional) return { ok: false, field: a.name, problem: `missing; ${a.doc} (${a.type}${rangeHint(a)})` };
      if (a.default !== undefined) out[a.name] = a.default;
      continue;
    }
    const problem = checkArg(a, v);
    if (problem) return { ok: false, field: a.name, problem };
    out[a.name] = v;
  }
  for (const rule of def.rules ?? []) {
    const p = rule(out);
    if (p) return { ok: false, ...p };
  }
  return { ok: true, values: out };
}

function rangeHint(a: ArgDef): string {
  if (a.type === 'enum') return `: one of ${a.values?.join(', ')}`;
  if ((a.type === 'float' || a.type === 'int') && (a.min !== undefined || a.max !== undefined)) return ` in ${formatRange(a)}`;
  return a.units ? `, ${a.units}` : '';
}

/** `name=value ...` for events and logs. */
export function formatArgs(values: ArgValues): string {
  return Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'string' ? v : String(v)}`).join(' ');
}
