import { describe, expect, it } from 'vitest';
import { degToRad } from '../../src/core/geometry';
import { RandomStreams } from '../../src/core/random';
import { onboardGeometry } from '../../src/core/vehicle-geometry';
import { SOL_S } from '../../src/core/time';
import { parseSequence, type ValidatedSequence } from '../../src/fsw/seq/seqjson';
import { MarsLink } from '../../sim/world/comm/link';
import { DEFAULT_RELAY_CONFIG } from '../../sim/world/comm/passes';
import { connectLink, type DownlinkItem } from '../../sim/world/comm/wiring';
import { RoverFsw } from '../../src/fsw/topology';
import { Engine, EngineClock } from '../../sim/world/engine';
import { flightPorts } from '../../sim/world/sensors/flight-ports';
import { SimHardware } from '../../sim/world/sensors/rig';
import { terrainFromFunction } from '../../sim/world/terrain/analytic';
import { sunDirection } from '../../sim/world/terrain/orbital/sun';
import { SoilClass } from '../../sim/world/terrain/soil';
import { DEFAULT_VEHICLE, VehicleConfig } from '../../sim/world/vehicle/config';
import { buildRoverWorld } from '../../sim/world/rover-world';
import { marsSolarTime, nextLmst } from '../../src/core/mars-time';
import { SimVehicle } from '../../sim/world/vehicle/vehicle';

const EPOCH = { utcMs: Date.UTC(2025, 11, 8, 12) };

/** A rover on an analytic terrain, with its flight software and the engine, ready to run. */
function world(height: (x: number, y: number) => number, options: { seed?: number; soil?: SoilClass; tiltLimitDeg?: number; vehicle?: VehicleConfig } = {}) {
  const clock = new EngineClock();
  const terrain = terrainFromFunction(height, { xMin: -20, xMax: 60, yMin: -30, yMax: 30 }, { spacingM: 0.25, soil: options.soil ?? SoilClass.bedrock });
  const streams = new RandomStreams(options.seed ?? 1);
  const vehicle = new SimVehicle(terrain, options.vehicle ?? DEFAULT_VEHICLE, { x: 0, y: 0, headingRad: 0 });
  const hardware = new SimHardware(vehicle, streams, { sun: sunDirection(35, 250), clock: () => clock.nowS() });
  const fsw = new RoverFsw(flightPorts(hardware), {
    // Flight software's tilt limit is the vehicle's (a test may lower it).
    geometry: onboardGeometry({ ...DEFAULT_VEHICLE, tilt_limit_deg: options.tiltLimitDeg ?? DEFAULT_VEHICLE.tilt_limit_deg }),
    epoch: EPOCH,
    startPose: { x: 0, y: 0, headingRad: 0 },
  });
  const engine = new Engine(clock, hardware, fsw);
  return { clock, vehicle, hardware, fsw, engine };
}

type Step = [stem: string, args: [string, number | string][], time?: { type: string; tag?: string }];

/** A SeqJSON sequence text from compact steps (COMMAND_COMPLETE unless a time is given). */
function sequence(id: string, steps: Step[]): string {
  return JSON.stringify({
    id,
    metadata: {},
    steps: steps.map(([stem, args, time]) => ({
      type: 'command',
      stem,
      time: time ?? { type: 'COMMAND_COMPLETE' },
      args: args.map(([name, value]) => ({ name, type: typeof value === 'number' ? 'number' : 'string', value })),
    })),
  });
}

const names = (fsw: RoverFsw) => fsw.events.history.map((e) => e.name);

