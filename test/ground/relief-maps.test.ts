import { describe, expect, it } from 'vitest';
import { radToDeg } from '../../src/core/geometry';
import { hillshade } from '../../src/core/hillshade';
import { Raster } from '../../src/core/raster';
import { SoilClass } from '../../src/core/soil-class';
import { decode } from 'fast-png';
import type { OrbitalMaps } from '../../src/ground/orbital-maps';
import { contourIntervalM, orbitalPicture, type SitePicture } from '../../src/ground/site-picture';
import { slopePicture, terrainPictures, TILE_PX } from '../../sim/app/report/terrain-pictures';
import { syntheticMission } from './synthetic-maps';

/*
 * Relief on the maps people read: the hillshade lights the flank that faces the sun and darkens the
 * other, contours fall where the heights say, the slope key's colours are the colours the map paints
 * for those slopes, and a site larger than the overview is also cut into full-resolution tiles.
 */

/** Orbital maps of a DEM given as z(x, y) on 1 m posts, its image at 0.5 m a flat grey. */
function mapsOf(widthM: number, heightM: number, z: (x: number, y: number) => number, imageSpacing = 0.5): OrbitalMaps {
  const geometry = { rows: heightM + 1, cols: widthM + 1, spacing: 1, x0: 0, y0: heightM };
  const dem = new Raster(geometry).map((_, r, c) => z(c, heightM - r));
  const image = new Raster({ rows: Math.round(heightM / imageSpacing) + 1, cols: Math.round(widthM / imageSpacing) + 1, spacing: imageSpacing, x0: 0, y0: heightM }).map(() => 120);
  return { image, dem, slopeDeg: dem.slope().map(radToDeg), soil: Raster.filled(geometry, SoilClass.soil) };
}

/** A ridge running north-south along x = 60, 8 m high, flanks of ~22 deg. */
const ridge = (x: number): number => Math.max(0, 8 - Math.abs(x - 60) * 0.4);

const grey = (pic: SitePicture, x: number, y: number): number => {
  const [i, j] = pic.toPx(x, y);
  return pic.canvas.data[3 * (Math.round(j) * pic.width + Math.round(i))];
};

describe('hillshade', () => {
  it('lights the flank facing the sun and darkens the other; flat ground shows the sine of the sun elevation', () => {
    const maps = mapsOf(120, 80, ridge);
    const { values, cols, rows } = maps.dem;
    const at = (shade: Float32Array, x: number) => shade[40 * cols + x];
    const east = hillshade({ values, cols, rows, spacingM: 1 }, 90, 30);
    expect(at(east, 64)).toBeGreaterThan(at(east, 20) + 0.2); // east flank, toward the sun
    expect(at(east, 56)).toBeLessThan(at(east, 20) - 0.2); // west flank, away from it
    expect(at(east, 20)).toBeCloseTo(Math.sin(Math.PI / 6), 6);
    const west = hillshade({ values, cols, rows, spacingM: 1 }, 270, 30);
    expect(at(west, 56)).toBeCloseTo(at(east, 64), 6); // the mirror image
  });

  it('draws a run map over the hillshade as a light/dark pair across the ridge (sun from the north-west)', () => {
    const maps = mapsOf(120, 80, ridge);
    const pic = orbitalPicture(maps, syntheticMission(), { xMin: 0, xMax: 120, yMin: 0, yMax: 80 }, 1200, 'hillshade');
    const west = grey(pic, 56, 33), flat = grey(pic, 25, 33), east = grey(pic, 64, 33); // clear of the 20 m grid
    expect(west).toBeGreaterThan(flat + 20);
    expect(east).toBeLessThan(flat - 20);
    // Over the orbital image, the flat grey image shows as it is away from the contours.
    const plain = orbitalPicture(maps, syntheticMission(), { xMin: 0, xMax: 120, yMin: 0, yMax: 80 }, 1200, 'none');
    expect(grey(plain, 56.2, 30)).toBe(120);
  });
});

