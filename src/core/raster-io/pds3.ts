import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from '../errors';
import { Raster } from '../raster';
import { fileSize, readBytes, requirePositiveSpacing, requireValidData, siteGeometry, type Dem, type GeoReference } from './dem';
import { OdlError, findNode, parseOdl, type OdlNode, type OdlValue } from './odl';
import { BYTES_PER_SAMPLE, decodeSamples, toHeights, type SampleType } from './samples';

/*
 * PDS3 images with an attached or detached ODL label, as HiRISE (and CTX, HRSC...) DTMs are
 * archived. Only single-band images; PDS3 Standards Reference ch. 12 (ODL) and appendix A (IMAGE,
 * IMAGE_MAP_PROJECTION).
 */

/** Attached labels are far smaller than this; it bounds the read before the label says its size. */
const MAX_LABEL_BYTES = 1 << 20;

const REAL_TYPES: Record<string, boolean> = {
  // value: little-endian?
  PC_REAL: true, IEEE_REAL: false, REAL: false, MAC_REAL: false, SUN_REAL: false, FLOAT: false,
};
const INTEGER_TYPES: Record<string, { littleEndian: boolean; signed: boolean }> = {
  LSB_INTEGER: { littleEndian: true, signed: true }, PC_INTEGER: { littleEndian: true, signed: true },
  VAX_INTEGER: { littleEndian: true, signed: true },
  MSB_INTEGER: { littleEndian: false, signed: true }, INTEGER: { littleEndian: false, signed: true },
  SUN_INTEGER: { littleEndian: false, signed: true }, MAC_INTEGER: { littleEndian: false, signed: true },
  LSB_UNSIGNED_INTEGER: { littleEndian: true, signed: false }, PC_UNSIGNED_INTEGER: { littleEndian: true, signed: false },
  VAX_UNSIGNED_INTEGER: { littleEndian: true, signed: false },
  MSB_UNSIGNED_INTEGER: { littleEndian: false, signed: false }, UNSIGNED_INTEGER: { littleEndian: false, signed: false },
  SUN_UNSIGNED_INTEGER: { littleEndian: false, signed: false }, MAC_UNSIGNED_INTEGER: { littleEndian: false, signed: false },
};

/** HiRISE and ISIS write their special pixels (NULL, LRS, LIS, HIS, HRS) as huge negative floats. */
const SPECIAL_REAL_BELOW = -1e30;

function looksLikeLabel(head: Uint8Array): boolean {
  const text = Buffer.from(head).toString('latin1');
  return /^\s*(PDS_VERSION_ID|ODL_VERSION_ID|CCSD3ZF|\/\*)/.test(text) || /^\s*\^?[A-Za-z][A-Za-z0-9_:]*\s*=/.test(text);
}

/** A sibling file with the same stem and one of `exts`, matched case-insensitively (archives mix cases). */
function sibling(path: string, exts: string[]): string | undefined {
  const dir = dirname(path);
  const stem = basename(path, extname(path));
  for (const ext of exts) {
    const candidate = join(dir, stem + ext);
    if (existsSync(candidate)) return candidate;
  }
  const wanted = new Set(exts.map((e) => (stem + e).toLowerCase()));
  try {
    return readdirSync(dir).map((f) => join(dir, f)).find((f) => wanted.has(basename(f).toLowerCase()));
  } catch {
    return undefined;
  }
}

/** The file a detached label points to, resolved beside the label whatever its case. */
function resolveDataFile(labelPath: string, name: string): string | undefined {
  const dir = dirname(labelPath);
  const exact = join(dir, name);
  if (existsSync(exact)) return exact;
  try {
    const match = readdirSync(dir).find((f) => f.toLowerCase() === basename(name).toLowerCase());
    return match ? join(dir, match) : undefined;
  } catch {
    return undefined;
  }
}

class Label {
  constructor(readonly file: string, readonly root: OdlNode) {}

  get(node: OdlNode, key: string): OdlValue | undefined {
    return node.keywords.get(key);
  }

  number(node: OdlNode, key: string, required = false): number | undefined {
    const v = node.keywords.get(key);
    if (v === undefined) {
      if (required) throw new InputError(this.file, key, `missing from ${this.where(node)}`);
      return undefined;
    }
    if (v.kind !== 'number') throw new InputError(this.file, key, `expected a number, got ${describe(v)}`);
    return v.value;
  }

