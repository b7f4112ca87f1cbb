import { SAFETY_LIMITS } from '../../world/safety';
import { EVENTS, type EventName } from '../../../src/fsw/event-dictionary';
import { z } from 'zod';
import { GridSidecar } from '../../../src/core/raster-io/sidecar';
import { OrbitalParams, ProceduralTerrainParams, RockParams, SandParams, SoilParams } from '../../world/terrain/params';
import { RelayConfig } from '../../world/comm/passes';
import { FlightRules, Goal, KeepInBox, KeepOutCircle, StartPose } from '../../../src/ground/mission';
import { ClaudePlannerConfig } from '../../../src/ground/planners/claude/config';

/*
 * The scenario file (YAML): the site, the drive asked for (start, goal, zones, flight rules), the
 * date and link, and the planners. Unknown fields are errors, so a misspelt key never silently falls
 * back to a default.
 */

/** The years a scenario may be set in [assumed]: today's relay orbiters and a delta T that is measured, not extrapolated, within a century of now. */
export const DATE_YEARS = [1900, 2100] as const;

export const DemTerrainSpec = z.strictObject({
  /** The DEM file, relative to the scenario file: .tif, .img/.lbl, .bin/.raw + .json sidecar, .npy, .png. */
  file: z.string().min(1),
  /** Force a format instead of choosing by extension. */
  format: z.enum(['geotiff', 'pds3', 'raw', 'npy', 'png16']).optional(),
  /** Sidecar fields given inline instead of in `<file>.json`. */
  description: GridSidecar.optional(),
  /** Procedural rocks to add on top of the DEM (Golombek-Rapp, abundance k). */
  rocks: RockParams.optional(),
  sand: SandParams.partial().optional(),
  soil: SoilParams.partial().optional(),
  /** What the DEM may hold before it is refused as damaged (defaults: Mars' range, -9,000 .. +22,000 m; 10% valid posts). */
  plausible: z.strictObject({
    height_range_m: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo < hi, 'the low end must be below the high end').optional(),
    min_valid_fraction: z.number().gt(0).lte(1).optional(),
  }).optional(),
});

export const TerrainSpec = z
  .strictObject({
    procedural: ProceduralTerrainParams.optional(),
    dem: DemTerrainSpec.optional(),
  })
  .superRefine((t, ctx) => {
    if (!t.procedural === !t.dem) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of `procedural` or `dem`' });
    }
  });

/** The planners a scenario offers: a human plan file, and settings of the baseline and the Claude planner. */
export const PlannersSpec = z.strictObject({
  /** The human plan (a *.plan.json file, relative to the scenario). */
  human: z.string().min(1).optional(),
  ai: ClaudePlannerConfig.default(ClaudePlannerConfig.parse({})),
  /**
   * A recorded Claude exchange (*.exchange.json, relative to the scenario) that `rover compare`
   * replays as the ai plan when ANTHROPIC_API_KEY is not set (it must replay on this site exactly).
   */
  ai_exchange: z.string().min(1).optional(),
});

/** Wheels by name (WHEELS order: left front, middle, rear; right front, middle, rear). */
export const WheelName = z.enum(['LF', 'LM', 'LR', 'RF', 'RM', 'RR']);

/** A fault injected into the run: a drive motor that stalls once the rover has driven so far. */
export const StalledWheelFault = z.strictObject({
  kind: z.literal('stalled_wheel'),
  wheel: WheelName,
  /** Odometer (m, truth) at which the motor stalls. */
  at_distance_m: z.number().min(0),
  /** How long it stays stalled (s); absent: for good. */
  duration_s: z.number().positive().optional(),
});
export const FaultSpec = z.discriminatedUnion('kind', [StalledWheelFault]);

const range = (lo: number, hi: number) =>
  z.tuple([z.number().min(lo).max(hi), z.number().min(lo).max(hi)]).refine(([a, b]) => a <= b, { message: 'give [low, high] with low <= high' });

/**
 * What varies between Monte Carlo runs (each run draws its own values from its seed). Ranges are
 * [low, high], drawn uniformly; scales multiply the scenario's values.
 */
export const Dispersions = z.strictObject({
  /** Draw a new terrain per run (procedural sites and the rocks/sand added to DEMs). */
  terrain_seed: z.boolean().default(true),
  /** Rock abundance k range (replaces terrain rocks.k). */
  rock_k: range(0.001, 0.5).optional(),
  /** Scale of every soil's slip curve. */
  slip_scale: range(0, 5).optional(),
  /** Scale of visual-odometry drift. */
  vo_drift_scale: range(0, 10).optional(),
  /** Stereo disparity noise (px). */
  stereo_noise_px: range(0, 2).optional(),
  /** Standard deviation of the initial position error (m) and heading error (deg) the rover starts with. */
  initial_position_sigma_m: z.number().min(0).max(20).default(0),
  initial_heading_sigma_deg: z.number().min(0).max(45).default(0),
  /** Light-time change (s, added to the ephemeris value). */
  light_time_offset_s: range(-3600, 3600).optional(),
  /** Probability that a run gets a stalled wheel, at a uniform distance along the straight line. */
  stalled_wheel_probability: z.number().min(0).max(1).default(0),
});

export const NavModeSpec = z.enum(['AUTONAV', 'ARC_VOTING', 'BLIND']);

/** A run's verdict, judged on truth (sim/app/runner/run.ts). */
export const OutcomeSpec = z.enum(['reached', 'stopped_hazard', 'fault', 'sol_limit', 'embedded', 'high_centred', 'rejected', 'nav_error']);

