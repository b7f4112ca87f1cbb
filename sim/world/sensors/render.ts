import type { Vec3 } from '../../../src/core/geometry';
import { GAIN_DN } from '../terrain/orbital/orthoimage';
import { SOIL_ALBEDO, type SoilClass } from '../terrain/soil';
import type { TruthTerrain } from '../terrain/terrain';
import type { CameraModel, RenderedFrame } from './camera-model';
import { lightingKey, tileCacheFor, type CachedTile, type TileCache } from './tile-cache';
import type { RoverPlacement } from '../vehicle/placement';

/** Where the rover is: rover (URDF) frame to site frame. */
export interface RenderOptions {
  /** Unit vector toward the sun in the site frame. */
  sun: Vec3;
  /** Share of sky light in shadows [assumed]. */
  ambient?: number;
}

/** Terrain is meshed in square tiles this wide (m), each at its own level of detail. */
const TILE_M = 1;
/** Finest and coarsest mesh spacing asked for (m): ~4 cm resolves the smallest modelled rocks (20 cm). */
const MIN_SPACING_M = 0.04;
const MAX_SPACING_M = 0.5;
/** Mesh edges span about this many pixels. */
const PIXELS_PER_EDGE = 3;
const NEAR_M = 0.02;
/** Most quads per tile side: 32 gives 3.1 cm spacing. */
const MAX_QUADS = 32;
const SKIRT_SOUTH = 1, SKIRT_NORTH = 2, SKIRT_WEST = 4, SKIRT_EAST = 8;
/** Allowance for rocks and relief above a tile's centre height when culling (m). */
const TILE_HEIGHT_MARGIN_M = 2.5;

/**
 * Renders what one camera sees of the truth terrain: range, rover-frame points, a sun-shaded
 * grayscale image and the soil class per pixel.
 *
 * The terrain surface (base relief, ripples and rocks, exactly as TruthTerrain.heightAt gives it) is
 * sampled into a mesh of 1 m tiles whose spacing follows the pixel footprint (3 cm near the rover,
 * coarser with distance, in powers of two so that equal neighbours share edges; skirts close the
 * seams between different ones; tiles outside the view frustum are skipped), and the mesh is drawn
 * with a z-buffer. Casting a ray per pixel (raycast.ts, the exact reference, with a max-height
 * pyramid to skip empty space) costs tens to hundreds of height queries per ray, ~1.5 s a frame in
 * JavaScript; the z-buffer visits each visible surface point once and keeps occlusion exact. Ranges
 * are exact on planar ground and agree with the ray caster to ~0.2% of range (median) elsewhere;
 * the differences sit on rock silhouettes, where mesh spacing meets rock curvature.
 */
