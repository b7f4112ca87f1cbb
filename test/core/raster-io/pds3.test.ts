import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDem, readPds3, readRaw } from '../../../src/core/raster-io';
import { parseOdl } from '../../../src/core/raster-io/odl';
import { JEZERO_BIN, expectInputError, makeTempDir } from './helpers';
import { writeHiriseDtm } from './pds3-fixture';

let tmp: ReturnType<typeof makeTempDir>;
let jezero: Float32Array;
const MISSING: [number, number][] = [[0, 0], [10, 20], [511, 511], [256, 3]];

beforeAll(() => {
  tmp = makeTempDir();
  jezero = readRaw(JEZERO_BIN).raster.values;
});
afterAll(() => tmp.cleanup());

function fixture(name: string, extra: Partial<Parameters<typeof writeHiriseDtm>[0]> = {}) {
  return writeHiriseDtm({ dir: tmp.dir, name, rows: 512, cols: 512, values: jezero, missing: MISSING, ...extra });
}

function expectJezeroWithHoles(values: Float32Array): void {
  const holes = new Set(MISSING.map(([r, c]) => r * 512 + c));
  let mismatches = 0;
  for (let i = 0; i < values.length; i++) {
    if (holes.has(i) ? !Number.isNaN(values[i]) : values[i] !== jezero[i]) mismatches++;
  }
  expect(mismatches).toBe(0);
}

describe('PDS3 DTM (HiRISE-style label around the real Jezero grid)', () => {
  it('loads an attached-label .IMG: size, spacing, values, missing posts, projection', async () => {
    const { img } = fixture('DTEEC_JEZERO_A01');
    const dem = await loadDem(img);
    expect(dem.format).toBe('pds3');
    expect([dem.raster.rows, dem.raster.cols]).toEqual([512, 512]);
    expect(dem.raster.spacing).toBe(2.0193266868591);
    expect([dem.raster.x0, dem.raster.y0]).toEqual([0, 511 * 2.0193266868591]);
    expectJezeroWithHoles(dem.raster.values);
    expect(dem.raster.stats().nodataCount).toBe(MISSING.length);
    // Post (0,0) centre = (-SAMPLE_PROJECTION_OFFSET, LINE_PROJECTION_OFFSET) * MAP_SCALE.
    expect(dem.geo?.easting0).toBeCloseTo(37650.5 * 2.0193266868591, 6);
    expect(dem.geo?.northing0).toBeCloseTo(543776.5 * 2.0193266868591, 6);
    expect(dem.geo?.crs).toBe('EQUIRECTANGULAR');
  });

  it('loads a detached label, given either the .LBL or the .IMG', async () => {
    const { img, lbl } = fixture('DTEEC_DETACHED_A01', { detached: true });
    for (const path of [lbl!, img]) {
      const dem = await loadDem(path);
      expect([dem.raster.rows, dem.raster.cols]).toEqual([512, 512]);
      expectJezeroWithHoles(dem.raster.values);
    }
  });

  it('reads big-endian integers with OFFSET/SCALING_FACTOR, a based MISSING_CONSTANT, a <BYTES> pointer and line prefixes', () => {
    const rows = 2, cols = 3, prefix = 4;
    const label = [
      'PDS_VERSION_ID = PDS3',
      'RECORD_TYPE = UNDEFINED',
      '^IMAGE = 513 <BYTES>',
      'OBJECT = IMAGE',
      '  LINES = 2', '  LINE_SAMPLES = 3', '  LINE_PREFIX_BYTES = 4',
      '  SAMPLE_TYPE = MSB_INTEGER', '  SAMPLE_BITS = 16',
      '  OFFSET = -1000.0', '  SCALING_FACTOR = 0.5', '  MISSING_CONSTANT = 16#8000#',
      'END_OBJECT',
      'GROUP = IMAGE_MAP_PROJECTION',
      '  MAP_SCALE = 0.002 <KM/PIXEL>',
      'END_GROUP = IMAGE_MAP_PROJECTION',
      'END',
    ].join('\n');
    const buf = Buffer.alloc(512 + rows * (prefix + cols * 2));
    buf.write(label, 0, 'latin1');
    const raw = [[0, 2, 4], [-32768, 2000, -2]];
    raw.forEach((line, r) => line.forEach((v, c) => buf.writeInt16BE(v, 512 + r * (prefix + cols * 2) + prefix + c * 2)));
    const path = join(tmp.dir, 'msb.img');
    writeFileSync(path, buf);
    const dem = readPds3(path);
    expect(dem.raster.spacing).toBe(2);
    expect(Array.from(dem.raster.values)).toEqual([-1000, -999, -998, NaN, 0, -1001]);
    expect(dem.geo).toBeUndefined();
  });
});

