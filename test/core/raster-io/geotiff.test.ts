import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeArrayBuffer, type GeotiffWriterMetadata } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Raster } from '../../../src/core/raster';
import { loadDem, readGeoTiff, writeGeoTiff, type GeoReference } from '../../../src/core/raster-io';
import { GALE_TIF, expectInputError, makeTempDir } from './helpers';

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => { tmp = makeTempDir(); });
afterAll(() => tmp.cleanup());

/** A bumpy test surface with a few nodata posts. */
function testRaster(rows: number, cols: number, spacing: number): Raster {
  const r = new Raster({ rows, cols, spacing, x0: 0, y0: (rows - 1) * spacing });
  r.values.forEach((_, i) => { r.values[i] = -2500 + Math.sin(i * 0.37) * 12.345 + (i % 7) * 0.001; });
  for (const i of [0, 5, 17, rows * cols - 1]) r.values[i] = NaN;
  return r;
}

function expectSameValues(a: Float32Array, b: Float32Array): void {
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`value ${i} differs: ${a[i]} vs ${b[i]}`);
  }
}

describe('GeoTIFF write/read round trip', () => {
  it('gives back identical values, geometry and geo reference', async () => {
    const raster = testRaster(37, 53, 0.37);
    // Origins whose corner (centre - spacing/2) does not survive float64 arithmetic exactly, and ones that do.
    const geos: GeoReference[] = [
      { easting0: 1234567.891, northing0: -987654.321, crs: 'test equirectangular' },
      { easting0: 0.1, northing0: 0.7, crs: 'test' },
      { easting0: 8142406.5, northing0: -276455.5 },
    ];
    for (const [k, geo] of geos.entries()) {
      const path = join(tmp.dir, `rt${k}.tif`);
      writeGeoTiff(path, raster, geo);
      const back = await readGeoTiff(path);
      expect(back.raster.geometry).toEqual(raster.geometry);
      expectSameValues(raster.values, back.raster.values);
      expect(back.geo?.easting0).toBe(geo.easting0);
      expect(back.geo?.northing0).toBe(geo.northing0);
      if (geo.crs) expect(back.geo?.crs).toBe(geo.crs);
      expect(back.raster.stats().nodataCount).toBe(4);
    }
  });

  it('stays exact when the origin is tiny next to the spacing (corner arithmetic would round)', async () => {
    const raster = testRaster(6, 7, 1.9967126346402873);
    const geo = { easting0: 0.002311414279855382, northing0: -0.0005339780259230142 };
    expect(geo.easting0 - raster.spacing / 2 + raster.spacing / 2).not.toBe(geo.easting0); // the case being guarded
    const path = join(tmp.dir, 'tiny.tif');
    writeGeoTiff(path, raster, geo);
    const back = await readGeoTiff(path);
    expect([back.geo?.easting0, back.geo?.northing0]).toEqual([geo.easting0, geo.northing0]);
    expectSameValues(raster.values, back.raster.values);
  });

  it('without a geo reference writes the site frame as a user-defined metric CRS, not EPSG:4326', async () => {
    const raster = testRaster(10, 12, 2);
    const path = join(tmp.dir, 'site.tif');
    writeGeoTiff(path, raster);
    const back = await loadDem(path);
    expect(back.geo?.easting0).toBe(raster.x0);
    expect(back.geo?.northing0).toBe(raster.y0);
    expect(back.geo?.crs).toBe('local site frame (metres)');
    expect(back.geo?.geoKeys).toMatchObject({
      GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767, ProjLinearUnitsGeoKey: 9001,
    });
    expect(back.geo?.geoKeys?.GeographicTypeGeoKey).toBeUndefined();
  });

  it('writes the Gale DEM back with its projection keys and reads it identically', async () => {
    const gale = await readGeoTiff(GALE_TIF);
    const path = join(tmp.dir, 'gale-copy.tif');
    writeGeoTiff(path, gale.raster, gale.geo);
    const back = await readGeoTiff(path);
    expect(back.raster.geometry).toEqual(gale.raster.geometry);
    expectSameValues(gale.raster.values, back.raster.values);
    expect(back.geo).toEqual(gale.geo);
  });

  it('writes PixelIsArea whatever the given keys say, so the tiepoint keeps its meaning', async () => {
    const path = join(tmp.dir, 'area.tif');
    writeGeoTiff(path, testRaster(5, 6, 1), { easting0: 100, northing0: 200, geoKeys: { GTRasterTypeGeoKey: 2 } });
    const back = await readGeoTiff(path);
    expect(back.geo?.geoKeys?.GTRasterTypeGeoKey).toBe(1);
    expect([back.geo?.easting0, back.geo?.northing0]).toEqual([100, 200]);
  });
});

