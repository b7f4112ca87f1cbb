import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors';
import { requirePlausible, type Dem, type DemFormat, type DemPlausibility } from './dem';
import { readGeoTiff } from './geotiff';
import { readNpy } from './npy';
import { readPds3 } from './pds3';
import { readPng16 } from './png16';
import { readRaw } from './raw';
import { DemSidecar, GridSidecar } from './sidecar';

export type { Dem, DemFormat, DemPlausibility, GeoReference } from './dem';
export { MARS_DEM } from './dem';
export { DemSidecar, GridSidecar } from './sidecar';
export { readGeoTiff, writeGeoTiff, GEOTIFF_NODATA } from './geotiff';
export { readPds3 } from './pds3';
export { readRaw } from './raw';
export { readNpy } from './npy';
export { readPng16, writePng16, type Png16Encoding } from './png16';

const EXTENSIONS: Record<string, DemFormat> = {
  '.tif': 'geotiff', '.tiff': 'geotiff',
  '.img': 'pds3', '.lbl': 'pds3',
  '.bin': 'raw', '.raw': 'raw', '.f32': 'raw', '.dat': 'raw',
  '.npy': 'npy',
  '.png': 'png16',
};

const SELF_DESCRIBING: DemFormat[] = ['geotiff', 'pds3'];

export interface LoadDemOptions {
  /**
   * Layout of a raw / npy / png16 grid given inline (e.g. from a scenario file) instead of the
   * `<file>.json` sidecar. Raw grids need rows, cols and spacing_m; npy and png16 need spacing_m.
   */
  description?: GridSidecar;
  /** Overrides the choice by file extension. */
  format?: DemFormat;
  /** What the DEM may hold (default: Mars' height range, at least 10% valid posts). */
  plausible?: DemPlausibility;
}

/** Loads a DEM file of any supported format into a Raster, south-west post at site (0, 0). */
export async function loadDem(path: string, options: LoadDemOptions = {}): Promise<Dem> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError(path, '', 'file not found');
  }
  if (!isFile) throw new InputError(path, '', 'is not a file (expected a DEM file)');

  const ext = extname(path).toLowerCase();
  const format = options.format ?? EXTENSIONS[ext];
  if (!format) {
    throw new InputError(path, '', `unknown DEM file type "${ext || '(no extension)'}"; supported: ` +
      Object.entries(EXTENSIONS).map(([e, f]) => `${e} (${f})`).join(', '));
  }
  const { description } = options;
  if (description !== undefined && SELF_DESCRIBING.includes(format)) {
    throw new InputError(path, 'description', `a ${format} file describes itself; a description applies only to raw, npy and png16 grids`);
  }
  const dem = await readDemFormat(path, format, description);
  requirePlausible(dem, options.plausible);
  return dem;
}

async function readDemFormat(path: string, format: DemFormat, description: GridSidecar | undefined): Promise<Dem> {
  switch (format) {
    case 'geotiff': return readGeoTiff(path);
    case 'pds3': return readPds3(path);
    // readRaw validates the description itself: rows and cols are required for raw grids.
    case 'raw': return readRaw(path, description as DemSidecar | undefined);
    case 'npy': return readNpy(path, description);
    case 'png16': return readPng16(path, description);
    default: throw new InputError(path, 'format', `unknown DEM format "${String(format)}"; expected geotiff, pds3, raw, npy or png16`);
  }
}
