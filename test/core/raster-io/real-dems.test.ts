import { describe, expect, it } from 'vitest';
import { loadDem } from '../../../src/core/raster-io';
import { CRATER_NPY, GALE_TIF, JEZERO_BIN } from './helpers';

describe('real DEMs shipped in scenarios/dem', () => {
  it('loads the Gale GeoTIFF (MMGIS sample mission): size, spacing, range, projection', async () => {
    const dem = await loadDem(GALE_TIF);
    const { raster, geo } = dem;
    expect(dem.format).toBe('geotiff');
    expect([raster.rows, raster.cols, raster.spacing]).toEqual([337, 348, 1]);
    // South-west post at site (0, 0).
    expect(raster.x0).toBe(0);
    expect(raster.y0).toBe(336);
    const s = raster.stats();
    expect(s.min).toBeCloseTo(-4472.67, 2);
    expect(s.max).toBeCloseTo(-4437.88, 2);
    expect(s.nodataCount).toBe(0);
    expect(raster.get(0, 0)).toBeCloseTo(-4470.74, 2);
    // Tiepoint (8142406, -276455) is the corner of pixel (0,0); its centre is half a metre in.
    expect(geo?.easting0).toBe(8142406.5);
    expect(geo?.northing0).toBe(-276455.5);
    expect(geo?.crs).toBe('Mars2000 Equidistant Cylindrical clon0');
    expect(geo?.geoKeys?.ProjCoordTransGeoKey).toBe(17);
  });

  it('loads the Jezero raw float32 grid through its sidecar', async () => {
    const dem = await loadDem(JEZERO_BIN);
    const { raster } = dem;
    expect(dem.format).toBe('raw');
    expect([raster.rows, raster.cols]).toEqual([512, 512]);
    expect(raster.spacing).toBeCloseTo(2.0193, 4);
    const s = raster.stats();
    expect(s.min).toBeCloseTo(-15.15, 2);
    expect(s.max).toBeCloseTo(39.41, 2);
    expect(s.nodataCount).toBe(0);
    expect(dem.geo).toBeUndefined();
    expect(dem.note).toMatch(/Jezero/);
  });

  it('loads the crater-wall .npy through its sidecar', async () => {
    const dem = await loadDem(CRATER_NPY);
    const { raster } = dem;
    expect(dem.format).toBe('npy');
    expect([raster.rows, raster.cols, raster.spacing]).toEqual([120, 70, 1.01]);
    const s = raster.stats();
    expect(s.min).toBeCloseTo(753.25, 2);
    expect(s.max).toBeCloseTo(792.32, 2);
    expect(s.mean).toBeCloseTo(777.99, 1);
    expect(raster.get(0, 0)).toBeCloseTo(784.311, 3);
    expect(raster.get(0, 1)).toBeCloseTo(784.394, 3);
  });
});
