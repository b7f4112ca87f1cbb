import type { Rgb } from '../../../src/core/draw';
import { encodePng, rampColour } from '../../../src/core/png';
import { SOIL_CLASS_NAMES, type SoilClass } from '../../../src/core/soil-class';
import { mapBounds, type OrbitalMaps } from '../../../src/ground/orbital-maps';
import { paintGround, SitePicture, type Region } from '../../../src/ground/site-picture';
import { SLOPE_RAMP, SOIL_COLOURS } from '../../world/terrain/outputs';

/*
 * The pictures `rover terrain` writes for a person choosing where to drive: the orbital image, the
 * slope map, the relief (the DEM's hillshade with contours) and the soil map, north up, each with a labelled site-metre grid, a scale bar and a north
 * arrow, and a colour key on the slope and soil maps. A site larger than the overview is downsampled
 * to it, and the orbital image is also cut into full-resolution tiles (tiles/orbital-ROW-COL.png,
 * row 0 the northern edge), each gridded the same way.
 */

/** Longest side of the overviews (px). */
export const OVERVIEW_PX = 2048;
/** Side of a full-resolution tile (px). */
export const TILE_PX = 1024;

export interface NamedPicture {
  name: string;
  data: Uint8Array;
}

/** A grey picture (grid and labels are white on black) kept as one channel: a third of the bytes. */
const grayPng = (pic: SitePicture): Uint8Array => {
  const rgb = pic.canvas.data, gray = new Uint8Array(pic.width * pic.height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgb[3 * i];
  return encodePng({ width: pic.width, height: pic.height, channels: 1, data: gray });
};

/** A picture of a region at the orbital image's pixels (so the overviews line up), painted, then gridded with its scale bar. */
function gridded(region: Region, maxPx: number, maps: OrbitalMaps, paint: (pic: SitePicture) => void): SitePicture {
  const pic = new SitePicture(region, maxPx, maps.image.spacing);
  paint(pic);
  pic.drawGrid();
  pic.drawScaleBar();
  return pic;
}

const orbital = (maps: OrbitalMaps, region: Region, maxPx: number): SitePicture => gridded(region, maxPx, maps, (pic) => paintGround(pic, maps, 'none'));

/** The slope map as drawn (the steepest slope under each pixel), with its key; the key's bar placement for checking. */
export function slopePicture(maps: OrbitalMaps, maxPx = OVERVIEW_PX): { picture: SitePicture; legend: ReturnType<SitePicture['drawRampLegend']> } {
  // Each DEM post a block of the image's pixels.
  const pic = gridded(mapBounds(maps), maxPx, maps, (p) => p.paint(maps.slopeDeg, (v) => rampColour(v, SLOPE_RAMP), 'max'));
  return { picture: pic, legend: pic.drawRampLegend('slope', SLOPE_RAMP, 'deg') };
}

export function terrainPictures(maps: OrbitalMaps): NamedPicture[] {
  const bounds = mapBounds(maps);
  const overview = orbital(maps, bounds, OVERVIEW_PX);
  const out: NamedPicture[] = [{ name: 'orbital.png', data: grayPng(overview) }];
  out.push({ name: 'slope.png', data: slopePicture(maps).picture.png() });
  // The relief alone: the DEM's hillshade with contours.
  out.push({ name: 'hillshade.png', data: gridded(bounds, OVERVIEW_PX, maps, (pic) => paintGround(pic, maps, 'hillshade')).png() });
  // The most hazardous class under a pixel shows (codes rise from soil to big rock).
  const soil = gridded(bounds, OVERVIEW_PX, maps, (pic) => pic.paint(maps.soil, (v) => SOIL_COLOURS[v as SoilClass] ?? [0, 0, 0], 'max'));
  soil.drawKeyLegend('soil', (Object.keys(SOIL_COLOURS) as unknown as SoilClass[]).map((k) => [SOIL_COLOURS[k] as Rgb, SOIL_CLASS_NAMES[k] === 'bigRock' ? 'rock seen from orbit' : SOIL_CLASS_NAMES[k]] as const));
  out.push({ name: 'soil.png', data: soil.png() });
  // Full resolution, tile by tile, when the overview had to be downsampled.
  if (overview.scale > maps.image.spacing * 1.001) {
    const tileM = TILE_PX * maps.image.spacing;
    const rows = Math.ceil((bounds.yMax - bounds.yMin) / tileM), cols = Math.ceil((bounds.xMax - bounds.xMin) / tileM);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const region = {
          xMin: bounds.xMin + c * tileM, xMax: Math.min(bounds.xMax, bounds.xMin + (c + 1) * tileM),
          yMax: bounds.yMax - r * tileM, yMin: Math.max(bounds.yMin, bounds.yMax - (r + 1) * tileM),
        };
        out.push({ name: `tiles/orbital-${r}-${c}.png`, data: grayPng(orbital(maps, region, TILE_PX)) });
      }
    }
  }
  return out;
}
