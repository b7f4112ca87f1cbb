import { readFileSync } from 'node:fs';
import { memoryProblem } from '../memory-limit';
import { fromArrayBuffer, globals, writeArrayBuffer, type GeoTIFFImage, type GeotiffWriterMetadata } from 'geotiff';
import { InputError } from '../errors';
import { writeFileAtomic } from '../files';
import { Raster } from '../raster';
import { fileSize, requireValidData, siteGeometry, type Dem, type GeoReference } from './dem';
import { nodataEquals, toHeights } from './samples';

type GeoKeyValue = number | string | number[];

/** GeoKey name -> numeric id, from geotiff's own table (covers GeoTIFF 1.0 keys). */
const GEOKEY_IDS: Record<string, number> = globals.geoKeys;

const USER_DEFINED = 32767;
const METRE = 9001;
/** Written for NaN posts. Far below any Mars elevation (the lowest is about -8.2 km). */
export const GEOTIFF_NODATA = -32767;

/**
 * Storage type of each GeoKey (GeoTIFF 1.0 spec, 6.2). geotiff's reader returns SHORT and DOUBLE keys
 * alike as numbers, so the type has to come from the spec to write them back as GDAL expects.
 */
function geoKeyType(id: number): 'SHORT' | 'DOUBLE' | 'ASCII' {
  if (id === 1026 || id === 2049 || id === 3073 || id === 4097) return 'ASCII';
  if ([2053, 2055, 2057, 2058, 2059, 2061, 2062, 3077].includes(id) || (id >= 3078 && id <= 3096)) return 'DOUBLE';
  return 'SHORT';
}

function notReadable(path: string, reason: string): InputError {
  return new InputError(path, '', `is not a readable GeoTIFF: ${reason}`);
}

/**
 * geotiff happily decodes a truncated file into zeros or throws a bare RangeError; checking that the
 * file covers every strip/tile gives the user the actual cause.
 */
async function checkDataInFile(path: string, image: GeoTIFFImage, size: number): Promise<void> {
  const fd = image.fileDirectory;
  const [offsetsTag, countsTag] = image.isTiled
    ? (['TileOffsets', 'TileByteCounts'] as const)
    : (['StripOffsets', 'StripByteCounts'] as const);
  // Large offset arrays are deferred in geotiff 3: only loadValue (async) reads them, getValue throws.
  const offsets = (await fd.loadValue(offsetsTag)) as ArrayLike<number | bigint> | undefined;
  const counts = (await fd.loadValue(countsTag)) as ArrayLike<number | bigint> | undefined;
  if (!offsets || !counts) throw new InputError(path, !offsets ? offsetsTag : countsTag, 'missing: the file says nowhere where its pixels are');
  let end = 0;
  for (let i = 0; i < offsets.length; i++) {
    const count = Number(counts[i] ?? 0);
    if (count > 0) end = Math.max(end, Number(offsets[i]) + count); // count 0 = sparse block, filled with nodata
  }
  if (end > size) throw notReadable(path, `file is truncated: data ends at byte ${end} but the file has ${size} bytes`);
}

/** Projected position of the centre of pixel (0,0) and the post spacing, from the file's georeferencing. */
function readPlacement(path: string, image: GeoTIFFImage, pixelIsPoint: boolean): { spacing: number; easting0: number; northing0: number } {
  const fd = image.fileDirectory;
  const scale = fd.getValue('ModelPixelScale') as ArrayLike<number> | undefined;
  const tie = fd.getValue('ModelTiepoint') as ArrayLike<number> | undefined;
  const transform = fd.getValue('ModelTransformation') as ArrayLike<number> | undefined;
  // Raster-space coordinate of pixel (0,0)'s centre: 0.5 for PixelIsArea, 0 for PixelIsPoint (GeoTIFF 2.5.2.2).
  const c = pixelIsPoint ? 0 : 0.5;
  let resX: number, resY: number, easting0: number, northing0: number;
  let field: string;
  if (scale && tie && tie.length >= 6) {
    field = 'ModelPixelScale';
    resX = scale[0];
    resY = scale[1];
    // Honour the tiepoint's raster coordinate (I, J): it need not be the (0,0) corner.
    easting0 = tie[3] + (c - tie[0]) * resX;
    northing0 = tie[4] - (c - tie[1]) * resY;
  } else if (transform && transform.length >= 8) {
    field = 'ModelTransformation';
    if (transform[1] !== 0 || transform[4] !== 0) {
      throw new InputError(path, field, 'the raster is rotated or sheared; expected a north-up grid (gdalwarp it first)');
    }
    resX = transform[0];
    resY = -transform[5];
    easting0 = transform[3] + c * transform[0];
    northing0 = transform[7] + c * transform[5];
  } else {
    throw new InputError(path, 'ModelPixelScale',
      'missing (no ModelPixelScale + ModelTiepoint or ModelTransformation): the post spacing is unknown');
  }
  if (!(resX > 0) || !Number.isFinite(resX)) throw new InputError(path, field, `x pixel size must be positive, got ${resX}`);
  if (!(resY > 0) || !Number.isFinite(resY)) {
    throw new InputError(path, field, `y pixel size must be positive with row 0 north, got ${resY}`);
  }
  if (Math.abs(resX - resY) > 1e-6 * resX) {
    throw new InputError(path, field, `pixels must be square: x size ${resX} m, y size ${resY} m (resample to square posts first)`);
  }
  return { spacing: resX, easting0, northing0 };
}

