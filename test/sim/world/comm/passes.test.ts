import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../../input-error';
import { SOL_S } from '../../../../src/core/time';
import { DEFAULT_RELAY_CONFIG, nextPassWindow, parseRelayConfig, passWindows, RelayConfig } from '../../../../sim/world/comm/passes';


const pass = (name: string, start: number, duration = 600, mbit = 100) => ({ name, start_s_into_sol: start, duration_s: duration, downlink_mbit: mbit });

describe('relay config', () => {
  it('defaults to two passes a sol, the first carrying commands, 3° conjunction threshold', () => {
    expect(DEFAULT_RELAY_CONFIG.passes).toHaveLength(2);
    expect(DEFAULT_RELAY_CONFIG.uplink_pass).toBe(DEFAULT_RELAY_CONFIG.passes[0].name);
    expect(DEFAULT_RELAY_CONFIG.conjunction_threshold_deg).toBe(3);
    expect(RelayConfig.parse({ passes: [pass('A', 100), pass('B', 50_000)], uplink_pass: 'B' }).uplink_pass).toBe('B');
  });

  it('turns bad input into InputError naming the field', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ pases: [] }, 'relay.pases', /unknown field/],
      [{ passes: [pass('A', -1)] }, 'relay.passes.0.start_s_into_sol', /./],
      [{ passes: [pass('A', SOL_S)] }, 'relay.passes.0.start_s_into_sol', /./],
      [{ passes: [pass('A', 0, 0)] }, 'relay.passes.0.duration_s', /./],
      [{ passes: [pass('A', 0, 600, -5)] }, 'relay.passes.0.downlink_mbit', /./],
      [{ passes: [] }, 'relay.passes', /./],
      [{ passes: [pass('A', 0), pass('A', 5000)] }, 'relay.passes.1.name', /duplicate/],
      [{ uplink_pass: 'MGS' }, 'relay.uplink_pass', /no pass named "MGS"/],
      [{ passes: [pass('A', 0, 2000), pass('B', 1000)] }, 'relay.passes.0.duration_s', /overlaps pass "B"/],
      [{ passes: [pass('A', 100), pass('B', SOL_S - 100, 600)] }, 'relay.passes.1.duration_s', /overlaps pass "A"/],
      [{ conjunction_threshold_deg: 0 }, 'relay.conjunction_threshold_deg', /./],
    ];
    for (const [input, field, problem] of cases) {
      const e = inputErrorOf(() => parseRelayConfig(input, 'site.yaml', 'relay'));
      expect(e.file).toBe('site.yaml');
      expect(e.field).toBe(field);
      expect(e.problem).toMatch(problem);
    }
  });
});

describe('pass windows', () => {
  const config = RelayConfig.parse({ passes: [pass('PM', 50_000, 600, 400), pass('AM', 16_000, 600, 150)] });

  it('lists passes starting in the span, in time order, from sol 0 at sim time 0', () => {
    const ws = passWindows(config, 0, 2 * SOL_S);
    expect(ws.map((w) => [w.name, w.sol])).toEqual([['AM', 0], ['PM', 0], ['AM', 1], ['PM', 1]]);
    expect(ws[2].startS).toBe(SOL_S + 16_000);
    expect(ws[2].endS).toBe(SOL_S + 16_600);
    expect(ws[0].uplink).toBe(false); // uplink_pass defaults to the first *listed* pass, PM
    expect(ws[1].uplink).toBe(true);
    // Half-open span: a pass starting exactly at toS is out, at fromS is in.
    expect(passWindows(config, 16_000, 50_000).map((w) => w.name)).toEqual(['AM']);
    expect(passWindows(config, 16_001, 50_001).map((w) => w.name)).toEqual(['PM']);
    expect(passWindows(config, 10, 10)).toEqual([]);
  });

  it('finds the next pass, or the next uplink pass', () => {
    expect(nextPassWindow(config, 50_001)?.startS).toBe(SOL_S + 16_000);
    expect(nextPassWindow(config, 50_001, (w) => w.uplink)?.startS).toBe(SOL_S + 50_000);
    expect(nextPassWindow(config, 100 * SOL_S + 50_000)?.startS).toBe(100 * SOL_S + 50_000);
  });
});
