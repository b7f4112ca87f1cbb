import { describe, expect, it } from 'vitest';
import { degToRad } from '../../../src/core/geometry';
import { LocalMap, type MapSample } from '../../../src/fsw/autonav/local-map';
import { NAVCAM_MOSAIC_PANS_DEG } from '../../../src/ground/uplink/to-seqjson';
import { buildRoverWorld } from '../../../sim/world/rover-world';
import { terrainFromFunction } from '../../../sim/world/terrain/analytic';
import { sunDirection } from '../../../sim/world/terrain/orbital/sun';
import type { TruthTerrain } from '../../../sim/world/terrain/terrain';
import { DEFAULT_VEHICLE } from '../../../sim/world/vehicle/config';

/** A rover parked on `terrain` at `start`, its flight software wired, nothing run yet. */
function parked(terrain: TruthTerrain, start = { x: 0, y: 0, headingRad: 0 }, believedStart = start) {
  return buildRoverWorld({ terrain, vehicle: DEFAULT_VEHICLE, start, believedStart, seed: 3, epochUtcMs: Date.UTC(2025, 11, 8), sun: sunDirection(35, 250) });
}

/**
 * The map against the truth over the cells it knows within `rangeM` of the rover: map heights are
 * relative to where the rover's estimate started, so the truth is taken relative to the rover origin.
 */
function mapErrors(world: ReturnType<typeof parked>, rangeM: number): number[] {
  const { fsw, vehicle } = world;
  const z0 = vehicle.settled.state.zM, errors: number[] = [];
  for (let x = -rangeM; x <= rangeM; x += 0.1) {
    for (let y = -rangeM; y <= rangeM; y += 0.1) {
      const z = fsw.map.height(x, y);
      if (!Number.isNaN(z)) errors.push(z + z0 - vehicle.terrain.heightAt(x, y));
    }
  }
  return errors;
}

const p95 = (values: number[]) => [...values].map(Math.abs).sort((a, b) => a - b)[Math.floor(values.length * 0.95)];

describe("the rover's terrain memory", () => {
  // A 15 deg plane across the rover's heading and up it: the attitude matters to every point placed.
  const g = Math.tan(degToRad(15));
  const tilted = terrainFromFunction((x, y) => g * (0.6 * x + 0.8 * y), { xMin: -15, xMax: 15, yMin: -15, yMax: 15 }, { spacingM: 0.25 });

  it('knows its attitude before its first look: the first Hazcam frame of a drive lands within stereo noise of the truth on a 15 deg slope', () => {
    const world = parked(tilted);
    // The drive starts with a look, before any mobility tick has run odometry.
    world.fsw.dispatcher.dispatch('NAV_GOTO_WAYPOINT', { x_m: 10, y_m: 0, tolerance_m: 1, time_budget_s: 600, mode: 'AUTONAV' }, 0);
    const errors = mapErrors(world, 8);
    expect(errors.length).toBeGreaterThan(500);
    expect(p95(errors)).toBeLessThan(0.03);
  });

  it('fuses every Navcam frame of a mosaic: the ground around the rover is known, within noise of the truth', () => {
    const world = parked(tilted);
    for (const pan of NAVCAM_MOSAIC_PANS_DEG) world.fsw.dispatcher.dispatch('IMG_TAKE', { camera: 'navcam', pan_deg: pan }, 0);
    const errors = mapErrors(world, 6);
    expect(errors.length).toBeGreaterThan(8000);
    expect(p95(errors)).toBeLessThan(0.03);
    // All round: ground 3 m out is known in every direction.
    for (let a = 0; a < 360; a += 30) expect(world.fsw.map.height(3 * Math.cos(degToRad(a)), 3 * Math.sin(degToRad(a)))).not.toBeNaN();
  });

  it('knows the ground it stands on: under its wheels, and under its outline where it saw nothing', () => {
    const world = parked(tilted);
    world.fsw.terrain.feelGround();
    const z0 = world.vehicle.settled.state.zM;
    for (const [x, y] of [[1.185, -1.0625], [0, 1.1845], [-1.075, 1.0625], [0.3, 0.2], [-1.2, -1.2]]) {
      const z = world.fsw.map.height(x, -y);
      expect(z + z0 - tilted.heightAt(x, -y)).toBeCloseTo(0, 1);
    }
  });

  it('keeps what it saw across commands and turns it with the heading when a sun update corrects it', () => {
    // The rover believes it faces 10 deg left of where it does: it maps the rock 4 m ahead there.
    const rock = { x: 4, y: 0, diameterM: 0.8, heightM: 0.4 };
    const world = parked(terrainFromFunction(() => 0, { xMin: -15, xMax: 15, yMin: -15, yMax: 15 }, { spacingM: 0.25, rocks: [rock] }), { x: 0, y: 0, headingRad: 0 }, { x: 0, y: 0, headingRad: degToRad(10) });
    const { fsw } = world;
    fsw.dispatcher.dispatch('IMG_TAKE', { camera: 'front_hazcam' }, 0);
    const believed = [4 * Math.cos(degToRad(10)), 4 * Math.sin(degToRad(10))] as const;
    const rockBefore = fsw.map.height(...believed);
    expect(rockBefore).toBeGreaterThan(0.3);
    expect(fsw.map.height(4, 0)).toBeLessThan(0.1);
    // The sun update takes the heading back to the truth's, and the map turns with it: the rock is
    // where it truly is, relative to the rover, and nothing stands where it was mapped before.
    fsw.dispatcher.dispatch('NAV_SUN_UPDATE', {}, 0);
    expect(Math.abs(fsw.pose.estimate.headingRad)).toBeLessThan(degToRad(1));
    expect(fsw.map.height(4, 0)).toBeCloseTo(rockBefore, 1);
    expect(fsw.map.height(...believed)).toBeLessThan(0.1);
    // And it is kept: a Navcam frame now adds to it where it is.
    fsw.dispatcher.dispatch('IMG_TAKE', { camera: 'navcam' }, 0);
    expect(fsw.map.height(4, 0)).toBeGreaterThan(0.3);
  });
});