function plainGeoKeys(keys: Record<string, unknown> | null): Record<string, GeoKeyValue> {
  const out: Record<string, GeoKeyValue> = {};
  if (!keys) return out;
  for (const [name, v] of Object.entries(keys)) {
    if (!(name in GEOKEY_IDS)) continue; // private keys geotiff cannot name
    if (typeof v === 'number' || typeof v === 'string') out[name] = v;
    else if (ArrayBuffer.isView(v) || Array.isArray(v)) out[name] = Array.from(v as ArrayLike<number>, Number);
  }
  return out;
}

function crsText(keys: Record<string, GeoKeyValue>): string | undefined {
  for (const k of ['GTCitationGeoKey', 'PCSCitationGeoKey', 'GeogCitationGeoKey']) {
    const v = keys[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  const pcs = keys.ProjectedCSTypeGeoKey;
  return typeof pcs === 'number' && pcs !== USER_DEFINED ? `EPSG:${pcs}` : undefined;
}

function gdalNodata(image: GeoTIFFImage): number | undefined {
  // Parsed here rather than by image.getGDALNoData(), which drops the last character unconditionally.
  const text = image.fileDirectory.hasTag('GDAL_NODATA') ? image.fileDirectory.getValue('GDAL_NODATA') : undefined;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.replace(/\0+$/, '').trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** Reads a single-band GeoTIFF DEM (projected, metres, north-up) into a Raster placed by the site rule. */
export async function readGeoTiff(path: string): Promise<Dem> {
  const size = fileSize(path);
  const buf = readFileSync(path);
  const arrayBuffer = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  try {
    const tiff = await fromArrayBuffer(arrayBuffer);
    const image = await tiff.getImage(0);
    const rows = image.getHeight(), cols = image.getWidth();
    if (!(rows >= 1 && cols >= 1)) throw notReadable(path, `image size ${cols} x ${rows}`);
    // Asked before decoding: a small compressed file can declare an image of any size.
    const memory = memoryProblem(rows * cols, 8, `its ${cols} x ${rows} heights`, 'crop the DEM to the area of the drive');
    if (memory) throw new InputError(path, '', memory);
    if (image.getSamplesPerPixel() !== 1) {
      throw new InputError(path, 'SamplesPerPixel', `is ${image.getSamplesPerPixel()}; expected a single-band elevation GeoTIFF`);
    }
    const sampleFormat = image.getSampleFormat(0);
    if (![1, 2, 3].includes(sampleFormat)) {
      throw new InputError(path, 'SampleFormat', `is ${sampleFormat}; expected integer or IEEE float samples (1, 2 or 3)`);
    }

    const geoKeys = plainGeoKeys(image.getGeoKeys());
    if (geoKeys.GTModelTypeGeoKey === 2) {
      throw new InputError(path, 'GTModelTypeGeoKey',
        'is 2 (geographic: pixel sizes in degrees); expected a projected DEM with posts in metres (reproject it first)');
    }
    const units = geoKeys.ProjLinearUnitsGeoKey;
    if (typeof units === 'number' && units !== METRE && !(units === USER_DEFINED && geoKeys.ProjLinearUnitSizeGeoKey === 1)) {
      throw new InputError(path, 'ProjLinearUnitsGeoKey', `is ${units}; expected ${METRE} (metre)`);
    }
    const pixelIsPoint = geoKeys.GTRasterTypeGeoKey === 2;
    const { spacing, easting0, northing0 } = readPlacement(path, image, pixelIsPoint);

    await checkDataInFile(path, image, size);
    const bands = await image.readRasters({ samples: [0], interleave: false });
    const band = bands[0];
    if (!band || band.length !== rows * cols) throw notReadable(path, `decoded ${band?.length ?? 0} samples, expected ${rows * cols}`);
    const values = band instanceof Float32Array ? band : Float32Array.from(band);

    // GDAL keeps a band's scale/offset in its metadata XML, not in a TIFF tag.
    const meta = (await image.getGDALMetadata(0)) ?? {};
    const gdalScale = Number(meta.SCALE ?? 1), gdalOffset = Number(meta.OFFSET ?? 0);
    toHeights(values, {
      isNodata: nodataEquals(gdalNodata(image)),
      scale: Number.isFinite(gdalScale) ? gdalScale : 1,
      offset: Number.isFinite(gdalOffset) ? gdalOffset : 0,
    });

    const raster = new Raster(siteGeometry(rows, cols, spacing), values);
    requireValidData(path, raster);
    const crs = crsText(geoKeys);
    const geo: GeoReference = { easting0, northing0, ...(crs !== undefined && { crs }), geoKeys };
    return { raster, source: path, format: 'geotiff', geo };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    // A RangeError out of geotiff means it read past the end of the bytes it was given.
    throw notReadable(path, e instanceof RangeError ? `file is truncated or corrupt (${reason}; the file has ${size} bytes)` : reason);
  }
}

/** Builds the GeoKeyDirectory ourselves: the writer's own builder knows only a dozen keys. */
function encodeGeoKeys(keys: Record<string, GeoKeyValue>): { directory: number[]; doubles: number[]; ascii: string } {
  const entries: number[][] = [];
  const doubles: number[] = [];
  let ascii = '';
  const ids = Object.keys(keys).filter((k) => k in GEOKEY_IDS).sort((a, b) => GEOKEY_IDS[a] - GEOKEY_IDS[b]);
  for (const name of ids) {
    const id = GEOKEY_IDS[name];
    const v = keys[name];
    const type = geoKeyType(id);
    if (type === 'SHORT' && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535) {
      entries.push([id, 0, 1, v]);
    } else if (type === 'DOUBLE' && (typeof v === 'number' || (Array.isArray(v) && v.length > 0 && v.every(Number.isFinite)))) {
      const arr = typeof v === 'number' ? [v] : v;
      entries.push([id, 34736, arr.length, doubles.length]);
      doubles.push(...arr);
    } else if (type === 'ASCII' && typeof v === 'string') {
      // GeoTIFF ends each ASCII key with '|'; readers strip it.
      const text = `${v.replace(/\0/g, '')}|`;
      entries.push([id, 34737, text.length, ascii.length]);
      ascii += text;
    }
    // Anything else does not fit the spec'd type for its key and is skipped rather than written wrong.
  }
  return { directory: [1, 1, 0, entries.length, ...entries.flat()], doubles, ascii };
}

/**
 * geotiff's writer reserves a fixed 1000 bytes for the header and IFD and silently cuts off whatever
 * does not fit, so estimate the IFD the way it lays it out (12-byte entries, values over 4 bytes
 * stored after them, padded to even) before writing.
 */
function ifdBytes(tags: { count: number; bytesEach: number }[]): number {
  let size = 8 + 2 + 12 * tags.length + 4;
  for (const t of tags) {
    const n = t.count * t.bytesEach;
    if (n > 4) size += n + (n & 1);
  }
  return size;
}
const IFD_LIMIT = 1000;

/**
 * Writes a raster as a float32 GeoTIFF (NaN stored as GDAL_NODATA -32767), north-up, one strip.
 * With `geo`, pixels are placed in its projected frame and its geoKeys are written back; without,
 * in the site frame, marked as a user-defined metric CRS (never the writer's default EPSG:4326).
 */
export function writeGeoTiff(path: string, raster: Raster, geo?: GeoReference): void {
  const s = raster.spacing;
  // The writer stores ImageWidth/ImageLength as SHORT and would wrap larger sizes.
  if (raster.rows > 65535 || raster.cols > 65535) throw new RangeError(`GeoTIFF writer handles at most 65535 x 65535 posts, got ${raster.rows} x ${raster.cols}`);
  const e0 = geo ? geo.easting0 : raster.x0;
  const n0 = geo ? geo.northing0 : raster.y0;
  if (!Number.isFinite(e0) || !Number.isFinite(n0)) throw new RangeError(`GeoTIFF origin must be finite, got (${e0}, ${n0})`);
  const h = s / 2;
  // Tie the pixel (0,0) corner as GIS tools expect; but when corner -> centre does not give the centre
  // back bit for bit in float64, tie the centre itself (raster point 0.5, 0.5) so a re-read is exact.
  const cornerExact = e0 - h + h === e0 && n0 + h - h === n0;
  const tiepoint = cornerExact ? [0, 0, 0, e0 - h, n0 + h, 0] : [0.5, 0.5, 0, e0, n0, 0];

  const keys: Record<string, GeoKeyValue> = geo?.geoKeys ? { ...geo.geoKeys } : { GTCitationGeoKey: geo?.crs ?? 'local site frame (metres)' };
  keys.GTModelTypeGeoKey = 1; // projected
  keys.GTRasterTypeGeoKey = 1; // PixelIsArea, matching the corner/centre tiepoint above
  if (typeof keys.ProjectedCSTypeGeoKey !== 'number') keys.ProjectedCSTypeGeoKey = USER_DEFINED;
  if (typeof keys.ProjLinearUnitsGeoKey !== 'number') keys.ProjLinearUnitsGeoKey = METRE;

  let encoded = encodeGeoKeys(keys);
  const size = (): number => ifdBytes([
    { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 4 }, { count: 1, bytesEach: 4 },
    { count: 11, bytesEach: 1 }, // Software "geotiff.js"
    { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 2 },
    { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 2 }, { count: 1, bytesEach: 4 }, { count: 1, bytesEach: 2 },
    { count: 3, bytesEach: 8 }, { count: 6, bytesEach: 8 }, { count: String(GEOTIFF_NODATA).length + 1, bytesEach: 1 },
    { count: encoded.directory.length, bytesEach: 2 },
    { count: encoded.doubles.length, bytesEach: 8 },
    { count: encoded.ascii.length + 1, bytesEach: 1 },
  ]);
  // Citations are descriptive (the numeric keys define the CRS), so they are what gives way first.
  const citations = Object.keys(keys).filter((k) => typeof keys[k] === 'string').sort((a, b) => String(keys[b]).length - String(keys[a]).length);
  while (size() > IFD_LIMIT && citations.length > 0) {
    delete keys[citations.shift()!];
    encoded = encodeGeoKeys(keys);
  }
  if (size() > IFD_LIMIT) throw new RangeError(`GeoTIFF header would exceed the writer's ${IFD_LIMIT} bytes; too many GeoKeys`);

  const values = new Float32Array(raster.values.length);
  for (let i = 0; i < values.length; i++) {
    const v = raster.values[i];
    if (v === GEOTIFF_NODATA) throw new RangeError(`height ${v} at index ${i} equals the GeoTIFF nodata value`);
    values[i] = Number.isNaN(v) ? GEOTIFF_NODATA : v;
  }

  const metadata: GeotiffWriterMetadata = {
    width: raster.cols,
    height: raster.rows,
    BitsPerSample: [32],
    SampleFormat: [3],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 1,
    ModelPixelScale: [s, s, 0],
    ModelTiepoint: tiepoint,
    GDAL_NODATA: String(GEOTIFF_NODATA),
    // Present so the writer does not stamp EPSG:4326 and a whole-globe tiepoint over ours; the real
    // value travels in the GeoKeyDirectory below, which the writer then uses as given.
    ProjectedCSTypeGeoKey: keys.ProjectedCSTypeGeoKey as number,
    GeoKeyDirectory: encoded.directory,
    ...(encoded.doubles.length > 0 && { GeoDoubleParams: encoded.doubles }),
    ...(encoded.ascii.length > 0 && { GeoAsciiParams: encoded.ascii }),
  };
  writeFileAtomic(path, new Uint8Array(writeArrayBuffer(values, metadata)));
}