describe('engine and flight software', () => {
  it('runs a blind drive sequence: straight, turn, go to a waypoint', () => {
    const w = world(() => 0);
    const seq = parseSequence(sequence('blind', [
      ['MOB_DRIVE_STRAIGHT', [['distance_m', 2]]],
      ['MOB_TURN_IN_PLACE', [['angle_deg', -90]]], // left, to face north
      ['NAV_GOTO_WAYPOINT', [['x_m', 2], ['y_m', 4], ['tolerance_m', 0.3], ['time_budget_s', 1200], ['mode', 'BLIND']]],
    ]), 'blind.seq.json');
    expect(w.fsw.receiveSequence(seq).status).toBe('OK');
    w.engine.run(1500);
    expect(w.fsw.sequencer.state()).toBe('done');
    const truth = w.vehicle.pose;
    expect(Math.hypot(truth.x - 2, truth.y - 4)).toBeLessThan(0.5);
    expect(w.fsw.fault.mode).toBe('NOMINAL');
  });

  it('halts and goes to SAFE mode when tilt exceeds the limit, and refuses motion until cleared', () => {
    // Flat for 2 m, then a ramp steepening to 30 deg.
    const w = world((x) => (x < 3 ? 0 : 0.5 * Math.tan(degToRad(30)) * (x - 3) ** 2 / 4));
    w.fsw.receiveSequence(parseSequence(sequence('climb', [['MOB_DRIVE_STRAIGHT', [['distance_m', 12]]]]), 'climb.seq.json'));
    w.engine.run(600);
    expect(names(w.fsw)).toContain('FP_TILT_LIMIT');
    expect(w.fsw.fault.mode).toBe('SAFE');
    expect(w.fsw.sequencer.state()).toBe('aborted');
    const tiltEvent = w.fsw.events.history.find((e) => e.name === 'FP_TILT_LIMIT')!;
    const odometerAtTrip = w.vehicle.odometerM;
    w.engine.run(900);
    expect(w.vehicle.odometerM).toBeCloseTo(odometerAtTrip, 6); // halted
    expect(tiltEvent.message).toMatch(/exceeds the 20\.0 deg limit/);
    // Motion is refused in SAFE mode; after FP_CLEAR_FAULT it is accepted again.
    expect(w.fsw.dispatcher.dispatch('MOB_DRIVE_STRAIGHT', { distance_m: -1, speed_m_s: 0.042 }, w.clock.nowS()).status()).toMatchObject({ status: 'EXECUTION_ERROR' });
    w.fsw.dispatcher.dispatch('FP_CLEAR_FAULT', {}, w.clock.nowS());
    expect(w.fsw.fault.mode).toBe('NOMINAL');
  });

  it('detects a stalled wheel motor', () => {
    const w = world(() => 0);
    w.fsw.receiveSequence(parseSequence(sequence('stall', [['MOB_DRIVE_STRAIGHT', [['distance_m', 5]]]]), 's.seq.json'));
    w.clock.at(30, () => w.hardware.injectStall(1));
    w.engine.run(200);
    expect(names(w.fsw)).toContain('FP_MOTOR_STALL');
    expect(w.fsw.fault.mode).toBe('SAFE');
  });

  it('stalls the front wheels against a ledge taller than one wheel diameter, and fault protection trips on the stall', () => {
    // Bedrock: a wheel climbs up to 2 radii (0.525 m); this ledge at x = 4 is 0.6 m.
    const w = world((x) => (x > 4 ? 0.6 : 0));
    w.fsw.receiveSequence(parseSequence(sequence('ledge', [['MOB_DRIVE_STRAIGHT', [['distance_m', 8]]]]), 'ledge.seq.json'));
    w.engine.run(600);
    const stall = w.fsw.events.history.find((e) => e.name === 'FP_MOTOR_STALL');
    expect(stall, names(w.fsw).join(' ')).toBeDefined();
    expect([0, 3]).toContain((stall!.args as { wheel: number }).wheel); // a front wheel
    expect(w.fsw.fault.mode).toBe('SAFE');
    // Stopped at the foot (the 0.25 m posts make the ledge a steep ramp, part way up which the
    // wheels pressed): the front hubs are within a wheel radius of it and lower than on top of it.
    const frontHubX = w.vehicle.settled.hubs[0];
    expect(frontHubX).toBeLessThan(4);
    expect(frontHubX).toBeGreaterThan(4 - DEFAULT_VEHICLE.wheel_radius_m - 0.05);
    expect(w.vehicle.settled.hubs[2]).toBeLessThan(0.6 + DEFAULT_VEHICLE.wheel_radius_m - 0.1);
  });

  it('halts a drive and goes to SAFE mode when the battery falls under its state-of-charge floor', () => {
    // The drive draws ~23 W more than the MMRTG gives: 0.08% of a 2,408 Wh battery in ~5 min.
    const w = world(() => 0, { vehicle: VehicleConfig.parse({ power: { initial_soc: 0.3008 } }) });
    w.fsw.receiveSequence(parseSequence(sequence('drain', [['MOB_DRIVE_STRAIGHT', [['distance_m', 30]]]]), 'drain.seq.json'));
    w.engine.run(1200);
    const low = w.fsw.events.history.find((e) => e.name === 'FP_LOW_BATTERY');
    expect(low, names(w.fsw).join(' ')).toBeDefined();
    expect(low!.message).toMatch(/battery at 29\.9% \(rounded down\) is below the 30% floor/);
    expect(w.fsw.fault.mode).toBe('SAFE');
    expect(w.vehicle.odometerM).toBeGreaterThan(2);
    expect(w.vehicle.odometerM).toBeLessThan(20);
    expect(w.vehicle.battery.minStateOfCharge).toBeLessThan(0.3);
    expect(w.vehicle.battery.minStateOfCharge).toBeGreaterThan(0.299);
  });

  it('holds a drive until its window opens and stops it when the window closes', () => {
    const lon = 77.45, epoch = nextLmst(Date.UTC(2025, 11, 8, 12), lon, 0);
    const terrain = terrainFromFunction(() => 0, { xMin: -20, xMax: 200, yMin: -30, yMax: 30 }, { spacingM: 0.25, soil: SoilClass.bedrock });
    const w = buildRoverWorld({
      terrain, vehicle: DEFAULT_VEHICLE, start: { x: 0, y: 0, headingRad: 0 }, believedStart: { x: 0, y: 0, headingRad: 0 }, seed: 1,
      epochUtcMs: epoch, sun: sunDirection(35, 250), driveWindow: { longitudeEastDeg: lon, openLmstH: 10, closeLmstH: 10.25, drivePerSolS: 4 * 3600 },
    });
    const hour = SOL_S / 24;
    w.clock.at(9 * hour, () => w.fsw.receiveSequence(parseSequence(sequence('window', [['MOB_AWAIT_DRIVE_WINDOW', []], ['MOB_DRIVE_STRAIGHT', [['distance_m', 100]]]]), 'window.seq.json')));
    w.engine.run(11 * hour);
    const lmst = (e: { timeS: number }) => marsSolarTime(epoch + e.timeS * 1000, lon).lmstH;
    const drove = w.fsw.events.history.find((e) => e.name === 'CMD_DISPATCHED' && e.args.mnemonic === 'MOB_DRIVE_STRAIGHT')!;
    expect(lmst(drove)).toBeCloseTo(10, 2);
    const closed = w.fsw.events.history.find((e) => e.name === 'MOB_DRIVE_WINDOW_CLOSED')!;
    expect(closed, names(w.fsw).join(' ')).toBeDefined();
    expect(lmst(closed)).toBeCloseTo(10.25, 2);
    expect(closed.message).toMatch(/drive stopped: the drive window \(10:00-10:15 LMST\) is closed at 10:15 LMST/);
    expect(w.fsw.sequencer.state()).toBe('aborted');
    // A quarter of a Mars hour at top speed, steering first: ~37 m of the 100.
    expect(w.vehicle.odometerM).toBeGreaterThan(30);
    expect(w.vehicle.odometerM).toBeLessThan(0.25 * hour * DEFAULT_VEHICLE.top_speed_m_s + 0.5);
  });

  it('stops on excessive slip measured by visual odometry against wheel odometry', () => {
    // 23 deg of sand (slip ~70%), with the tilt limit raised to 25 deg as on the Jezero rim.
    const w = world((x) => Math.tan(degToRad(23)) * x, { soil: SoilClass.sand, tiltLimitDeg: 25 });
    w.fsw.receiveSequence(parseSequence(sequence('slip', [['MOB_DRIVE_STRAIGHT', [['distance_m', 6]]]]), 'slip.seq.json'));
    w.engine.run(600);
    expect(names(w.fsw)).toContain('FP_SLIP_LIMIT');
    expect(names(w.fsw)).not.toContain('FP_TILT_LIMIT');
    expect(w.vehicle.odometerM).toBeLessThan(3);
    expect(w.fsw.sequencer.state()).toBe('aborted');
  });

  it('holds command-relative timing to the tick', () => {
    const w = world(() => 0);
    w.fsw.receiveSequence(parseSequence(sequence('timing', [
      ['CMD_NO_OP', [], { type: 'COMMAND_RELATIVE', tag: '00:00:05' }],
      ['CMD_NO_OP', [], { type: 'COMMAND_RELATIVE', tag: '00:01:10.5' }],
    ]), 't.seq.json'));
    w.engine.run(200);
    const dispatched = w.fsw.events.history.filter((e) => e.severity === 'COMMAND' && /CMD_NO_OP/.test(e.message)).map((e) => e.timeS);
    expect(dispatched).toHaveLength(2);
    expect(dispatched[1] - dispatched[0]).toBeGreaterThan(70.5 - 0.1 - 1e-9);
    expect(dispatched[1] - dispatched[0]).toBeLessThan(70.5 + 0.1 + 1e-9);
  });

  it('idles through a sol in a few thousand steps', () => {
    const w = world(() => 0);
    let steps = 0;
    const original = w.hardware.stepVehicle.bind(w.hardware);
    w.hardware.stepVehicle = (dt) => {
      steps++;
      return original(dt);
    };
    w.engine.run(SOL_S);
    expect(w.clock.nowS()).toBeCloseTo(SOL_S, 6);
    expect(steps).toBeLessThan(3000);
    expect(w.vehicle.energyWh).toBeCloseTo(((DEFAULT_VEHICLE.energy.idle_w + DEFAULT_VEHICLE.power.heater_w) * SOL_S) / 3600, 3);
  });

  it('samples telemetry every 10 s while driving, every 600 s while parked, and from the moment a drive begins', () => {
    const w = world(() => 0);
    const times: number[] = [];
    w.fsw.telemetry.stream.subscribe((s) => { if (s.channel === 'nav.odometer_m') times.push(s.timeS); });
    w.clock.at(1000, () => w.fsw.receiveSequence(parseSequence(sequence('go', [['MOB_DRIVE_STRAIGHT', [['distance_m', 5]]]]), 'go.seq.json')));
    w.engine.run(4000);
    const gaps = times.slice(1).map((t, i) => Math.round(t - times[i]));
    const parked = times.filter((t) => t < 1000);
    expect(parked.length).toBeLessThanOrEqual(3); // 0, 600: parked
    const driving = times.filter((t) => t >= 1000 && w.vehicle.odometerM > 0 && t <= 1000 + 5 / 0.042 + 30);
    expect(driving[0]).toBeLessThan(1000 + 1); // sampled as the drive begins
    expect(driving.length).toBeGreaterThan(10);
    expect(gaps).toContain(10);
    expect(gaps).toContain(600);
  });

  it('gives identical event logs and telemetry for the same seed', () => {
    const run = (seed: number) => {
      const w = world((x, y) => 0.05 * Math.sin(x) + 0.03 * Math.cos(1.3 * y), { seed, soil: SoilClass.soil });
      w.fsw.receiveSequence(parseSequence(sequence('det', [
        ['IMG_TAKE', [['camera', 'front_hazcam']]],
        ['NAV_GOTO_WAYPOINT', [['x_m', 6], ['y_m', 2], ['tolerance_m', 0.5], ['time_budget_s', 900], ['mode', 'BLIND']]],
      ]), 'd.seq.json'));
      const samples: string[] = [];
      w.fsw.telemetry.stream.subscribe((s) => samples.push(JSON.stringify(s)));
      w.engine.run(600);
      return { events: JSON.stringify(w.fsw.events.history), samples: samples.join('\n') };
    };
    const a = run(5), b = run(5), c = run(6);
    expect(a.events).toBe(b.events);
    expect(a.samples).toBe(b.samples);
    expect(a.samples).not.toBe(c.samples);
  });
});

