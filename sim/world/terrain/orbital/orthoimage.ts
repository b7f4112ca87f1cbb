import { Raster, type GridGeometry } from '../../../../src/core/raster';
import type { Rng } from '../../../../src/core/random';
import type { Vec3 } from '../../../../src/core/geometry';
import type { OrbitalParams } from '../params';
import { SOIL_ALBEDO, SoilClass } from '../soil';
import type { TruthTerrain } from '../terrain';
import { reliefShadows } from './shadows';
import { sunDirection } from './sun';

/** 8-bit counts per unit of (albedo x irradiance): puts sunlit flat soil near mid-grey [assumed]. */
export const GAIN_DN = 800;

/** Orthoimage pixels covering the terrain's extent at the given pixel size (pixel centres on posts' grid). */
export function imageGeometry(terrain: TruthTerrain, spacing: number): GridGeometry {
  const b = terrain.bounds;
  return {
    rows: Math.floor((b.yMax - b.yMin) / spacing + 1e-9) + 1,
    cols: Math.floor((b.xMax - b.xMin) / spacing + 1e-9) + 1,
    spacing,
    x0: b.xMin,
    y0: b.yMax,
  };
}

/**
 * A HiRISE-like orthoimage (values are 8-bit counts): Lambertian shading of the relief and sand
 * ripples under the sun, sky light in shadows, cast shadows of the relief, albedo by soil class;
 * rocks at least visible_rock_min_diameter_m wide drawn with their shading and cast shadows,
 * smaller ones left out as the camera cannot resolve them; then sensor noise.
 */
export function renderOrthoimage(terrain: TruthTerrain, params: OrbitalParams, rng: Rng): Raster {
  const image = new Raster(imageGeometry(terrain, params.image_spacing_m));
  const sun = sunDirection(params.sun_elevation_deg, params.sun_azimuth_deg);
  const ground = new GroundShader(terrain, params, sun, rng);
  const v = image.values;
  for (let r = 0; r < image.rows; r++) {
    const y = image.yOf(r);
    for (let c = 0; c < image.cols; c++) v[r * image.cols + c] = ground.dn(image.xOf(c), y, true);
  }
  drawVisibleRocks(image, terrain, params, sun, ground);
  if (params.image_noise_dn > 0) {
    for (let i = 0; i < v.length; i++) v[i] += params.image_noise_dn * rng.normal();
  }
  for (let i = 0; i < v.length; i++) v[i] = Math.max(0, Math.min(255, Math.round(v[i])));
  return image;
}

/** Shading of the ground (relief + ripples) at any point, from quantities precomputed on the base posts. */
class GroundShader {
  private readonly dzdx: Float32Array;
  private readonly dzdy: Float32Array;
  private readonly lit: Float32Array;
  private readonly albedo: Float32Array;
  private readonly grad = { dzdx: 0, dzdy: 0 };

  constructor(private readonly terrain: TruthTerrain, private readonly params: OrbitalParams, private readonly sun: Vec3, rng: Rng) {
    const base = terrain.base;
    const g = base.hornGradients();
    this.dzdx = g.dzdx.values;
    this.dzdy = g.dzdy.values;
    this.lit = reliefShadows(base, sun).values;
    // Albedo by class with a little post-to-post mottling, as real surfaces have [assumed 4%].
    this.albedo = new Float32Array(base.values.length);
    const classes = terrain.soilClasses.values;
    for (let i = 0; i < this.albedo.length; i++) {
      this.albedo[i] = SOIL_ALBEDO[classes[i] as SoilClass] * (1 + 0.04 * rng.normal());
    }
  }

