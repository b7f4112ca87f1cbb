import { formatDuration } from '../core/time';

/*
 * The event dictionary, as F Prime keeps one: every event flight software can raise, with a stable
 * numeric id, the component that raises it, a fixed severity, typed arguments, and the format of its
 * message. Tools and the ground read ids and arguments; the message is for people and is made from the
 * arguments alone. Ids are grouped by component (0x100 commanding, 0x200 sequencing, 0x300 fault
 * protection, 0x400 navigation, 0x500 autonomous navigation, 0x600 imaging, 0x700 uplink, 0x800 mobility) and
 * never reused.
 * `rover dictionary` prints it as JSON.
 */

/** Event severities, as F Prime names them. */
export type EventSeverity = 'DIAGNOSTIC' | 'ACTIVITY_LO' | 'ACTIVITY_HI' | 'COMMAND' | 'WARNING_LO' | 'WARNING_HI' | 'FATAL';

/** Argument types (F Prime's): unsigned and signed 32-bit integers, 64-bit floats, strings, booleans. */
export type ArgType = 'U32' | 'I32' | 'F64' | 'string' | 'bool';
type ValueOf<T extends ArgType> = T extends 'string' ? string : T extends 'bool' ? boolean : number;
type ArgSpec = Record<string, ArgType>;
export type ArgsOf<S extends ArgSpec> = { [K in keyof S]: ValueOf<S[K]> };

export interface EventSpec<S extends ArgSpec = ArgSpec> {
  id: number;
  component: 'cmd' | 'seq' | 'fault' | 'nav' | 'autonav' | 'imaging' | 'uplink' | 'mobility';
  severity: EventSeverity;
  description: string;
  /** Argument names and types, in the order the message gives them. */
  args: S;
  /** The message people read, from the arguments and the event time (s). */
  format(args: ArgsOf<S>, timeS: number): string;
}

const event = <S extends ArgSpec>(spec: EventSpec<S>): EventSpec<S> => spec;

