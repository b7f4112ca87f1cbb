import { describe, expect, it } from 'vitest';
import { parseDoyUtc } from '../../../src/core/time';
import type { ArgValues } from '../../../src/fsw/cmd/dictionary';
import { Dispatcher } from '../../../src/fsw/cmd/dispatcher';
import { parseSequence, type ValidatedSequence } from '../../../src/fsw/seq/seqjson';
import { Wait } from '../../../src/fsw/mobility/activities';
import { DEFAULT_COMMAND_TIMEOUT_S, Sequencer } from '../../../src/fsw/seq/sequencer';
import { FakeClock, fswBus, Recorder, timedActivity } from '../cmd/fakes';

/** Sim time 0 on the rover clock. */
const EPOCH_UTC_MS = parseDoyUtc('2025-342T12:00:00') as number;

type Time = { type: string; tag?: string };
const rel = (tag: string): Time => ({ type: 'COMMAND_RELATIVE', tag });
const complete: Time = { type: 'COMMAND_COMPLETE' };
const abs = (tag: string): Time => ({ type: 'ABSOLUTE', tag });
const epochRel = (tag: string): Time => ({ type: 'EPOCH_RELATIVE', tag });

function cmd(stem: string, args: ArgValues, time: Time) {
  const seqArgs = Object.entries(args).map(([name, value]) => ({ name, type: typeof value === 'number' ? 'number' : typeof value, value }));
  return { type: 'command', stem, args: seqArgs, time };
}
const noop = (time: Time) => cmd('CMD_NO_OP', {}, time);
/** A drive of `seconds` at the default 0.042 m/s. */
const drive = (seconds: number, time: Time) => cmd('MOB_DRIVE_STRAIGHT', { distance_m: seconds * 0.042 }, time);

/**
 * Flight software on a fake clock: dispatcher and sequencer with test handlers. Instant commands
 * answer OK (FP_CLEAR_FAULT fails: no fault latched); drives and turns take distance / speed;
 * NAV_GOTO_WAYPOINT arrives after 60 s in AUTONAV and fails after 30 s in BLIND.
 */
function rover(options: { commandTimeoutS?: number } = {}) {
  const clock = new FakeClock();
  const { events, telemetry } = fswBus(clock);
  const d = new Dispatcher(events, telemetry);
  const rec = new Recorder();
  for (const m of ['CMD_NO_OP', 'IMG_TAKE', 'NAV_SET_KEEP_IN_BOX', 'NAV_ADD_KEEP_OUT_CIRCLE', 'NAV_CLEAR_ZONES']) d.register(m, rec.instant(m));
  // Flight's own SEQ_WAIT activity (the topology registers the same).
  d.register('SEQ_WAIT', (a) => new Wait(a.duration_s as number));
  d.register('FP_CLEAR_FAULT', rec.instant('FP_CLEAR_FAULT', { status: 'EXECUTION_ERROR', message: 'no fault latched' }));
  d.register('MOB_DRIVE_STRAIGHT', rec.activity('MOB_DRIVE_STRAIGHT', (a) => Math.abs(a.distance_m as number) / (a.speed_m_s as number)));
  d.register('MOB_TURN_IN_PLACE', rec.activity('MOB_TURN_IN_PLACE', (a) => Math.abs(a.angle_deg as number) / (a.rate_deg_s as number)));
  d.register('NAV_GOTO_WAYPOINT', (args, nowS) => {
    rec.calls.push({ mnemonic: 'NAV_GOTO_WAYPOINT', args, t: nowS });
    const a = args.mode === 'AUTONAV'
      ? timedActivity('NAV_GOTO_WAYPOINT', nowS, 60)
      : timedActivity('NAV_GOTO_WAYPOINT', nowS, 30, { status: 'EXECUTION_ERROR', message: 'tilt limit exceeded' });
    rec.activities.push(a);
    return a;
  });
  const s = new Sequencer(d, events, telemetry, { epoch: { utcMs: EPOCH_UTC_MS }, ...options });

  /** The engine: fixed ticks, dispatcher first, then the sequencer (so completions are seen at once). */
  const run = (toS: number, dtS = 0.1) => {
    while (clock.t < toS - 1e-9) {
      clock.t += dtS;
      d.step(clock.t, dtS);
      s.tick(clock.t);
    }
  };
  const seq = (steps: unknown[], id = 'test_seq'): ValidatedSequence =>
    parseSequence(JSON.stringify({ id, metadata: {}, steps }), `${id}.seq.json`);
  const loadAndStart = (steps: unknown[]) => {
    expect(s.load(seq(steps), clock.t)).toEqual({ status: 'OK' });
    expect(s.start(clock.t)).toEqual({ status: 'OK' });
  };
  const seqEvents = () => events.history.filter((e) => e.component === 'seq');
  return { clock, events, telemetry, d, rec, s, run, seq, loadAndStart, seqEvents };
}