describe('GeoTIFFs from other writers', () => {
  /** A minimal uint16 GeoTIFF written directly with geotiff's writer (which cannot encode int16). */
  function writeUint16(path: string, rasterType: 1 | 2): void {
    const values = new Uint16Array([10, 20, 30, 65535, 50, 60]);
    const metadata: GeotiffWriterMetadata = {
      width: 3, height: 2, SamplesPerPixel: 1, PhotometricInterpretation: 1,
      ModelPixelScale: [0.5, 0.5, 0], ModelTiepoint: [0, 0, 0, 100, 200, 0], GDAL_NODATA: '65535',
      ProjectedCSTypeGeoKey: 32767, GTModelTypeGeoKey: 1, GTRasterTypeGeoKey: rasterType,
    };
    writeFileSync(path, new Uint8Array(writeArrayBuffer(values, metadata)));
  }

  it('reads uint16 samples with GDAL nodata, PixelIsArea', async () => {
    const path = join(tmp.dir, 'uint16-area.tif');
    writeUint16(path, 1);
    const dem = await readGeoTiff(path);
    expect(Array.from(dem.raster.values)).toEqual([10, 20, 30, NaN, 50, 60]);
    expect(dem.raster.spacing).toBe(0.5);
    expect([dem.geo?.easting0, dem.geo?.northing0]).toEqual([100.25, 199.75]);
  });

  it('PixelIsPoint: the tiepoint is the centre of post (0,0)', async () => {
    const path = join(tmp.dir, 'uint16-point.tif');
    writeUint16(path, 2);
    const dem = await readGeoTiff(path);
    expect([dem.geo?.easting0, dem.geo?.northing0]).toEqual([100, 200]);
  });
});

describe('GeoTIFF bad input', () => {
  it('a truncated GeoTIFF (first 2000 bytes of the Gale file) says it is truncated', async () => {
    const path = join(tmp.dir, 'truncated.tif');
    writeFileSync(path, readFileSync(GALE_TIF).subarray(0, 2000));
    await expectInputError(() => loadDem(path), path, 'is not a readable GeoTIFF', /truncated: data ends at byte 470483 but the file has 2000 bytes/);
  });

  it('a GeoTIFF cut inside its header is reported, not thrown as a raw RangeError', async () => {
    const path = join(tmp.dir, 'header-cut.tif');
    writeFileSync(path, readFileSync(GALE_TIF).subarray(0, 1000));
    await expectInputError(() => loadDem(path), path, 'is not a readable GeoTIFF');
  });

  it('random bytes named .tif', async () => {
    const path = join(tmp.dir, 'random.tif');
    const bytes = Buffer.alloc(4096);
    let seed = 12345;
    for (let i = 0; i < bytes.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; bytes[i] = seed >>> 24; }
    writeFileSync(path, bytes);
    await expectInputError(() => loadDem(path), path, 'is not a readable GeoTIFF');
  });

  it('an all-nodata GeoTIFF', async () => {
    const path = join(tmp.dir, 'all-nodata.tif');
    writeGeoTiff(path, Raster.filled({ rows: 4, cols: 5, spacing: 1, x0: 0, y0: 3 }, NaN));
    await expectInputError(() => loadDem(path), path, 'holds no valid elevation (every post is nodata)');
  });
});
