import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Raster } from '../../../src/core/raster';
import { loadDem, readNpy, writePng16 } from '../../../src/core/raster-io';
import { CRATER_NPY, expectInputError, makeTempDir } from './helpers';

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => { tmp = makeTempDir(); });
afterAll(() => tmp.cleanup());

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value));
}

/** A .npy file: version 1 (2-byte header length) or 2 (4-byte), header padded so data align to 64. */
function writeNpy(path: string, descr: string, shape: number[], data: Uint8Array, opts: { version?: 1 | 2; fortran?: boolean } = {}): void {
  const version = opts.version ?? 1;
  const dict = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pre = 6 + 2 + (version === 1 ? 2 : 4);
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - pre - 1, ' ') + '\n';
  const head = Buffer.alloc(pre);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(head);
  if (version === 1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, 'latin1'), data]));
}

describe('raw grids', () => {
  it("row0 'south' flips rows so that row 0 of the Raster is north, and places the geo origin", async () => {
    const path = join(tmp.dir, 'south.f32');
    // File rows, south first: 1 2 / 3 4 / 5 6
    writeFileSync(path, Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6]).buffer));
    writeJson(`${path}.json`, { rows: 3, cols: 2, spacing_m: 0.5, row0: 'south', origin_easting_m: 1000, origin_northing_m: 2000 });
    const dem = await loadDem(path);
    expect(Array.from(dem.raster.values)).toEqual([5, 6, 3, 4, 1, 2]);
    expect(dem.raster.nearest(0, 0)).toBe(1); // south-west post at site (0, 0)
    expect(dem.geo).toEqual({ easting0: 1000, northing0: 2001 });
  });

  it("the README's worked example: a negative dy is row0 north, a positive dy row0 south, and both load as the same site", async () => {
    // Geotransform [500000, 1, 0, 4000002, 0, -1]: rows from north (4000002) to south (4000000).
    const north = join(tmp.dir, 'dy-negative.f32');
    writeFileSync(north, Buffer.from(new Float32Array([30, 31, 20, 21, 10, 11]).buffer));
    writeJson(`${north}.json`, { rows: 3, cols: 2, spacing_m: 1, row0: 'north', origin_easting_m: 500000, origin_northing_m: 4000002 });
    // Geotransform [500000, 1, 0, 4000000, 0, 1]: the same heights written bottom-up.
    const south = join(tmp.dir, 'dy-positive.f32');
    writeFileSync(south, Buffer.from(new Float32Array([10, 11, 20, 21, 30, 31]).buffer));
    writeJson(`${south}.json`, { rows: 3, cols: 2, spacing_m: 1, row0: 'south', origin_easting_m: 500000, origin_northing_m: 4000000 });
    const a = await loadDem(north), b = await loadDem(south);
    expect(Array.from(b.raster.values)).toEqual(Array.from(a.raster.values));
    expect(b.geo).toEqual(a.geo);
    expect(a.geo).toEqual({ easting0: 500000, northing0: 4000002 });
    expect(a.raster.nearest(0, 0)).toBe(10); // the southern row at y = 0
    expect(a.raster.nearest(0, 2)).toBe(30);
  });

  it('decodes big-endian int16 after a header, with nodata, scale and offset', async () => {
    const path = join(tmp.dir, 'int16.raw');
    const buf = Buffer.alloc(16 + 4 * 2);
    buf.write('HEADER', 0);
    [100, -32768, 0, 250].forEach((v, i) => buf.writeInt16BE(v, 16 + 2 * i));
    writeFileSync(path, buf);
    const description = {
      rows: 2, cols: 2, spacing_m: 1, sample_type: 'int16', byte_order: 'big', header_bytes: 16,
      nodata: -32768, height_scale: 0.1, height_offset_m: -50,
    } as const;
    // Inline description (as a scenario gives it) and the same as a sidecar give the same grid.
    const inline = await loadDem(path, { description });
    writeJson(`${path}.json`, description);
    const sidecar = await loadDem(path);
    expect(Array.from(inline.raster.values)).toEqual([-40, NaN, -50, -25]);
    expect(Array.from(sidecar.raster.values)).toEqual([-40, NaN, -50, -25]);
  });
});