describe('Sequencer: running a sequence', () => {
  it('runs steps in order; COMMAND_COMPLETE waits for each activity; events and telemetry follow', () => {
    const r = rover();
    r.loadAndStart([drive(10, rel('00:00:00')), cmd('MOB_TURN_IN_PLACE', { angle_deg: 15, rate_deg_s: 1.5 }, complete), cmd('IMG_TAKE', { camera: 'navcam' }, complete)]);
    expect(r.rec.mnemonics()).toEqual(['MOB_DRIVE_STRAIGHT']);
    expect(r.s.state()).toBe('running'); // waiting on the drive
    r.run(9.9);
    expect(r.rec.mnemonics()).toEqual(['MOB_DRIVE_STRAIGHT']);
    r.run(30);
    expect(r.rec.calls.map((c) => [c.mnemonic, Number(c.t.toFixed(6))])).toEqual([['MOB_DRIVE_STRAIGHT', 0], ['MOB_TURN_IN_PLACE', 10], ['IMG_TAKE', 20]]);
    expect(r.s.state()).toBe('done');
    expect(r.seqEvents().map((e) => e.name)).toEqual(['SEQ_LOADED', 'SEQ_STARTED', 'SEQ_STEP', 'SEQ_STEP', 'SEQ_STEP', 'SEQ_COMPLETED']);
    expect(r.telemetry.read('seq.state')).toBe('done');
    expect(r.telemetry.read('seq.id')).toBe('test_seq');
    expect(r.telemetry.read('seq.step_index')).toBe(2);
    expect(r.s.nextWakeS()).toBeUndefined();
  });

  it('COMMAND_RELATIVE holds to the tick: +00:00:10 after the previous dispatch goes at the 10 s tick', () => {
    const r = rover();
    r.run(3.3); // start at a time that is not a round number of ticks
    const t0 = r.clock.t;
    r.loadAndStart([noop(rel('00:00:00')), noop(rel('00:00:10')), noop(rel('00:00:02.5'))]);
    let before = -1;
    while (r.rec.calls.length < 2) {
      before = r.clock.t;
      r.run(r.clock.t + 0.1);
    }
    const t1 = r.rec.calls[1].t;
    expect(r.rec.calls[0].t).toBe(t0);
    // Float ticks (3.3 + 0.1 + ...) land within a hair of t0 + 10; the step went at that tick, not the next.
    expect(Math.abs(t1 - (t0 + 10))).toBeLessThan(1e-6);
    expect(before).toBeLessThan(t0 + 10 - 0.05);
    r.run(t0 + 20);
    expect(Math.abs(r.rec.calls[2].t - (t1 + 2.5))).toBeLessThan(1e-6);
  });

  it('COMMAND_RELATIVE counts from the previous dispatch, not its completion: commands overlap', () => {
    const r = rover();
    r.loadAndStart([drive(60, rel('00:00:00')), cmd('IMG_TAKE', { camera: 'navcam' }, rel('00:00:05'))]);
    r.run(10);
    expect(r.rec.calls.map((c) => [c.mnemonic, Math.round(c.t * 10) / 10])).toEqual([['MOB_DRIVE_STRAIGHT', 0], ['IMG_TAKE', 5]]);
    expect(r.s.state()).toBe('running'); // all steps out, the drive still going
    r.run(60);
    expect(r.s.state()).toBe('done');
  });

  it('ABSOLUTE steps go when the rover clock reaches their UTC time; a step reached late goes at once and says so', () => {
    const r = rover();
    r.loadAndStart([
      cmd('IMG_TAKE', { camera: 'navcam' }, abs('2025-342T12:00:30')), // epoch + 30 s
      drive(60, complete),
      noop(complete),
      noop(abs('2025-342T12:01:00')), // due at 60 s, reached at 90 s, after the drive
    ]);
    r.run(100);
    expect(r.rec.calls.map((c) => Math.round(c.t * 10) / 10)).toEqual([30, 30, 90, 90]);
    const late = r.seqEvents().filter((e) => e.name === 'SEQ_STEP_LATE').at(-1);
    expect(late).toMatchObject({ severity: 'WARNING_LO', args: { stem: expect.any(String) } });
    expect(late!.name === 'SEQ_STEP_LATE' && late!.args.late_s).toBeGreaterThan(1);
    expect(late?.message).toMatch(/late/);
    expect(r.s.state()).toBe('done');
  });

  it('EPOCH_RELATIVE counts from the epoch given to start (default: the start time)', () => {
    const r = rover();
    r.run(2);
    expect(r.s.load(r.seq([noop(epochRel('00:00:05')), noop(epochRel('00:00:20'))]), 2).status).toBe('OK');
    r.s.start(2, 10);
    r.run(40);
    expect(r.rec.calls.map((c) => Math.round(c.t * 10) / 10)).toEqual([15, 30]);
  });

  it('SEQ_WAIT holds the sequence: a COMMAND_COMPLETE step after it waits out the duration', () => {
    const r = rover();
    r.loadAndStart([cmd('SEQ_WAIT', { duration_s: 30 }, rel('00:00:00')), noop(complete)]);
    r.run(29.9);
    expect(r.rec.calls).toEqual([]);
    r.run(30.05);
    expect(r.rec.calls.map((c) => Math.round(c.t * 10) / 10)).toEqual([30]);
  });
});

