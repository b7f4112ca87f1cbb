import { Raster } from '../../../src/core/raster';
import { SandParams } from './params';
import { RockField, type Rock, type Region } from './rocks';
import { SandField } from './sand';
import { SoilClass } from './soil';
import { TruthTerrain } from './terrain';

export interface AnalyticTerrainOptions {
  /** Post spacing of the base raster (m); fine spacing keeps steps sharp. */
  spacingM?: number;
  rocks?: Rock[];
  /** Soil class everywhere (default soil), or per point. */
  soil?: SoilClass | ((x: number, y: number) => SoilClass);
}

/**
 * A truth terrain from a height function over a region: planes, steps, ramps and hand-placed rocks
 * with known answers, for tests and for engineering what-ifs.
 */
export function terrainFromFunction(height: (x: number, y: number) => number, region: Region, options: AnalyticTerrainOptions = {}): TruthTerrain {
  const spacing = options.spacingM ?? 0.05;
  const cols = Math.round((region.xMax - region.xMin) / spacing) + 1;
  const rows = Math.round((region.yMax - region.yMin) / spacing) + 1;
  const geometry = { rows, cols, spacing, x0: region.xMin, y0: region.yMin + (rows - 1) * spacing };
  const base = new Raster(geometry);
  const soil = new Raster(geometry);
  const soilOf = typeof options.soil === 'function' ? options.soil : () => (options.soil ?? SoilClass.soil) as SoilClass;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      base.values[r * cols + c] = height(base.xOf(c), base.yOf(r));
      soil.values[r * cols + c] = soilOf(base.xOf(c), base.yOf(r));
    }
  }
  const rocks = options.rocks ?? [];
  const field = new RockField(
    {
      x: Float64Array.from(rocks, (k) => k.x),
      y: Float64Array.from(rocks, (k) => k.y),
      radius: Float32Array.from(rocks, (k) => k.diameterM / 2),
      height: Float32Array.from(rocks, (k) => k.heightM),
    },
    base.bounds,
  );
  const sand = new SandField(new Raster(geometry), SandParams.parse({ fraction: 0 }));
  return new TruthTerrain(base, field, sand, soil, [], { kind: 'procedural', seed: 'analytic' });
}
