import { describe, expect, it } from 'vitest';
import { degToRad } from '../../../../src/core/geometry';
import { CameraModel, CameraSpec, CAMERAS } from '../../../../sim/world/sensors/camera-model';
import { maxPyramidOf, rayCastFrame } from '../../../../sim/world/sensors/raycast';
import { renderFrame } from '../../../../sim/world/sensors/render';
import { generateTerrain } from '../../../../sim/world/terrain/generate';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { sunDirection } from '../../../../sim/world/terrain/orbital/sun';
import { ProceduralTerrainParams } from '../../../../sim/world/terrain/params';
import { SoilClass } from '../../../../sim/world/terrain/soil';
import { DEFAULT_VEHICLE } from '../../../../sim/world/vehicle/config';
import { roverPlacement } from '../../../../sim/world/vehicle/placement';
import { Settler } from '../../../../sim/world/vehicle/settle';

const SUN = { sun: sunDirection(40, 250) };
const SMALL = CameraSpec.parse({ ...CAMERAS.front_hazcam, width_px: 128, height_px: 96 });

describe('the ray-cast reference renderer', () => {
  it('bounds the surface in its max-height pyramid, rocks included', () => {
    const rock = { x: 3.2, y: 1.1, diameterM: 0.5, heightM: 0.9 };
    const t = terrainFromFunction((x) => 0.1 * x, { xMin: 0, xMax: 8, yMin: 0, yMax: 8 }, { rocks: [rock], spacingM: 0.5 });
    const p = maxPyramidOf(t);
    const top = p.levels[p.levels.length - 1];
    expect([top.cols, top.rows]).toEqual([1, 1]);
    expect(top.max[0]).toBeGreaterThanOrEqual(t.heightAt(rock.x, rock.y));
    // Every sample of the surface lies under its level-0 cell's bound.
    const L = p.levels[0];
    for (let x = 0.01; x < 8; x += 0.13) {
      for (let y = 0.01; y < 8; y += 0.17) {
        const c = Math.floor(t.base.colOf(x)), r = Math.floor(t.base.rowOf(y));
        expect(t.heightAt(x, y)).toBeLessThanOrEqual(L.max[r * L.cols + c] + 1e-6);
      }
    }
  });

  it('returns the analytic range to a tilted plane within 1 mm', () => {
    const a = Math.tan(degToRad(10));
    const terrain = terrainFromFunction((x, y) => a * y - 0.2, { xMin: -10, xMax: 30, yMin: -15, yMax: 15 }, { spacingM: 0.5 });
    const rover = roverPlacement({ x: 0, y: 0, headingRad: 0.2, state: { zM: 0, rollRad: 0, pitchRad: 0, rockerRad: 0, bogieLeftRad: 0, bogieRightRad: 0 } });
    const camera = new CameraModel(SMALL, -1);
    const cast = rayCastFrame(terrain, camera, rover, SUN);
    const raster = renderFrame(terrain, camera, rover, SUN);
    let n = 0, worst = 0, onlyOne = 0;
    for (let i = 0; i < cast.rangeM.length; i++) {
      const a = cast.rangeM[i], b = raster.rangeM[i];
      if (Number.isNaN(a) !== Number.isNaN(b)) onlyOne++;
      if (Number.isNaN(a) || Number.isNaN(b) || a > 20) continue;
      worst = Math.max(worst, Math.abs(a - b));
      n++;
    }
    expect(onlyOne).toBeLessThan(0.002 * cast.rangeM.length); // the horizon row may round either way
    // The z-buffer is exact on planes (checked against the formula in render.test.ts); they agree.
    expect(n).toBeGreaterThan(5000);
    expect(worst).toBeLessThan(0.001);
  });

  it('agrees with the fast z-buffer renderer on a rocky site, away from silhouettes', () => {
    const terrain = generateTerrain(ProceduralTerrainParams.parse({ size_m: [60, 60], post_spacing_m: 0.5, rocks: { k: 0.15 }, sand: { fraction: 0.1 } }), 21);
    // Stand 4 m west of the largest rock near the middle, facing it.
    let big = -1;
    for (let k = 0; k < terrain.rocks.count; k++) {
      const { x, y } = terrain.rocks.rock(k);
      if (x > 20 && x < 40 && y > 20 && y < 40 && (big < 0 || terrain.rocks.radius[k] > terrain.rocks.radius[big])) big = k;
    }
    const target = terrain.rocks.rock(big);
    expect(target.diameterM).toBeGreaterThan(0.6);
    const rover = roverPlacement(new Settler(terrain, DEFAULT_VEHICLE).settle(target.x - 4, target.y, 0));
    const camera = new CameraModel(SMALL, -1);
    const cast = rayCastFrame(terrain, camera, rover, SUN);
    const raster = renderFrame(terrain, camera, rover, SUN);
    const errors: number[] = [];
    let rockPixels = 0, bothMiss = 0, disagreeOnHit = 0;
    for (let i = 0; i < cast.rangeM.length; i++) {
      const a = cast.rangeM[i], b = raster.rangeM[i];
      if (Number.isNaN(a) && Number.isNaN(b)) {
        bothMiss++;
        continue;
      }
      if (Number.isNaN(a) !== Number.isNaN(b)) {
        disagreeOnHit++;
        continue;
      }
      if (a > 12) continue; // the stereo range of the Hazcam
      errors.push(Math.abs(a - b) / a);
      if (cast.soil[i] === SoilClass.bigRock) rockPixels++;
    }
    errors.sort((p, q) => p - q);
    expect(rockPixels).toBeGreaterThan(20);
    expect(errors[Math.floor(errors.length * 0.5)]).toBeLessThan(0.002); // median: 0.2% of range
    expect(errors[Math.floor(errors.length * 0.9)]).toBeLessThan(0.02); // 90% within 2%; the rest are silhouettes
    expect(disagreeOnHit).toBeLessThan(0.01 * cast.rangeM.length);
    expect(bothMiss).toBeGreaterThan(0); // sky
  });
});
