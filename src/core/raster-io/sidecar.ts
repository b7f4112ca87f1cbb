import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors';
import type { GeoReference } from './dem';

/*
 * The small JSON description that gives a bare grid (raw, npy, png16) what its bytes do not say:
 * size, post spacing, sample encoding, nodata, height scaling, row order and, optionally, where it is.
 * Defaults are applied by the readers, not by the schema, so the parsed type is exactly what a user
 * writes and scenario files can embed the same object inline.
 */

const shape = {
  /** Rows (lines) in the file. */
  rows: z.int().positive(),
  /** Columns (samples per row) in the file. */
  cols: z.int().positive(),
  /** Post spacing in metres, the same east and north. */
  spacing_m: z.number().positive(),
  /** Encoding of one sample; float32 when absent. */
  sample_type: z.enum(['float32', 'float64', 'int16', 'uint16']).optional(),
  /** little when absent. */
  byte_order: z.enum(['little', 'big']).optional(),
  /** Bytes to skip before the first sample; 0 when absent. */
  header_bytes: z.int().min(0).optional(),
  /** Raw sample value meaning "no data" (compared before scaling). */
  nodata: z.number().optional(),
  /** height = height_offset_m + height_scale * raw; 1 when absent. */
  height_scale: z.number().refine((v) => v !== 0, 'must not be 0 (that would flatten the terrain)').optional(),
  /** 0 when absent. */
  height_offset_m: z.number().optional(),
  /** Which edge the file's first row is on; north when absent ('south' rows are flipped on load). */
  row0: z.enum(['north', 'south']).optional(),
  /** Free text: where the data came from. */
  source: z.string().optional(),
  /** Projected easting (m) of the centre of the file's first post. */
  origin_easting_m: z.number().optional(),
  /** Projected northing (m) of the centre of the file's first post. */
  origin_northing_m: z.number().optional(),
};

/** Description of a raw grid; rows, cols and spacing_m are required. */
export const DemSidecar = z.strictObject(shape);
export type DemSidecar = z.infer<typeof DemSidecar>;

/**
 * Description of a grid whose file gives its own size (npy, png16): rows and cols may be left out,
 * and are checked against the file when given.
 */
export const GridSidecar = z.strictObject({ ...shape, rows: shape.rows.optional(), cols: shape.cols.optional() });
export type GridSidecar = z.infer<typeof GridSidecar>;

const EXPECTED: Record<string, string> = {
  rows: 'a whole number >= 1',
  cols: 'a whole number >= 1',
  spacing_m: 'a positive post spacing in metres',
  sample_type: 'one of float32, float64, int16, uint16',
  byte_order: 'little or big',
  header_bytes: 'a whole number of bytes >= 0',
  nodata: 'a number (the raw sample value meaning no data)',
  height_scale: 'a non-zero number (0 would flatten the terrain)',
  height_offset_m: 'a number of metres',
  row0: 'north or south',
  source: 'a string',
  origin_easting_m: 'a number of metres',
  origin_northing_m: 'a number of metres',
};

/** Validates a description object; errors name `file` and the field. */
export function parseDescription<S extends typeof DemSidecar | typeof GridSidecar>(
  file: string,
  schema: S,
  data: unknown,
): z.infer<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    throw new InputError(file, issue.keys.join(', '),
      `unknown field${issue.keys.length > 1 ? 's' : ''}; the fields are: ${Object.keys(schema.shape).join(', ')}`);
  }
  const field = issue.path.map(String).join('.');
  if (issue.path.length === 0) throw new InputError(file, '', `expected a JSON object with ${Object.keys(schema.shape).join(', ')}`);
  const expected = EXPECTED[field];
  const input = 'input' in issue ? issue.input : undefined;
  if (input === undefined) throw new InputError(file, field, `is missing; expected ${expected ?? issue.message}`);
  throw new InputError(file, field, `${expected ? `expected ${expected}` : issue.message}, got ${JSON.stringify(input)}`);
}

/** Reads and validates `<dataPath>.json`; `undefined` when there is none. */
export function readSidecar<S extends typeof DemSidecar | typeof GridSidecar>(
  dataPath: string,
  schema: S,
): z.infer<S> | undefined {
  const sidecarPath = `${dataPath}.json`;
  if (!existsSync(sidecarPath)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(sidecarPath, 'utf8'));
  } catch (e) {
    throw new InputError(sidecarPath, '', `is not valid JSON: ${(e as Error).message}`);
  }
  return parseDescription(sidecarPath, schema, data);
}

/**
 * The description for a grid: the one given by the caller (e.g. inline in a scenario), else the
 * sidecar file. Returns where it came from too, so later errors point at the right file.
 */
export function resolveDescription<S extends typeof DemSidecar | typeof GridSidecar>(
  dataPath: string,
  schema: S,
  given: unknown,
  missingHint: string,
): { description: z.infer<S>; descriptionFile: string } {
  if (given !== undefined) {
    const descriptionFile = `${dataPath} (description)`;
    return { description: parseDescription(descriptionFile, schema, given), descriptionFile };
  }
  const description = readSidecar(dataPath, schema);
  if (!description) throw new InputError(dataPath, '', missingHint);
  return { description, descriptionFile: `${dataPath}.json` };
}

/** Fields that make no sense for a self-describing format are refused rather than silently ignored. */
export function refuseFields(file: string, description: GridSidecar, fields: (keyof GridSidecar)[], why: string): void {
  for (const f of fields) {
    if (description[f] !== undefined) throw new InputError(file, f, `is not used here: ${why}`);
  }
}

/** Checks rows/cols given in a description against the size the file itself declares. */
export function checkSize(file: string, description: GridSidecar, rows: number, cols: number, what: string): void {
  if (description.rows !== undefined && description.rows !== rows) {
    throw new InputError(file, 'rows', `says ${description.rows} but the ${what} has ${rows} rows`);
  }
  if (description.cols !== undefined && description.cols !== cols) {
    throw new InputError(file, 'cols', `says ${description.cols} but the ${what} has ${cols} columns`);
  }
}

/**
 * Geo reference of raster post (0,0) (north-west) from the description's origin, which is given for
 * the file's first post: when rows run south to north that post is the south-west one.
 */
export function geoFromDescription(file: string, d: GridSidecar, rows: number, spacing: number): GeoReference | undefined {
  const e = d.origin_easting_m, n = d.origin_northing_m;
  if (e === undefined && n === undefined) return undefined;
  if (e === undefined || n === undefined) {
    throw new InputError(file, e === undefined ? 'origin_easting_m' : 'origin_northing_m',
      'origin_easting_m and origin_northing_m go together; give both or neither');
  }
  return { easting0: e, northing0: d.row0 === 'south' ? n + (rows - 1) * spacing : n };
}
