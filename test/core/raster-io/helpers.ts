import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../../src/core/errors';

/** The real DEMs shipped with the project. */
export const DEM_DIR = join(__dirname, '../../../scenarios/dem');
export const GALE_TIF = join(DEM_DIR, 'gale-mmgis-1m/missionDEM.tif');
export const JEZERO_BIN = join(DEM_DIR, 'jezero-neretva-2m/jezero_neretva_neretva_center_512x512_f32le.bin');
export const CRATER_NPY = join(DEM_DIR, 'crater-wall-csafeopt-1m/mars_dtm.npy');

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rover-raster-io-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn`, expects an InputError, and checks its message mentions every given fragment. */
export async function expectInputError(fn: () => unknown, ...fragments: (string | RegExp)[]): Promise<InputError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an InputError to be thrown').toBeInstanceOf(InputError);
  const err = caught as InputError;
  for (const f of fragments) {
    if (typeof f === 'string') expect(err.message).toContain(f);
    else expect(err.message).toMatch(f);
  }
  return err;
}
