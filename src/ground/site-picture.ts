import { Canvas, type Rgb, textWidth } from '../core/draw';
import { hillshade } from '../core/hillshade';
import { encodePng, rampColour, type ColourRamp } from '../core/png';
import { degToRad } from '../core/geometry';
import { Raster } from '../core/raster';
import { SoilClass } from '../core/soil-class';
import type { Mission } from './mission';
import type { Relief } from './relief';
import { mapBounds, type OrbitalMaps } from './orbital-maps';

/*
 * Pictures of a region of the site, north up, with a labelled coordinate grid in site metres and a
 * scale bar: what the Claude planner is shown, and the base of the run's map.png. Pixel (i, j) of
 * a picture covers site x = xMin + (i + 0.5) m/px, y = yMax - (j + 0.5) m/px.
 */

export interface Region {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export const COLOURS = {
  grid: [255, 255, 255] as Rgb,
  start: [40, 220, 80] as Rgb,
  goal: [0, 220, 255] as Rgb,
  keepIn: [255, 230, 0] as Rgb,
  keepOut: [255, 60, 60] as Rgb,
  waypoints: [255, 0, 255] as Rgb,
  track: [255, 140, 0] as Rgb,
  stop: [255, 30, 30] as Rgb,
} as const;

/**
 * The region a plan is drawn in: the keep-in box when there is one, else the start and goal with a
 * margin of a quarter of their distance (at least 30 m) [assumed] for detours; clipped to the map.
 */
export function planningRegion(maps: OrbitalMaps, mission: Mission): Region {
  const b = mapBounds(maps);
  let r: Region;
  if (mission.keepIn) {
    const k = mission.keepIn;
    r = { xMin: k.x_min_m, xMax: k.x_max_m, yMin: k.y_min_m, yMax: k.y_max_m };
  } else {
    const { start, goal } = mission;
    const m = Math.max(30, 0.25 * Math.hypot(goal.x_m - start.x_m, goal.y_m - start.y_m));
    r = {
      xMin: Math.min(start.x_m, goal.x_m) - m, xMax: Math.max(start.x_m, goal.x_m) + m,
      yMin: Math.min(start.y_m, goal.y_m) - m, yMax: Math.max(start.y_m, goal.y_m) + m,
    };
  }
  return { xMin: Math.max(b.xMin, r.xMin), xMax: Math.min(b.xMax, r.xMax), yMin: Math.max(b.yMin, r.yMin), yMax: Math.min(b.yMax, r.yMax) };
}

/** Grid line spacing (m): a round number giving at most ~10 lines across the longer side. */
export function gridStepM(extentM: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000]) if (extentM / step <= 10) return step;
  return 10_000;
}

/** The longer side (px) of the region's pictures: at most maxPx, and within the megapixel budget. */
export function pictureSidePx(region: Region, maxPx: number, maxMegapixels: number): number {
  const w = region.xMax - region.xMin, h = region.yMax - region.yMin;
  let side = Math.min(maxPx, Math.floor(Math.max(w, h) * Math.sqrt((maxMegapixels * 1e6) / (w * h))));
  // Rounding of the other side may go a pixel over: step down until the picture fits.
  while (side > 1 && Math.round((w * side) / Math.max(w, h)) * Math.round((h * side) / Math.max(w, h)) > maxMegapixels * 1e6) side--;
  return side;
}

export class SitePicture {
  readonly canvas: Canvas;
  /** Metres per pixel. */
  readonly scale: number;

  /** A blank picture of `region` no larger than `maxPx` on its longer side, and no finer than `finestM` m/px. */
  constructor(readonly region: Region, maxPx: number, finestM: number) {
    const w = region.xMax - region.xMin, h = region.yMax - region.yMin;
    this.scale = Math.max(finestM, Math.max(w, h) / maxPx);
    this.canvas = new Canvas(Math.max(1, Math.round(w / this.scale)), Math.max(1, Math.round(h / this.scale)));
  }

