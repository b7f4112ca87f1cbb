import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDem } from '../../../src/core/raster-io';

/*
 * Every real file in the workspace's shared data folder (../shared/data beside the project, as CI has
 * it) loads with the size, spacing and elevation range its SOURCE notes give. A user's clone without
 * that folder skips these; the copies in scenarios/dem are tested on their own in real-dems.test.ts.
 */
const SHARED = join(__dirname, '../../../../shared/data');
const HAVE_SHARED = existsSync(SHARED);

interface ManifestEntry {
  name: string;
  file: string;
  rows: number;
  cols: number;
  dx_m: number;
  z_min_m: number;
  z_max_m: number;
}

describe.skipIf(!HAVE_SHARED)('real files in ../shared/data', () => {
  const manifest: ManifestEntry[] = HAVE_SHARED
    ? JSON.parse(readFileSync(join(SHARED, 'isaac-usd-hirise-2m/manifest.json'), 'utf8'))
    : [];

  it('has the seven HiRISE 2 m patches the notes list', () => {
    expect(manifest.map((m) => m.name).sort()).toHaveLength(7);
  });

  it.each(manifest.map((m) => [m.name, m] as const))('loads the HiRISE patch %s', async (_, m) => {
    const dem = await loadDem(join(SHARED, 'isaac-usd-hirise-2m', m.file), {
      description: { rows: m.rows, cols: m.cols, spacing_m: Math.abs(m.dx_m) },
    });
    const s = dem.raster.stats();
    expect([dem.raster.rows, dem.raster.cols]).toEqual([512, 512]);
    expect(dem.raster.spacing).toBeCloseTo(2.02, 1);
    expect(s.min).toBeCloseTo(m.z_min_m, 3);
    expect(s.max).toBeCloseTo(m.z_max_m, 3);
    expect(s.nodataCount).toBe(0);
  });

  it('loads the Gale GeoTIFF and the crater-wall grid as the notes describe them', async () => {
    const gale = await loadDem(join(SHARED, 'mmgis-gale-1m/missionDEM.tif'));
    expect([gale.raster.rows, gale.raster.cols, gale.raster.spacing]).toEqual([337, 348, 1]);
    expect(gale.raster.stats().min).toBeCloseTo(-4472.67, 2);
    expect(gale.raster.stats().max).toBeCloseTo(-4437.88, 2);
    const wall = await loadDem(join(SHARED, 'csafeopt-hirise-1m/mars_dtm.npy'), { description: { spacing_m: 1.01 } });
    expect([wall.raster.rows, wall.raster.cols]).toEqual([120, 70]);
    expect(wall.raster.stats().min).toBeCloseTo(753.25, 2);
    expect(wall.raster.stats().max).toBeCloseTo(792.32, 2);
  });
});
