import { describe, expect, it } from 'vitest';
import { CameraModel, CameraSpec, CAMERAS } from '../../../../sim/world/sensors/camera-model';
import { renderFrame } from '../../../../sim/world/sensors/render';
import { lightingKey, TileCache, tileCacheFor } from '../../../../sim/world/sensors/tile-cache';
import { generateTerrain } from '../../../../sim/world/terrain/generate';
import { sunDirection } from '../../../../sim/world/terrain/orbital/sun';
import { ProceduralTerrainParams } from '../../../../sim/world/terrain/params';
import { DEFAULT_VEHICLE } from '../../../../sim/world/vehicle/config';
import { roverPlacement } from '../../../../sim/world/vehicle/placement';
import { Settler } from '../../../../sim/world/vehicle/settle';

const SUN = { sun: sunDirection(35, 250) };
const PARAMS = ProceduralTerrainParams.parse({ size_m: [40, 40], post_spacing_m: 0.5, rocks: { k: 0.15 }, sand: { fraction: 0.1 } });
const HAZCAM = new CameraModel(CameraSpec.parse({ ...CAMERAS.front_hazcam, width_px: 192, height_px: 144 }), -1);

describe('tile cache', () => {
  it('renders a frame from cached tiles exactly as from freshly sampled ones', () => {
    const warm = generateTerrain(PARAMS, 3), cold = generateTerrain(PARAMS, 3);
    const poses = [0, 1, 2].map((i) => roverPlacement(new Settler(warm, DEFAULT_VEHICLE).settle(12 + i, 15 + 0.5 * i, 0.3 + 0.1 * i)));
    for (const p of poses) renderFrame(warm, HAZCAM, p, SUN); // fills the warm terrain's cache
    const cache = tileCacheFor(warm, lightingKey(SUN.sun, 0.3));
    const hitsBefore = cache.hits;
    const again = renderFrame(warm, HAZCAM, poses[1], SUN);
    expect(cache.hits - hitsBefore).toBeGreaterThan(100);
    const fresh = renderFrame(cold, HAZCAM, poses[1], SUN);
    expect(Buffer.from(again.rangeM.buffer).equals(Buffer.from(fresh.rangeM.buffer))).toBe(true);
    expect(Buffer.from(again.pointsRover.buffer).equals(Buffer.from(fresh.pointsRover.buffer))).toBe(true);
    expect(Buffer.from(again.image).equals(Buffer.from(fresh.image))).toBe(true);
    expect(Buffer.from(again.soil).equals(Buffer.from(fresh.soil))).toBe(true);
  });

  it('keeps one cache per lighting: a different sun is sampled afresh', () => {
    const terrain = generateTerrain(PARAMS, 4);
    expect(tileCacheFor(terrain, 'a')).toBe(tileCacheFor(terrain, 'a'));
    expect(tileCacheFor(terrain, 'a')).not.toBe(tileCacheFor(terrain, 'b'));
  });

  it('drops the least recently used tiles beyond its budget and samples them again when asked', () => {
    const bytesPerTile = 9 * 13; // 3 x 3 samples of height (8), shade (4) and soil (1)
    const cache = new TileCache(10 * bytesPerTile);
    let sampled = 0;
    const sample = (tile: { z: Float64Array }) => {
      sampled++;
      tile.z.fill(sampled);
    };
    for (let tx = 0; tx < 10; tx++) cache.get(tx, 0, 2, sample);
    cache.get(0, 0, 2, sample); // tile 0 is now the most recently used
    expect(sampled).toBe(10);
    cache.get(10, 0, 2, sample); // over budget: the oldest half goes
    expect(cache.size).toBeLessThanOrEqual(5);
    expect(cache.get(0, 0, 2, sample).z[0]).toBe(1); // kept, not sampled again
    expect(sampled).toBe(11);
    expect(cache.get(1, 0, 2, sample).z[0]).toBe(12); // dropped, sampled again
  });
});