export function renderFrame(terrain: TruthTerrain, camera: CameraModel, rover: RoverPlacement, options: RenderOptions): RenderedFrame {
  const { invDepth, shadeW } = zBuffer(camera);
  const soil = new Uint8Array(camera.width * camera.height).fill(255);

  // Camera pose in the site frame: site-from-camera rotation and optical centre.
  const R = rover.rotation, rc = camera.roverFromCamera, cr = camera.centreInRover;
  const siteFromCamera = mul3(R, rc);
  const centre = [
    R[0] * cr[0] + R[1] * cr[1] + R[2] * cr[2] + rover.origin[0],
    R[3] * cr[0] + R[4] * cr[1] + R[5] * cr[2] + rover.origin[1],
    R[6] * cr[0] + R[7] * cr[1] + R[8] * cr[2] + rover.origin[2],
  ];
  const view = new View(camera, siteFromCamera, centre);
  const mesher = new TileMesher(terrain, options.sun, options.ambient ?? 0.3);
  const range = camera.spec.render_range_m;
  const b = terrain.bounds;
  const tx0 = Math.floor((Math.max(b.xMin, centre[0] - range) - b.xMin) / TILE_M);
  const tx1 = Math.floor((Math.min(b.xMax, centre[0] + range) - b.xMin) / TILE_M);
  const ty0 = Math.floor((Math.max(b.yMin, centre[1] - range) - b.yMin) / TILE_M);
  const ty1 = Math.floor((Math.min(b.yMax, centre[1] + range) - b.yMin) / TILE_M);
  // Pass 1: each tile's detail, as quads per side (a power of two, so that neighbours of the same
  // detail share their edge vertices); 0 for tiles outside the frustum.
  const nx = tx1 - tx0 + 1, ny = ty1 - ty0 + 1;
  const quads = new Uint8Array(Math.max(0, nx * ny));
  for (let ty = ty0; ty <= ty1; ty++) {
    for (let tx = tx0; tx <= tx1; tx++) {
      const x0 = b.xMin + tx * TILE_M, y0 = b.yMin + ty * TILE_M;
      const x1 = Math.min(b.xMax, x0 + TILE_M), y1 = Math.min(b.yMax, y0 + TILE_M);
      if (x1 <= x0 || y1 <= y0) continue;
      const spacing = view.tileSpacing(x0, y0, x1, y1, terrain.base.sample((x0 + x1) / 2, (y0 + y1) / 2), range);
      if (spacing === 0) continue;
      quads[(ty - ty0) * nx + (tx - tx0)] = Math.min(MAX_QUADS, 2 ** Math.round(Math.log2(TILE_M / spacing)));
    }
  }
  // Pass 2: mesh and draw; skirts only along edges where the neighbour's detail differs.
  const detail = (tx: number, ty: number): number => (tx < 0 || ty < 0 || tx >= nx || ty >= ny ? 0 : quads[ty * nx + tx]);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const q = quads[j * nx + i];
      if (q === 0) continue;
      const x0 = b.xMin + (tx0 + i) * TILE_M, y0 = b.yMin + (ty0 + j) * TILE_M;
      const x1 = Math.min(b.xMax, x0 + TILE_M), y1 = Math.min(b.yMax, y0 + TILE_M);
      const differs = (n: number) => n !== 0 && n !== q;
      const skirts = (differs(detail(i, j - 1)) ? SKIRT_SOUTH : 0) | (differs(detail(i, j + 1)) ? SKIRT_NORTH : 0) |
        (differs(detail(i - 1, j)) ? SKIRT_WEST : 0) | (differs(detail(i + 1, j)) ? SKIRT_EAST : 0);
      view.rasterize(mesher.build(tx0 + i, ty0 + j, x0, y0, x1, y1, q), skirts, invDepth, shadeW, soil);
    }
  }
  return finishFrame(camera, invDepth, shadeW, soil, range);
}

/**
 * The z-buffer of a camera: 1/z of the nearest surface so far (0 = nothing) and shade / z,
 * interpolated perspective-correctly. Only the frame made from it leaves renderFrame, so one buffer
 * per camera model serves every frame (a Hazcam frame's is 1.6 MB, ~100 frames a drive); only the
 * depths need clearing, as shade is read only where a depth was written.
 */
const zBuffers = new WeakMap<CameraModel, { invDepth: Float32Array; shadeW: Float32Array }>();

function zBuffer(camera: CameraModel): { invDepth: Float32Array; shadeW: Float32Array } {
  let buffer = zBuffers.get(camera);
  if (!buffer) {
    const n = camera.width * camera.height;
    buffer = { invDepth: new Float32Array(n), shadeW: new Float32Array(n) };
    zBuffers.set(camera, buffer);
  } else buffer.invDepth.fill(0);
  return buffer;
}

/** Turns the z-buffer into ranges, rover-frame points and an 8-bit image. */
function finishFrame(camera: CameraModel, invDepth: Float32Array, shadeW: Float32Array, soil: Uint8Array, maxRange: number): RenderedFrame {
  const W = camera.width, H = camera.height, n = W * H;
  const rangeM = new Float32Array(n).fill(NaN);
  const pointsRover = new Float32Array(3 * n).fill(NaN);
  const image = new Uint8Array(n);
  const rc = camera.roverFromCamera, cr = camera.centreInRover;
  const rays = camera.pixelRays();
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const i = r * W + c;
      const w = invDepth[i];
      if (!(w > 0)) continue;
      const z = 1 / w;
      const range = z * rays.norm[i];
      if (range > maxRange) {
        soil[i] = 255;
        continue;
      }
      rangeM[i] = range;
      const px = rays.x[i] * z, py = rays.y[i] * z;
      pointsRover[3 * i] = rc[0] * px + rc[1] * py + rc[2] * z + cr[0];
      pointsRover[3 * i + 1] = rc[3] * px + rc[4] * py + rc[5] * z + cr[1];
      pointsRover[3 * i + 2] = rc[6] * px + rc[7] * py + rc[8] * z + cr[2];
      image[i] = Math.max(1, Math.min(255, Math.round(shadeW[i] * z)));
    }
  }
  return { camera, rangeM, pointsRover, image, soil };
}

