import { degToRad } from '../../core/geometry';

/** One candidate path: a turn in place, then two arcs. Curvature is counter-clockwise positive (1/m). */
export interface PathShape {
  turnRad: number;
  curvature1: number;
  curvature2: number;
}

export interface PathTreeOptions {
  turnsDeg: readonly number[];
  curvatures: readonly number[];
  /** Length of each arc (m): two arcs make ENav's ~6 m horizon (docs/reference.md). */
  arcM: number;
  /** Spacing of the poses checked along a path (m): ACE runs every ~25 cm (docs/reference.md). */
  stepM: number;
}

/** 13 turns x 11 x 11 curvatures = 1,573 paths, near ENav's ~1,700 (docs/reference.md). */
export const DEFAULT_PATH_TREE: PathTreeOptions = {
  turnsDeg: [-90, -75, -60, -45, -30, -15, 0, 15, 30, 45, 60, 75, 90],
  curvatures: [-1 / 1.5, -1 / 2.5, -1 / 4, -1 / 7, -1 / 15, 0, 1 / 15, 1 / 7, 1 / 4, 1 / 2.5, 1 / 1.5],
  arcM: 3,
  stepM: 0.25,
};

/**
 * ENav's tree of candidate paths, computed once in the rover's frame (start at the origin facing
 * +x, angles counter-clockwise): poses every stepM along each path. The planner only rotates and
 * shifts them to where the rover is.
 */
export class PathTree {
  readonly shapes: PathShape[] = [];
  /** Poses per path. */
  readonly posesPerPath: number;
  /** [x, y, heading] per pose, path after path. */
  readonly poses: Float32Array;

  constructor(readonly options: PathTreeOptions = DEFAULT_PATH_TREE) {
    const perArc = Math.round(options.arcM / options.stepM);
    this.posesPerPath = 2 * perArc;
    for (const t of options.turnsDeg) {
      for (const k1 of options.curvatures) {
        for (const k2 of options.curvatures) this.shapes.push({ turnRad: degToRad(t), curvature1: k1, curvature2: k2 });
      }
    }
    this.poses = new Float32Array(this.shapes.length * this.posesPerPath * 3);
    let o = 0;
    for (const shape of this.shapes) {
      let x = 0, y = 0, h = shape.turnRad;
      for (const k of [shape.curvature1, shape.curvature2]) {
        const x0 = x, y0 = y, h0 = h;
        for (let i = 1; i <= perArc; i++) {
          const s = i * options.stepM;
          [x, y, h] = alongArc(x0, y0, h0, k, s);
          this.poses[o++] = x;
          this.poses[o++] = y;
          this.poses[o++] = h;
        }
      }
    }
  }

  get count(): number {
    return this.shapes.length;
  }

  /** Paths sharing a turn and a first arc share their first `posesPerArc` poses: the prefix of path p. */
  prefixOf(p: number): number {
    return Math.floor(p / this.options.curvatures.length);
  }

  get prefixCount(): number {
    return this.shapes.length / this.options.curvatures.length;
  }

  /** Poses of one arc (the first arc's are a path prefix's). */
  get posesPerArc(): number {
    return this.posesPerPath / 2;
  }
}

/** Pose after travelling s along an arc of curvature k from (x, y, heading h). */
export function alongArc(x: number, y: number, h: number, k: number, s: number): [number, number, number] {
  if (Math.abs(k) < 1e-9) return [x + s * Math.cos(h), y + s * Math.sin(h), h];
  const h1 = h + k * s;
  return [x + (Math.sin(h1) - Math.sin(h)) / k, y - (Math.cos(h1) - Math.cos(h)) / k, h1];
}
