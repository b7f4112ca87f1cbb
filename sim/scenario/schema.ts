import { z } from 'zod';
import { GridSidecar } from '../../src/core/raster-io/sidecar';
import { OrbitalParams, ProceduralTerrainParams, RockParams, SandParams, SoilParams } from '../terrain/params';
import { RelayConfig } from '../comm/passes';

/*
 * The scenario file (YAML). This is the part that exists so far: the site. Later parts (start,
 * goal, zones, date, plans, faults, dispersions) extend this schema. Unknown fields are errors, so a
 * misspelt key never silently falls back to a default.
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
});

export type DemTerrainSpec = z.infer<typeof DemTerrainSpec>;
export type TerrainSpec = z.infer<typeof TerrainSpec>;
export type Scenario = z.infer<typeof Scenario>;
