import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Builds PDS3 DTM files laid out the way HiRISE publishes them (DTEEC_*.IMG): fixed-length records
 * one image line long, an attached ODL label padded to whole records, float32 little-endian samples,
 * and the ISIS NULL bit pattern 16#FF7FFFFB# for missing posts. There is no real .IMG in the
 * project's data, so tests wrap a real grid this way.
 */

export const HIRISE_NULL_BITS = 0xff7ffffb;

export interface Pds3FixtureOptions {
  /** Directory to write into. */
  dir: string;
  /** File stem, e.g. DTEEC_TEST_A01. */
  name: string;
  rows: number;
  cols: number;
  /** Heights, row 0 north, row-major. */
  values: Float32Array;
  /** Posts (row, col) written as the MISSING_CONSTANT bit pattern. */
  missing?: [number, number][];
  /** Write a .LBL beside a bare .IMG instead of an attached label. */
  detached?: boolean;
  /** Leave MAP_SCALE out of IMAGE_MAP_PROJECTION. */
  omitMapScale?: boolean;
  mapScale?: string;
  lineProjectionOffset?: number;
  sampleProjectionOffset?: number;
}

function labelText(o: Pds3FixtureOptions, recordBytes: number, labelRecords: number, validMin: number, validMax: number): string {
  const pointer = o.detached ? `("${o.name}.IMG", 1)` : String(labelRecords + 1);
  const lines = [
    'PDS_VERSION_ID               = PDS3',
    '',
    '/* Test fixture: a real HiRISE-derived grid wrapped in a HiRISE-style DTM label */',
    '',
    '/* Locations */',
    'DATA_SET_ID                  = "MRO-M-HIRISE-5-DTM-V1.0"',
    'DATA_SET_NAME                = "MRO MARS HIGH RESOLUTION IMAGING SCIENCE',
    '                               EXPERIMENT DTM V1.0"',
    'PRODUCER_INSTITUTION_NAME    = "UNIVERSITY OF ARIZONA"',
    `PRODUCT_ID                   = "${o.name}"`,
    'INSTRUMENT_HOST_NAME         = "MARS RECONNAISSANCE ORBITER"',
    'INSTRUMENT_ID                = HIRISE',
    'TARGET_NAME                  = MARS',
    'SOURCE_PRODUCT_ID            = ("ESP_000001_1985_RED", "ESP_000002_1985_RED")',
    'PRODUCT_CREATION_TIME        = 2020-01-01T12:00:00.000',
    'SOFTWARE_NAME                = "SOCET SET 5.4.1"',
    '',
    '/* File characteristics */',
    'RECORD_TYPE                  = FIXED_LENGTH',
    `RECORD_BYTES                 = ${recordBytes}`,
    `FILE_RECORDS                 = ${o.detached ? o.rows : labelRecords + o.rows}`,
    ...(o.detached ? [] : [`LABEL_RECORDS                = ${labelRecords}`]),
    `^IMAGE                       = ${pointer}`,
    '',
    'OBJECT = IMAGE',
    `  LINES                      = ${o.rows}`,
    `  LINE_SAMPLES               = ${o.cols}`,
    '  BANDS                      = 1',
    '  OFFSET                     = 0.0',
    '  SCALING_FACTOR             = 1.0',
    '  SAMPLE_BITS                = 32',
    '  SAMPLE_BIT_MASK            = 2#11111111111111111111111111111111#',
    '  SAMPLE_TYPE                = PC_REAL',
    '  MISSING_CONSTANT           = 16#FF7FFFFB#',
    `  VALID_MINIMUM              = ${validMin}`,
    `  VALID_MAXIMUM              = ${validMax}`,
    '  NOTE                       = "Elevations are in meters relative to the',
    '                               patch mean; /* not a comment */ inside quotes."',
    'END_OBJECT = IMAGE',
    '',
    'OBJECT = IMAGE_MAP_PROJECTION',
    '  ^DATA_SET_MAP_PROJECTION     = "DSMAP.CAT"',
    '  MAP_PROJECTION_TYPE          = "EQUIRECTANGULAR"',
    '  PROJECTION_LATITUDE_TYPE     = PLANETOCENTRIC',
    '  A_AXIS_RADIUS                = 3396.19 <KM>',
    '  B_AXIS_RADIUS                = 3396.19 <KM>',
    '  C_AXIS_RADIUS                = 3396.19 <KM>',
    '  COORDINATE_SYSTEM_NAME       = PLANETOCENTRIC',
    '  POSITIVE_LONGITUDE_DIRECTION = EAST',
    '  CENTER_LATITUDE              = 15.0 <DEG>',
    '  CENTER_LONGITUDE             = 180.0 <DEG>',
    '  LINE_FIRST_PIXEL             = 1',
    `  LINE_LAST_PIXEL              = ${o.rows}`,
    '  SAMPLE_FIRST_PIXEL           = 1',
    `  SAMPLE_LAST_PIXEL            = ${o.cols}`,
    '  MAP_PROJECTION_ROTATION      = 0.0 <DEG>',
    '  MAP_RESOLUTION               = 29360.0 <PIX/DEG>',
    ...(o.omitMapScale ? [] : [`  MAP_SCALE                    = ${o.mapScale ?? '2.0193266868591'} <METERS/PIXEL>`]),
    '  MAXIMUM_LATITUDE             = 18.52 <DEG>',
    '  MINIMUM_LATITUDE             = 18.49 <DEG>',
    `  LINE_PROJECTION_OFFSET       = ${o.lineProjectionOffset ?? 543776.5} <PIXEL>`,
    `  SAMPLE_PROJECTION_OFFSET     = ${o.sampleProjectionOffset ?? -37650.5} <PIXEL>`,
    '  EASTERNMOST_LONGITUDE        = 77.42 <DEG>',
    '  WESTERNMOST_LONGITUDE        = 77.38 <DEG>',
    'END_OBJECT = IMAGE_MAP_PROJECTION',
    'END',
  ];
  return lines.join('\r\n') + '\r\n'; // PDS3 labels use CR LF line ends
}

