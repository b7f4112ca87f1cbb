import { SOL_S } from '../../core/time';
import { type Epoch, simSAt, utcMsAt } from '../../core/time';
import type { CommandHandle, CommandResponse, Dispatcher } from '../cmd/dispatcher';
import type { EventLog } from '../events';
import type { Telemetry } from '../telemetry';
import { type ValidatedSequence, type ValidatedStep, validateTiming } from './seqjson';
import type { ChannelValue } from '../telemetry-dictionary';

/*
 * The onboard sequencer (F Prime's CmdSequencer, AMMOS SeqJSON time semantics). It runs one validated
 * sequence at a time, dispatching each step through the command dispatcher when the step's time comes:
 *
 * - ABSOLUTE: when the rover clock reaches the UTC time (sim time 0 = options.epoch).
 * - COMMAND_RELATIVE: the offset after the PREVIOUS step was dispatched (AMMOS: relative to the previous
 *   command's dispatch, not its completion); the first step is relative to start().
 * - EPOCH_RELATIVE: the offset after the epoch given to start() (default: the start time).
 * - COMMAND_COMPLETE: as soon as the previous step's command has completed (OK).
 *
 * Steps run strictly in order; a step never runs before the previous one was dispatched. A timed step
 * does not wait for the previous command to complete: commands may overlap, and the dispatcher may
 * answer BUSY (a second motion command while one drives).
 *
 * Any response other than OK, at dispatch or on completion, aborts the sequence: its commands still
 * running are cancelled (their activities leave the hardware safe), an event names the step, and the
 * remaining steps never run. So does a command still running commandTimeoutS after its dispatch.
 *
 * Driving it: each simulation step the engine calls dispatcher.step(now, dt) and then sequencer.tick(now),
 * so completions are seen in the tick they happen. Between ticks the engine may jump to nextWakeS() as
 * long as dispatcher.busy() is false (while an activity runs, its completion time is unknown).
 */

export type SequencerState = 'idle' | 'loaded' | 'running' | 'waiting' | 'done' | 'aborted';

export interface SequencerOptions {
  /** Sim time 0 is epoch.utcMs: converts ABSOLUTE times to the rover clock. */
  epoch: Epoch;
  /** Longest a dispatched command may run before the sequence gives up on it (s). */
  commandTimeoutS?: number;
}

/**
 * Default command timeout (s) [assumed]: 3 h, enough for a 100 m direct drive at top speed (40 min) or a
 * long go-to-waypoint leg, yet short enough to free a hung sequence the same sol. It applies to every
 * command alike, except that a command with its own time_budget_s (NAV_GOTO_WAYPOINT) gets that budget plus 10 min.
 */
export const DEFAULT_COMMAND_TIMEOUT_S = 3 * 3600;

/**
 * Ticks reach a due time up to this close (s) count as on time: sim time accumulated from float steps
 * (0.1 + 0.1 + ...) lands a hair below round values, and a step due at 10 s must go at the 10 s tick.
 */
const TIME_EPS_S = 1e-6;

/** A step dispatched later than this after its due time (s) says so in its event [assumed]. */
const LATE_REPORT_S = 1;

interface InFlight {
  step: ValidatedStep;
  handle: CommandHandle;
}

const isActive = (s: SequencerState): boolean => s === 'running' || s === 'waiting';