/** What a plan's run of the scenario is expected to come to, as shipped: the tests hold the scenario to it. */
export const Expectation = z.strictObject({
  outcome: OutcomeSpec,
  /** At most this many sols. */
  max_sols: z.int().min(1).max(60).optional(),
  /** The truth safety limits the run breaks (a failure-mode scenario's); none when absent. */
  safety_violations: z.array(z.enum(SAFETY_LIMITS)).default([]),
  /** Onboard events the run must raise (e.g. the fault a failure-mode scenario is about). */
  events: z.array(z.enum(Object.keys(EVENTS) as [EventName, ...EventName[]])).default([]),
});

/**
 * A Monte Carlo batch's expected result: with `runs` dispersed runs (batch seed `seed`), at least
 * `min_success` of them reach the goal, none with a truth safety violation.
 */
export const MonteCarloExpectation = z.strictObject({
  plan: z.enum(['human', 'baseline']).default('human'),
  runs: z.int().min(1).max(10000),
  seed: z.int().min(0).default(1),
  min_success: z.number().min(0).max(1),
});

/** The outcomes a shipped scenario states for its plans. */
export const Expectations = z.strictObject({
  human: Expectation.optional(),
  baseline: Expectation.optional(),
  montecarlo: MonteCarloExpectation.optional(),
});

export const Scenario = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Run seed: every random stream of the run derives from it. */
  seed: z.int().min(0).default(1),
  terrain: TerrainSpec,
  /** A vehicle file (relative to the scenario); Perseverance when absent. */
  vehicle: z.string().min(1).optional(),
  /**
   * UTC start of the scenario (ISO 8601): sets the Earth–Mars light time and conjunction. Default:
   * 2025-12-08, sol 1707, the first drive planned by a vision-language model (docs/reference.md).
   */
  date_utc: z.iso.datetime({ offset: true })
    .refine((d) => { const y = new Date(d).getUTCFullYear(); return y >= DATE_YEARS[0] && y <= DATE_YEARS[1]; },
      `must lie in the years ${DATE_YEARS[0]}-${DATE_YEARS[1]}: the light time, the Sun and the relay passes are modelled for them (Earth's rotation, delta T, is extrapolated beyond)`)
    .default('2025-12-08T12:00:00Z'),
  /**
   * Where on Mars the site lies (planetocentric): the local time of day and the Sun's path from the
   * date. Default: Perseverance's landing site in Jezero crater, 18.44 N 77.45 E (docs/reference.md).
   */
  site: z
    .strictObject({ latitude_deg: z.number().min(-90).max(90).default(18.44), longitude_east_deg: z.number().min(-180).max(360).default(77.45) })
    .default({ latitude_deg: 18.44, longitude_east_deg: 77.45 }),
  /**
   * The working day [assumed, docs/reference.md Power and the working day]: the rover drives only in
   * this window of local mean solar time (h) and for at most so many hours a sol. The run's sols are
   * local ones, each starting at local mean midnight; the relay passes' times are local mean solar time.
   */
  operations: z
    .strictObject({
      drive_window_lmst_h: z.tuple([z.number().min(0).max(24), z.number().min(0).max(24)]).default([10, 15]),
      drive_hours_per_sol: z.number().positive().max(24).default(4),
    })
    .superRefine((o, ctx) => {
      if (o.drive_window_lmst_h[1] <= o.drive_window_lmst_h[0]) ctx.addIssue({ code: 'custom', path: ['drive_window_lmst_h', 1], message: 'the window must close after it opens' });
    })
    .default({ drive_window_lmst_h: [10, 15], drive_hours_per_sol: 4 }),
  /** Relay passes per sol and their data volumes; MRO and Odyssey-like defaults [assumed]. */
  relay: RelayConfig.optional(),
  orbital: OrbitalParams.default(OrbitalParams.parse({})),
  /** Where the rover starts (site frame). A scenario may describe only a site; planning and runs need both. */
  start: StartPose.optional(),
  /** Where the drive should end. */
  goal: Goal.optional(),
  /** The box every drive stays inside; the whole map when absent. */
  keep_in: KeepInBox.optional(),
  /** Circles no drive may enter (boulders, sand seen from orbit). */
  keep_out: z.array(KeepOutCircle).default([]),
  rules: FlightRules.default(FlightRules.parse({})),
  planners: PlannersSpec.default(PlannersSpec.parse({})),
  /** The plans `rover compare` runs by default; `ai` is skipped when no API key is set. */
  compare: z.array(z.enum(['human', 'baseline', 'ai'])).min(1).default(['human', 'baseline', 'ai']),
  /** How the rover drives between waypoints: ENav (AUTONAV), GESTALT-style arc voting, or blind. */
  nav_mode: NavModeSpec.default('AUTONAV'),
  /** Sols the run may take before it is called (sol_limit). */
  sol_limit: z.int().min(1).max(60).default(4),
  faults: z.array(FaultSpec).default([]),
  dispersions: Dispersions.optional(),
  /** The outcomes this scenario is expected to reach, per plan (the shipped scenarios' tests assert them). */
  expect: Expectations.optional(),
});

export type DemTerrainSpec = z.infer<typeof DemTerrainSpec>;
export type TerrainSpec = z.infer<typeof TerrainSpec>;
export type Scenario = z.infer<typeof Scenario>;
export type PlannersSpec = z.infer<typeof PlannersSpec>;
export type FaultSpec = z.infer<typeof FaultSpec>;
export type Dispersions = z.infer<typeof Dispersions>;
export type NavModeSpec = z.infer<typeof NavModeSpec>;
export type Expectation = z.infer<typeof Expectation>;
export type MonteCarloExpectation = z.infer<typeof MonteCarloExpectation>;
export type Expectations = z.infer<typeof Expectations>;
