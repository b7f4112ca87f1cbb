import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../../input-error';
import { PERSEVERANCE } from '../../../../src/core/vehicle-geometry';
import { DEFAULT_VEHICLE, loadVehicleFile } from '../../../../sim/world/vehicle/config';
import { main } from '../../../../sim/app/cli';

const dir = mkdtempSync(join(tmpdir(), 'rover-vehicle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vehicleFile(name: string, text: string): string {
  const path = join(dir, `${name}.vehicle.yaml`);
  writeFileSync(path, text);
  return path;
}


describe('vehicle files', () => {
  it('default to Perseverance and the shipped file says the same', () => {
    expect(PERSEVERANCE.wheel_radius_m).toBe(0.2625);
    expect(PERSEVERANCE.wheels.front).toEqual({ x_m: 1.185, y_m: 1.0625 });
    expect(DEFAULT_VEHICLE.mass_kg).toBe(1025);
    expect(loadVehicleFile(resolve(__dirname, '../../../../scenarios/vehicles/perseverance.vehicle.yaml'))).toEqual(DEFAULT_VEHICLE);
    // A file overrides only what it names.
    const light = loadVehicleFile(vehicleFile('light', 'name: light\nmass_kg: 900\n'));
    expect(light.mass_kg).toBe(900);
    expect(light.wheels).toEqual(DEFAULT_VEHICLE.wheels);
  });

  it('reject a negative wheel radius, naming the file, line and field', () => {
    const path = vehicleFile('neg', 'name: bad\nwheel_radius_m: -0.2\n');
    const e = inputErrorOf(() => loadVehicleFile(path));
    expect(e.message).toContain(path);
    expect(e.message).toMatch(/line 2: wheel_radius_m/);
  });

  it('reject a wheel outside the body', () => {
    const path = vehicleFile('wide', 'wheels:\n  middle:\n    x_m: 0\n    y_m: 1.6\n');
    expect(inputErrorOf(() => loadVehicleFile(path)).message).toMatch(/wheels\.middle\.y_m: the wheel \(y 1\.6 m\) lies outside the 2\.7 m wide body/);
    const long = vehicleFile('long', 'wheels:\n  front:\n    x_m: 1.4\n    y_m: 1.0625\n');
    expect(inputErrorOf(() => loadVehicleFile(long)).message).toMatch(/wheels\.front\.x_m: .*reaches outside the 3 m long body/);
  });

  it('reject unknown fields and a linkage out of order', () => {
    expect(inputErrorOf(() => loadVehicleFile(vehicleFile('typo', 'wheel_radus_m: 0.3\n'))).message).toMatch(/line 1: wheel_radus_m: unknown field/);
    expect(inputErrorOf(() => loadVehicleFile(vehicleFile('nested', 'belly:\n  clearence_m: 0.5\n'))).message).toMatch(/belly\.clearence_m: unknown field/);
    expect(inputErrorOf(() => loadVehicleFile(vehicleFile('order', 'bogie_pivot:\n  x_m: 0.5\n'))).message).toMatch(/bogie_pivot\.x_m: must lie between/);
  });

  it('exit 1 from rover validate with the message on stderr', async () => {
    const err: string[] = [];
    const code = await main(['validate', vehicleFile('cli', 'wheel_radius_m: -1\n')], { log: () => {}, error: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/cli\.vehicle\.yaml: line 1: wheel_radius_m/);
  });
});