  get width(): number {
    return this.canvas.width;
  }

  get height(): number {
    return this.canvas.height;
  }

  /** Pixel coordinates of a site point. */
  toPx(x: number, y: number): [number, number] {
    return [(x - this.region.xMin) / this.scale - 0.5, (this.region.yMax - y) / this.scale - 0.5];
  }

  /** Fills every pixel from a raster: `colour(value)` of the value under the pixel's centre (box mean when downsampling). */
  paint(raster: Raster, colour: (v: number) => Rgb, reduce: 'mean' | 'max' = 'mean'): void {
    const n = Math.max(1, Math.round(this.scale / raster.spacing));
    const { data } = this.canvas;
    for (let j = 0; j < this.height; j++) {
      for (let i = 0; i < this.width; i++) {
        const x = this.region.xMin + (i + 0.5) * this.scale, y = this.region.yMax - (j + 0.5) * this.scale;
        const v = footprintValue(raster, x, y, n, reduce);
        if (Number.isNaN(v)) continue;
        const c = colour(v), k = 3 * (j * this.width + i);
        data[k] = c[0];
        data[k + 1] = c[1];
        data[k + 2] = c[2];
      }
    }
  }

  /** The coordinate grid with site-metre labels along the top and left edges, and a north arrow. */
  drawGrid(): void {
    const r = this.region;
    const step = gridStepM(Math.max(r.xMax - r.xMin, r.yMax - r.yMin));
    const c = this.canvas;
    for (let x = Math.ceil(r.xMin / step) * step; x <= r.xMax; x += step) {
      const [px] = this.toPx(x, 0);
      c.line(px, 0, px, this.height - 1, COLOURS.grid, 1, 0.45);
      c.text(px + 3, 3, `x=${x}`, COLOURS.grid);
    }
    for (let y = Math.ceil(r.yMin / step) * step; y <= r.yMax; y += step) {
      const [, py] = this.toPx(0, y);
      c.line(0, py, this.width - 1, py, COLOURS.grid, 1, 0.45);
      c.text(3, py + 3, `y=${y}`, COLOURS.grid);
    }
    c.text(this.width - textWidth('N') - 6, 22, 'N', COLOURS.grid);
    c.line(this.width - 10, 56, this.width - 10, 36, COLOURS.grid, 2);
    c.line(this.width - 10, 36, this.width - 15, 44, COLOURS.grid, 2);
    c.line(this.width - 10, 36, this.width - 5, 44, COLOURS.grid, 2);
  }

  /** A scale bar in the bottom-right corner. */
  drawScaleBar(): void {
    const barM = gridStepM((this.width * this.scale) / 2.5);
    const px = barM / this.scale;
    const x1 = this.width - 12, x0 = x1 - px, y = this.height - 14;
    const c = this.canvas;
    c.fillRect(x0 - 6, y - 24, x1 + 6, y + 6, [0, 0, 0], 0.6);
    c.line(x0, y, x1, y, COLOURS.grid, 3);
    c.line(x0, y - 6, x0, y + 3, COLOURS.grid, 2);
    c.line(x1, y - 6, x1, y + 3, COLOURS.grid, 2);
    const label = `${barM} m`;
    c.text((x0 + x1) / 2 - textWidth(label) / 2, y - 21, label, COLOURS.grid, 2, null);
  }