  /** Image counts of the ground at (x, y); `sunlit` false forces the point into shadow (cast by a rock). */
  dn(x: number, y: number, sunlit: boolean): number {
    const base = this.terrain.base;
    const cols = base.cols;
    const fc = Math.min(Math.max((x - base.x0) / base.spacing, 0), cols - 1);
    const fr = Math.min(Math.max((base.y0 - y) / base.spacing, 0), base.rows - 1);
    const c = Math.min(Math.floor(fc), cols - 2), r = Math.min(Math.floor(fr), base.rows - 2);
    const tx = fc - c, ty = fr - r;
    const i = r * cols + c;
    const w00 = (1 - tx) * (1 - ty), w01 = tx * (1 - ty), w10 = (1 - tx) * ty, w11 = tx * ty;
    const lerp = (a: Float32Array): number => a[i] * w00 + a[i + 1] * w01 + a[i + cols] * w10 + a[i + cols + 1] * w11;
    const g = this.grad;
    g.dzdx = lerp(this.dzdx);
    g.dzdy = lerp(this.dzdy);
    if (this.terrain.sand.cellHasSand[i] === 1) this.terrain.sand.addRippleGradient(x, y, g);
    const n = Math.hypot(g.dzdx, g.dzdy, 1);
    const cosIncidence = (-g.dzdx * this.sun.x - g.dzdy * this.sun.y + this.sun.z) / n;
    const direct = sunlit ? lerp(this.lit) * Math.max(0, cosIncidence) : 0;
    const ambient = this.params.ambient;
    return GAIN_DN * lerp(this.albedo) * (ambient + (1 - ambient) * direct);
  }
}

/**
 * Draws each resolvable rock: its sunlit and shaded sides (half-ellipsoid normals), and its cast
 * shadow, found exactly by intersecting the ray toward the sun with the rock's ellipsoid.
 */
function drawVisibleRocks(image: Raster, terrain: TruthTerrain, params: OrbitalParams, sun: Vec3, ground: GroundShader): void {
  const rocks = terrain.rocks;
  const minRadius = params.visible_rock_min_diameter_m / 2;
  const horizontal = Math.hypot(sun.x, sun.y);
  const ambient = params.ambient;
  const rockAlbedo = SOIL_ALBEDO[SoilClass.bigRock];
  for (let k = 0; k < rocks.count; k++) {
    const R = rocks.radius[k];
    if (R < minRadius) continue;
    const xr = rocks.x[k], yr = rocks.y[k], h = rocks.height[k];
    const zr = terrain.base.sample(xr, yr);
    // Shadow length on level ground, with margin for ground sloping away from the sun.
    const reach = (1.5 * h * horizontal) / sun.z;
    const ax = horizontal > 0 ? -sun.x / horizontal : 0, ay = horizontal > 0 ? -sun.y / horizontal : 0;
    const xMin = Math.min(xr - R, xr - R + ax * reach), xMax = Math.max(xr + R, xr + R + ax * reach);
    const yMin = Math.min(yr - R, yr - R + ay * reach), yMax = Math.max(yr + R, yr + R + ay * reach);
    const c0 = Math.max(0, Math.floor(image.colOf(xMin))), c1 = Math.min(image.cols - 1, Math.ceil(image.colOf(xMax)));
    const r0 = Math.max(0, Math.floor(image.rowOf(yMax))), r1 = Math.min(image.rows - 1, Math.ceil(image.rowOf(yMin)));
    const a = (sun.x * sun.x + sun.y * sun.y) / (R * R) + (sun.z * sun.z) / (h * h);
    for (let r = r0; r <= r1; r++) {
      const y = image.yOf(r);
      for (let c = c0; c <= c1; c++) {
        const x = image.xOf(c);
        const dx = x - xr, dy = y - yr;
        const rho2 = (dx * dx + dy * dy) / (R * R);
        if (rho2 < 1) {
          // On the rock: the half-ellipsoid's normal, ~ (dx/R^2, dy/R^2, z/h^2).
          const z = h * Math.sqrt(1 - rho2);
          const nx = dx / (R * R), ny = dy / (R * R), nz = z / (h * h);
          const cosI = (nx * sun.x + ny * sun.y + nz * sun.z) / Math.hypot(nx, ny, nz);
          image.values[r * image.cols + c] = GAIN_DN * rockAlbedo * (ambient + (1 - ambient) * Math.max(0, cosI));
          continue;
        }
        const dz = terrain.base.sample(x, y) - zr;
        const b = 2 * ((dx * sun.x + dy * sun.y) / (R * R) + (dz * sun.z) / (h * h));
        const cc = rho2 + (dz * dz) / (h * h) - 1;
        const disc = b * b - 4 * a * cc;
        if (disc < 0) continue;
        const tExit = (-b + Math.sqrt(disc)) / (2 * a);
        if (tExit > 0 && dz + tExit * sun.z >= 0) image.values[r * image.cols + c] = ground.dn(x, y, false);
      }
    }
  }
}
