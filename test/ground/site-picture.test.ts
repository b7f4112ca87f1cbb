import { describe, expect, it } from 'vitest';
import { Raster } from '../../src/core/raster';
import { COLOURS, hazardPicture, orbitalPicture, pictureSidePx } from '../../src/ground/site-picture';
import { syntheticMaps, syntheticMission } from './synthetic-maps';

/* The pictures a planner (person or model) plans from: within the image budget, a start that stands out, a key to the hazard map. */

const maps = syntheticMaps();
const mission = syntheticMission();
const whole = { xMin: 0, xMax: 120, yMin: 0, yMax: 80 };
const pixel = (pic: ReturnType<typeof hazardPicture>, u: number, v: number): number[] => {
  const k = 3 * (Math.round(v) * pic.width + Math.round(u));
  return [...pic.canvas.data.subarray(k, k + 3)];
};

describe('site pictures', () => {
  it('pictureSidePx keeps a picture within both the side and the megapixel budget', () => {
    for (const [w, h] of [[300, 185], [325, 295], [100, 100], [1000, 20]]) {
      const region = { xMin: 0, xMax: w, yMin: 0, yMax: h };
      const side = pictureSidePx(region, 1568, 1.15);
      expect(side).toBeLessThanOrEqual(1568);
      const [pw, ph] = [Math.round((w * side) / Math.max(w, h)), Math.round((h * side) / Math.max(w, h))];
      expect(pw * ph).toBeLessThanOrEqual(1.15e6);
      expect((pw + 2) * (ph + 2)).toBeGreaterThan(Math.min(1.15e6, 1568 * 1568 * (Math.min(w, h) / Math.max(w, h))) * 0.99); // no smaller than it must be
    }
  });

  it('marks the start in the start colour inside black and white rings, on both pictures', () => {
    for (const pic of [orbitalPicture(maps, mission, whole, 960), hazardPicture(maps, mission, whole, 960)]) {
      const [sx, sy] = pic.toPx(mission.start.x_m, mission.start.y_m);
      expect(pixel(pic, sx, sy)).toEqual([...COLOURS.start]);
      expect(pixel(pic, sx, sy - 6)).toEqual([255, 255, 255]);
      expect(pixel(pic, sx, sy - 8.5)).toEqual([0, 0, 0]);
    }
  });

  it('gives the hazard map a key where it hides neither start nor goal, and none on a close-up too small for one', () => {
    // A finer orbital image lets the picture be 960 px wide (the maps' own image is 0.5 m per pixel).
    const fine = { ...maps, image: new Raster({ rows: 641, cols: 961, spacing: 0.125, x0: 0, y0: 80 }).map(() => 100) };
    const coloursIn = (pic: ReturnType<typeof hazardPicture>, u0: number, v0: number, u1: number, v1: number): Set<string> => {
      const seen = new Set<string>();
      for (let v = Math.max(0, v0); v < Math.min(pic.height, v1); v++) for (let u = Math.max(0, u0); u < Math.min(pic.width, u1); u++) seen.add(pixel(pic, u, v).join(','));
      return seen;
    };
    const sand = '150,90,220'; // the sand swatch: the map has no sand in either bottom corner
    const pic = hazardPicture(fine, mission, whole, 960);
    expect(pic.width).toBe(960);
    expect(coloursIn(pic, 0, pic.height - 130, 260, pic.height).has(sand)).toBe(true);
    // A start in the bottom-left corner moves the key to the bottom-right, above the scale bar.
    const moved = hazardPicture(fine, { ...mission, start: { ...mission.start, x_m: 8, y_m: 6 } }, whole, 960);
    expect(coloursIn(moved, 0, moved.height - 130, 260, moved.height).has(sand)).toBe(false);
    expect(coloursIn(moved, moved.width - 260, moved.height - 170, moved.width, moved.height - 40).has(sand)).toBe(true);
    const small = hazardPicture(fine, mission, { xMin: 40, xMax: 60, yMin: 0, yMax: 20 }, 960);
    expect(coloursIn(small, 0, 0, small.width, small.height).has(sand)).toBe(false);
  });
});
