import type { GridGeometry, Raster } from '../../../src/core/raster';
import type { GeoReference } from '../../../src/core/raster-io/dem';
import type { Vec3 } from '../../../src/core/geometry';
import type { Crater } from './craters';
import type { RockField, Region } from './rocks';
import type { SandField } from './sand';
import { SoilClass } from './soil';

/**
 * Rocks at least this wide count as "big rock" terrain [assumed]: the rover's legs clear ~40 cm rocks
 * (docs/reference.md), so anything wider than that is something to drive around, not over.
 */
export const BIG_ROCK_MIN_DIAMETER_M = 0.4;

/** Where a terrain came from, for outputs and reports. */
export interface TerrainOrigin {
  kind: 'procedural' | 'dem';
  seed: number | string;
  /** The DEM file for DEM terrains. */
  source?: string;
  /** Rock abundance k used for the rock population, if any, the smallest rock drawn (m) and the share of rocks in clusters. */
  rockAbundance?: number;
  rockMinDiameterM?: number;
  rockClusteredFraction?: number;
  /** Share of DEM posts that were nodata and were filled. */
  filledFraction?: number;
  /** For DEM terrains with map coordinates: easting/northing (m) of the site origin. */
  siteOriginGeo?: Omit<GeoReference, 'easting0' | 'northing0'> & { easting: number; northing: number };
}

/** Map placement of a grid laid on this terrain, when the terrain has map coordinates. */
export function geoReferenceFor(origin: TerrainOrigin, grid: GridGeometry): GeoReference | undefined {
  const g = origin.siteOriginGeo;
  if (!g) return undefined;
  return { easting0: g.easting + grid.x0, northing0: g.northing + grid.y0, crs: g.crs, geoKeys: g.geoKeys };
}

/**
 * The truth terrain: answers height, surface normal and soil class at any site (x, y), at any
 * resolution. It is a base elevation raster plus analytic features on top (sand ripples, rocks),
 * so cm-scale rocks cost memory per rock, not per square centimetre.
 *
 * Only the simulation reads this. Flight software sees it through cameras; the ground side through
 * orbital products.
 */
export class TruthTerrain {
  private readonly grad = { dzdx: 0, dzdy: 0 };

  constructor(
    /** Base elevation (m), site frame, craters included. No NaN. */
    readonly base: Raster,
    readonly rocks: RockField,
    readonly sand: SandField,
    /** Soil-class codes (SoilClass) on the base grid. */
    readonly soilClasses: Raster,
    readonly craters: readonly Crater[],
    readonly origin: TerrainOrigin,
    /** For a terrain made from a real DTM, the DTM itself: the ground planners' orbital DEM, as measured. */
    readonly sourceDem?: Raster,
  ) {
    if (base.rows < 2 || base.cols < 2) throw new RangeError(`terrain needs at least 2 x 2 base posts, got ${base.rows} x ${base.cols}`);
  }

  get bounds(): Region {
    return this.base.bounds;
  }

  contains(x: number, y: number): boolean {
    return this.base.contains(x, y);
  }

  /**
   * Height (m) of the surface, rocks and ripples included; NaN outside the site. The hottest call
   * in the simulator (ray casting, settling), so the base lookup is inlined and bare ground skips
   * the sand lookup.
   */
  heightAt(x: number, y: number): number {
    const base = this.base;
    const fc = (x - base.x0) / base.spacing;
    const fr = (base.y0 - y) / base.spacing;
    const cols = base.cols;
    if (!(fc >= 0 && fr >= 0 && fc <= cols - 1 && fr <= base.rows - 1)) return NaN;
    const c = Math.min(Math.floor(fc), cols - 2);
    const r = Math.min(Math.floor(fr), base.rows - 2);
    const tx = fc - c, ty = fr - r;
    const v = base.values;
    const i = r * cols + c;
    const top = v[i] + (v[i + 1] - v[i]) * tx;
    const bottom = v[i + cols] + (v[i + cols + 1] - v[i + cols]) * tx;
    let z = top + (bottom - top) * ty;
    if (this.sand.cellHasSand[i] === 1) z += this.sand.rippleHeightAt(x, y);
    return z + this.rocks.heightAt(x, y);
  }

  /** Height (m) of the ground without rocks (base relief plus ripples). */
  groundHeightAt(x: number, y: number): number {
    return this.base.sample(x, y) + this.sand.rippleHeightAt(x, y);
  }

  /** Upward unit normal of the surface at (x, y) in the site frame (NaN outside the site). */
  normalAt(x: number, y: number): Vec3 {
    const g = this.grad;
    this.base.gradient(x, y, g);
    this.sand.addRippleGradient(x, y, g);
    const rock = { dzdx: 0, dzdy: 0 };
    this.rocks.gradientAt(x, y, rock);
    if (rock.dzdx !== 0 || rock.dzdy !== 0) {
      // On a rock the rock's own surface dominates (it rests on, not follows, the ground).
      g.dzdx += rock.dzdx;
      g.dzdy += rock.dzdy;
    }
    const n = Math.hypot(g.dzdx, g.dzdy, 1);
    return { x: -g.dzdx / n, y: -g.dzdy / n, z: 1 / n };
  }

  /** Soil class at (x, y): big rock where a wide rock lies, else the soil map's class. */
  soilAt(x: number, y: number): SoilClass {
    const i = this.rocks.rockAt(x, y);
    if (i >= 0 && 2 * this.rocks.radius[i] >= BIG_ROCK_MIN_DIAMETER_M) return SoilClass.bigRock;
    const c = this.soilClasses.nearest(x, y);
    return (Number.isNaN(c) ? SoilClass.soil : c) as SoilClass;
  }
}
