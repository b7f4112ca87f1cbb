import { beforeEach, describe, expect, it } from 'vitest';
import { type CommandHandle, Dispatcher } from '../../../src/fsw/cmd/dispatcher';
import type { EventLog } from '../../../src/fsw/events';
import type { Telemetry } from '../../../src/fsw/telemetry';
import { FakeClock, fswBus, Recorder } from './fakes';

let clock: FakeClock, events: EventLog, telemetry: Telemetry, d: Dispatcher, rec: Recorder;

beforeEach(() => {
  clock = new FakeClock();
  ({ events, telemetry } = fswBus(clock));
  d = new Dispatcher(events, telemetry);
  rec = new Recorder();
  d.register('CMD_NO_OP', rec.instant('CMD_NO_OP'));
  d.register('IMG_TAKE', rec.activity('IMG_TAKE', 3));
  d.register('MOB_DRIVE_STRAIGHT', rec.activity('MOB_DRIVE_STRAIGHT', (a) => Math.abs(a.distance_m as number) / (a.speed_m_s as number)));
  d.register('MOB_TURN_IN_PLACE', rec.activity('MOB_TURN_IN_PLACE', 10));
  d.register('NAV_GOTO_WAYPOINT', rec.activity('NAV_GOTO_WAYPOINT', 20, { status: 'EXECUTION_ERROR', message: 'no feasible path' }));
  d.register('FP_CLEAR_FAULT', rec.instant('FP_CLEAR_FAULT', { status: 'EXECUTION_ERROR', message: 'no fault latched' }));
});

/** Steps the dispatcher from the clock's time to `toS` in ticks of `dtS`. */
function run(toS: number, dtS = 0.1): void {
  while (clock.t < toS - 1e-9) {
    clock.t += dtS;
    d.step(clock.t, dtS);
  }
}

const names = () => events.history.map((e) => `${e.name}/${e.severity}`);