describe('contours', () => {
  it('fall on the heights they stand for: a 0.1 slope eastward gives a line every 10 m at 1 m intervals', () => {
    const maps = mapsOf(120, 80, (x) => 0.1 * x);
    expect(contourIntervalM(12)).toBe(1);
    const pic = orbitalPicture(maps, syntheticMission(), { xMin: 0, xMax: 120, yMin: 0, yMax: 80 }, 1200, 'contours');
    const plain = orbitalPicture(maps, syntheticMission(), { xMin: 0, xMax: 120, yMin: 0, yMax: 80 }, 1200, 'none');
    const y = 58; // clear of the grid lines, the mission marks, the labels and the note
    const changed = (x: number) => grey(pic, x, y) !== grey(plain, x, y);
    for (const x of [30, 50, 70, 90]) expect(changed(x - 0.25) || changed(x + 0.25), `contour at x=${x}`).toBe(true);
    for (const x of [34.5, 45.5, 76, 84.5]) expect(changed(x), `no contour at x=${x}`).toBe(false);
  });
});

describe('the slope map and its key', () => {
  it("paints each slope in the colour the key shows for it", () => {
    // Four bands, each a plane of known slope (5, 15, 25, 35 deg), 100 m wide.
    const slopes = [5, 15, 25, 35];
    const z = (x: number, y: number) => Math.tan((slopes[Math.min(3, Math.floor(x / 100))] * Math.PI) / 180) * y;
    const maps = mapsOf(400, 300, z);
    const { picture, legend } = slopePicture(maps);
    expect(legend).toBeDefined();
    expect([legend!.lo, legend!.hi]).toEqual([0, 45]);
    slopes.forEach((deg, k) => {
      const [i, j] = picture.toPx(70 + 100 * k, 210).map(Math.round); // clear of the 50 m grid
      const painted = [...picture.canvas.data.subarray(3 * (j * picture.width + i), 3 * (j * picture.width + i) + 3)];
      const measured = maps.slopeDeg.nearest(70 + 100 * k, 210);
      expect(measured).toBeCloseTo(deg, 0);
      // The key's bar at the raster's value.
      const bx = Math.round(legend!.x0 + ((measured - legend!.lo) / (legend!.hi - legend!.lo)) * (legend!.width - 1));
      const by = legend!.y0 + Math.floor(legend!.height / 2);
      const key = [...picture.canvas.data.subarray(3 * (by * picture.width + bx), 3 * (by * picture.width + bx) + 3)];
      for (let c = 0; c < 3; c++) expect(Math.abs(painted[c] - key[c]), `${deg} deg, channel ${c}: map ${painted} key ${key}`).toBeLessThanOrEqual(4);
    });
  });
});

describe('rover terrain pictures of a large site', () => {
  it('downsample the overviews and cut the orbital image into full-resolution tiles, row 0 north', () => {
    // 1100 m x 60 m at 0.5 m: 2201 px across, over the 2048 px overview.
    const maps = mapsOf(1100, 60, (x) => 0.01 * x);
    maps.image = maps.image.map((_, r, c) => (c % 2 === 0 ? 90 : 150));
    const pictures = terrainPictures(maps);
    const names = pictures.map((p) => p.name);
    expect(names.slice(0, 4)).toEqual(['orbital.png', 'slope.png', 'hillshade.png', 'soil.png']);
    const tiles = names.filter((n) => n.startsWith('tiles/'));
    expect(tiles).toEqual(['tiles/orbital-0-0.png', 'tiles/orbital-0-1.png', 'tiles/orbital-0-2.png']);
    const overview = decode(pictures[0].data);
    expect(Math.max(overview.width, overview.height)).toBe(2048);
    const tile = decode(pictures.find((p) => p.name === 'tiles/orbital-0-0.png')!.data);
    expect([tile.width, tile.height]).toEqual([TILE_PX, 120]);
    // Full resolution: the image's alternate columns survive in the tile (away from grid and labels).
    const row = 70;
    const px = Array.from({ length: 6 }, (_, i) => tile.data[row * tile.width + 301 + i]);
    expect(new Set(px)).toEqual(new Set([90, 150]));
  });
});