describe('Sequencer: validation before running, and aborts', () => {
  it('rejects at load a sequence with an ABSOLUTE time already past; nothing runs', () => {
    const r = rover();
    r.run(60); // the rover clock is at 12:01:00
    const seq = r.seq([noop(rel('00:00:00')), noop(abs('2025-342T12:00:30'))]);
    const res = r.s.load(seq, r.clock.t);
    expect(res.status).toBe('VALIDATION_ERROR');
    expect(res.message).toMatch(/steps\[1\] \(CMD_NO_OP\): time: ABSOLUTE time 2025-342T12:00:30.000 is 30.000 s in the past/);
    expect(r.seqEvents().map((e) => `${e.name}/${e.severity}`)).toEqual(['SEQ_LOAD_REJECTED/WARNING_HI']);
    expect(r.s.state()).toBe('idle');
    expect(r.s.start(r.clock.t).status).toBe('EXECUTION_ERROR');
    r.run(120);
    expect(r.rec.calls).toEqual([]);
  });

  it('a command failing at dispatch aborts the rest: later steps never dispatched, abort event names the step', () => {
    const r = rover();
    r.loadAndStart([noop(rel('00:00:00')), cmd('FP_CLEAR_FAULT', {}, rel('00:00:01')), noop(complete), noop(rel('00:00:05'))]);
    r.run(60);
    expect(r.rec.mnemonics()).toEqual(['CMD_NO_OP', 'FP_CLEAR_FAULT']);
    expect(r.s.state()).toBe('aborted');
    const abort = r.seqEvents().find((e) => e.name === 'SEQ_ABORTED');
    expect(abort?.severity).toBe('WARNING_HI');
    expect(abort?.message).toBe('sequence test_seq aborted at steps[1] (FP_CLEAR_FAULT): EXECUTION_ERROR: no fault latched; 2 steps not run');
    expect(r.telemetry.read('seq.state')).toBe('aborted');
    expect(r.s.nextWakeS()).toBeUndefined();
  });

  it('an activity failing on completion aborts and cancels the sequence\'s other running commands', () => {
    const r = rover();
    r.loadAndStart([
      cmd('NAV_GOTO_WAYPOINT', { x_m: 20, y_m: 0, time_budget_s: 600, mode: 'BLIND' }, rel('00:00:00')), // fails at 30 s
      cmd('SEQ_WAIT', { duration_s: 100 }, rel('00:00:01')), // overlaps the drive
      noop(complete),
    ]);
    r.run(200);
    expect(r.rec.mnemonics()).toEqual(['NAV_GOTO_WAYPOINT']);
    expect(r.s.state()).toBe('aborted');
    expect(r.seqEvents().find((e) => e.name === 'SEQ_ABORTED')?.message).toMatch(/steps\[0\] \(NAV_GOTO_WAYPOINT\): EXECUTION_ERROR: tilt limit exceeded/);
    expect(r.events.history.find((e) => e.name === 'CMD_CANCELLED')?.message).toMatch(/SEQ_WAIT.*aborted at steps\[0\]/);
    expect(r.d.busy()).toBe(false);
  });

  it('a second motion command while one drives is answered BUSY, which aborts and stops the drive', () => {
    const r = rover();
    r.loadAndStart([drive(60, rel('00:00:00')), cmd('MOB_TURN_IN_PLACE', { angle_deg: 90 }, rel('00:00:05')), noop(complete)]);
    r.run(100);
    expect(r.rec.mnemonics()).toEqual(['MOB_DRIVE_STRAIGHT']);
    expect(r.events.history.some((e) => e.name === 'CMD_BUSY')).toBe(true);
    expect(r.seqEvents().find((e) => e.name === 'SEQ_ABORTED')?.message).toMatch(/steps\[1\] \(MOB_TURN_IN_PLACE\): BUSY/);
    expect(r.rec.activities[0].cancelled).toMatch(/aborted at steps\[1\]/);
    expect(r.d.busy()).toBe(false);
  });

  it('a command still running after the timeout is cancelled and the sequence aborted', () => {
    const r = rover({ commandTimeoutS: 60 });
    r.loadAndStart([drive(600, rel('00:00:00')), noop(complete)]);
    expect(r.s.nextWakeS()).toBe(60); // the timeout is the only thing the sequencer waits for by time
    r.run(59.9);
    expect(r.s.state()).toBe('running');
    r.run(60.05);
    expect(r.s.state()).toBe('aborted');
    expect(r.seqEvents().map((e) => e.name)).toEqual(['SEQ_LOADED', 'SEQ_STARTED', 'SEQ_STEP', 'SEQ_TIMEOUT', 'SEQ_ABORTED']);
    expect(r.rec.activities[0].cancelled).toBeDefined();
    expect(r.rec.mnemonics()).toEqual(['MOB_DRIVE_STRAIGHT']);
    expect(DEFAULT_COMMAND_TIMEOUT_S).toBe(10_800);
  });

  it('cancel stops a running sequence and its drive; a load while running is BUSY', () => {
    const r = rover();
    r.loadAndStart([drive(60, rel('00:00:00')), noop(complete)]);
    r.run(5);
    expect(r.s.load(r.seq([noop(rel('00:00:00'))], 'other'), r.clock.t).status).toBe('BUSY');
    expect(r.s.start(r.clock.t).status).toBe('BUSY');
    expect(r.s.cancel('operator request', r.clock.t)).toEqual({ status: 'OK' });
    expect(r.s.state()).toBe('aborted');
    expect(r.rec.activities[0].cancelled).toMatch(/operator request/);
    expect(r.seqEvents().at(-1)).toMatchObject({ name: 'SEQ_CANCELLED', message: 'sequence test_seq cancelled after steps[0]: operator request' });
    r.run(100);
    expect(r.rec.mnemonics()).toEqual(['MOB_DRIVE_STRAIGHT']);
    expect(r.s.cancel('again', r.clock.t).status).toBe('EXECUTION_ERROR');
    // A new sequence can be loaded after an abort.
    expect(r.s.load(r.seq([noop(rel('00:00:00'))], 'other'), r.clock.t)).toEqual({ status: 'OK' });
  });
});

