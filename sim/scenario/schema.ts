import { z } from 'zod';
import { GridSidecar } from '../../src/core/raster-io/sidecar';
import { OrbitalParams, ProceduralTerrainParams, RockParams, SandParams, SoilParams } from '../terrain/params';
import { RelayConfig } from '../comm/passes';
import { FlightRules, Goal, KeepInBox, KeepOutCircle, StartPose } from '../../src/ground/mission';
import { ClaudePlannerConfig } from '../../src/ground/planners/claude/config';

/*
 * The scenario file (YAML): the site, the drive asked for (start, goal, zones, flight rules), the
 * date and link, and the planners. Unknown fields are errors, so a misspelt key never silently falls
 * back to a default.
 */

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
   * 2025-12-08, sol 1707, the first drive planned by a vision-language model (REFERENCE.md).
   */
  date_utc: z.iso.datetime({ offset: true }).default('2025-12-08T12:00:00Z'),
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
});

export type DemTerrainSpec = z.infer<typeof DemTerrainSpec>;
export type TerrainSpec = z.infer<typeof TerrainSpec>;
export type Scenario = z.infer<typeof Scenario>;
export type PlannersSpec = z.infer<typeof PlannersSpec>;