export class Sequencer {
  private seq: ValidatedSequence | undefined;
  private st: SequencerState = 'idle';
  /** Step mode: only stepOnce() dispatches; tick() still watches completions and timeouts. */
  private manual = false;
  /** Position (in seq.steps) of the next step to dispatch. */
  private next = 0;
  private startS = 0;
  private epochS = 0;
  private lastDispatchS: number | undefined;
  private lastHandle: CommandHandle | undefined;
  private lastIndex = -1;
  private inFlight: InFlight[] = [];
  private readonly timeoutS: number;
  private readonly published = new Map<string, string | number>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly events: EventLog,
    private readonly telemetry: Telemetry,
    private readonly options: SequencerOptions,
  ) {
    this.timeoutS = options.commandTimeoutS ?? DEFAULT_COMMAND_TIMEOUT_S;
    if (!(this.timeoutS > 0)) throw new RangeError(`Sequencer: commandTimeoutS must be > 0, got ${options.commandTimeoutS}`);
    this.publish();
  }

  state(): SequencerState {
    return this.st;
  }

  /** The loaded sequence's id, or undefined. */
  sequenceId(): string | undefined {
    return this.seq?.id;
  }

  /**
   * Takes a validated sequence, replacing one that is loaded, done or aborted. BUSY while a sequence
   * runs; VALIDATION_ERROR (and nothing loaded) if an ABSOLUTE time is already past on the rover clock.
   */
  load(seq: ValidatedSequence, nowS: number): CommandResponse {
    if (isActive(this.st)) {
      return this.refuse('BUSY', `cannot load ${seq.id}: sequence ${this.seq?.id} is ${this.st}`, 'SEQ_LOAD_REJECTED');
    }
    const problems = validateTiming(seq, utcMsAt(this.options.epoch, nowS));
    if (problems.length) {
      this.seq = undefined;
      this.st = 'idle';
      this.lastIndex = -1;
      this.publish();
      const p = problems[0];
      return this.refuse('VALIDATION_ERROR', `cannot load ${seq.id}: ${p.field}: ${p.problem}`, 'SEQ_LOAD_REJECTED');
    }
    this.seq = seq;
    this.st = 'loaded';
    this.lastIndex = -1;
    this.inFlight = [];
    this.events.emit('SEQ_LOADED', { seq_id: seq.id, steps: seq.steps.length });
    this.publish();
    return { status: 'OK' };
  }

  /**
   * Runs the loaded sequence from its first step; steps due now are dispatched at once.
   * @param epochS base of EPOCH_RELATIVE times (default: nowS)
   */
  start(nowS: number, epochS: number = nowS): CommandResponse {
    if (isActive(this.st)) return this.refuse('BUSY', `sequence ${this.seq?.id} is already ${this.st}`);
    if (this.st !== 'loaded' || !this.seq) return this.refuse('EXECUTION_ERROR', 'no sequence loaded');
    this.begin(nowS, epochS, false);
    this.events.emit('SEQ_STARTED', { seq_id: this.seq.id, epoch_s: epochS, step_mode: false });
    this.tick(nowS);
    return { status: 'OK' };
  }

  /**
   * Dispatches the next step now, whatever its time tag (step-by-step operation and tests). On a loaded
   * sequence it starts step mode, in which only stepOnce dispatches; on a running sequence it advances
   * that step early and the rest keep their timing (COMMAND_RELATIVE counts from this dispatch).
   */
  stepOnce(nowS: number): CommandResponse {
    if (this.st === 'loaded' && this.seq) {
      this.begin(nowS, nowS, true);
      this.events.emit('SEQ_STARTED', { seq_id: this.seq.id, epoch_s: nowS, step_mode: true });
    } else if (!isActive(this.st)) {
      return this.refuse('EXECUTION_ERROR', 'no sequence loaded');
    }
    this.supervise(nowS);
    if (!isActive(this.st)) return { status: 'EXECUTION_ERROR', message: `sequence ${this.seq?.id} aborted` };
    const seq = this.seq as ValidatedSequence;
    if (this.next >= seq.steps.length) return this.refuse('EXECUTION_ERROR', `sequence ${seq.id} has no steps left`);
    const step = seq.steps[this.next];
    this.dispatchStep(step, nowS, undefined);
    if (this.st === 'aborted') {
      const s = this.lastHandle?.status();
      return s && s !== 'running' ? s : { status: 'EXECUTION_ERROR', message: `sequence ${seq.id} aborted` };
    }
    this.settle();
    return { status: 'OK', message: `dispatched steps[${step.index}] ${step.stem}` };
  }

  /** Stops the running sequence: its running commands are cancelled, the rest never run. */
  cancel(reason: string, nowS: number): CommandResponse {
    if (!this.seq || !(isActive(this.st) || this.st === 'loaded')) return this.refuse('EXECUTION_ERROR', `nothing to cancel (${this.st})`);
    this.cancelInFlight(`sequence ${this.seq.id} cancelled: ${reason}`, nowS);
    this.st = 'aborted';
    this.events.emit('SEQ_CANCELLED', { seq_id: this.seq.id, after_index: this.lastIndex, reason });
    this.publish();
    return { status: 'OK' };
  }

  /** Watches running commands and dispatches every step that is due. Call after dispatcher.step(). */
  tick(nowS: number): void {
    if (!isActive(this.st) || !this.seq) return;
    this.supervise(nowS);
    if (!isActive(this.st)) return;
    if (!this.manual) {
      while (this.next < this.seq.steps.length) {
        const step = this.seq.steps[this.next];
        const due = this.dueS(step);
        if (due === undefined || nowS < due - TIME_EPS_S) break;
        this.dispatchStep(step, nowS, due);
        if (!isActive(this.st)) return;
      }
    }
    this.settle();
  }

  /**
   * The next time the sequencer needs a tick for its own sake (s): the next step's due time, or a
   * running command's timeout, whichever is first; undefined when it waits on a command completing
   * (then the engine steps while dispatcher.busy()) or is not running. May be <= now: tick at once.
   */
  nextWakeS(): number | undefined {
    if (!isActive(this.st) || !this.seq) return undefined;
    const times = this.inFlight.map((f) => f.handle.dispatchedS + this.timeoutFor(f.step));
    if (!this.manual && this.next < this.seq.steps.length) {
      const due = this.dueS(this.seq.steps[this.next]);
      if (due !== undefined) times.push(due);
    }
    return times.length ? Math.min(...times) : undefined;
  }

  private begin(nowS: number, epochS: number, manual: boolean): void {
    this.manual = manual;
    this.next = 0;
    this.startS = nowS;
    this.epochS = epochS;
    this.lastDispatchS = undefined;
    this.lastHandle = undefined;
    this.lastIndex = -1;
    this.inFlight = [];
    this.st = 'waiting';
    this.publish();
  }

  /** When a step may be dispatched (s), or undefined while it waits for the previous command to complete. */
  private dueS(step: ValidatedStep): number | undefined {
    const t = step.time;
    switch (t.type) {
      case 'ABSOLUTE':
        return simSAt(this.options.epoch, t.utcMs);
      case 'COMMAND_RELATIVE':
        return (this.lastDispatchS ?? this.startS) + t.offsetS;
      case 'EPOCH_RELATIVE':
        return this.epochS + t.offsetS;
      case 'COMMAND_COMPLETE': {
        if (!this.lastHandle) return this.startS;
        if (this.lastHandle.status() === 'running') return undefined;
        return this.lastHandle.completedS ?? this.lastHandle.dispatchedS;
      }
    }
  }

  private dispatchStep(step: ValidatedStep, nowS: number, dueS: number | undefined): void {
    const seq = this.seq as ValidatedSequence;
    const handle = this.dispatcher.dispatch(step.stem, step.args, nowS);
    this.next++;
    this.lastDispatchS = nowS;
    this.lastHandle = handle;
    this.lastIndex = step.index;
    const dispatched = { seq_id: seq.id, index: step.index, stem: step.stem, cmd_id: handle.id, time_type: step.time.type };
    if (dueS !== undefined && nowS - dueS > LATE_REPORT_S) this.events.emit('SEQ_STEP_LATE', { ...dispatched, late_s: nowS - dueS });
    else this.events.emit('SEQ_STEP', dispatched);
    this.publish();
    const status = handle.status();
    if (status === 'running') this.inFlight.push({ step, handle });
    else if (status.status !== 'OK') this.abort(step, `${status.status}${status.message ? ': ' + status.message : ''}`, nowS);
  }

  /**
   * A command's timeout: the sequencer's, or longer for a command that carries its own time budget
   * (NAV_GOTO_WAYPOINT's time_budget_s) or holds the sequence for a stated time (SEQ_WAIT's duration,
   * MOB_AWAIT_DRIVE_WINDOW's at most a sol), which ends itself first and must not be cut short.
   */
  private timeoutFor(step: ValidatedStep): number {
    const budget = step.stem === 'MOB_AWAIT_DRIVE_WINDOW' ? SOL_S : step.stem === 'SEQ_WAIT' ? step.args.duration_s : step.args.time_budget_s;
    return typeof budget === 'number' ? Math.max(this.timeoutS, budget + 600) : this.timeoutS;
  }

  /** Checks the commands still running: a failure or a timeout aborts the sequence. */
  private supervise(nowS: number): void {
    for (const f of [...this.inFlight]) {
      const s = f.handle.status();
      if (s !== 'running') {
        this.inFlight = this.inFlight.filter((x) => x !== f);
        if (s.status !== 'OK') return this.abort(f.step, `${s.status}${s.message ? ': ' + s.message : ''}`, nowS);
      } else if (nowS - f.handle.dispatchedS >= this.timeoutFor(f.step) - TIME_EPS_S) {
        const seq = this.seq as ValidatedSequence;
        this.events.emit('SEQ_TIMEOUT', { seq_id: seq.id, index: f.step.index, stem: f.step.stem, timeout_s: this.timeoutFor(f.step) });
        return this.abort(f.step, `timed out after ${this.timeoutFor(f.step)} s`, nowS);
      }
    }
  }

  private abort(step: ValidatedStep, reason: string, nowS: number): void {
    const seq = this.seq as ValidatedSequence;
    this.cancelInFlight(`sequence ${seq.id} aborted at steps[${step.index}]`, nowS);
    this.st = 'aborted';
    const skipped = seq.steps.length - this.next;
    this.events.emit('SEQ_ABORTED', { seq_id: seq.id, index: step.index, stem: step.stem, reason, skipped });
    this.publish();
  }

  private cancelInFlight(reason: string, nowS: number): void {
    for (const f of this.inFlight) this.dispatcher.cancel(f.handle, reason, nowS);
    this.inFlight = [];
  }

  /** After a tick: done, or which kind of waiting. */
  private settle(): void {
    const seq = this.seq as ValidatedSequence;
    if (this.next >= seq.steps.length) {
      if (this.inFlight.length === 0) {
        this.st = 'done';
        this.events.emit('SEQ_COMPLETED', { seq_id: seq.id, steps: seq.steps.length });
      } else {
        this.st = 'running';
      }
    } else if (this.manual) {
      this.st = 'waiting';
    } else {
      const waitsOnCommand = seq.steps[this.next].time.type === 'COMMAND_COMPLETE' && this.lastHandle?.status() === 'running';
      this.st = waitsOnCommand ? 'running' : 'waiting';
    }
    this.publish();
  }

  private refuse(status: CommandResponse['status'], message: string, name: 'SEQ_REFUSED' | 'SEQ_LOAD_REJECTED' = 'SEQ_REFUSED'): CommandResponse {
    this.events.emit(name, { status, detail: message });
    return { status, message };
  }

  /** Writes the channels that changed: tick() runs every engine step, the recorder keeps every write. */
  private publish(): void {
    this.publishChannel('seq.state', this.st);
    this.publishChannel('seq.id', this.seq?.id ?? '');
    this.publishChannel('seq.step_index', this.lastIndex);
  }

  private publishChannel<C extends 'seq.state' | 'seq.id' | 'seq.step_index'>(channel: C, value: ChannelValue<C>): void {
    if (this.published.get(channel) !== value) {
      this.published.set(channel, value);
      this.telemetry.write(channel, value);
    }
  }
}
