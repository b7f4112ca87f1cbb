import type { Raster } from '../core/raster';

/**
 * What the ground sees of a site (DESIGN.md: orbital products only, never the truth terrain at rover
 * scale): a HiRISE-like orthoimage, a ~1 m stereo DEM, its slope, and a soil-class map (SoilClass
 * codes, rocks resolved from orbit marked big rock). DEM, slope and soil share one grid.
 */
export interface OrbitalMaps {
  /** Orthoimage, 8-bit counts. */
  image: Raster;
  /** Stereo DEM (m). */
  dem: Raster;
  /** Slope of the DEM (deg). */
  slopeDeg: Raster;
  /** Soil classes on the DEM grid. */
  soil: Raster;
}

/** The site-frame extent the orbital DEM covers (post centres). */
export function mapBounds(maps: OrbitalMaps): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const d = maps.dem;
  return { xMin: d.x0, xMax: d.x0 + (d.cols - 1) * d.spacing, yMin: d.y0 - (d.rows - 1) * d.spacing, yMax: d.y0 };
}