/** A tile's mesh: (cols x rows) grid of samples plus a skirt, in site coordinates. */
interface TileMesh {
  count: number;
  cols: number;
  rows: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  shade: Float32Array;
  soil: Uint8Array;
  skirtDepth: number;
}

/**
 * Samples the truth surface on a tile grid, with per-vertex Lambert shade and soil class; the samples
 * of a tile come from the terrain's tile cache when an earlier frame sampled it at the same detail.
 */
class TileMesher {
  private readonly mesh: TileMesh;
  private readonly cache: TileCache;

  constructor(private readonly terrain: TruthTerrain, private readonly sun: Vec3, private readonly ambient: number) {
    const max = (MAX_QUADS + 1) ** 2;
    this.mesh = { count: 0, cols: 0, rows: 0, x: new Float64Array(max), y: new Float64Array(max), z: new Float64Array(0), shade: new Float32Array(0), soil: new Uint8Array(0), skirtDepth: 0 };
    this.cache = tileCacheFor(terrain, lightingKey(sun, ambient));
  }

  /** The mesh of tile (tx, ty), spanning [x0, x1] x [y0, y1], at `quads` quads per side. */
  build(tx: number, ty: number, x0: number, y0: number, x1: number, y1: number, quads: number): TileMesh {
    const m = this.mesh;
    const cols = quads + 1, rows = quads + 1;
    const dx = (x1 - x0) / (cols - 1), dy = (y1 - y0) / (rows - 1);
    m.cols = cols;
    m.rows = rows;
    m.count = cols * rows;
    m.skirtDepth = Math.max(dx, dy);
    for (let r = 0; r < rows; r++) {
      const y = y0 + r * dy;
      for (let c = 0; c < cols; c++) {
        const k = r * cols + c;
        m.x[k] = x0 + c * dx;
        m.y[k] = y;
      }
    }
    const tile = this.cache.get(tx, ty, quads, (into) => this.sample(into, cols, rows, dx, dy));
    m.z = tile.z;
    m.shade = tile.shade;
    m.soil = tile.soil;
    return m;
  }

  /** Heights and soil at the mesh's vertices (already laid out in this.mesh.x, y), then shading. */
  private sample(into: CachedTile, cols: number, rows: number, dx: number, dy: number): void {
    const m = this.mesh, t = this.terrain;
    for (let k = 0; k < cols * rows; k++) {
      into.z[k] = t.heightAt(m.x[k], m.y[k]);
      into.soil[k] = t.soilAt(m.x[k], m.y[k]);
    }
    // Vertex normals from the grid itself (central differences), then Lambert under the sun.
    const s = this.sun, z = into.z;
    for (let r = 0; r < rows; r++) {
      const ra = Math.max(0, r - 1), rb = Math.min(rows - 1, r + 1);
      for (let c = 0; c < cols; c++) {
        const ca = Math.max(0, c - 1), cb = Math.min(cols - 1, c + 1);
        const gx = (z[r * cols + cb] - z[r * cols + ca]) / ((cb - ca) * dx);
        const gy = (z[rb * cols + c] - z[ra * cols + c]) / ((rb - ra) * dy);
        const k = r * cols + c;
        const cosI = (-gx * s.x - gy * s.y + s.z) / Math.sqrt(gx * gx + gy * gy + 1);
        const albedo = SOIL_ALBEDO[into.soil[k] as SoilClass];
        into.shade[k] = GAIN_DN * albedo * (this.ambient + (1 - this.ambient) * Math.max(0, cosI));
      }
    }
  }
}