describe('the local map', () => {
  it('fills a gap from its neighbours without making a step they do not show', () => {
    const map = new LocalMap();
    // A low cell and a high cell either side of an unseen one.
    for (const [x, z] of [[0.05, 0], [0.25, 0.3]]) for (let k = 0; k < 9; k++) map.addPoint(x + (k % 3 - 1) * 0.03, 0.05 + (Math.floor(k / 3) - 1) * 0.03, z, 0.005);
    const s: MapSample = { z: 0, lo: 0, hi: 0, sigma: 0 };
    expect(map.sample(0.15, 0.05, s)).toBe(true);
    expect(s.lo).toBeCloseTo(0, 6);
    expect(s.hi).toBeCloseTo(0.3, 6);
    expect(s.z).toBeGreaterThan(0);
    expect(s.z).toBeLessThan(0.3);
    expect(map.sample(1, 1, s)).toBe(false);
  });

  it('fits each cell as a plane, so a read inside a cell follows the slope', () => {
    const map = new LocalMap();
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) map.addPoint(0.01 + 0.02 * i, 0.01 + 0.02 * j, 0.5 * (0.01 + 0.02 * i), 0.002);
    expect(map.height(0.02, 0.05)).toBeCloseTo(0.01, 3);
    expect(map.height(0.08, 0.05)).toBeCloseTo(0.04, 3);
  });

  it('moves with the pose estimate when it is corrected', () => {
    const map = new LocalMap();
    for (let dx = -0.2; dx <= 0.2; dx += 0.05) for (let dy = -0.2; dy <= 0.2; dy += 0.05) map.addPoint(5 + dx, dy, 1, 0.01);
    map.reregister(0, 0, 0.3);
    expect(map.height(5 * Math.cos(0.3), 5 * Math.sin(0.3))).toBeCloseTo(1, 6);
    expect(map.height(5, 0)).toBeNaN();
    map.reregister(1, 1, -0.2, 0.5, 0, 0.1);
    const px = 5 * Math.cos(0.3), py = 5 * Math.sin(0.3), c = Math.cos(-0.2), s = Math.sin(-0.2);
    expect(map.height(c * (px - 1) - s * (py - 1) + 1.5, s * (px - 1) + c * (py - 1) + 1)).toBeCloseTo(1.1, 6);
  });
});