  int(node: OdlNode, key: string, min: number, fallback?: number): number {
    const v = this.number(node, key, fallback === undefined) ?? fallback!;
    if (!Number.isInteger(v) || v < min) throw new InputError(this.file, key, `expected a whole number >= ${min}, got ${v}`);
    return v;
  }

  text(node: OdlNode, key: string): string | undefined {
    const v = node.keywords.get(key);
    if (v === undefined) return undefined;
    if (v.kind !== 'text') throw new InputError(this.file, key, `expected a name, got ${describe(v)}`);
    return v.value;
  }

  where(node: OdlNode): string {
    return node === this.root ? 'the label' : `OBJECT = ${node.name}`;
  }
}

function describe(v: OdlValue): string {
  if (v.kind === 'list') return `a list of ${v.items.length}`;
  if (v.kind === 'number') return v.text + (v.units ? ` <${v.units}>` : '');
  return v.quoted ? `"${v.value}"` : v.value;
}

/** Where the image data start: 0-based byte offset, and in which file (for detached labels). */
function imagePointer(label: Label, labelIsAttached: boolean): { file?: string; offset: number } {
  const ptr = label.get(label.root, '^IMAGE');
  if (ptr === undefined) {
    if (labelIsAttached) throw new InputError(label.file, '^IMAGE', 'missing: the label does not say where the image starts');
    return { offset: 0 };
  }
  let file: string | undefined;
  let loc: OdlValue | undefined = ptr;
  if (ptr.kind === 'list') {
    const [first, second] = ptr.items;
    if (first?.kind === 'text' && first.quoted) {
      file = first.value;
      loc = second;
    } else loc = first;
  } else if (ptr.kind === 'text') {
    if (!ptr.quoted) throw new InputError(label.file, '^IMAGE', `expected a record number, "FILE" or ("FILE", n), got ${ptr.value}`);
    file = ptr.value;
    loc = undefined;
  }
  if (loc === undefined) return { file, offset: 0 };
  if (loc.kind !== 'number' || !Number.isInteger(loc.value) || loc.value < 1) {
    throw new InputError(label.file, '^IMAGE', `expected a 1-based record or byte number, got ${describe(loc)}`);
  }
  if (loc.units !== undefined && /^BYTES?$/i.test(loc.units)) return { file, offset: loc.value - 1 };
  if (loc.units !== undefined && !/^RECORDS?$/i.test(loc.units)) {
    throw new InputError(label.file, '^IMAGE', `units <${loc.units}> are not understood; expected <BYTES> or a record number`);
  }
  const recordBytes = label.int(label.root, 'RECORD_BYTES', 1);
  return { file, offset: (loc.value - 1) * recordBytes };
}

function sampleLayout(label: Label, image: OdlNode): { type: SampleType; littleEndian: boolean; real: boolean; name: string } {
  const name = label.text(image, 'SAMPLE_TYPE');
  if (name === undefined) throw new InputError(label.file, 'SAMPLE_TYPE', 'missing from OBJECT = IMAGE');
  const bits = label.int(image, 'SAMPLE_BITS', 1);
  const upper = name.toUpperCase();
  if (upper in REAL_TYPES) {
    if (bits !== 32 && bits !== 64) throw new InputError(label.file, 'SAMPLE_BITS', `${bits} is not supported for ${name}; expected 32 or 64`);
    return { type: bits === 32 ? 'float32' : 'float64', littleEndian: REAL_TYPES[upper], real: true, name: upper };
  }
  const int = INTEGER_TYPES[upper];
  if (int) {
    if (bits !== 8 && bits !== 16 && bits !== 32) throw new InputError(label.file, 'SAMPLE_BITS', `${bits} is not supported for ${name}; expected 8, 16 or 32`);
    const type = `${int.signed ? 'int' : 'uint'}${bits}` as SampleType;
    return { type, littleEndian: int.littleEndian, real: false, name: upper };
  }
  throw new InputError(label.file, 'SAMPLE_TYPE', `${name} is not supported; expected one of ` +
    `${Object.keys(REAL_TYPES).join(', ')}, ${Object.keys(INTEGER_TYPES).join(', ')}`);
}

/**
 * MISSING_CONSTANT as the value decoding yields. For real samples a based integer is the IEEE bit
 * pattern (HiRISE: 16#FF7FFFFB#, the float32 -3.4028226550889045e38), not a number.
 */