/** The camera as the rasteriser sees it: site-to-camera transform, frustum tests, triangle fill. */
class View {
  private readonly camFromSite: Float64Array;
  private readonly tanH: number;
  private readonly tanV: number;
  // Projected vertices of the current tile: pixel u, v and 1/z (0 when behind the near plane).
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private w = new Float64Array(0);
  private readonly p = { u: 0, v: 0 };

  constructor(private readonly camera: CameraModel, siteFromCamera: Float64Array, private readonly centre: number[]) {
    this.camFromSite = transpose3(siteFromCamera);
    // Frustum half-angles with a little slack for lens distortion.
    this.tanH = ((camera.width / 2 + 2) / camera.f) * 1.1;
    this.tanV = ((camera.height / 2 + 2) / camera.f) * 1.1;
  }

  /** Mesh spacing for a tile, or 0 if the tile cannot be in view. */
  tileSpacing(x0: number, y0: number, x1: number, y1: number, zMid: number, range: number): number {
    const M = this.camFromSite, C = this.centre;
    const dx = (x0 + x1) / 2 - C[0], dy = (y0 + y1) / 2 - C[1], dz = zMid - C[2];
    const radius = Math.hypot(x1 - x0, y1 - y0) / 2 + TILE_HEIGHT_MARGIN_M;
    const cx = M[0] * dx + M[1] * dy + M[2] * dz;
    const cy = M[3] * dx + M[4] * dy + M[5] * dz;
    const cz = M[6] * dx + M[7] * dy + M[8] * dz;
    if (cz < -radius || cz > range + radius) return 0;
    if (Math.abs(cx) > cz * this.tanH + radius * Math.sqrt(1 + this.tanH * this.tanH)) return 0;
    if (Math.abs(cy) > cz * this.tanV + radius * Math.sqrt(1 + this.tanV * this.tanV)) return 0;
    const distance = Math.max(Math.hypot(cx, cy, cz) - radius + TILE_HEIGHT_MARGIN_M, 0.05);
    return Math.min(MAX_SPACING_M, Math.max(MIN_SPACING_M, (distance * PIXELS_PER_EDGE) / this.camera.f));
  }

