import { Canvas } from '../../../src/core/draw';
import { hillshade } from '../../../src/core/hillshade';
import type { Image8 } from '../../../src/core/png';

/*
 * The rover's onboard local map as a person looks at it: the heights flight software has fused,
 * hillshaded (sun from the north-west, the cartographer's convention), north up, centred where the
 * rover believes it is, with cells it has never seen in dark blue and the rover as a yellow arrow.
 */

const UNSEEN: readonly [number, number, number] = [18, 28, 64];

export interface LocalMapView {
  /** The onboard map's height at a site point (NaN where unknown). */
  height: (x: number, y: number) => number;
  /** The pose estimate (site frame as the rover has it). */
  pose: { x: number; y: number; headingRad: number };
  /** Side of the picture (m) and cell size (m): ENav's map is 30 m at 10 cm. */
  sizeM?: number;
  cellM?: number;
}

export function localMapPicture(view: LocalMapView): Image8 {
  const sizeM = view.sizeM ?? 30, cellM = view.cellM ?? 0.1;
  const n = Math.round(sizeM / cellM);
  const z = new Float32Array(n * n);
  const x0 = view.pose.x - sizeM / 2, y0 = view.pose.y + sizeM / 2;
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) z[r * n + c] = view.height(x0 + (c + 0.5) * cellM, y0 - (r + 0.5) * cellM);
  // Twice the relief: the map's rocks and ridges are decimetres on metres.
  const shade = hillshade({ values: z, cols: n, rows: n, spacingM: cellM }, 315, 45, 2);
  const canvas = new Canvas(n, n);
  for (let i = 0; i < n * n; i++) {
    const s = shade[i];
    const v = Number.isFinite(s) ? Math.round(40 + 215 * s) : -1;
    canvas.data[3 * i] = v < 0 ? UNSEEN[0] : v;
    canvas.data[3 * i + 1] = v < 0 ? UNSEEN[1] : v;
    canvas.data[3 * i + 2] = v < 0 ? UNSEEN[2] : v;
  }
  const c = n / 2, h = view.pose.headingRad, len = 1.6 / cellM;
  // Heading is from the x axis (east), counter-clockwise; image y runs south.
  const tip: [number, number] = [c + len * Math.cos(h), c - len * Math.sin(h)];
  canvas.line(c, c, tip[0], tip[1], [255, 220, 0], 3);
  canvas.disc(c, c, 5, [255, 220, 0]);
  canvas.text(4, n - 18, `${sizeM} M`, [255, 255, 255]);
  return canvas.toImage();
}
