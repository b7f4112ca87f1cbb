import { SoilClass } from '../../../src/core/soil-class';

export { SoilClass, SOIL_CLASS_NAMES } from '../../../src/core/soil-class';

/**
 * Visible-band albedo per class for orbital and camera shading [assumed]: Mars dust-covered soil is
 * ~0.25; dark basaltic sand ~0.15; dust-shedding bedrock and boulders brighter than soil (boulders
 * show as bright sunlit faces beside dark shadows in HiRISE images).
 */
export const SOIL_ALBEDO: Record<SoilClass, number> = {
  0: 0.25,
  1: 0.3,
  2: 0.16,
  3: 0.32,
};

/** Display colours (RGB) for soil-class maps. */
export const SOIL_COLOURS: Record<SoilClass, [number, number, number]> = {
  0: [196, 150, 110],
  1: [120, 110, 100],
  2: [70, 60, 90],
  3: [220, 40, 40],
};