/** Writes the fixture; returns the .IMG path and, when detached, the .LBL path. */
export function writeHiriseDtm(o: Pds3FixtureOptions): { img: string; lbl?: string } {
  const recordBytes = o.cols * 4;
  let validMin = Infinity, validMax = -Infinity;
  for (const v of o.values) {
    if (v < validMin) validMin = v;
    if (v > validMax) validMax = v;
  }
  // Two passes: the label's own record count appears in the label.
  let labelRecords = 1;
  let text = labelText(o, recordBytes, labelRecords, validMin, validMax);
  labelRecords = Math.ceil(text.length / recordBytes);
  text = labelText(o, recordBytes, labelRecords, validMin, validMax);
  while (text.length > labelRecords * recordBytes) text = labelText(o, recordBytes, ++labelRecords, validMin, validMax);

  const image = Buffer.alloc(o.rows * recordBytes);
  for (let i = 0; i < o.values.length; i++) image.writeFloatLE(o.values[i], i * 4);
  for (const [r, c] of o.missing ?? []) image.writeUInt32LE(HIRISE_NULL_BITS, (r * o.cols + c) * 4);

  const img = join(o.dir, `${o.name}.IMG`);
  if (o.detached) {
    const lbl = join(o.dir, `${o.name}.LBL`);
    writeFileSync(lbl, text, 'latin1');
    writeFileSync(img, image);
    return { img, lbl };
  }
  const label = Buffer.alloc(labelRecords * recordBytes, 0x20); // pad with spaces to whole records
  label.write(text, 0, 'latin1');
  writeFileSync(img, Buffer.concat([label, image]));
  return { img };
}