describe('PDS3 bad input', () => {
  it('a label that promises more bytes than the truncated .IMG holds', async () => {
    const { img } = fixture('DTEEC_TRUNC_A01');
    const size = readFileSync(img).length;
    truncateSync(img, size - 1000);
    await expectInputError(() => loadDem(img), img, 'LINES/LINE_SAMPLES',
      /label says 512 x 512 PC_REAL samples starting at byte \d+ \(1048576 bytes\) but the file has only \d+ bytes/);
  });

  it('a label without MAP_SCALE', async () => {
    const { img } = fixture('DTEEC_NOSCALE_A01', { omitMapScale: true });
    await expectInputError(() => loadDem(img), img, 'MAP_SCALE', 'post spacing is unknown');
  });

  it('an .IMG with neither a label nor a detached .LBL', async () => {
    const path = join(tmp.dir, 'bare.IMG');
    writeFileSync(path, Buffer.alloc(64, 0xff));
    await expectInputError(() => loadDem(path), path, 'PDS3 label', 'bare.LBL');
  });

  it('a label with an unsupported SAMPLE_TYPE or a broken ODL line names the field or line', async () => {
    const bad = join(tmp.dir, 'vax.img');
    writeFileSync(bad, 'PDS_VERSION_ID = PDS3\n^IMAGE = 1 <BYTES>\nOBJECT = IMAGE\nLINES = 1\nLINE_SAMPLES = 1\n' +
      'SAMPLE_TYPE = VAX_REAL\nSAMPLE_BITS = 32\nEND_OBJECT = IMAGE\nEND\n');
    await expectInputError(() => loadDem(bad), bad, 'SAMPLE_TYPE', 'VAX_REAL is not supported');
    const broken = join(tmp.dir, 'broken.img');
    writeFileSync(broken, 'PDS_VERSION_ID = PDS3\nNOTE = "never closed\nEND\n');
    await expectInputError(() => loadDem(broken), broken, 'line 2', 'never closed');
  });
});

describe('ODL label parser', () => {
  it('handles comments, units, based integers, multi-line strings, lists and nesting', () => {
    const { root } = parseOdl([
      'PDS_VERSION_ID = PDS3 /* trailing comment */',
      '/* a comment line with = signs and "quotes" */',
      'DATA_SET_NAME = "MRO MARS HIGH RESOLUTION',
      '                 IMAGING SCIENCE EXPERIMENT"',
      'SOURCE_PRODUCT_ID = ("A", "B",',
      '                     "C")',
      'MASK = 2#1011#',
      'OBJECT = IMAGE',
      '  MISSING_CONSTANT = 16#FF7FFFFB#',
      '  MAP_SCALE = 1.0 <METERS/PIXEL>',
      '  RANGE = (-5, 7.5E2) <M>',
      '  OBJECT = INNER',
      '    WORD = END_OF_NAME',
      '  END_OBJECT = INNER',
      'END_OBJECT = IMAGE',
      'END',
      'binary junk after END " unbalanced',
    ].join('\r\n'));
    expect(root.keywords.get('DATA_SET_NAME')).toMatchObject({ kind: 'text', value: 'MRO MARS HIGH RESOLUTION IMAGING SCIENCE EXPERIMENT' });
    expect(root.keywords.get('SOURCE_PRODUCT_ID')).toMatchObject({ kind: 'list', items: [{ value: 'A' }, { value: 'B' }, { value: 'C' }] });
    expect(root.keywords.get('MASK')).toMatchObject({ kind: 'number', value: 11 });
    const image = root.children[0];
    expect(image.name).toBe('IMAGE');
    expect(image.keywords.get('MISSING_CONSTANT')).toMatchObject({ kind: 'number', value: 0xff7ffffb, based: { radix: 16, digits: 'FF7FFFFB' } });
    expect(image.keywords.get('MAP_SCALE')).toMatchObject({ kind: 'number', value: 1, units: 'METERS/PIXEL' });
    expect(image.keywords.get('RANGE')).toMatchObject({ kind: 'list', units: 'M', items: [{ value: -5 }, { value: 750 }] });
    expect(image.children[0].keywords.get('WORD')).toMatchObject({ kind: 'text', value: 'END_OF_NAME' });
  });

  it('reports a missing END and mismatched END_OBJECT with a line number', () => {
    expect(() => parseOdl('A = 1\nB = 2\n')).toThrow(/no END statement/);
    expect(() => parseOdl('OBJECT = IMAGE\nEND_OBJECT = TABLE\nEND\n')).toThrow(/line 2: END_OBJECT = TABLE closes OBJECT = IMAGE/);
  });
});
