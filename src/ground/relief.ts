/**
 * How a map shows relief: `contours` over the orbital image (the default: the picture the planner saw,
 * with the heights on it), a `hillshade` of the orbital DEM with contours (relief alone, no albedo),
 * or the orbital image alone (`none`). A module of its own: the command line reads it without loading
 * any drawing code.
 */
export const RELIEF_MODES = ['contours', 'hillshade', 'none'] as const;
export type Relief = (typeof RELIEF_MODES)[number];
