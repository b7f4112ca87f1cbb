import type { Image8 } from './png';

/*
 * Drawing on 8-bit RGB images for the pictures people and models read: coordinate grids, scale bars,
 * routes, markers and short labels. No canvas package installs here (DEVELOPERS.md), so this is a few
 * plain pixel routines and a 5x7 bitmap font for the characters labels need.
 */

export type Rgb = readonly [number, number, number];

/** An RGB image to draw on. */
export class Canvas {
  readonly data: Uint8Array;

  constructor(readonly width: number, readonly height: number, data?: Uint8Array) {
    this.data = data ?? new Uint8Array(width * height * 3);
  }

  /** A canvas holding a copy of an image (gray images become RGB). */
  static from(image: Image8): Canvas {
    const c = new Canvas(image.width, image.height);
    if (image.channels === 3) c.data.set(image.data);
    else for (let i = 0; i < image.data.length; i++) c.data[3 * i] = c.data[3 * i + 1] = c.data[3 * i + 2] = image.data[i];
    return c;
  }

  toImage(): Image8 {
    return { width: this.width, height: this.height, channels: 3, data: this.data };
  }

  /** Sets a pixel, blending with weight `alpha` (1 = opaque); outside the image it does nothing. */
  plot(x: number, y: number, colour: Rgb, alpha = 1): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = 3 * (y * this.width + x);
    for (let k = 0; k < 3; k++) this.data[i + k] = Math.round(this.data[i + k] * (1 - alpha) + colour[k] * alpha);
  }

  /** A straight line `width` pixels wide. */
  line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, width = 1, alpha = 1): void {
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
    const r = (width - 1) / 2;
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
      if (r <= 0) this.plot(x, y, colour, alpha);
      else this.disc(x, y, r, colour, alpha);
    }
  }

  /** A polyline through points. */
  polyline(points: readonly (readonly [number, number])[], colour: Rgb, width = 1, alpha = 1): void {
    for (let i = 1; i < points.length; i++) this.line(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1], colour, width, alpha);
  }

  /** A filled disc. */
  disc(cx: number, cy: number, r: number, colour: Rgb, alpha = 1): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r + 0.25) this.plot(x, y, colour, alpha);
      }
    }
  }

  /** A circle outline. */
  circle(cx: number, cy: number, r: number, colour: Rgb, width = 1): void {
    const n = Math.max(16, Math.ceil(2 * Math.PI * r));
    const pts: [number, number][] = [];
    for (let i = 0; i <= n; i++) pts.push([cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)]);
    this.polyline(pts, colour, width);
  }

  /** A rectangle outline between two corners. */
  rect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, width = 1): void {
    this.polyline([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]], colour, width);
  }

  /** A filled rectangle. */
  fillRect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, alpha = 1): void {
    for (let y = Math.round(Math.min(y0, y1)); y <= Math.round(Math.max(y0, y1)); y++) {
      for (let x = Math.round(Math.min(x0, x1)); x <= Math.round(Math.max(x0, x1)); x++) this.plot(x, y, colour, alpha);
    }
  }

  /** An X marker. */
  cross(cx: number, cy: number, r: number, colour: Rgb, width = 2): void {
    this.line(cx - r, cy - r, cx + r, cy + r, colour, width);
    this.line(cx - r, cy + r, cx + r, cy - r, colour, width);
  }

  /**
   * Text in the 5x7 font at `scale` pixels per font pixel, top-left at (x, y), on a dark box so it
   * reads on any background. Characters the font lacks draw as blanks. Returns the width drawn.
   */
  text(x: number, y: number, text: string, colour: Rgb, scale = 2, background: Rgb | null = [0, 0, 0]): number {
    const w = textWidth(text, scale);
    if (background) this.fillRect(x - scale, y - scale, x + w, y + 8 * scale, background, 0.6);
    let cx = x;
    for (const ch of text) {
      const glyph = FONT[ch] ?? FONT[ch.toUpperCase()];
      if (glyph) {
        for (let row = 0; row < 7; row++) {
          for (let col = 0; col < 5; col++) {
            if (glyph[row][col] !== '#') continue;
            for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) this.plot(cx + col * scale + dx, y + row * scale + dy, colour);
          }
        }
      }
      cx += 6 * scale;
    }
    return w;
  }
}

/** Pixel width of a label in the 5x7 font. */
export function textWidth(text: string, scale = 2): number {
  return text.length * 6 * scale - scale;
}

const g = (...rows: string[]): string[] => rows;

/** 5x7 glyphs: digits, signs and the letters map labels use. */
const FONT: Record<string, string[]> = {
  '0': g('.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'),
  '1': g('..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'),
  '2': g('.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'),
  '3': g('####.', '....#', '....#', '.###.', '....#', '....#', '####.'),
  '4': g('...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'),
  '5': g('#####', '#....', '####.', '....#', '....#', '#...#', '.###.'),
  '6': g('..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'),
  '7': g('#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'),
  '8': g('.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'),
  '9': g('.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'),
  '-': g('.....', '.....', '.....', '#####', '.....', '.....', '.....'),
  '+': g('.....', '..#..', '..#..', '#####', '..#..', '..#..', '.....'),
  '.': g('.....', '.....', '.....', '.....', '.....', '.##..', '.##..'),
  ',': g('.....', '.....', '.....', '.....', '.##..', '..#..', '.#...'),
  '=': g('.....', '.....', '#####', '.....', '#####', '.....', '.....'),
  ':': g('.....', '.##..', '.##..', '.....', '.##..', '.##..', '.....'),
  '(': g('...#.', '..#..', '.#...', '.#...', '.#...', '..#..', '...#.'),
  ')': g('.#...', '..#..', '...#.', '...#.', '...#.', '..#..', '.#...'),
  '/': g('....#', '....#', '...#.', '..#..', '.#...', '#....', '#....'),
  '%': g('##..#', '##..#', '...#.', '..#..', '.#...', '#..##', '#..##'),
  A: g('.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'),
  B: g('####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'),
  C: g('.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'),
  D: g('####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'),
  E: g('#####', '#....', '#....', '####.', '#....', '#....', '#####'),
  F: g('#####', '#....', '#....', '####.', '#....', '#....', '#....'),
  G: g('.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'),
  H: g('#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'),
  I: g('.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'),
  K: g('#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'),
  L: g('#....', '#....', '#....', '#....', '#....', '#....', '#####'),
  M: g('#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'),
  N: g('#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'),
  O: g('.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'),
  P: g('####.', '#...#', '#...#', '####.', '#....', '#....', '#....'),
  R: g('####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'),
  S: g('.####', '#....', '#....', '.###.', '....#', '....#', '####.'),
  T: g('#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'),
  U: g('#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'),
  V: g('#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'),
  W: g('#...#', '#...#', '#...#', '#.#.#', '#.#.#', '##.##', '#...#'),
  X: g('#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'),
  Y: g('#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'),
  Z: g('#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'),
  m: g('.....', '.....', '##.#.', '#.#.#', '#.#.#', '#.#.#', '#.#.#'),
  x: g('.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#'),
  y: g('.....', '.....', '#...#', '#...#', '.####', '....#', '.###.'),
};
