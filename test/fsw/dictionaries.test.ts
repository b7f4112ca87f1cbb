import { describe, expect, it } from 'vitest';
import { EVENTS, eventDictionary } from '../../src/fsw/event-dictionary';
import { eventAt } from '../../src/fsw/events';
import { paramDictionary } from '../../src/fsw/params';
import { CHANNELS, channelDictionary, type ChannelName } from '../../src/fsw/telemetry-dictionary';
import { classifyStop } from '../../src/ground/ops';
import { EXIT } from '../../sim/app/cli';
import { buildRoverWorld } from '../../sim/world/rover-world';
import { terrainFromFunction } from '../../sim/world/terrain/analytic';
import { sunDirection } from '../../sim/world/terrain/orbital/sun';
import { DEFAULT_VEHICLE } from '../../sim/world/vehicle/config';
import { rover } from '../cli-harness';

/*
 * The event and telemetry channel dictionaries (F Prime's): stable ids, fixed severities, typed
 * arguments and channel types; messages made from the arguments; the ground reading ids and arguments.
 */

const BLOCKS = { cmd: 0x100, seq: 0x200, fault: 0x300, nav: 0x400, autonav: 0x500, imaging: 0x600, uplink: 0x700, mobility: 0x800 } as const;

describe('the event dictionary', () => {
  it('gives every event a unique id inside its component block', () => {
    const ids = Object.values(EVENTS).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, e] of Object.entries(EVENTS)) {
      expect(e.id - BLOCKS[e.component], name).toBeGreaterThan(0);
      expect(e.id - BLOCKS[e.component], name).toBeLessThan(0x100);
    }
  });

  it('makes the message from the arguments, as the components always wrote it', () => {
    const ended = { cmd_id: 7, mnemonic: 'NAV_GOTO_WAYPOINT', duration_s: 812.25, detail: 'reached the waypoint within 0.80 m after 12 cycles', reason: '' };
    expect(eventAt('CMD_COMPLETED', { ...ended, status: 'OK' }, 900).message).toBe('#7 NAV_GOTO_WAYPOINT OK after 812.3 s: reached the waypoint within 0.80 m after 12 cycles');
    expect(eventAt('CMD_COMPLETED', { ...ended, status: 'OK', duration_s: 0, detail: '' }, 900).message).toBe('#7 NAV_GOTO_WAYPOINT OK');
    expect(eventAt('FP_TILT_LIMIT', { angle_deg: 21.04, limit_deg: 20 }, 5).message).toBe('tilt 21.0 deg exceeds the 20.0 deg limit');
    expect(eventAt('SEQ_ABORTED', { seq_id: 's1', index: 2, stem: 'NAV_GOTO_WAYPOINT', reason: 'EXECUTION_ERROR: hazard', skipped: 1 }, 5).message)
      .toBe('sequence s1 aborted at steps[2] (NAV_GOTO_WAYPOINT): EXECUTION_ERROR: hazard; 1 step not run');
    expect(eventAt('SEQ_STARTED', { seq_id: 's1', epoch_s: 5, step_mode: false }, 5).message).toBe('sequence s1 started');
    expect(eventAt('SEQ_STARTED', { seq_id: 's1', epoch_s: 60, step_mode: false }, 5).message).toBe('sequence s1 started (epoch at 60 s)');
    const e = eventAt('AUTONAV_NO_PATH', { planner: 'ENav', reason: 'every arc blocked', x_m: 12.34, y_m: -3.06, distance_m: 40.55 }, 77);
    expect(e).toMatchObject({ id: 0x502, component: 'autonav', severity: 'WARNING_HI', timeS: 77 });
    expect(e.message).toBe('ENav: every arc blocked at (12.3, -3.1), 40.5 m from the waypoint; stopped, waiting for the ground');
  });

  it('is what the ground reads: a time budget spent is told by its reason code, whatever the message says', () => {
    const failed = (reason: string, detail: string) =>
      eventAt('CMD_FAILED', { cmd_id: 3, mnemonic: 'NAV_GOTO_WAYPOINT', status: 'EXECUTION_ERROR', duration_s: 3600, detail, reason }, 3600);
    expect(classifyStop([failed('TIME_BUDGET', 'out of time')]).kind).toBe('timeout');
    // Text that merely mentions a time budget is not a time budget spent.
    expect(classifyStop([failed('', 'time budget of 3600 s spent')]).kind).not.toBe('timeout');
  });
});

describe('the telemetry channel dictionary', () => {
  it('gives every channel a unique id, and every sample of a drive has its channel and type', () => {
    const ids = Object.values(CHANNELS).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const terrain = terrainFromFunction((x) => 0.03 * x, { xMin: -15, xMax: 30, yMin: -15, yMax: 15 }, { spacingM: 0.25 });
    const start = { x: 0, y: 0, headingRad: 0 };
    const world = buildRoverWorld({ terrain, vehicle: DEFAULT_VEHICLE, start, believedStart: start, seed: 5, epochUtcMs: Date.UTC(2025, 11, 8), sun: sunDirection(35, 250) });
    const written = new Set<ChannelName>();
    world.fsw.telemetry.stream.subscribe((s) => {
      written.add(s.channel);
      const type = CHANNELS[s.channel].type;
      const vector = /^F64\[(\d+)\]$/.exec(type);
      if (vector) expect(s.value, s.channel).toHaveLength(Number(vector[1]));
      else expect(typeof s.value, s.channel).toBe(type === 'string' ? 'string' : 'number');
      if (type === 'U32') expect(Number.isInteger(s.value) && (s.value as number) >= 0, s.channel).toBe(true);
    });
    world.fsw.dispatcher.dispatch('NAV_GOTO_WAYPOINT', { x_m: 5, y_m: 0, tolerance_m: 1, time_budget_s: 900, mode: 'AUTONAV' }, 0);
    world.engine.run(300);
    // The drive wrote most of the dictionary: navigation, attitude, mobility, power, fault protection.
    expect(written.size).toBeGreaterThan(12);
  });
});

describe('rover dictionary', () => {
  it('prints the command, event, channel and parameter dictionaries as JSON', async () => {
    const r = await rover('dictionary');
    expect(r.code).toBe(EXIT.ok);
    const d = JSON.parse(r.out);
    expect(d.events).toEqual(eventDictionary());
    expect(d.channels).toEqual(channelDictionary());
    expect(d.parameters).toEqual(paramDictionary());
    const goto = d.commands.find((c: { mnemonic: string }) => c.mnemonic === 'NAV_GOTO_WAYPOINT');
    expect(goto.args.map((a: { name: string }) => a.name)).toContain('time_budget_s');
  });
});
