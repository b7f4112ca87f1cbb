import { describe, expect, it } from 'vitest';
import { COMMANDS, commandDef, formatRange, suggestMnemonic, validateArgs, type ArgValues, type CommandDef } from '../../../src/fsw/cmd/dictionary';

const def = (m: string): CommandDef => {
  const d = commandDef(m);
  if (!d) throw new Error(`no ${m}`);
  return d;
};
const fail = (m: string, values: ArgValues) => {
  const r = validateArgs(def(m), values);
  if (r.ok) throw new Error(`${m} accepted ${JSON.stringify(values)}`);
  return r;
};

describe('the command dictionary', () => {
  it('is consistent: unique mnemonics and arguments, defaults that pass their own checks, enums with values', () => {
    const mnemonics = COMMANDS.map((c) => c.mnemonic);
    expect(new Set(mnemonics).size).toBe(mnemonics.length);
    for (const c of COMMANDS) {
      expect(new Set(c.args.map((a) => a.name)).size, c.mnemonic).toBe(c.args.length);
      for (const a of c.args) {
        if (a.min !== undefined && a.max !== undefined) expect(a.min, `${c.mnemonic}.${a.name}`).toBeLessThan(a.max);
        if (a.type === 'enum') expect(a.values?.length, `${c.mnemonic}.${a.name}`).toBeGreaterThan(0);
        if (a.default !== undefined) expect(a.optional, `${c.mnemonic}.${a.name} has a default, so it is optional`).toBe(true);
      }
    }
    for (const m of ['MOB_DRIVE_STRAIGHT', 'MOB_DRIVE_ARC', 'MOB_TURN_IN_PLACE', 'NAV_GOTO_WAYPOINT', 'NAV_SET_KEEP_IN_BOX',
      'NAV_ADD_KEEP_OUT_CIRCLE', 'NAV_CLEAR_ZONES', 'IMG_TAKE', 'SEQ_WAIT', 'FP_ENTER_SAFE_MODE', 'FP_CLEAR_FAULT', 'CMD_NO_OP']) {
      expect(commandDef(m), m).toBeDefined();
    }
    // The motion rule covers exactly the commands that move the wheels.
    expect(COMMANDS.filter((c) => c.motion).map((c) => c.mnemonic).sort())
      .toEqual(['MOB_DRIVE_ARC', 'MOB_DRIVE_STRAIGHT', 'MOB_TURN_IN_PLACE', 'NAV_GOTO_WAYPOINT']);
  });

  it('fills defaults and keeps given values', () => {
    expect(validateArgs(def('MOB_DRIVE_STRAIGHT'), { distance_m: -3 })).toEqual({ ok: true, values: { distance_m: -3, speed_m_s: 0.042 } });
    expect(validateArgs(def('NAV_GOTO_WAYPOINT'), { x_m: 10, y_m: -4, time_budget_s: 600, mode: 'AUTONAV' }))
      .toEqual({ ok: true, values: { x_m: 10, y_m: -4, tolerance_m: 1, time_budget_s: 600, mode: 'AUTONAV' } });
    // An optional argument without a default stays absent (the camera's mount default applies).
    expect(validateArgs(def('IMG_TAKE'), { camera: 'navcam' })).toEqual({ ok: true, values: { camera: 'navcam' } });
    expect(validateArgs(def('CMD_NO_OP'), {})).toEqual({ ok: true, values: {} });
  });

  it('rejects a missing required argument, naming it and its range', () => {
    const r = fail('NAV_GOTO_WAYPOINT', { x_m: 1, y_m: 2, mode: 'BLIND' });
    expect(r.field).toBe('time_budget_s');
    expect(r.problem).toMatch(/^missing; .*\(0, 36000\] s/);
  });

  it('rejects an unknown argument, listing the real ones', () => {
    const r = fail('MOB_DRIVE_STRAIGHT', { distance_m: 1, velocity: 0.01 });
    expect(r.field).toBe('velocity');
    expect(r.problem).toContain('distance_m, speed_m_s');
    expect(fail('CMD_NO_OP', { x: 1 }).problem).toContain('takes no arguments');
  });

  it('rejects wrong types', () => {
    expect(fail('MOB_DRIVE_STRAIGHT', { distance_m: '5' }).problem).toBe('expected a number (m), got string "5"');
    expect(fail('MOB_DRIVE_STRAIGHT', { distance_m: Number.NaN }).problem).toMatch(/expected a number/);
    expect(fail('IMG_TAKE', { camera: 3 }).problem).toMatch(/expected one of front_hazcam, rear_hazcam, navcam, got number 3/);
  });

  it('checks ranges, open and closed ends', () => {
    expect(fail('MOB_DRIVE_STRAIGHT', { distance_m: 100.5 }).problem).toBe('100.5 is out of range [-100, 100] m');
    expect(validateArgs(def('MOB_DRIVE_STRAIGHT'), { distance_m: -100 }).ok).toBe(true);
    // Speed 0 would never arrive: the lower end is open; the top speed itself is allowed.
    expect(fail('MOB_DRIVE_STRAIGHT', { distance_m: 1, speed_m_s: 0 }).problem).toBe('0 is out of range (0, 0.042] m/s');
    expect(validateArgs(def('MOB_DRIVE_STRAIGHT'), { distance_m: 1, speed_m_s: 0.042 }).ok).toBe(true);
    expect(fail('MOB_DRIVE_STRAIGHT', { distance_m: 1, speed_m_s: 0.05 }).field).toBe('speed_m_s');
    expect(fail('NAV_GOTO_WAYPOINT', { x_m: 0, y_m: 0, tolerance_m: 0.05, time_budget_s: 1, mode: 'BLIND' }).field).toBe('tolerance_m');
    expect(fail('SEQ_WAIT', { duration_s: 90_000 }).field).toBe('duration_s');
    expect(fail('IMG_TAKE', { camera: 'navcam', tilt_deg: 91 }).field).toBe('tilt_deg');
    expect(formatRange(def('MOB_TURN_IN_PLACE').args[1])).toBe('(0, 5] deg/s');
  });

  it('checks enum values', () => {
    const r = fail('NAV_GOTO_WAYPOINT', { x_m: 0, y_m: 0, time_budget_s: 60, mode: 'autonav' });
    expect(r).toEqual({ ok: false, field: 'mode', problem: '"autonav" is not one of BLIND, AUTONAV, ARC_VOTING' });
  });

  it('applies the cross-argument rules: arc radius outside the wheels, a keep-in box with positive size', () => {
    const arc = fail('MOB_DRIVE_ARC', { radius_m: -1.0, distance_m: 3 });
    expect(arc.field).toBe('radius_m');
    expect(arc.problem).toMatch(/inside the wheels.*MOB_TURN_IN_PLACE/);
    expect(validateArgs(def('MOB_DRIVE_ARC'), { radius_m: -1.2, distance_m: 3 }).ok).toBe(true);
    expect(fail('NAV_SET_KEEP_IN_BOX', { x_min_m: 5, y_min_m: 0, x_max_m: 5, y_max_m: 10 }).field).toBe('x_max_m');
    expect(fail('NAV_SET_KEEP_IN_BOX', { x_min_m: 0, y_min_m: 10, x_max_m: 5, y_max_m: -10 }).field).toBe('y_max_m');
  });

  it('suggests the nearest mnemonic for a typo', () => {
    expect(suggestMnemonic('MOB_DRIVE_STRAIT')).toBe('MOB_DRIVE_STRAIGHT');
    expect(suggestMnemonic('img_take')).toBe('IMG_TAKE');
    expect(suggestMnemonic('LAUNCH_ROCKET')).toBeUndefined();
  });
});