/** `#7 OK` / ` after 12.5 s` / `: detail` pieces the command events share. */
const after = (s: number) => (s > 0 ? ` after ${s.toFixed(1)} s` : '');
const tail = (detail: string) => (detail ? `: ${detail}` : '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const CMD_REJECTED = { cmd_id: 'U32', status: 'string', detail: 'string' } as const;
const CMD_ENDED = { cmd_id: 'U32', mnemonic: 'string', status: 'string', duration_s: 'F64', detail: 'string', reason: 'string' } as const;
const rejected = (a: ArgsOf<typeof CMD_REJECTED>) => `#${a.cmd_id} ${a.status}: ${a.detail}`;
const ended = (a: ArgsOf<typeof CMD_ENDED>) => `#${a.cmd_id} ${a.mnemonic} ${a.status}${after(a.duration_s)}${tail(a.detail)}`;
const LIMIT_DEG = { angle_deg: 'F64', limit_deg: 'F64' } as const;

export const EVENTS = {
  CMD_DISPATCHED: event({ id: 0x101, component: 'cmd', severity: 'COMMAND', description: 'A command passed validation and was dispatched.', args: { cmd_id: 'U32', mnemonic: 'string', args: 'string' }, format: (a) => `#${a.cmd_id} ${a.mnemonic} ${a.args}`.trimEnd() }),
  CMD_COMPLETED: event({ id: 0x102, component: 'cmd', severity: 'ACTIVITY_HI', description: 'A command finished OK.', args: CMD_ENDED, format: ended }),
  CMD_FAILED: event({ id: 0x103, component: 'cmd', severity: 'WARNING_HI', description: 'A command ended in an error; reason is a code (TIME_BUDGET) or empty.', args: CMD_ENDED, format: ended }),
  CMD_CANCELLED: event({ id: 0x104, component: 'cmd', severity: 'WARNING_HI', description: 'A running command was cancelled.', args: CMD_ENDED, format: ended }),
  CMD_INVALID: event({ id: 0x105, component: 'cmd', severity: 'WARNING_HI', description: 'An unknown command or invalid arguments.', args: CMD_REJECTED, format: rejected }),
  CMD_NO_HANDLER: event({ id: 0x106, component: 'cmd', severity: 'WARNING_HI', description: 'No component handles the command.', args: CMD_REJECTED, format: rejected }),
  CMD_BUSY: event({ id: 0x107, component: 'cmd', severity: 'WARNING_HI', description: 'A motion command while another still moves the rover.', args: CMD_REJECTED, format: rejected }),

  SEQ_LOADED: event({ id: 0x201, component: 'seq', severity: 'ACTIVITY_HI', description: 'A sequence was loaded.', args: { seq_id: 'string', steps: 'U32' }, format: (a) => `sequence ${a.seq_id} loaded: ${a.steps} steps` }),
  SEQ_STARTED: event({
    id: 0x202, component: 'seq', severity: 'ACTIVITY_HI', description: 'The loaded sequence started (timed, from epoch_s, or in step mode).',
    args: { seq_id: 'string', epoch_s: 'F64', step_mode: 'bool' },
    format: (a, t) => `sequence ${a.seq_id} started${a.step_mode ? ' in step mode' : a.epoch_s !== t ? ` (epoch at ${a.epoch_s} s)` : ''}`,
  }),
  SEQ_STEP: event({ id: 0x203, component: 'seq', severity: 'ACTIVITY_LO', description: 'A step was dispatched on time.', args: { seq_id: 'string', index: 'U32', stem: 'string', cmd_id: 'U32', time_type: 'string' }, format: (a) => `${a.seq_id} steps[${a.index}] ${a.stem} dispatched (#${a.cmd_id}, ${a.time_type})` }),
  SEQ_STEP_LATE: event({
    id: 0x204, component: 'seq', severity: 'WARNING_LO', description: 'A step was dispatched more than a second after its time.',
    args: { seq_id: 'string', index: 'U32', stem: 'string', cmd_id: 'U32', time_type: 'string', late_s: 'F64' },
    format: (a) => `${a.seq_id} steps[${a.index}] ${a.stem} dispatched (#${a.cmd_id}, ${a.time_type}) ${formatDuration(a.late_s)} late`,
  }),
  SEQ_TIMEOUT: event({ id: 0x205, component: 'seq', severity: 'WARNING_HI', description: 'A step ran past its timeout.', args: { seq_id: 'string', index: 'U32', stem: 'string', timeout_s: 'F64' }, format: (a) => `${a.seq_id} steps[${a.index}] ${a.stem} still running ${a.timeout_s} s after dispatch` }),
  SEQ_ABORTED: event({
    id: 0x206, component: 'seq', severity: 'WARNING_HI', description: 'A step failed: the rest of the sequence does not run.',
    args: { seq_id: 'string', index: 'U32', stem: 'string', reason: 'string', skipped: 'U32' },
    format: (a) => `sequence ${a.seq_id} aborted at steps[${a.index}] (${a.stem}): ${a.reason}; ${plural(a.skipped, 'step')} not run`,
  }),
  SEQ_CANCELLED: event({
    id: 0x207, component: 'seq', severity: 'WARNING_LO', description: 'The sequence was cancelled (after_index -1: before its first step).',
    args: { seq_id: 'string', after_index: 'I32', reason: 'string' },
    format: (a) => `sequence ${a.seq_id} cancelled${a.after_index >= 0 ? ` after steps[${a.after_index}]` : ' before its first step'}: ${a.reason}`,
  }),
  SEQ_COMPLETED: event({ id: 0x208, component: 'seq', severity: 'ACTIVITY_HI', description: 'Every step of the sequence finished.', args: { seq_id: 'string', steps: 'U32' }, format: (a) => `sequence ${a.seq_id} completed: ${a.steps} steps` }),
  SEQ_REFUSED: event({ id: 0x209, component: 'seq', severity: 'WARNING_HI', description: 'A sequencer directive was refused.', args: { status: 'string', detail: 'string' }, format: (a) => `${a.status}: ${a.detail}` }),
  SEQ_LOAD_REJECTED: event({ id: 0x20a, component: 'seq', severity: 'WARNING_HI', description: 'A sequence could not be loaded.', args: { status: 'string', detail: 'string' }, format: (a) => `${a.status}: ${a.detail}` }),

  FP_TILT_LIMIT: event({ id: 0x301, component: 'fault', severity: 'WARNING_HI', description: 'Tilt over the limit (persistent): halt and SAFE mode.', args: LIMIT_DEG, format: (a) => `tilt ${a.angle_deg.toFixed(1)} deg exceeds the ${a.limit_deg.toFixed(1)} deg limit` }),
  FP_ROCKER_LIMIT: event({ id: 0x302, component: 'fault', severity: 'WARNING_HI', description: 'Rocker at its hard stop (persistent): halt and SAFE mode.', args: LIMIT_DEG, format: (a) => `rocker angle ${a.angle_deg.toFixed(1)} deg at its ${a.limit_deg.toFixed(1)} deg stop` }),
  FP_BOGIE_LIMIT: event({ id: 0x303, component: 'fault', severity: 'WARNING_HI', description: 'Bogie at its hard stop (persistent): halt and SAFE mode.', args: LIMIT_DEG, format: (a) => `bogie angle ${a.angle_deg.toFixed(1)} deg at its ${a.limit_deg.toFixed(1)} deg stop` }),
  FP_BELLY_CLEARANCE: event({ id: 0x304, component: 'fault', severity: 'WARNING_HI', description: 'Estimated belly clearance under its floor (persistent): halt and SAFE mode.', args: { clearance_m: 'F64', limit_m: 'F64' }, format: (a) => `estimated belly clearance ${a.clearance_m.toFixed(2)} m is below ${a.limit_m} m` }),
  FP_SLIP_LIMIT: event({ id: 0x305, component: 'fault', severity: 'WARNING_LO', description: 'Slip measured by VO over its limit: halt.', args: { slip: 'F64', over_m: 'F64', limit: 'F64' }, format: (a) => `slip ${(a.slip * 100).toFixed(0)}% over ${a.over_m.toFixed(2)} m exceeds the ${(a.limit * 100).toFixed(0)}% limit` }),
  FP_SEQUENCE_TIMEOUT: event({ id: 0x306, component: 'fault', severity: 'WARNING_LO', description: 'A sequence command ran past its timeout: halt.', args: { detail: 'string' }, format: (a) => a.detail }),
  FP_LOSS_OF_LINK: event({ id: 0x307, component: 'fault', severity: 'WARNING_HI', description: 'No uplink for longer than the loss-of-link limit: SAFE mode.', args: { hours: 'F64' }, format: (a) => `no uplink for ${a.hours.toFixed(1)} h` }),
  FP_SAFE_MODE_COMMANDED: event({ id: 0x308, component: 'fault', severity: 'WARNING_HI', description: 'The ground commanded SAFE mode.', args: { reason: 'string' }, format: (a) => a.reason }),
  FP_MOTOR_STALL: event({ id: 0x309, component: 'fault', severity: 'WARNING_HI', description: 'A drive motor draws stall current without turning: halt and SAFE mode.', args: { wheel: 'U32', current_a: 'F64' }, format: (a) => `wheel ${a.wheel} draws ${a.current_a.toFixed(1)} A without turning` }),
  FP_LOW_BATTERY: event({ id: 0x30c, component: 'fault', severity: 'WARNING_HI', description: 'Battery state of charge under its floor while driving (persistent): halt and SAFE mode.', args: { soc: 'F64', floor: 'F64' }, format: (a) => `battery at ${(Math.floor(a.soc * 1000) / 10).toFixed(1)}% (rounded down) is below the ${(a.floor * 100).toFixed(0)}% floor` }),
  FP_SAFE_MODE: event({ id: 0x30a, component: 'fault', severity: 'WARNING_HI', description: 'Entered SAFE mode: motion refused until the ground clears the fault.', args: { after: 'string' }, format: (a) => `entered SAFE mode after ${a.after}; waiting for the ground` }),
  FP_CLEARED: event({ id: 0x30b, component: 'fault', severity: 'ACTIVITY_HI', description: 'The ground cleared the faults: NOMINAL, monitors re-armed.', args: { cleared: 'string' }, format: (a) => `faults cleared (${a.cleared || 'none'}); mode NOMINAL` }),

  MOB_DRIVE_WINDOW_CLOSED: event({ id: 0x801, component: 'mobility', severity: 'WARNING_LO', description: 'The drive window closed, or the sol\'s drive time is spent: halt; the ground resumes the next sol.', args: { why: 'string', lmst_h: 'F64', driven_s: 'F64' }, format: (a) => `drive stopped: ${a.why}` }),
  NAV_HEADING_UPDATED: event({ id: 0x401, component: 'nav', severity: 'ACTIVITY_LO', description: 'A sun update corrected the heading.', args: { heading_deg: 'F64', correction_deg: 'F64' }, format: (a) => `sun update: heading ${a.heading_deg.toFixed(2)} deg, corrected by ${a.correction_deg.toFixed(2)} deg` }),

  AUTONAV_STEP: event({ id: 0x501, component: 'autonav', severity: 'DIAGNOSTIC', description: 'One navigation cycle chose a turn and an arc.', args: { cycle: 'U32', turn_deg: 'F64', curvature_per_m: 'F64', distance_m: 'F64', checks: 'U32' }, format: (a) => `cycle ${a.cycle}: turn ${a.turn_deg.toFixed(0)} deg, arc ${a.curvature_per_m.toFixed(3)} 1/m for ${a.distance_m.toFixed(2)} m (${a.checks} checks)` }),
  AUTONAV_NO_PATH: event({
    id: 0x502, component: 'autonav', severity: 'WARNING_HI', description: 'No safe path toward the waypoint: stopped, waiting for the ground.',
    args: { planner: 'string', reason: 'string', x_m: 'F64', y_m: 'F64', distance_m: 'F64' },
    format: (a) => `${a.planner}: ${a.reason} at (${a.x_m.toFixed(1)}, ${a.y_m.toFixed(1)}), ${a.distance_m.toFixed(1)} m from the waypoint; stopped, waiting for the ground`,
  }),
  AUTONAV_STUCK: event({ id: 0x503, component: 'autonav', severity: 'WARNING_HI', description: 'No progress toward the waypoint: stopped, waiting for the ground.', args: { cycles: 'U32', best_m: 'F64' }, format: (a) => `no progress toward the waypoint in ${a.cycles} cycles (best ${a.best_m.toFixed(1)} m away); stopped, waiting for the ground` }),

  UPLINK_REJECTED: event({ id: 0x701, component: 'uplink', severity: 'WARNING_HI', description: 'An uplinked sequence arrived but could not be loaded.', args: { label: 'string', status: 'string', detail: 'string' }, format: (a) => `uplinked ${a.label} was not loaded: ${a.status} ${a.detail}`.trim() }),

  IMG_TAKEN: event({ id: 0x601, component: 'imaging', severity: 'ACTIVITY_LO', description: 'A stereo frame was taken and fused into the local map.', args: { camera: 'string', width: 'U32', height: 'U32', coverage_pct: 'F64' }, format: (a) => `${a.camera}: ${a.width}x${a.height}, ${a.coverage_pct.toFixed(0)}% stereo coverage` }),
};

export type EventName = keyof typeof EVENTS;
export type EventArgs<N extends EventName> = ArgsOf<(typeof EVENTS)[N]['args']>;

/** The dictionary as tools read it (`rover dictionary`): no format functions, ids in order. */
export function eventDictionary(): { name: EventName; id: number; component: string; severity: EventSeverity; description: string; args: { name: string; type: ArgType }[] }[] {
  return (Object.entries(EVENTS) as [EventName, EventSpec][])
    .map(([name, e]) => ({ name, id: e.id, component: e.component, severity: e.severity, description: e.description, args: Object.entries(e.args).map(([n, type]) => ({ name: n, type })) }))
    .sort((a, b) => a.id - b.id);
}
