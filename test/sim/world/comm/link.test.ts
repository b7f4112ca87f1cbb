import { describe, expect, it } from 'vitest';
import { SOL_S, utcMsAt, type Epoch } from '../../../../src/core/time';
import { isSolarConjunction, oneWayLightTimeS } from '../../../../sim/world/comm/light-time';
import { MarsLink, type DownlinkArrival, type UplinkDelivery } from '../../../../sim/world/comm/link';
import { DEFAULT_RELAY_CONFIG, RelayConfig } from '../../../../sim/world/comm/passes';
import { EngineClock } from '../../../../sim/world/engine';

// Epochs (sim time 0 = start of sol 0): near the January 2025 opposition (~5.3 min light time) and at
// the 2026-01-09 solar conjunction (docs/reference.md "Communications and operations").
const OPPOSITION: Epoch = { utcMs: Date.UTC(2025, 0, 12) };
const CONJUNCTION: Epoch = { utcMs: Date.UTC(2026, 0, 9) };

function setup<U = string, D = string>(epoch: Epoch, config: RelayConfig = DEFAULT_RELAY_CONFIG) {
  const clock = new EngineClock();
  const link = new MarsLink<U, D>(clock, epoch, config);
  const delivered: UplinkDelivery<U>[] = [];
  const received: DownlinkArrival<D>[] = [];
  // Record the clock time of each emission, to prove it happens at the stated time.
  const deliveredAt: number[] = [];
  const receivedAt: number[] = [];
  link.delivered$.subscribe((d) => (delivered.push(d), deliveredAt.push(clock.nowS())));
  link.received$.subscribe((r) => (received.push(r), receivedAt.push(clock.nowS())));
  return { clock, link, delivered, received, deliveredAt, receivedAt };
}

const uplinkStart = (config: RelayConfig) => config.passes.find((p) => p.name === config.uplink_pass)!.start_s_into_sol;
const owlt = (epoch: Epoch, simS: number) => oneWayLightTimeS(utcMsAt(epoch, simS));