function missingValue(label: Label, image: OdlNode, layout: { type: SampleType; real: boolean }): number | undefined {
  const v = label.get(image, 'MISSING_CONSTANT') ?? label.get(image, 'NULL');
  if (v === undefined || v.kind !== 'number') return undefined;
  if (layout.real && v.based) {
    const bits = BigInt.asUintN(64, parseBigInt(v.based.digits, v.based.radix));
    const view = new DataView(new ArrayBuffer(8));
    if (layout.type === 'float32') {
      view.setUint32(0, Number(BigInt.asUintN(32, bits)));
      return view.getFloat32(0);
    }
    view.setBigUint64(0, bits);
    return Math.fround(view.getFloat64(0));
  }
  if (!layout.real && v.based && layout.type.startsWith('int')) {
    // A based constant for signed samples is the bit pattern too: 16#8000# in 16 bits is -32768.
    const width = BYTES_PER_SAMPLE[layout.type] * 8;
    return Number(BigInt.asIntN(width, parseBigInt(v.based.digits, v.based.radix)));
  }
  return Math.fround(v.value);
}

function parseBigInt(digits: string, radix: number): bigint {
  let out = 0n;
  for (const d of digits.toLowerCase()) out = out * BigInt(radix) + BigInt(parseInt(d, radix));
  return out;
}

/** Metres per pixel from MAP_SCALE; PDS3's default unit for it is KM/PIXEL. */
function mapScale(label: Label, proj: OdlNode | undefined): number {
  const v = proj?.keywords.get('MAP_SCALE');
  if (!proj || v === undefined) {
    throw new InputError(label.file, 'MAP_SCALE', `missing${proj ? ' from OBJECT = IMAGE_MAP_PROJECTION' : ' (the label has no IMAGE_MAP_PROJECTION)'}: ` +
      'the post spacing is unknown');
  }
  if (v.kind !== 'number') throw new InputError(label.file, 'MAP_SCALE', `expected a number of metres per pixel, got ${describe(v)}`);
  const units = (v.units ?? 'KM/PIXEL').toUpperCase();
  let metres: number;
  if (/^(M|METERS?|METRES?)\/(PIXEL|PIX|POST)$/.test(units)) metres = v.value;
  else if (/^(KM|KILOMETERS?|KILOMETRES?)\/(PIXEL|PIX|POST)$/.test(units)) metres = v.value * 1000;
  else throw new InputError(label.file, 'MAP_SCALE', `units <${v.units}> are not understood; expected <METERS/PIXEL> or <KM/PIXEL>`);
  requirePositiveSpacing(label.file, 'MAP_SCALE', metres);
  return metres;
}

function readLabel(path: string, size: number): { label: Label; attached: boolean; dataFile: string } {
  const isLbl = extname(path).toLowerCase() === '.lbl';
  let labelFile = path;
  let attached = false;
  let dataFile: string | undefined;
  if (!isLbl) {
    const head = readBytes(path, 0, Math.min(size, 64));
    if (looksLikeLabel(head)) attached = true;
    else {
      const lbl = sibling(path, ['.LBL', '.lbl']);
      if (!lbl) {
        throw new InputError(path, '', `does not start with a PDS3 label and there is no detached label ${basename(path, extname(path))}.LBL beside it`);
      }
      labelFile = lbl;
      dataFile = path;
    }
  }
  const labelSize = labelFile === path ? size : fileSize(labelFile);
  const bytes = readBytes(labelFile, 0, attached ? Math.min(labelSize, MAX_LABEL_BYTES) : labelSize);
  let root: OdlNode;
  try {
    root = parseOdl(Buffer.from(bytes).toString('latin1')).root;
  } catch (e) {
    if (e instanceof OdlError) throw new InputError(labelFile, `line ${e.line}`, `not a readable PDS3 label: ${e.message.replace(/^line \d+: /, '')}`);
    throw e;
  }
  const label = new Label(labelFile, root);
  const ptr = imagePointer(label, attached);
  if (!attached) {
    if (ptr.file !== undefined) {
      const resolved = resolveDataFile(labelFile, ptr.file);
      // Prefer the .IMG the user named when the label points to a renamed copy of it.
      dataFile = dataFile ?? resolved;
      if (!dataFile) throw new InputError(labelFile, '^IMAGE', `points to ${ptr.file}, which is not beside the label`);
    } else if (!dataFile) {
      dataFile = sibling(labelFile, ['.IMG', '.img']);
      if (!dataFile) throw new InputError(labelFile, '^IMAGE', 'names no data file and there is no .IMG with the same name beside the label');
    }
  } else if (ptr.file !== undefined) {
    // An attached label may still point into another file.
    dataFile = resolveDataFile(labelFile, ptr.file);
    if (!dataFile) throw new InputError(labelFile, '^IMAGE', `points to ${ptr.file}, which is not beside the label`);
  }
  return { label, attached, dataFile: dataFile ?? path };
}

