import { describe, expect, it } from 'vitest';
import { degToRad } from '../../src/core/geometry';
import { RandomStreams } from '../../src/core/random';
import { onboardGeometry } from '../../src/core/vehicle-geometry';
import { RoverFsw } from '../../src/fsw/topology';
import { Engine, EngineClock } from '../../sim/world/engine';
import { buildRoverWorld, TruthWatch, type RoverWorld } from '../../sim/world/rover-world';
import { flightPorts } from '../../sim/world/sensors/flight-ports';
import { SimHardware } from '../../sim/world/sensors/rig';
import { terrainFromFunction } from '../../sim/world/terrain/analytic';
import { sunDirection } from '../../sim/world/terrain/orbital/sun';
import { TruthTerrain } from '../../sim/world/terrain/terrain';
import { DEFAULT_VEHICLE, type VehicleConfig } from '../../sim/world/vehicle/config';
import { SimVehicle } from '../../sim/world/vehicle/vehicle';

/*
 * The one rule at run time (src/DESIGN.md): after a drive, nothing reachable from flight software's
 * objects is truth. The walk follows every own property (symbols and non-enumerables too), Map keys
 * and values, Set members, array items, typed arrays' buffers and functions' own properties; closures
 * are out of a program's reach, so they are out of the walk's.
 */

/** A path from `root` to a value that `isTruth` names, or undefined when none is reachable. */
function truthPath(root: object, isTruth: (v: object) => string | undefined): string | undefined {
  const seen = new Set<object>();
  const queue: [object, string][] = [[root, 'fsw']];
  const builtin = new Set<object>([Object.prototype, Function.prototype, Array.prototype, Map.prototype, Set.prototype, Object.getPrototypeOf(Uint8Array.prototype)]);
  while (queue.length) {
    const [value, path] = queue.shift()!;
    if (seen.has(value) || builtin.has(value)) continue;
    seen.add(value);
    const what = isTruth(value);
    if (what) return `${path}: ${what}`;
    const push = (v: unknown, p: string) => {
      if (v !== null && (typeof v === 'object' || typeof v === 'function')) queue.push([v as object, p]);
    };
    if (ArrayBuffer.isView(value)) push(value.buffer, `${path}.buffer`);
    if (value instanceof Map) for (const [k, v] of value) (push(k, `${path}<key>`), push(v, `${path}.get(${String(k)})`));
    if (value instanceof Set) for (const v of value) push(v, `${path}<member>`);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key)!;
      // Getters are not called: what they return is built from fields the walk reaches anyway.
      if ('value' in d) push(d.value, `${path}.${String(key)}`);
    }
    push(Object.getPrototypeOf(value), `${path}.__proto__`);
  }
  return undefined;
}

/** The truth objects of one world: the instances, the vehicle file's full record, the truth frames. */
function truthOf(world: Pick<RoverWorld, 'vehicle' | 'hardware'>, config: VehicleConfig): (v: object) => string | undefined {
  const named = new Map<object, string>([
    [config, 'the vehicle configuration (slip curves, IMU noise)'],
    [config.wheel_soil, 'the slip curves'],
    [config.imu, 'the IMU noise model'],
    [world.vehicle.terrain.rocks, 'the truth rock field'],
    [world.vehicle.settled, 'the settled truth state'],
    [world.hardware.lastTruthFrame, 'the truth frames'],
  ]);
  for (const frame of world.hardware.lastTruthFrame.values()) {
    named.set(frame, 'a truth frame');
    named.set(frame.image.buffer, 'a truth frame buffer');
  }
  return (v) => {
    if (named.has(v)) return named.get(v);
    if (v instanceof SimVehicle) return 'the truth vehicle';
    if (v instanceof SimHardware) return 'the simulator hardware';
    if (v instanceof TruthTerrain) return 'the truth terrain';
    if (v instanceof TruthWatch) return 'the truth watch';
    if (v instanceof Engine) return 'the engine';
    return undefined;
  };
}

const slope = terrainFromFunction((x, y) => 0.05 * x + 0.02 * y + 0.1 * Math.sin(x / 3), { xMin: -15, xMax: 30, yMin: -15, yMax: 15 }, { spacingM: 0.25 });
const EPOCH_MS = Date.UTC(2025, 11, 8, 12);