  /**
   * The hazard map's key: the slope colour bar from 0 to the limit, red above it, violet sand, black
   * rocks, in the first corner that hides none of `keepClear` (bottom-left first). Left out of
   * pictures too small to hold it (a close-up's tool answer carries the legend in words).
   */
  drawHazardLegend(limitDeg: number, keepClear: readonly (readonly [number, number])[] = []): void {
    const c = this.canvas;
    const barW = 120, barH = 12, swatch = 12;
    const keys: [Rgb, string][] = [[slopeColour(limitDeg + 1, limitDeg), `over ${limitDeg} deg`], [SAND_COLOUR, 'sand'], [[0, 0, 0], 'orbital rock']];
    const boxW = Math.max(barW, ...keys.map(([, label]) => swatch + 8 + textWidth(label))) + 12;
    const rowsH = 5 * 20 + 8;
    if (this.width < 3 * boxW || this.height < 3 * rowsH) return;
    // The first corner clear of the marks that matter (start, goal): bottom-left, then above the scale bar, then the top corners.
    const corners: [number, number][] = [[12, this.height - rowsH - 8], [this.width - boxW - 6, this.height - rowsH - 48], [12, 40], [this.width - boxW - 6, 70]];
    const covers = ([x, y]: [number, number]): boolean => keepClear.some(([px, py]) => {
      const [u, v] = this.toPx(px, py);
      return u > x - 30 && u < x + boxW + 24 && v > y - 30 && v < y + rowsH + 24;
    });
    const [x0, top] = corners.find((k) => !covers(k)) ?? corners[0];
    c.fillRect(x0 - 6, top - 6, x0 + boxW, top + rowsH, [0, 0, 0], 0.65);
    c.text(x0, top, 'slope', COLOURS.grid, 2, null);
    for (let i = 0; i < barW; i++) c.line(x0 + i, top + 20, x0 + i, top + 20 + barH, slopeColour((limitDeg * i) / (barW - 1), limitDeg));
    c.text(x0, top + 36, '0', COLOURS.grid, 2, null);
    c.text(x0 + barW - textWidth(`${limitDeg} deg`), top + 36, `${limitDeg} deg`, COLOURS.grid, 2, null);
    keys.forEach(([colour, label], k) => {
      const y = top + 56 + 20 * k;
      c.fillRect(x0, y, x0 + swatch, y + swatch, colour);
      c.rect(x0, y, x0 + swatch, y + swatch, COLOURS.grid, 1);
      c.text(x0 + swatch + 8, y - 1, label, COLOURS.grid, 2, null);
    });
  }

  /**
   * A colour-ramp key in the bottom-left corner: the title, a bar from the ramp's first stop to its
   * last, and each stop's value under it. Returns where the bar is, so that a value's colour on the
   * bar can be read back (pixel i of the bar shows lo + (hi - lo) * i / (width - 1)).
   */
  drawRampLegend(title: string, ramp: ColourRamp, unit: string): { x0: number; y0: number; width: number; height: number; lo: number; hi: number } | undefined {
    const c = this.canvas;
    const width = 200, barH = 14, lo = ramp[0][0], hi = ramp[ramp.length - 1][0];
    const boxH = 20 + barH + 26;
    if (this.width < width + 40 || this.height < 3 * boxH) return undefined;
    const x0 = 14, top = this.height - boxH - 10, y0 = top + 20;
    c.fillRect(x0 - 8, top - 6, x0 + width + 8 + textWidth(unit) + 6, top + boxH, [0, 0, 0], 0.7);
    c.text(x0, top, title, COLOURS.grid, 2, null);
    for (let i = 0; i < width; i++) c.line(x0 + i, y0, x0 + i, y0 + barH - 1, rampColour(lo + ((hi - lo) * i) / (width - 1), ramp));
    for (const [v] of ramp) {
      const x = x0 + ((v - lo) / (hi - lo)) * (width - 1);
      c.line(x, y0 + barH, x, y0 + barH + 3, COLOURS.grid, 1);
      const label = String(v);
      c.text(Math.min(x0 + width - textWidth(label), Math.max(x0, x - textWidth(label) / 2)), y0 + barH + 5, label, COLOURS.grid, 2, null);
    }
    c.text(x0 + width + 6, y0, unit, COLOURS.grid, 2, null);
    return { x0, y0, width, height: barH, lo, hi };
  }

