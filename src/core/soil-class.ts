/**
 * Terrain classes after AI4Mars (docs/reference.md: soil, bedrock, sand, big rock). Stored as uint8 in
 * soil-class rasters; the numbering is part of file formats (soil maps) and is shared by the world
 * (sim/) and the ground planners (src/ground, which read orbital soil maps), so never reorder it.
 */
export const SoilClass = {
  soil: 0,
  bedrock: 1,
  sand: 2,
  bigRock: 3,
} as const;

export type SoilClass = (typeof SoilClass)[keyof typeof SoilClass];

export const SOIL_CLASS_NAMES: Record<SoilClass, keyof typeof SoilClass> = {
  0: 'soil',
  1: 'bedrock',
  2: 'sand',
  3: 'bigRock',
};
