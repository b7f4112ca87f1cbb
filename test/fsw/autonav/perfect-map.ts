import { LocalMap } from '../../../src/fsw/autonav/local-map';
import type { TruthTerrain } from '../../../sim/world/terrain/terrain';

/**
 * A perfect 10 cm map of the truth around (cx, cy): what ideal stereo would give, nine exact points
 * in every cell (so each cell's fit and scatter are the ground's own), 2 mm of stated noise.
 */
export function perfectMap(terrain: TruthTerrain, cx: number, cy: number, halfM: number): LocalMap {
  const map = new LocalMap();
  const c = map.cellM;
  for (let gx = Math.floor((cx - halfM) / c); gx <= Math.floor((cx + halfM) / c); gx++) {
    for (let gy = Math.floor((cy - halfM) / c); gy <= Math.floor((cy + halfM) / c); gy++) {
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const x = (gx + (a + 0.5) / 3) * c, y = (gy + (b + 0.5) / 3) * c;
          const z = terrain.heightAt(x, y);
          if (!Number.isNaN(z)) map.addPoint(x, y, z, 0.002);
        }
      }
    }
  }
  return map;
}