  /** A key of flat colours (classes) in the bottom-left corner. */
  drawKeyLegend(title: string, keys: readonly (readonly [Rgb, string])[]): void {
    const c = this.canvas, swatch = 12;
    const boxW = Math.max(textWidth(title), ...keys.map(([, label]) => swatch + 8 + textWidth(label))) + 12;
    const boxH = 22 + 20 * keys.length;
    if (this.width < 2 * boxW || this.height < 2 * boxH) return;
    const x0 = 14, top = this.height - boxH - 10;
    c.fillRect(x0 - 8, top - 6, x0 + boxW, top + boxH, [0, 0, 0], 0.7);
    c.text(x0, top, title, COLOURS.grid, 2, null);
    keys.forEach(([colour, label], k) => {
      const y = top + 22 + 20 * k;
      c.fillRect(x0, y, x0 + swatch, y + swatch, colour);
      c.rect(x0, y, x0 + swatch, y + swatch, COLOURS.grid, 1);
      c.text(x0 + swatch + 8, y - 1, label, COLOURS.grid, 2, null);
    });
  }

  /**
   * Contour lines of a DEM every `intervalM` (every fifth, the index contour, stronger): a pixel is on
   * a contour where the height band under it differs from that of its right or lower neighbour.
   */
  drawContours(dem: Raster, intervalM: number, colour: Rgb = [255, 235, 150], indexColour: Rgb = [255, 250, 170]): void {
    const w = this.width, h = this.height;
    const band = new Float64Array(w * h);
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) {
        const z = dem.sample(this.region.xMin + (i + 0.5) * this.scale, this.region.yMax - (j + 0.5) * this.scale);
        band[j * w + i] = Number.isFinite(z) ? Math.floor(z / intervalM) : NaN;
      }
    }
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) {
        const b = band[j * w + i];
        if (!Number.isFinite(b)) continue;
        const right = i + 1 < w ? band[j * w + i + 1] : b, below = j + 1 < h ? band[(j + 1) * w + i] : b;
        const crossed = [right, below].filter((n) => Number.isFinite(n) && n !== b);
        if (!crossed.length) continue;
        // The line is the band boundary crossed: index contours are multiples of five intervals.
        const level = Math.max(b, ...crossed);
        const index = Math.round(level) % 5 === 0;
        this.canvas.plot(i, j, index ? indexColour : colour, index ? 1 : 0.45);
        if (index) {
          this.canvas.plot(i + 1, j, indexColour, 0.8);
          this.canvas.plot(i, j + 1, indexColour, 0.8);
        }
      }
    }
  }

  /**
   * Paints the hillshade of a DEM (brightness 0..1 to grey), sun at the given azimuth (from north,
   * clockwise) and elevation; read between posts (bilinear), so a coarse DEM does not show as blocks.
   */
  paintHillshade(dem: Raster, azimuthDeg: number, elevationDeg: number): void {
    const shade = new Raster(dem.geometry, hillshade({ values: dem.values, cols: dem.cols, rows: dem.rows, spacingM: dem.spacing }, azimuthDeg, elevationDeg));
    const { data } = this.canvas;
    for (let j = 0; j < this.height; j++) {
      for (let i = 0; i < this.width; i++) {
        const v = shade.sample(this.region.xMin + (i + 0.5) * this.scale, this.region.yMax - (j + 0.5) * this.scale);
        if (Number.isNaN(v)) continue;
        const g = Math.round(30 + 225 * v), k = 3 * (j * this.width + i);
        data[k] = data[k + 1] = data[k + 2] = g;
      }
    }
  }

  /** A line of text above the scale bar (bottom right): what the map's lines mean. */
  drawNote(text: string): void {
    const w = textWidth(text);
    // Left out of a picture too small to hold it beside the scale bar.
    if (w + 24 > this.width || this.height < 200) return;
    const x = this.width - 12 - w, y = this.height - 14 - 24 - 26;
    this.canvas.fillRect(x - 6, y - 4, x + w + 6, y + 18, [0, 0, 0], 0.6);
    this.canvas.text(x, y, text, COLOURS.grid, 2, null);
  }

  /** Start (green disc in black and white rings, with a heading tick), goal (cyan ring with its tolerance), keep-in box, keep-out circles. */
  drawMission(mission: Mission): void {
    const c = this.canvas;
    const k = mission.keepIn;
    if (k) {
      const [ax, ay] = this.toPx(k.x_min_m, k.y_max_m), [bx, by] = this.toPx(k.x_max_m, k.y_min_m);
      c.rect(ax, ay, bx, by, COLOURS.keepIn, 2);
    }
    for (const z of mission.keepOut) {
      const [cx, cy] = this.toPx(z.x_m, z.y_m);
      c.circle(cx, cy, z.radius_m / this.scale, COLOURS.keepOut, 2);
      c.cross(cx, cy, Math.min(8, z.radius_m / this.scale), COLOURS.keepOut, 1);
    }
    const [sx, sy] = this.toPx(mission.start.x_m, mission.start.y_m);
    const h = degToRad(mission.start.heading_deg);
    // Black and white rings around the start's colour: it must stand out on green flat ground and on dark sand alike.
    const [tx, ty] = [sx + 18 * Math.cos(h), sy - 18 * Math.sin(h)];
    c.line(sx, sy, tx, ty, [0, 0, 0], 6);
    c.disc(sx, sy, 9, [0, 0, 0]);
    c.disc(sx, sy, 7, [255, 255, 255]);
    c.disc(sx, sy, 5, COLOURS.start);
    c.line(sx, sy, tx, ty, COLOURS.start, 3);
    c.text(sx + 11, sy + 9, 'S', COLOURS.start);
    const [gx, gy] = this.toPx(mission.goal.x_m, mission.goal.y_m);
    c.circle(gx, gy, Math.max(6, mission.goal.tolerance_m / this.scale), COLOURS.goal, 2);
    c.cross(gx, gy, 5, COLOURS.goal, 2);
    c.text(gx + 9, gy + 9, 'G', COLOURS.goal);
  }

  /** A route through site points, with numbered waypoint markers after the first point. */
  drawRoute(points: readonly (readonly [number, number])[], colour: Rgb, options: { width?: number; numbered?: boolean } = {}): void {
    const px = points.map(([x, y]) => this.toPx(x, y));
    this.canvas.polyline(px, colour, options.width ?? 3);
    if (!options.numbered) return;
    px.slice(1).forEach(([x, y], i) => {
      this.canvas.disc(x, y, 4, colour);
      this.canvas.text(x + 6, y - 18, String(i + 1), colour);
    });
  }

  png(): Uint8Array {
    return encodePng(this.canvas.toImage());
  }
}

