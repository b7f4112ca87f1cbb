import type { EventLog } from '../events';
import type { Telemetry } from '../telemetry';
import { type ArgValues, type CommandDef, COMMANDS, commandDef, formatArgs, validateArgs } from './dictionary';

/*
 * The command dispatcher (F Prime's CommandDispatcher): checks a command against the dictionary,
 * hands it to the component that registered for it, and reports one explicit response per command.
 *
 * A command either completes at once (the handler returns a response) or starts an Activity that
 * takes simulation time (a drive, a wait); the dispatcher starts it at dispatch, advances it on each
 * step() and reports its response when it ends.
 *
 * The motion rule: only one motion activity (commands marked `motion` in the dictionary: MOB_*,
 * NAV_GOTO_WAYPOINT) runs at a time. A motion command dispatched while one is running is answered
 * BUSY and never reaches its handler: two activities steering the same wheels cannot both be obeyed,
 * and silently pre-empting the running drive would hide a planning error. Other activities (imaging,
 * waits) may overlap a drive.
 */

export type CommandStatus = 'OK' | 'VALIDATION_ERROR' | 'EXECUTION_ERROR' | 'BUSY';

export interface CommandResponse {
  status: CommandStatus;
  message?: string;
  /** Why it failed, as a code the ground can read (CMD_FAILED's reason argument): the time budget was spent. */
  reason?: 'TIME_BUDGET';
}

/** Work that takes simulation time. */
export interface Activity {
  readonly name: string;
  /**
   * Advance over (nowS - dtS, nowS]; return 'running' or the final response. The first call comes at
   * dispatch with dtS = 0: the place to start the hardware.
   */
  step(nowS: number, dtS: number): 'running' | CommandResponse;
  /** Stop early (cancel, fault); must leave the hardware safe. */
  cancel(reason: string): void;
}

/** What a component registers for a mnemonic: gets validated arguments (defaults filled) and the time. */
export type CommandHandler = (args: ArgValues, nowS: number) => CommandResponse | Activity;

/** One dispatched command, to follow until it completes. */
export interface CommandHandle {
  /** Dispatch serial number, from 1, in order of dispatch() calls. */
  readonly id: number;
  readonly mnemonic: string;
  /** The arguments as dispatched (after validation: defaults filled), or as given if they failed validation. */
  readonly args: ArgValues;
  readonly dispatchedS: number;
  status(): 'running' | CommandResponse;
  /** When the final response arrived (undefined while running). */
  readonly completedS?: number;
}

class Handle implements CommandHandle {
  private result: CommandResponse | undefined;
  private doneS: number | undefined;

  constructor(readonly id: number, readonly mnemonic: string, readonly args: ArgValues, readonly dispatchedS: number) {}

  status(): 'running' | CommandResponse {
    return this.result ?? 'running';
  }

  get completedS(): number | undefined {
    return this.doneS;
  }

  finish(response: CommandResponse, nowS: number): void {
    this.result = response;
    this.doneS = nowS;
  }
}

interface Running {
  handle: Handle;
  activity: Activity;
  motion: boolean;
}

function isActivity(r: CommandResponse | Activity): r is Activity {
  return typeof (r as Activity).step === 'function';
}

export class Dispatcher {
  private readonly handlers = new Map<string, CommandHandler>();
  private active: Running[] = [];
  private serial = 0;
  private dispatchedCount = 0;
  private errorCount = 0;
  /** The latest time seen in dispatch() or step(): when a cancel without a time happened. */
  private lastNowS = 0;

  constructor(
    private readonly events: EventLog,
    private readonly telemetry: Telemetry,
    /** The command dictionary; the flight one unless a test narrows it. */
    readonly dictionary: readonly CommandDef[] = COMMANDS,
  ) {
    telemetry.write('cmd.dispatched_count', 0);
    telemetry.write('cmd.error_count', 0);
  }

  /**
   * A component takes responsibility for a mnemonic. Registering a mnemonic the dictionary does not
   * have, or one already taken, is a wiring bug (as an F Prime opcode clash is): it throws.
   */
  register(mnemonic: string, handler: CommandHandler): void {
    if (!commandDef(mnemonic, this.dictionary)) throw new Error(`Dispatcher.register: ${mnemonic} is not in the command dictionary`);
    if (this.handlers.has(mnemonic)) throw new Error(`Dispatcher.register: ${mnemonic} already has a handler`);
    this.handlers.set(mnemonic, handler);
  }

  hasHandler(mnemonic: string): boolean {
    return this.handlers.has(mnemonic);
  }