describe('Sequencer: nextWakeS and stepping', () => {
  it('reports the next due time, so an engine can jump there and get the same dispatch times', () => {
    const steps = [noop(rel('00:00:00')), noop(rel('00:10:00')), drive(30, complete), noop(complete), noop(abs('2025-342T13:00:00'))];

    const fixed = rover({ commandTimeoutS: 3600 });
    fixed.loadAndStart(steps);
    fixed.run(3700, 0.5);

    const jumping = rover({ commandTimeoutS: 3600 });
    jumping.loadAndStart(steps);
    const wakes: number[] = [];
    let ticks = 0;
    while (jumping.s.state() === 'running' || jumping.s.state() === 'waiting') {
      const wake = jumping.s.nextWakeS();
      // While an activity runs its end is unknown: step finely; otherwise jump straight to the wake time.
      const next = jumping.d.busy() || wake === undefined ? jumping.clock.t + 0.5 : Math.max(wake, jumping.clock.t);
      if (!jumping.d.busy() && wake !== undefined) wakes.push(wake);
      const dt = next - jumping.clock.t;
      jumping.clock.t = next;
      jumping.d.step(next, dt);
      jumping.s.tick(next);
      ticks++;
    }
    expect(jumping.s.state()).toBe('done');
    expect(jumping.rec.calls.map((c) => c.t)).toEqual(fixed.rec.calls.map((c) => Math.round(c.t * 2) / 2));
    expect(jumping.rec.calls.map((c) => c.t)).toEqual([0, 600, 600, 630, 3600]);
    expect(wakes).toEqual([600, 3600]);
    expect(ticks).toBeLessThan(70); // 60 fine steps for the drive, a handful of jumps
  });

  it('stepOnce dispatches the next step now whatever its time; in step mode ticks never dispatch', () => {
    const r = rover();
    expect(r.s.stepOnce(0).status).toBe('EXECUTION_ERROR'); // nothing loaded
    r.s.load(r.seq([noop(rel('01:00:00')), drive(10, rel('02:00:00')), noop(abs('2025-342T20:00:00'))]), 0);
    expect(r.s.stepOnce(0)).toEqual({ status: 'OK', message: 'dispatched steps[0] CMD_NO_OP' });
    expect(r.s.state()).toBe('waiting');
    r.run(8000);
    expect(r.rec.calls).toHaveLength(1);
    expect(r.s.nextWakeS()).toBeUndefined();
    r.s.stepOnce(r.clock.t);
    r.run(r.clock.t + 20); // the drive completes; its completion is watched in step mode too
    r.s.stepOnce(r.clock.t);
    expect(r.s.state()).toBe('done');
    expect(r.rec.mnemonics()).toEqual(['CMD_NO_OP', 'MOB_DRIVE_STRAIGHT', 'CMD_NO_OP']);
    expect(r.s.stepOnce(r.clock.t).status).toBe('EXECUTION_ERROR');
  });
});