function footprintValue(raster: Raster, x: number, y: number, n: number, reduce: 'mean' | 'max'): number {
  if (n === 1) return raster.nearest(x, y);
  const c0 = Math.round(raster.colOf(x) - (n - 1) / 2), r0 = Math.round(raster.rowOf(y) - (n - 1) / 2);
  let sum = 0, count = 0, max = -Infinity;
  for (let r = Math.max(0, r0); r < Math.min(raster.rows, r0 + n); r++) {
    for (let c = Math.max(0, c0); c < Math.min(raster.cols, c0 + n); c++) {
      const v = raster.values[r * raster.cols + c];
      if (Number.isNaN(v)) continue;
      sum += v;
      count++;
      if (v > max) max = v;
    }
  }
  if (!count) return NaN;
  return reduce === 'max' ? max : sum / count;
}

/** Contour interval (m): a round step giving at most ~20 lines over the region's relief. */
export function contourIntervalM(reliefM: number): number {
  for (const step of [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]) if (reliefM / step <= 20) return step;
  return 200;
}

/** The DEM's height range over a region (m). */
function reliefOver(dem: Raster, r: Region): number {
  let lo = Infinity, hi = -Infinity;
  for (let y = r.yMin; y <= r.yMax; y += dem.spacing) {
    for (let x = r.xMin; x <= r.xMax; x += dem.spacing) {
      const z = dem.sample(x, y);
      if (z < lo) lo = z;
      if (z > hi) hi = z;
    }
  }
  return hi > lo ? hi - lo : 0;
}

