import { z } from 'zod';
import { memoryProblem } from '../../../src/core/memory-limit';

/*
 * Terrain parameters as scenario files write them (snake_case, units in the names). Defaults come
 * from docs/reference.md where it gives a figure; values it does not pin down are marked [assumed].
 */

const positive = z.number().positive();

export const ReliefParams = z
  .object({
    /** Median slope (deg) of the fractal relief at the base post spacing: the target slope distribution. */
    median_slope_deg: z.number().min(0).max(60).default(5),
    /** Hurst exponent of the fBm relief; 0.7-0.9 fits Mars DEMs [assumed]. */
    hurst: z.number().gt(0).lt(1).default(0.8),
    /** Longest relief wavelength (m) [assumed]. */
    max_wavelength_m: positive.default(400),
    /** A regional plane tilt (deg), e.g. a crater rim flank. */
    tilt_deg: z.number().min(0).max(60).default(0),
    /** Compass direction the tilted plane faces (deg clockwise from north; downhill direction). */
    tilt_azimuth_deg: z.number().default(0),
  })
  .strict();

export const CraterParams = z
  .object({
    /** Craters with diameter >= min_diameter_m per km^2. */
    density_per_km2: z.number().min(0).default(40),
    min_diameter_m: positive.default(4),
    max_diameter_m: positive.default(150),
    /** Exponent of the cumulative size-frequency power law N(>=D) ~ D^exponent; ~ -2 (docs/reference.md). */
    exponent: z.number().lt(0).default(-2),
    /** Depth/diameter of fresh simple craters ~ 0.2 (docs/reference.md). */
    depth_ratio: z.number().gt(0).max(0.5).default(0.2),
    /** Rim height/diameter; Pike (1977) gives ~0.036 for fresh simple craters [assumed here]. */
    rim_height_ratio: z.number().min(0).max(0.2).default(0.036),
    /** Craters are degraded (shallowed) by a factor drawn uniformly in [min_freshness, 1] [assumed]. */
    min_freshness: z.number().gt(0).max(1).default(1),
  })
  .strict();

export const RockParams = z
  .object({
    /** Golombek-Rapp total rock abundance k (docs/reference.md: Spirit ~0.05, Pathfinder 0.19). */
    k: z.number().gt(0, 'k must be > 0').lt(1, 'k must be < 1'),
    /** Smallest rock modelled (m) [assumed]: below ~0.2 m rocks are no hazard to 0.525 m wheels. */
    min_diameter_m: positive.default(0.2),
    max_diameter_m: positive.default(8),
    /** Height/diameter ~0.5 (docs/reference.md) [assumed]. */
    height_ratio: z.number().gt(0).max(1.5).default(0.5),
    /** Each rock's height ratio is height_ratio times a factor drawn uniformly in 1 +/- this [assumed]. */
    height_ratio_spread: z.number().min(0).lt(1).default(0.3),
    /**
     * Clustering (a Thomas process): this share of the rocks lies in clusters about centres scattered
     * over the site (and, with around_craters, one on each crater's rim, where ejecta blocks lie),
     * each rock a normal draw of sigma_m about its centre; the rest are scattered uniformly. The
     * abundance k holds over the site either way. Default 0: a uniform (Poisson) field.
     */
    clustering: z
      .strictObject({
        fraction: z.number().min(0).max(1).default(0),
        /** Cluster centres per km^2 [assumed]. */
        clusters_per_km2: positive.default(1000),
        /** Spread of a cluster about its centre, 1 sigma (m) [assumed]. */
        sigma_m: positive.default(3),
        around_craters: z.boolean().default(false),
      })
      .default({ fraction: 0, clusters_per_km2: 1000, sigma_m: 3, around_craters: false }),
  })
  .strict();

export const SandParams = z
  .object({
    /** Fraction of the site covered by sand sheets with ripples. */
    fraction: z.number().min(0).max(1).default(0.1),
    /** Ripple crest spacing (m) [assumed]. */
    ripple_wavelength_m: positive.default(5),
    /** Ripple crest height (m) [assumed]. */
    ripple_height_m: z.number().min(0).default(0.25),
    /** Wind direction the ripples face (deg clockwise from north); crests run across it. */
    wind_azimuth_deg: z.number().default(60),
    /** Typical sand-patch size (m) [assumed]. */
    patch_scale_m: positive.default(80),
  })
  .strict();

export const SoilParams = z
  .object({
    /** Fraction of the site (outside sand) that is exposed bedrock [assumed]. */
    bedrock_fraction: z.number().min(0).max(1).default(0.2),
    /** Slopes above this (deg) shed their soil and show bedrock [assumed]. */
    bedrock_slope_deg: z.number().min(0).max(90).default(25),
  })
  .strict();

/** What the truth site holds per post (heights, soil, slopes and their pyramids), measured on a 400 m site at 0.5 m: ~60 bytes. */
export const SITE_BYTES_PER_POST = 64;
export { MAX_SITE_MB_ENV } from '../../../src/core/memory-limit';