describe('npy grids', () => {
  it('reads v2 headers, big-endian float64, and checks rows/cols given in the sidecar', async () => {
    const path = join(tmp.dir, 'be.npy');
    const data = Buffer.alloc(6 * 8);
    [1.5, 2.5, 3.5, 4.5, 5.5, 6.5].forEach((v, i) => data.writeDoubleBE(v, i * 8));
    writeNpy(path, '>f8', [2, 3], data, { version: 2 });
    writeJson(`${path}.json`, { spacing_m: 2, rows: 2, cols: 3 });
    const dem = await loadDem(path);
    expect(Array.from(dem.raster.values)).toEqual([1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    writeJson(`${path}.json`, { spacing_m: 2, rows: 3 });
    await expectInputError(() => loadDem(path), `${path}.json`, 'rows', 'says 3 but the .npy header has 2 rows');
  });

  it('refuses Fortran order and 1-D arrays, naming the header field', async () => {
    const f = join(tmp.dir, 'fortran.npy');
    writeNpy(f, '<f4', [2, 2], new Uint8Array(16), { fortran: true });
    writeJson(`${f}.json`, { spacing_m: 1 });
    await expectInputError(() => loadDem(f), f, 'fortran_order');
    const flat = join(tmp.dir, 'flat.npy');
    writeNpy(flat, '<f4', [4], new Uint8Array(16));
    writeJson(`${flat}.json`, { spacing_m: 1 });
    await expectInputError(() => loadDem(flat), flat, 'shape', 'expected 2 dimensions');
  });
});

describe('png16 heightmaps', () => {
  it('round-trips the crater-wall DEM within quantisation, nodata included', async () => {
    const crater = readNpy(CRATER_NPY).raster;
    const withHole = crater.clone();
    withHole.set(3, 4, NaN);
    const path = join(tmp.dir, 'crater.png');
    const scale = 0.001, offset = 750;
    const description = writePng16(path, withHole, { scale, offset, nodata: 0 });
    writeJson(`${path}.json`, description);
    const dem = await loadDem(path);
    expect(dem.format).toBe('png16');
    expect(dem.raster.geometry).toEqual(crater.geometry);
    expect(dem.raster.get(3, 4)).toBeNaN();
    let worst = 0;
    for (let i = 0; i < crater.values.length; i++) {
      if (i === 3 * crater.cols + 4) continue;
      worst = Math.max(worst, Math.abs(dem.raster.values[i] - crater.values[i]));
    }
    expect(worst).toBeLessThanOrEqual(scale / 2 + 1e-4); // + float32 rounding of ~780 m heights
  });

  it("row0 'south' flips a PNG too", async () => {
    const path = join(tmp.dir, 'south.png');
    const r = new Raster({ rows: 2, cols: 2, spacing: 1, x0: 0, y0: 1 }, new Float32Array([1, 2, 3, 4]));
    writePng16(path, r, { scale: 1, offset: 0 });
    writeJson(`${path}.json`, { spacing_m: 1, row0: 'south' });
    expect(Array.from((await loadDem(path)).raster.values)).toEqual([3, 4, 1, 2]);
  });

  it('refuses heights that do not fit 16 bits rather than clipping them', () => {
    const r = new Raster({ rows: 1, cols: 2, spacing: 1, x0: 0, y0: 0 }, new Float32Array([0, 70000]));
    expect(() => writePng16(join(tmp.dir, 'clip.png'), r, { scale: 1, offset: 0 })).toThrow(RangeError);
  });
});

describe('sidecar-described grids with bad input', () => {
  it('an 8-bit PNG given as a 16-bit heightmap', async () => {
    const path = join(tmp.dir, 'eight.png');
    writeFileSync(path, encode({ width: 2, height: 2, data: new Uint8Array([1, 2, 3, 4]), depth: 8, channels: 1 }));
    writeJson(`${path}.json`, { spacing_m: 1 });
    await expectInputError(() => loadDem(path), path, 'expected a 16-bit grayscale PNG', '8-bit grayscale');
  });

  it('a colour 16-bit PNG', async () => {
    const path = join(tmp.dir, 'rgb16.png');
    writeFileSync(path, encode({ width: 1, height: 1, data: new Uint16Array([1, 2, 3]), depth: 16, channels: 3 }));
    writeJson(`${path}.json`, { spacing_m: 1 });
    await expectInputError(() => loadDem(path), path, 'expected a 16-bit grayscale PNG', 'RGB');
  });

  it('a raw float32 grid of all NaN', async () => {
    const path = join(tmp.dir, 'nan.bin');
    writeFileSync(path, Buffer.from(new Float32Array(12).fill(NaN).buffer));
    writeJson(`${path}.json`, { rows: 3, cols: 4, spacing_m: 1 });
    await expectInputError(() => loadDem(path), path, 'holds no valid elevation (every post is nodata)');
  });

  it('a raw grid whose nodata value covers every post', async () => {
    const path = join(tmp.dir, 'nodata.bin');
    writeFileSync(path, Buffer.from(new Float32Array(4).fill(-9999).buffer));
    writeJson(`${path}.json`, { rows: 2, cols: 2, spacing_m: 1, nodata: -9999 });
    await expectInputError(() => loadDem(path), path, 'holds no valid elevation');
  });

  it('negative spacing in a sidecar names spacing_m and the sidecar file', async () => {
    const path = join(tmp.dir, 'neg.bin');
    writeFileSync(path, Buffer.alloc(16));
    writeJson(`${path}.json`, { rows: 2, cols: 2, spacing_m: -1 });
    await expectInputError(() => loadDem(path), `${path}.json: spacing_m:`, 'expected a positive post spacing in metres, got -1');
  });

  it('a sidecar with an unknown field', async () => {
    const path = join(tmp.dir, 'unknown.bin');
    writeFileSync(path, Buffer.alloc(16));
    writeJson(`${path}.json`, { rows: 2, cols: 2, spacing_m: 1, spacing_y: 2 });
    await expectInputError(() => loadDem(path), `${path}.json: spacing_y:`, 'unknown field');
  });

  it('a sidecar that is not JSON, or misses a required field', async () => {
    const path = join(tmp.dir, 'broken.bin');
    writeFileSync(path, Buffer.alloc(16));
    writeFileSync(`${path}.json`, '{ rows: 2 ');
    await expectInputError(() => loadDem(path), `${path}.json`, 'is not valid JSON');
    writeJson(`${path}.json`, { rows: 2, spacing_m: 1 });
    await expectInputError(() => loadDem(path), `${path}.json: cols: is missing`);
  });

  it('a raw file whose size disagrees with rows x cols', async () => {
    const path = join(tmp.dir, 'short.bin');
    writeFileSync(path, Buffer.alloc(100));
    writeJson(`${path}.json`, { rows: 5, cols: 6, spacing_m: 1 });
    await expectInputError(() => loadDem(path), `${path}.json: rows/cols:`, '5 x 6 float32 samples make 120 bytes', 'has 100 bytes');
  });

  it('a raw file, an npy and a png with no sidecar ask for one', async () => {
    const raw = join(tmp.dir, 'lonely.dat');
    writeFileSync(raw, Buffer.alloc(16));
    await expectInputError(() => loadDem(raw), raw, `${raw}.json`, 'rows, cols and spacing_m');
    const npy = join(tmp.dir, 'lonely.npy');
    writeFileSync(npy, readFileSync(CRATER_NPY));
    await expectInputError(() => loadDem(npy), npy, `${npy}.json`, 'spacing_m');
  });

  it('a layout field that a self-describing format does not use', async () => {
    const path = join(tmp.dir, 'layout.npy');
    writeFileSync(path, readFileSync(CRATER_NPY));
    writeJson(`${path}.json`, { spacing_m: 1, byte_order: 'big' });
    await expectInputError(() => loadDem(path), `${path}.json: byte_order:`, 'the .npy header gives the layout');
  });
});

describe('loadDem dispatch', () => {
  it('a missing file', async () => {
    const path = join(tmp.dir, 'nope.tif');
    await expectInputError(() => loadDem(path), `${path}: file not found`);
  });

  it('an unknown extension lists the supported ones', async () => {
    const path = join(tmp.dir, 'terrain.xyz');
    writeFileSync(path, 'x y z\n');
    await expectInputError(() => loadDem(path), path, 'unknown DEM file type ".xyz"', '.tif', '.img', '.bin', '.npy', '.png');
  });

  it('chooses by extension case-insensitively, or by options.format', async () => {
    const path = join(tmp.dir, 'UPPER.BIN');
    writeFileSync(path, Buffer.from(new Float32Array([1, 2, 3, 4]).buffer));
    const description = { rows: 2, cols: 2, spacing_m: 1 };
    expect((await loadDem(path, { description })).format).toBe('raw');
    const odd = join(tmp.dir, 'heights.grid');
    writeFileSync(odd, Buffer.from(new Float32Array([1, 2, 3, 4]).buffer));
    expect((await loadDem(odd, { format: 'raw', description })).raster.get(1, 1)).toBe(4);
  });
});