/** Paints a picture's ground: the orbital image or the DEM's hillshade, with contours unless `none`. */
export function paintGround(pic: SitePicture, maps: OrbitalMaps, relief: Relief): void {
  // The cartographer's sun, from the north-west, 45 deg up: relief reads as raised, not sunken.
  if (relief === 'hillshade') pic.paintHillshade(maps.dem, 315, 45);
  else pic.paint(maps.image, (v) => [v, v, v]);
  if (relief === 'none') return;
  const interval = contourIntervalM(reliefOver(maps.dem, pic.region));
  // Brown lines on the pale hillshade, yellow on the darker orbital image.
  if (relief === 'hillshade') pic.drawContours(maps.dem, interval, [140, 90, 40], [110, 50, 10]);
  else pic.drawContours(maps.dem, interval);
  pic.drawNote(`contours every ${interval} m, bold every ${5 * interval} m`);
}

/** The orbital image of a region with the grid, scale bar and mission drawn in; relief as asked. */
export function orbitalPicture(maps: OrbitalMaps, mission: Mission, region: Region, maxPx: number, relief: Relief = 'none'): SitePicture {
  const pic = new SitePicture(region, maxPx, maps.image.spacing);
  paintGround(pic, maps, relief);
  pic.drawGrid();
  pic.drawMission(mission);
  pic.drawScaleBar();
  return pic;
}

/** Sand on the hazard map. */
const SAND_COLOUR: Rgb = [150, 90, 220];

/** Hazard colours: slope green → yellow → orange up to the limit, red above it; sand violet; rocks seen from orbit black. */
export const HAZARD_LEGEND = 'slope green (flat) to orange (at the limit), red above the slope limit; violet sand ripples; black rocks resolved from orbit';

/** The slope/hazard overlay of a region: slope against the limit, sand and rocks from the soil map. */
export function hazardPicture(maps: OrbitalMaps, mission: Mission, region: Region, maxPx: number): SitePicture {
  const pic = new SitePicture(region, maxPx, maps.image.spacing);
  const limit = mission.rules.max_slope_deg;
  pic.paint(maps.slopeDeg, (s) => slopeColour(s, limit), 'max');
  const soil = new SitePicture(region, maxPx, maps.image.spacing); // soil on its own pass so max-reduction keeps rocks
  soil.paint(maps.soil, (v) => [v, 0, 0], 'max');
  const d = pic.canvas.data, s = soil.canvas.data;
  for (let i = 0; i < s.length; i += 3) {
    if (s[i] === SoilClass.bigRock) d[i] = d[i + 1] = d[i + 2] = 0;
    else if (s[i] === SoilClass.sand) [d[i], d[i + 1], d[i + 2]] = SAND_COLOUR;
  }
  pic.drawGrid();
  pic.drawMission(mission);
  pic.drawScaleBar();
  pic.drawHazardLegend(limit, [[mission.start.x_m, mission.start.y_m], [mission.goal.x_m, mission.goal.y_m]]);
  return pic;
}

function slopeColour(slopeDeg: number, limitDeg: number): Rgb {
  if (slopeDeg > limitDeg) return [210, 20, 20];
  const t = Math.max(0, slopeDeg / limitDeg);
  // green (0) → yellow (0.5) → orange (1)
  if (t < 0.5) return [Math.round(40 + 380 * t), Math.round(160 + 120 * t), 60];
  return [230 + Math.round(10 * (t - 0.5) * 2), Math.round(220 - 90 * (t - 0.5) * 2), Math.round(60 - 20 * (t - 0.5) * 2)];
}