/** Drives the rover with its cameras, VO and hazard avoidance all used, as a sol's drive does. */
function drive(fsw: RoverFsw, engine: Engine): void {
  fsw.dispatcher.dispatch('IMG_TAKE', { camera: 'navcam', pan_deg: 30 }, 0);
  fsw.dispatcher.dispatch('NAV_GOTO_WAYPOINT', { x_m: 6, y_m: 1, tolerance_m: 1, time_budget_s: 900, mode: 'AUTONAV' }, 0);
  engine.run(400);
}

describe('the one rule at run time: nothing reachable from flight software is truth', () => {
  it('holds for the world the runner builds, after a drive', () => {
    const config: VehicleConfig = structuredClone(DEFAULT_VEHICLE);
    const start = { x: 0, y: 0, headingRad: degToRad(5) };
    const world = buildRoverWorld({ terrain: slope, vehicle: config, start, believedStart: { ...start }, seed: 7, epochUtcMs: EPOCH_MS, sun: sunDirection(35, 250) });
    drive(world.fsw, world.engine);
    // The drive happened and used what the walk must check: frames, the map, odometry.
    expect(world.vehicle.odometerM).toBeGreaterThan(3);
    expect(world.hardware.lastTruthFrame.size).toBeGreaterThan(0);
    expect(world.fsw.images.size).toBeGreaterThan(0);
    const isTruth = truthOf(world, config);
    expect(truthPath(world.fsw, (v) => (v === start ? 'the truth start pose' : isTruth(v)))).toBeUndefined();
  });

  it('the ports are frozen: flight software cannot swap a port for one of its own', () => {
    const world = buildRoverWorld({ terrain: slope, vehicle: DEFAULT_VEHICLE, start: { x: 0, y: 0, headingRad: 0 }, believedStart: { x: 0, y: 0, headingRad: 0 }, seed: 7, epochUtcMs: EPOCH_MS, sun: sunDirection(35, 250) });
    const ports = world.fsw.ports as unknown as Record<string, Record<string, unknown>>;
    expect(() => { ports.imu = {}; }).toThrow(TypeError);
    expect(() => { ports.cameras.capture = () => undefined; }).toThrow(TypeError);
    // A frame is flight software's own copy: writing into it leaves the truth frame as it was.
    const frame = world.fsw.ports.cameras.capture('front_hazcam');
    const truth = world.hardware.lastTruthFrame.get('front_hazcam')!;
    expect(Array.from(frame.image)).toEqual(Array.from(truth.image));
    frame.image.fill(0);
    expect(truth.image.some((p) => p !== 0)).toBe(true);
  });

  /** A world wired by hand, as the runner must not: `ports` and `geometry` given as they are. */
  function handWired(wire: (hw: SimHardware) => { ports: SimHardware | ReturnType<typeof flightPorts>; geometry: VehicleConfig | ReturnType<typeof onboardGeometry> }) {
    const config: VehicleConfig = structuredClone(DEFAULT_VEHICLE);
    const clock = new EngineClock();
    const streams = new RandomStreams(7);
    const vehicle = new SimVehicle(slope, config, { x: 0, y: 0, headingRad: 0 });
    const hardware = new SimHardware(vehicle, streams, { sun: sunDirection(35, 250), clock: () => clock.nowS() });
    const { ports, geometry } = wire(hardware);
    const fsw = new RoverFsw(ports, { geometry, epoch: { utcMs: EPOCH_MS }, startPose: { x: 0, y: 0, headingRad: 0 } });
    const engine = new Engine(clock, hardware, fsw);
    drive(fsw, engine);
    return truthPath(fsw, truthOf({ vehicle, hardware }, config));
  }

  it('finds the truth when it is handed over (the walk can fail)', () => {
    // The simulator's hardware itself as the ports: its vehicle field leads to the truth pose and rocks.
    expect(handWired((hw) => ({ ports: hw, geometry: onboardGeometry(DEFAULT_VEHICLE) }))).toMatch(/^fsw\.ports: the simulator hardware/);
    // The full vehicle record as the geometry: the slip curves come with it.
    expect(handWired((hw) => ({ ports: flightPorts(hw), geometry: hw.vehicle.config }))).toMatch(/the vehicle configuration/);
    // Wired as the runner does, the same walk finds nothing.
    expect(handWired((hw) => ({ ports: flightPorts(hw), geometry: onboardGeometry(DEFAULT_VEHICLE) }))).toBeUndefined();
  });
});