describe('uplink', () => {
  it('waits for the next uplink pass, delivering at its start and never before send + light time', () => {
    const { clock, link, delivered, deliveredAt } = setup(OPPOSITION);
    const passS = uplinkStart(DEFAULT_RELAY_CONFIG);
    clock.runThrough(1000);
    const receipt = link.uplink('drive 10 m', 'sol0-plan');
    expect(receipt).toEqual({ label: 'sol0-plan', sentS: 1000, deliveredS: passS });
    expect(link.nextUplinkDelivery(1000)).toBe(passS);
    clock.runThrough(passS - 1e-6);
    expect(delivered).toEqual([]);
    clock.runThrough(passS + 100);
    expect(delivered).toEqual([{ payload: 'drive 10 m', label: 'sol0-plan', sentS: 1000, deliveredS: passS }]);
    expect(deliveredAt).toEqual([passS]);
    expect(passS).toBeGreaterThanOrEqual(1000 + owlt(OPPOSITION, 1000));
  });

  it('goes on the next sol when sent too late for today’s pass', () => {
    const { clock, link, delivered } = setup(OPPOSITION);
    const passS = uplinkStart(DEFAULT_RELAY_CONFIG);
    const lightS = owlt(OPPOSITION, passS);
    // Just in time (light time ~321 s) and just too late (radiated 100 s before the pass).
    const inTime = passS - lightS - 5;
    clock.runThrough(inTime);
    expect(link.uplink('a', 'in-time').deliveredS).toBe(passS);
    clock.runThrough(passS - 100);
    const late = link.uplink('b', 'late');
    expect(late.deliveredS).toBe(SOL_S + passS);
    clock.runThrough(3 * SOL_S);
    expect(delivered.map((d) => [d.label, d.deliveredS])).toEqual([
      ['in-time', passS],
      ['late', SOL_S + passS],
    ]);
    for (const d of delivered) expect(d.deliveredS).toBeGreaterThanOrEqual(d.sentS + owlt(OPPOSITION, d.sentS));
  });

  it('keeps send order for payloads on the same pass, and honours a chosen uplink pass', () => {
    const config = RelayConfig.parse({ ...DEFAULT_RELAY_CONFIG, uplink_pass: 'MRO' });
    const { clock, link, delivered } = setup(OPPOSITION, config);
    const mroS = uplinkStart(config);
    link.uplink('one', '1');
    clock.runThrough(10);
    link.uplink('two', '2');
    clock.runThrough(SOL_S);
    expect(delivered.map((d) => [d.payload, d.deliveredS])).toEqual([
      ['one', mroS],
      ['two', mroS],
    ]);
  });

  it('is refused during solar conjunction, and nothing is delivered', () => {
    const { clock, link, delivered } = setup(CONJUNCTION);
    expect(isSolarConjunction(CONJUNCTION.utcMs)).toBe(true);
    const receipt = link.uplink('drive', 'conj');
    expect(receipt).toEqual({ label: 'conj', sentS: 0, deliveredS: undefined, refused: 'solar conjunction' });
    expect(link.nextUplinkDelivery(0)).toBeUndefined();
    clock.runThrough(5 * SOL_S);
    expect(delivered).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});

describe('downlink', () => {
  // One pass a sol carrying 1 Mbit = 125,000 bytes.
  const config = RelayConfig.parse({ passes: [{ name: 'MRO', start_s_into_sol: 50_000, duration_s: 600, downlink_mbit: 1 }] });

  it('sends in queue order while the volume lasts; the rest waits; arrival = pass start + light time', () => {
    const { clock, link, received, receivedAt } = setup(OPPOSITION, config);
    clock.runThrough(100);
    link.queueTelemetry(50_000, 'a');
    link.queueTelemetry(50_000, 'b');
    link.queueTelemetry(50_000, 'c'); // does not fit after a + b (150,000 > 125,000)
    link.queueTelemetry(10_000, 'd'); // would fit, but order is kept: waits behind c
    expect(link.queuedBytes).toBe(160_000);
    clock.runThrough(SOL_S - 1);
    const pass0 = 50_000;
    const arrival0 = pass0 + owlt(OPPOSITION, pass0);
    expect(received).toEqual([
      { item: 'a', generatedS: 100, passStartS: pass0, receivedS: arrival0 },
      { item: 'b', generatedS: 100, passStartS: pass0, receivedS: arrival0 },
    ]);
    expect(receivedAt).toEqual([arrival0, arrival0]);
    expect(link.queuedCount).toBe(2);
    clock.runThrough(3 * SOL_S);
    const pass1 = SOL_S + 50_000;
    const arrival1 = pass1 + owlt(OPPOSITION, pass1);
    expect(received.slice(2)).toEqual([
      { item: 'c', generatedS: 100, passStartS: pass1, receivedS: arrival1 },
      { item: 'd', generatedS: 100, passStartS: pass1, receivedS: arrival1 },
    ]);
    expect(link.queuedCount).toBe(0);
    expect(clock.pending).toBe(0); // idle link: nothing left on the clock
  });

  it('holds telemetry through solar conjunction and sends it at the first pass after', () => {
    const { clock, link, received } = setup(CONJUNCTION, config);
    link.queueTelemetry(1000, 'held');
    clock.runThrough(40 * SOL_S);
    expect(received).toHaveLength(1);
    const { passStartS } = received[0];
    expect(isSolarConjunction(utcMsAt(CONJUNCTION, passStartS))).toBe(false);
    expect(isSolarConjunction(utcMsAt(CONJUNCTION, passStartS - SOL_S))).toBe(true);
    expect(passStartS).toBeGreaterThan(5 * SOL_S);
  });

  it('schedules passes lazily: a long run never keeps more than a couple of callbacks pending', () => {
    const { clock, link, received } = setup(OPPOSITION);
    let maxPending = 0;
    for (let sol = 0; sol < 200; sol++) {
      for (let k = 0; k < 4; k++) {
        clock.runThrough(sol * SOL_S + k * 20_000);
        link.queueTelemetry(10_000_000, `s${sol}-${k}`); // 80 Mbit: 1 fits ODY (150), 5 fit MRO (400)
        maxPending = Math.max(maxPending, clock.pending);
      }
    }
    clock.runThrough(210 * SOL_S);
    expect(maxPending).toBeLessThanOrEqual(3);
    expect(received.map((r) => r.item)).toEqual(Array.from({ length: 800 }, (_, i) => `s${Math.floor(i / 4)}-${i % 4}`));
  });

  it('rejects an item no pass could ever carry', () => {
    const { link } = setup(OPPOSITION, config);
    expect(() => link.queueTelemetry(125_001, 'too big')).toThrow(RangeError);
    expect(() => link.queueTelemetry(1.5, 'half a byte')).toThrow(RangeError);
  });
});

describe('determinism', () => {
  function run(): string {
    const { clock, link, delivered, received, deliveredAt, receivedAt } = setup<number, string>(OPPOSITION);
    const receipts = [];
    for (let sol = 0; sol < 20; sol++) {
      clock.runThrough(sol * SOL_S + 30_000);
      receipts.push(link.uplink(sol, `plan-${sol}`));
      for (let k = 0; k < 5; k++) link.queueTelemetry(15_000_000 + k * 1_000_000, `tlm-${sol}-${k}`);
    }
    clock.runThrough(25 * SOL_S);
    return JSON.stringify({ receipts, delivered, received, deliveredAt, receivedAt });
  }

  it('gives identical delivery logs for identical runs', () => {
    const a = run();
    expect(a).toBe(run());
    expect(JSON.parse(a).delivered).toHaveLength(20);
  });
});