  rasterize(m: TileMesh, skirts: number, invDepth: Float32Array, shadeW: Float32Array, soil: Uint8Array): void {
    const total = m.count + 2 * (m.cols + m.rows); // grid + lowered skirt copies of the border
    if (this.u.length < total) {
      this.u = new Float64Array(total);
      this.v = new Float64Array(total);
      this.w = new Float64Array(total);
    }
    for (let k = 0; k < m.count; k++) this.projectVertex(k, m.x[k], m.y[k], m.z[k]);
    const { cols, rows } = m;
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c + 1 < cols; c++) {
        const a = r * cols + c, b = a + 1, d = a + cols, e = d + 1;
        this.triangle(a, b, e, a, b, e, m, invDepth, shadeW, soil);
        this.triangle(a, e, d, a, e, d, m, invDepth, shadeW, soil);
      }
    }
    // Skirts hang below the tile's edges so that tiles of different detail leave no cracks.
    let k = m.count;
    const edge = (start: number, step: number, length: number): void => {
      const first = k;
      for (let j = 0; j < length; j++, k++) {
        const i = start + j * step;
        this.projectVertex(k, m.x[i], m.y[i], m.z[i] - m.skirtDepth);
      }
      for (let j = 0; j + 1 < length; j++) {
        const i0 = start + j * step, i1 = i0 + step;
        const l0 = first + j, l1 = l0 + 1;
        this.triangle(i0, i1, l1, i0, i1, i1, m, invDepth, shadeW, soil);
        this.triangle(i0, l1, l0, i0, i1, i0, m, invDepth, shadeW, soil);
      }
    };
    // Row 0 is the tile's south edge (y0), column 0 its west edge (x0).
    if (skirts & SKIRT_SOUTH) edge(0, 1, cols);
    if (skirts & SKIRT_NORTH) edge((rows - 1) * cols, 1, cols);
    if (skirts & SKIRT_WEST) edge(0, cols, rows);
    if (skirts & SKIRT_EAST) edge(cols - 1, cols, rows);
  }

  private projectVertex(k: number, x: number, y: number, z: number): void {
    const M = this.camFromSite, C = this.centre;
    const dx = x - C[0], dy = y - C[1], dz = z - C[2];
    const cz = M[6] * dx + M[7] * dy + M[8] * dz;
    if (!(cz > NEAR_M)) {
      this.w[k] = 0;
      return;
    }
    this.camera.project(M[0] * dx + M[1] * dy + M[2] * dz, M[3] * dx + M[4] * dy + M[5] * dz, cz, this.p);
    this.u[k] = this.p.u;
    this.v[k] = this.p.v;
    this.w[k] = 1 / cz;
  }

  /**
   * Fills a triangle: edge functions over its pixel bounding box, pixel centres at integer
   * coordinates; depth test on 1/z (affine in the image for a planar triangle, hence exact).
   * Vertices i0..i2 are projected vertices; j0..j2 the mesh samples whose shade and soil they carry
   * (a skirt's lowered vertex carries its edge vertex's). Indices, not values, are passed: a double
   * argument to a call that is not inlined is boxed, and this runs ~200,000 times a frame.
   */
  private triangle(i0: number, i1: number, i2: number, j0: number, j1: number, j2: number, m: TileMesh, invDepth: Float32Array, shadeW: Float32Array, soil: Uint8Array): void {
    const w0 = this.w[i0], w1 = this.w[i1], w2 = this.w[i2];
    if (w0 === 0 || w1 === 0 || w2 === 0) return; // touches the near plane
    const u0 = this.u[i0], v0 = this.v[i0], u1 = this.u[i1], v1 = this.v[i1], u2 = this.u[i2], v2 = this.v[i2];
    const area = (u1 - u0) * (v2 - v0) - (u2 - u0) * (v1 - v0);
    if (area === 0 || !Number.isFinite(area)) return;
    const W = this.camera.width, H = this.camera.height;
    const cMin = Math.max(0, Math.ceil(Math.min(u0, u1, u2))), cMax = Math.min(W - 1, Math.floor(Math.max(u0, u1, u2)));
    const rMin = Math.max(0, Math.ceil(Math.min(v0, v1, v2))), rMax = Math.min(H - 1, Math.floor(Math.max(v0, v1, v2)));
    if (cMin > cMax || rMin > rMax) return;
    const inv = 1 / area;
    // Barycentric weights as affine functions of (u, v): b_k = A_k u + B_k v + C_k; b2 = 1 - b0 - b1.
    const A0 = (v1 - v2) * inv, B0 = (u2 - u1) * inv, C0 = (u1 * v2 - u2 * v1) * inv;
    const A1 = (v2 - v0) * inv, B1 = (u0 - u2) * inv, C1 = (u2 * v0 - u0 * v2) * inv;
    const sw0 = m.shade[j0] * w0, sw1 = m.shade[j1] * w1, sw2 = m.shade[j2] * w2;
    const k0 = m.soil[j0], k1 = m.soil[j1], k2 = m.soil[j2];
    const eps = -1e-9;
    for (let r = rMin; r <= rMax; r++) {
      for (let c = cMin; c <= cMax; c++) {
        const b0 = A0 * c + B0 * r + C0;
        if (b0 < eps) continue;
        const b1 = A1 * c + B1 * r + C1;
        if (b1 < eps) continue;
        const b2 = 1 - b0 - b1;
        if (b2 < eps) continue;
        const w = b0 * w0 + b1 * w1 + b2 * w2;
        const i = r * W + c;
        if (w <= invDepth[i]) continue;
        invDepth[i] = w;
        shadeW[i] = b0 * sw0 + b1 * sw1 + b2 * sw2;
        soil[i] = b0 >= b1 && b0 >= b2 ? k0 : b1 >= b2 ? k1 : k2; // the nearest vertex's class
      }
    }
  }
}

function mul3(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
  return out;
}

function transpose3(m: ArrayLike<number>): Float64Array {
  return Float64Array.of(m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]);
}