  /**
   * Checks and runs a command. The handle's status is final at once for VALIDATION_ERROR (unknown
   * mnemonic, bad arguments), EXECUTION_ERROR (no handler, handler threw), BUSY (motion rule) and
   * instant commands; 'running' while an activity is under way.
   */
  dispatch(mnemonic: string, args: ArgValues, nowS: number): CommandHandle {
    this.lastNowS = nowS;
    this.telemetry.write('cmd.last_mnemonic', mnemonic);
    const def = commandDef(mnemonic, this.dictionary);
    if (!def) {
      return this.reject(new Handle(++this.serial, mnemonic, args, nowS), 'VALIDATION_ERROR', 'CMD_INVALID', `unknown command ${mnemonic}`);
    }
    const checked = validateArgs(def, args);
    if (!checked.ok) {
      return this.reject(new Handle(++this.serial, mnemonic, args, nowS), 'VALIDATION_ERROR', 'CMD_INVALID',
        `${mnemonic}: argument ${checked.field}: ${checked.problem}`);
    }
    const handle = new Handle(++this.serial, mnemonic, checked.values, nowS);
    const handler = this.handlers.get(mnemonic);
    if (!handler) return this.reject(handle, 'EXECUTION_ERROR', 'CMD_NO_HANDLER', `${mnemonic}: no component handles this command`);
    const motion = def.motion === true;
    if (motion) {
      const mover = this.active.find((r) => r.motion);
      if (mover) return this.reject(handle, 'BUSY', 'CMD_BUSY', `${mnemonic}: ${mover.handle.mnemonic} (#${mover.handle.id}) is still moving the rover`);
    }

    this.dispatchedCount++;
    this.telemetry.write('cmd.dispatched_count', this.dispatchedCount);
    this.events.emit('CMD_DISPATCHED', { cmd_id: handle.id, mnemonic, args: formatArgs(checked.values) });
    let result: CommandResponse | Activity;
    try {
      result = handler(checked.values, nowS);
    } catch (e) {
      // A handler bug must not take the dispatcher down: report it as this command's failure.
      result = { status: 'EXECUTION_ERROR', message: `handler failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (isActivity(result)) {
      const r: Running = { handle, activity: result, motion };
      this.active.push(r);
      // Start it now (a zero-length step): it commands its hardware at dispatch, not a tick later, so
      // an engine that fast-forwards while nothing moves sees the wheels turning at its next look.
      this.advance(r, nowS, 0);
    } else {
      this.finish(handle, result, nowS);
    }
    return handle;
  }

  /**
   * Advances every running activity over (nowS - dtS, nowS]. An activity got its first (zero-length)
   * step at dispatch; an engine calls step() before the sequencer's tick(), so completions reach the
   * sequencer in the tick they happen.
   */
  step(nowS: number, dtS: number): void {
    this.lastNowS = nowS;
    for (const r of [...this.active]) this.advance(r, nowS, dtS);
  }

  private advance(r: Running, nowS: number, dtS: number): void {
    let out: 'running' | CommandResponse;
    try {
      out = r.activity.step(nowS, dtS);
    } catch (e) {
      const message = `${r.activity.name} failed: ${e instanceof Error ? e.message : String(e)}`;
      safeCancel(r.activity, message);
      out = { status: 'EXECUTION_ERROR', message };
    }
    if (out !== 'running') {
      this.active = this.active.filter((x) => x !== r);
      this.finish(r.handle, out, nowS);
    }
  }

  /** Stops one running command (its activity must leave the hardware safe); false if it was not running. */
  cancel(handle: CommandHandle, reason: string, nowS: number = this.lastNowS): boolean {
    const r = this.active.find((x) => x.handle === handle);
    if (!r) return false;
    this.active = this.active.filter((x) => x !== r);
    safeCancel(r.activity, reason);
    this.finish(r.handle, { status: 'EXECUTION_ERROR', message: `cancelled: ${reason}` }, nowS, 'CMD_CANCELLED');
    return true;
  }

  /** Stops every running command (fault protection, safe mode). */
  cancelAll(reason: string, nowS: number = this.lastNowS): void {
    for (const r of [...this.active]) this.cancel(r.handle, reason, nowS);
  }

  /** True while any activity is running: the engine must keep stepping. */
  busy(): boolean {
    return this.active.length > 0;
  }

  /** The commands whose activities are running, oldest first. */
  running(): readonly CommandHandle[] {
    return this.active.map((r) => r.handle);
  }

  private reject(handle: Handle, status: CommandStatus, name: 'CMD_INVALID' | 'CMD_NO_HANDLER' | 'CMD_BUSY', message: string): CommandHandle {
    handle.finish({ status, message }, handle.dispatchedS);
    this.countError();
    this.events.emit(name, { cmd_id: handle.id, status, detail: message });
    return handle;
  }

  private finish(handle: Handle, response: CommandResponse, nowS: number, failName: 'CMD_FAILED' | 'CMD_CANCELLED' = 'CMD_FAILED'): void {
    handle.finish(response, nowS);
    const args = {
      cmd_id: handle.id, mnemonic: handle.mnemonic, status: response.status,
      duration_s: nowS > handle.dispatchedS ? nowS - handle.dispatchedS : 0, detail: response.message ?? '', reason: response.reason ?? '',
    };
    if (response.status === 'OK') {
      this.events.emit('CMD_COMPLETED', args);
    } else {
      this.countError();
      this.events.emit(failName, args);
    }
  }

  private countError(): void {
    this.errorCount++;
    this.telemetry.write('cmd.error_count', this.errorCount);
  }
}

function safeCancel(activity: Activity, reason: string): void {
  try {
    activity.cancel(reason);
  } catch {
    // Cancelling is best effort here; the activity is dropped either way and its failure reported.
  }
}
