import { radToDeg } from '../../src/core/geometry';
import { Raster } from '../../src/core/raster';
import { SoilClass } from '../../src/core/soil-class';
import { DEFAULT_FLIGHT_RULES, type FlightRules, type Mission } from '../../src/ground/mission';
import type { OrbitalMaps } from '../../src/ground/orbital-maps';

/*
 * Small orbital maps made by hand for ground tests: a 120 m x 80 m site at 1 m posts, flat except
 * a steep mound (slopes well above 20 deg) centred at (60, 40), a sand patch around (30, 62) and a
 * boulder at (90, 20). Ground code sees only these maps, as it would see orbital products.
 */

export const MOUND = { x: 60, y: 40, radius: 14 } as const;
export const SAND = { x: 30, y: 62, radius: 8 } as const;
export const BOULDER = { x: 90, y: 20 } as const;

export function syntheticMaps(): OrbitalMaps {
  const geometry = { rows: 81, cols: 121, spacing: 1, x0: 0, y0: 80 };
  const dem = new Raster(geometry).map((_, r, c) => {
    const x = c, y = 80 - r;
    const d = Math.hypot(x - MOUND.x, y - MOUND.y);
    return d < MOUND.radius ? 8 * Math.cos((Math.PI / 2) * (d / MOUND.radius)) ** 2 * 1.6 : 0;
  });
  const slopeDeg = dem.slope().map(radToDeg);
  const soil = new Raster(geometry).map((_, r, c) => {
    const x = c, y = 80 - r;
    if (Math.hypot(x - SAND.x, y - SAND.y) < SAND.radius) return SoilClass.sand;
    if (Math.hypot(x - BOULDER.x, y - BOULDER.y) < 1.6) return SoilClass.bigRock;
    return SoilClass.soil;
  });
  const image = new Raster({ rows: 161, cols: 241, spacing: 0.5, x0: 0, y0: 80 }).map((_, r, c) => {
    const x = c * 0.5, y = 80 - r * 0.5;
    return soil.nearest(x, y) === SoilClass.sand ? 60 : 120 + 10 * Math.sin(x) + dem.sample(x, y) * 8;
  });
  return { image, dem, slopeDeg, soil };
}

export function syntheticMission(rules: Partial<FlightRules> = {}): Mission {
  return {
    start: { x_m: 10, y_m: 40, heading_deg: 0 },
    goal: { x_m: 110, y_m: 40, tolerance_m: 2 },
    keepOut: [],
    rules: { ...DEFAULT_FLIGHT_RULES, ...rules },
  };
}
