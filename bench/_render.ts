import { generateTerrain } from '../sim/terrain/generate';
import { ProceduralTerrainParams } from '../sim/terrain/params';
import { DEFAULT_VEHICLE } from '../sim/vehicle/config';
import { Settler } from '../sim/vehicle/settle';
import { roverPlacement } from '../sim/vehicle/placement';
import { CameraModel, CAMERAS } from '../sim/sensors/camera-model';
import { renderFrame } from '../sim/sensors/render';
import { sunDirection } from '../sim/terrain/orbital/sun';
import { writePng } from '../src/core/png';
const terrain = generateTerrain(ProceduralTerrainParams.parse({ size_m: [100, 100], post_spacing_m: 0.5, rocks: { k: 0.15 }, sand: { fraction: 0.15 } }), 3);
const s = new Settler(terrain, DEFAULT_VEHICLE).settle(50, 50, 0.3);
const place = roverPlacement(s);
for (const name of ['front_hazcam', 'navcam'] as const) {
  const cam = new CameraModel(CAMERAS[name], -1);
  let f = renderFrame(terrain, cam, place, { sun: sunDirection(35, 250) });
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) f = renderFrame(terrain, cam, place, { sun: sunDirection(35, 250) });
  console.log(name, ((performance.now() - t0) / 10).toFixed(1), 'ms');
  writePng(`/tmp/${name}.png`, { width: cam.width, height: cam.height, channels: 1, data: f.image });
  let valid = 0; for (const v of f.rangeM) if (!Number.isNaN(v)) valid++;
  console.log('valid', valid / f.rangeM.length);
}
console.log('soil at rover', terrain.soilAt(50, 50), 'cover', terrain.sand.coverAt(50, 50));
for (const [x, y] of [[52, 50.5], [53, 51], [55, 52]]) console.log(x, y, terrain.soilAt(x, y), terrain.heightAt(x, y).toFixed(3));
// find a non-sand place with rocks
let best = [0, 0];
for (let x = 10; x < 90; x += 5) for (let y = 10; y < 90; y += 5) { if (terrain.sand.coverAt(x, y) === 0 && terrain.sand.coverAt(x + 5, y + 2) === 0) { best = [x, y]; } }
console.log('rocky spot', best);
const s2 = new Settler(terrain, DEFAULT_VEHICLE).settle(best[0], best[1], 0.3);
const cam2 = new CameraModel(CAMERAS.front_hazcam, -1);
const f2 = renderFrame(terrain, cam2, roverPlacement(s2), { sun: sunDirection(35, 250) });
writePng(`/tmp/hazcam2.png`, { width: cam2.width, height: cam2.height, channels: 1, data: f2.image });