/** Why a truth site of `posts` posts may not be built (past the memory limit), or null when it fits: asked before allocating. */
export const siteMemoryProblem = (posts: number, advice: string): string | null =>
  memoryProblem(posts, SITE_BYTES_PER_POST, 'the truth site alone', advice);

/** A block with vertical sides raised into the base relief (site frame, m): from (x_m, y_m), length_m east by width_m north. */
export const StepParams = z.strictObject({
  x_m: z.number(),
  y_m: z.number(),
  length_m: positive,
  width_m: positive,
  height_m: z.number().positive().max(5),
});

export type StepParams = z.infer<typeof StepParams>;

export const ProceduralTerrainParams = z
  .object({
    /** Site extent: width (x, east) and height (y, north) in metres. */
    size_m: z.tuple([positive, positive]).default([200, 200]),
    /** Base elevation post spacing (m). */
    post_spacing_m: positive.default(1),
    relief: ReliefParams.default(ReliefParams.parse({})),
    craters: CraterParams.default(CraterParams.parse({})),
    rocks: RockParams.default(RockParams.parse({ k: 0.07 })),
    sand: SandParams.default(SandParams.parse({})),
    soil: SoilParams.default(SoilParams.parse({})),
    /** Hand-placed blocks (ledges, steps, ridges) raised into the relief: engineering what-ifs. */
    steps: z.array(StepParams).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.size_m[0] / p.post_spacing_m > 20000 || p.size_m[1] / p.post_spacing_m > 20000) {
      ctx.addIssue({ code: 'custom', path: ['post_spacing_m'], message: 'more than 20,000 posts along one side' });
    }
    const posts = (Math.floor(p.size_m[0] / p.post_spacing_m) + 1) * (Math.floor(p.size_m[1] / p.post_spacing_m) + 1);
    const memory = siteMemoryProblem(posts, 'make the site smaller or post_spacing_m coarser');
    if (memory) ctx.addIssue({ code: 'custom', path: ['size_m'], message: memory });
    if (p.size_m[0] < 2 * p.post_spacing_m || p.size_m[1] < 2 * p.post_spacing_m) {
      ctx.addIssue({ code: 'custom', path: ['size_m'], message: 'the site must span at least two posts each way' });
    }
    if (p.craters.max_diameter_m <= p.craters.min_diameter_m) {
      ctx.addIssue({ code: 'custom', path: ['craters', 'max_diameter_m'], message: 'must be greater than min_diameter_m' });
    }
    if (p.rocks.max_diameter_m <= p.rocks.min_diameter_m) {
      ctx.addIssue({ code: 'custom', path: ['rocks', 'max_diameter_m'], message: 'must be greater than min_diameter_m' });
    }
  });

export type ReliefParams = z.infer<typeof ReliefParams>;
export type CraterParams = z.infer<typeof CraterParams>;
export type RockParams = z.infer<typeof RockParams>;
export type SandParams = z.infer<typeof SandParams>;
export type SoilParams = z.infer<typeof SoilParams>;
export type ProceduralTerrainParams = z.infer<typeof ProceduralTerrainParams>;

/** What orbital products look like: HiRISE-like imaging and stereo DEM (docs/reference.md, Terrain). */
export const OrbitalParams = z
  .object({
    /** Orthoimage pixel size (m); HiRISE 0.25-0.5 m/px. */
    image_spacing_m: positive.default(0.25),
    /** Orbital DEM post spacing (m); HiRISE DTM posts 1-2 m. */
    dem_spacing_m: positive.default(1),
    /** 1-sigma vertical noise of the orbital DEM (m); "tens of cm" [assumed 0.15]. */
    dem_noise_m: z.number().min(0).default(0.15),
    /** Correlation length of that noise (m): stereo matching windows smooth it [assumed]. */
    dem_noise_correlation_m: z.number().min(0).default(3),
    /** Rocks at least this wide appear in the orthoimage; HiRISE resolves ~1-1.5 m rocks. */
    visible_rock_min_diameter_m: positive.default(1),
    /** Sun elevation above the horizon (deg) at image time [assumed: mid-afternoon]. */
    sun_elevation_deg: z.number().gt(0).max(90).default(35),
    /** Sun compass azimuth (deg clockwise from north) [assumed: from the west-south-west]. */
    sun_azimuth_deg: z.number().default(250),
    /**
     * Local true solar time (h) the image was taken at: when given, the Sun's elevation and azimuth
     * are those at the site at that hour of the sol before the scenario's date, replacing the two
     * above (MRO's sun-synchronous orbit images at ~15:00).
     */
    acquired_ltst_h: z.number().min(0).lt(24).optional(),
    /** Share of light that is diffuse sky light (shadows are not black on Mars) [assumed]. */
    ambient: z.number().min(0).max(1).default(0.3),
    /** Image noise, 1-sigma in 8-bit counts [assumed]. */
    image_noise_dn: z.number().min(0).default(1.5),
  })
  .strict();

export type OrbitalParams = z.infer<typeof OrbitalParams>;