/** Reads a single-band PDS3 image DTM (.IMG with attached label, or .LBL + .IMG). */
export function readPds3(path: string): Dem {
  const size = fileSize(path);
  const { label, attached, dataFile } = readLabel(path, size);
  const image = findNode(label.root, 'IMAGE');
  if (!image) throw new InputError(label.file, 'IMAGE', 'the label has no OBJECT = IMAGE');

  const lines = label.int(image, 'LINES', 1);
  const samples = label.int(image, 'LINE_SAMPLES', 1);
  const bands = label.int(image, 'BANDS', 1, 1);
  if (bands !== 1) throw new InputError(label.file, 'BANDS', `is ${bands}; expected a single-band elevation image`);
  const layout = sampleLayout(label, image);
  const prefix = label.int(image, 'LINE_PREFIX_BYTES', 0, 0);
  const suffix = label.int(image, 'LINE_SUFFIX_BYTES', 0, 0);
  const { offset } = imagePointer(label, attached);

  const sampleBytes = BYTES_PER_SAMPLE[layout.type];
  const stride = prefix + samples * sampleBytes + suffix;
  const need = lines * stride;
  const dataSize = dataFile === path ? size : fileSize(dataFile);
  if (offset + need > dataSize) {
    throw new InputError(label.file, 'LINES/LINE_SAMPLES',
      `label says ${lines} x ${samples} ${layout.name} samples starting at byte ${offset} (${need} bytes) ` +
      `but ${dataFile === label.file ? 'the file' : dataFile} has only ${dataSize} bytes`);
  }

  const scaling = label.number(image, 'SCALING_FACTOR') ?? 1;
  const base = label.number(image, 'OFFSET') ?? 0;
  const missing = missingValue(label, image, layout);
  const proj = findNode(label.root, 'IMAGE_MAP_PROJECTION');
  const spacing = mapScale(label, proj);
  const rotation = proj ? label.number(proj, 'MAP_PROJECTION_ROTATION') : undefined;
  if (rotation !== undefined && rotation !== 0) {
    throw new InputError(label.file, 'MAP_PROJECTION_ROTATION', `is ${rotation}; expected 0 (a north-up grid)`);
  }

  const bytes = readBytes(dataFile, offset, need);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(lines * samples);
  for (let line = 0; line < lines; line++) {
    decodeSamples(view, line * stride + prefix, samples, layout.type, layout.littleEndian, values, line * samples);
  }
  toHeights(values, {
    isNodata: layout.real
      ? (raw) => raw === missing || raw <= SPECIAL_REAL_BELOW
      : missing === undefined ? undefined : (raw) => raw === missing,
    scale: scaling,
    offset: base,
  });
  const raster = new Raster(siteGeometry(lines, samples, spacing), values);
  requireValidData(dataFile, raster);

  let geo: GeoReference | undefined;
  const lineOffset = proj ? label.number(proj, 'LINE_PROJECTION_OFFSET') : undefined;
  const sampleOffset = proj ? label.number(proj, 'SAMPLE_PROJECTION_OFFSET') : undefined;
  if (lineOffset !== undefined && sampleOffset !== undefined) {
    // PDS3 Standards Reference (as GDAL's PDS driver applies it by default): image line l, sample s
    // (1-based) has its centre at x = (s - SAMPLE_PROJECTION_OFFSET - 1) * MAP_SCALE and
    // y = (LINE_PROJECTION_OFFSET - l + 1) * MAP_SCALE, so post (0,0) (l = s = 1) is at
    // (-SAMPLE_PROJECTION_OFFSET, LINE_PROJECTION_OFFSET) * MAP_SCALE. "+ 0" turns -0 into 0.
    const crs = proj ? label.text(proj, 'MAP_PROJECTION_TYPE') : undefined;
    geo = { easting0: -sampleOffset * spacing + 0, northing0: lineOffset * spacing + 0, ...(crs !== undefined && { crs }) };
  }
  return { raster, source: path, format: 'pds3', ...(geo && { geo }) };
}