describe('commanding across the Earth–Mars link', () => {
  it('delivers a sequence at the next uplink pass after the light time, runs it, and downlinks the events', () => {
    const w = world(() => 0);
    const link = new MarsLink<ValidatedSequence, DownlinkItem>(w.clock, EPOCH, DEFAULT_RELAY_CONFIG);
    connectLink(link, w.fsw);
    const received: { receivedS: number; name?: string }[] = [];
    link.received$.subscribe((a) => received.push({ receivedS: a.receivedS, name: a.item.kind === 'event' ? a.item.event.name : undefined }));

    const seq = parseSequence(sequence('sol-plan', [['MOB_DRIVE_STRAIGHT', [['distance_m', 1]]]]), 'plan.seq.json');
    const receipt = link.uplink(seq, 'sol-plan');
    const owlt = link.owltS(0);
    expect(owlt).toBeGreaterThan(15 * 60); // December 2025: ~20 min (docs/reference.md)
    expect(receipt.deliveredS).toBeGreaterThanOrEqual(owlt);

    w.engine.run(receipt.deliveredS! - 1);
    expect(w.fsw.sequencer.state()).toBe('idle'); // still in flight: nothing onboard yet
    w.engine.run(receipt.deliveredS! + 200);
    expect(w.fsw.sequencer.state()).toBe('done');
    const loaded = w.fsw.events.history.find((e) => e.name === 'SEQ_LOADED')!;
    expect(loaded.timeS).toBeCloseTo(receipt.deliveredS!, 6);
    expect(w.vehicle.odometerM).toBeGreaterThan(0.9);

    // Events reach Earth only after a downlink pass and the light time.
    w.engine.run(2 * SOL_S);
    const done = received.find((r) => r.name === 'SEQ_COMPLETED');
    expect(done).toBeDefined();
    expect(done!.receivedS).toBeGreaterThan(loaded.timeS + owlt);
  });
});