describe('Dispatcher', () => {
  it('answers VALIDATION_ERROR at once for an unknown mnemonic, with a WARNING_HI event', () => {
    const h = d.dispatch('MOB_FLY', {}, 0);
    expect(h.status()).toEqual({ status: 'VALIDATION_ERROR', message: 'unknown command MOB_FLY' });
    expect(h.completedS).toBe(0);
    expect(names()).toEqual(['CMD_INVALID/WARNING_HI']);
    expect(telemetry.read('cmd.error_count')).toBe(1);
    expect(telemetry.read('cmd.dispatched_count')).toBe(0);
    expect(telemetry.read('cmd.last_mnemonic')).toBe('MOB_FLY');
  });

  it('answers VALIDATION_ERROR for bad arguments, naming the argument; the handler never runs', () => {
    const h = d.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 250 }, 0);
    expect(h.status()).toMatchObject({ status: 'VALIDATION_ERROR' });
    expect(events.history[0].message).toContain('argument distance_m: 250 is out of range [-100, 100] m');
    expect(d.dispatch('IMG_TAKE', { camera: 'pancam' }, 0).status()).toMatchObject({ status: 'VALIDATION_ERROR' });
    expect(rec.calls).toEqual([]);
  });

  it('answers EXECUTION_ERROR when no component registered for the command', () => {
    const h = d.dispatch('FP_ENTER_SAFE_MODE', {}, 0);
    expect(h.status()).toMatchObject({ status: 'EXECUTION_ERROR', message: expect.stringContaining('no component') });
  });

  it('completes an instant command at once: dispatch (COMMAND) and completion (ACTIVITY_HI) events, telemetry', () => {
    const h = d.dispatch('CMD_NO_OP', {}, 5);
    expect(h.status()).toEqual({ status: 'OK' });
    expect([h.dispatchedS, h.completedS]).toEqual([5, 5]);
    expect(names()).toEqual(['CMD_DISPATCHED/COMMAND', 'CMD_COMPLETED/ACTIVITY_HI']);
    expect(telemetry.read('cmd.dispatched_count')).toBe(1);
    expect(telemetry.read('cmd.error_count')).toBe(0);
    expect(d.busy()).toBe(false);
  });

  it('runs an activity over simulation time and reports its completion when it ends', () => {
    // 0.21 m at 0.021 m/s: 10 s; validation filled nothing here, the handler saw the given speed.
    const h = d.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 0.21, speed_m_s: 0.021 }, 0);
    expect(h.status()).toBe('running');
    expect(d.busy()).toBe(true);
    expect(d.running()).toEqual([h]);
    run(9.9);
    expect(h.status()).toBe('running');
    run(10);
    expect(h.status()).toEqual({ status: 'OK' });
    expect(h.completedS).toBeCloseTo(10, 9);
    expect(d.busy()).toBe(false);
    expect(names()).toEqual(['CMD_DISPATCHED/COMMAND', 'CMD_COMPLETED/ACTIVITY_HI']);
  });

  it('starts an activity at dispatch (a zero-length step), so it commands its hardware at once', () => {
    d.dispatch('IMG_TAKE', { camera: 'navcam' }, 0);
    expect(rec.activities[0].steps).toBe(1);
    // One that is already done at its start completes at dispatch, like an instant command.
    const h = d.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 0 }, 0);
    expect([h.status(), h.completedS, d.running().length]).toEqual([{ status: 'OK' }, 0, 1]);
  });

  it('fills default arguments before the handler sees them', () => {
    d.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 1 }, 0);
    expect(rec.calls[0].args).toEqual({ distance_m: 1, speed_m_s: 0.042 });
  });

  it('reports a failing activity as EXECUTION_ERROR with a WARNING_HI event and counts it', () => {
    const h = d.dispatch('NAV_GOTO_WAYPOINT', { x_m: 5, y_m: 5, time_budget_s: 100, mode: 'AUTONAV' }, 0);
    run(20);
    expect(h.status()).toEqual({ status: 'EXECUTION_ERROR', message: 'no feasible path' });
    expect(events.history.at(-1)).toMatchObject({ name: 'CMD_FAILED', severity: 'WARNING_HI' });
    expect(telemetry.read('cmd.error_count')).toBe(1);
    expect(d.dispatch('FP_CLEAR_FAULT', {}, 20).status()).toMatchObject({ status: 'EXECUTION_ERROR' });
    expect(telemetry.read('cmd.error_count')).toBe(2);
  });

  it('answers BUSY to a second motion command while one runs; other activities may overlap', () => {
    const drive = d.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 0.42 }, 0); // 10 s
    const turn = d.dispatch('MOB_TURN_IN_PLACE', { angle_deg: 90 }, 1);
    expect(turn.status()).toMatchObject({ status: 'BUSY', message: expect.stringContaining('MOB_DRIVE_STRAIGHT') });
    expect(events.history.at(-1)).toMatchObject({ name: 'CMD_BUSY', severity: 'WARNING_HI' });
    const goto = d.dispatch('NAV_GOTO_WAYPOINT', { x_m: 1, y_m: 1, time_budget_s: 60, mode: 'BLIND' }, 1);
    expect(goto.status()).toMatchObject({ status: 'BUSY' });
    const image = d.dispatch('IMG_TAKE', { camera: 'navcam' }, 1);
    expect(image.status()).toBe('running');
    expect(rec.mnemonics()).toEqual(['MOB_DRIVE_STRAIGHT', 'IMG_TAKE']);
    run(10);
    expect(drive.status()).toEqual({ status: 'OK' });
    // The wheels are free again.
    expect(d.dispatch('MOB_TURN_IN_PLACE', { angle_deg: 90 }, 10).status()).toBe('running');
  });

  it('cancels activities: each is told to make the hardware safe and ends EXECUTION_ERROR', () => {
    const a = d.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: 5 }, 0);
    const b = d.dispatch('IMG_TAKE', { camera: 'navcam' }, 0);
    run(1);
    d.cancelAll('safe mode');
    for (const h of [a, b] as CommandHandle[]) {
      expect(h.status()).toEqual({ status: 'EXECUTION_ERROR', message: 'cancelled: safe mode' });
      expect(h.completedS).toBeCloseTo(1, 9);
    }
    expect(rec.activities.map((x) => x.cancelled)).toEqual(['safe mode', 'safe mode']);
    expect(d.busy()).toBe(false);
    expect(d.cancel(a, 'again')).toBe(false);
    expect(events.history.filter((e) => e.name === 'CMD_CANCELLED')).toHaveLength(2);
  });

  it('turns a handler that throws into EXECUTION_ERROR instead of crashing', () => {
    d.register('NAV_CLEAR_ZONES', () => {
      throw new Error('map not initialised');
    });
    expect(d.dispatch('NAV_CLEAR_ZONES', {}, 0).status()).toEqual({ status: 'EXECUTION_ERROR', message: 'handler failed: map not initialised' });
  });

  it('refuses wiring mistakes: a mnemonic outside the dictionary or registered twice', () => {
    expect(() => d.register('MOB_FLY', rec.instant('MOB_FLY'))).toThrow(/not in the command dictionary/);
    expect(() => d.register('CMD_NO_OP', rec.instant('CMD_NO_OP'))).toThrow(/already has a handler/);
  });
});
