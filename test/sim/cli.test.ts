import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDem } from '../../src/core/raster-io';
import { EXIT } from '../../sim/app/cli';
import { rover } from '../cli-harness';
import { oneWayLightTimeS } from '../../sim/world/comm/light-time';
import { loadScenario } from '../../sim/app/scenario/loader';
import { buildTerrain } from '../../sim/app/scenario/build-terrain';
import { makeOrbitalProducts } from '../../sim/world/terrain/orbital/products';

const ROOT = resolve(__dirname, '../..');
const GALE = join(ROOT, 'scenarios/dem/gale-mmgis-1m/missionDEM.tif');

const SMALL_SCENARIO = `name: small
seed: 3
terrain:
  procedural:
    size_m: [60, 40]
    rocks:
      k: 0.15
    sand:
      fraction: 0.1
orbital:
  image_spacing_m: 0.5
`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-cli-'));
  writeFileSync(join(work, 'small.yaml'), SMALL_SCENARIO);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rover terrain', () => {
  it('writes the orbital products and truth rocks for a scenario; dem.tif reads back identical', async () => {
    const out = join(work, 'small-out');
    const r = await rover('terrain', join(work, 'small.yaml'), '--out', out);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(readdirSync(out).sort()).toEqual(['.rover-outputs.json', 'dem.tif', 'hillshade.png', 'orbital.png', 'rocks.csv', 'slope.png', 'soil.png', 'terrain.json']);

    // The same products, made in memory from the same scenario and seed.
    const { scenario, dir } = loadScenario(join(work, 'small.yaml'));
    const terrain = await buildTerrain(scenario.terrain, dir, scenario.seed);
    const products = makeOrbitalProducts(terrain, scenario.orbital, scenario.seed);
    const dem = await loadDem(join(out, 'dem.tif'));
    expect(dem.raster.values).toEqual(products.dem.values);
    expect([dem.raster.rows, dem.raster.cols, dem.raster.spacing]).toEqual([products.dem.rows, products.dem.cols, products.dem.spacing]);

    const rocks = readFileSync(join(out, 'rocks.csv'), 'utf8').trim().split('\n');
    expect(rocks[0]).toBe('x_m,y_m,diameter_m,height_m');
    expect(rocks.length - 1).toBe(terrain.rocks.count);
    const [x, y, d, h] = rocks[1].split(',').map(Number);
    expect(x).toBeCloseTo(terrain.rocks.x[0], 3);
    expect(y).toBeCloseTo(terrain.rocks.y[0], 3);
    expect(d).toBeCloseTo(2 * terrain.rocks.radius[0], 3);
    expect(h).toBeCloseTo(terrain.rocks.height[0], 3);
    const summary = JSON.parse(readFileSync(join(out, 'terrain.json'), 'utf8'));
    expect(summary.rocks).toBe(terrain.rocks.count);
    expect(summary.orbital.image_px).toEqual([121, 81]);
  });

  it('gives identical bytes for the same seed and different ones for another', async () => {
    const runs = ['a', 'b', 'c'].map((n) => join(work, `seed-${n}`));
    await rover('terrain', join(work, 'small.yaml'), '--out', runs[0]);
    await rover('terrain', join(work, 'small.yaml'), '--out', runs[1]);
    await rover('terrain', join(work, 'small.yaml'), '--out', runs[2], '--seed', '4');
    for (const f of ['orbital.png', 'dem.tif', 'rocks.csv', 'slope.png', 'hillshade.png', 'soil.png', 'terrain.json']) {
      expect(readFileSync(join(runs[1], f)).equals(readFileSync(join(runs[0], f))), f).toBe(true);
    }
    for (const f of ['orbital.png', 'dem.tif', 'rocks.csv']) {
      expect(readFileSync(join(runs[2], f)).equals(readFileSync(join(runs[0], f))), f).toBe(false);
    }
  });

  it('works on a real DEM file with rocks added: its dem.tif is the source DTM itself, placement and all', async () => {
    const out = join(work, 'gale');
    const r = await rover('terrain', GALE, '--rocks', '0.05', '--out', out);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toMatch(/missionDEM\.tif: 347 m x 336 m, elevation -4472\.68/);
    const [source, written] = [await loadDem(GALE), await loadDem(join(out, 'dem.tif'))];
    // No synthetic noise on a measured product: the ground planners' DEM reads back post for post.
    expect(written.raster.geometry).toEqual(source.raster.geometry);
    expect(Buffer.from(written.raster.values.buffer).equals(Buffer.from(source.raster.values.buffer))).toBe(true);
    expect(written.geo?.easting0).toBeCloseTo(source.geo!.easting0, 6);
    expect(written.geo?.northing0).toBeCloseTo(source.geo!.northing0, 6);
    expect(written.geo?.crs).toBe(source.geo?.crs);
    expect(readFileSync(join(out, 'rocks.csv'), 'utf8').split('\n').length).toBeGreaterThan(1000);
  });

  it('builds every shipped scenario', async () => {
    const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
    expect(scenarios.length).toBeGreaterThanOrEqual(4);
    for (const f of scenarios) {
      const r = await rover('validate', join(ROOT, 'scenarios', f));
      expect(r.code, `${f}: ${r.err}`).toBe(EXIT.ok);
    }
    const r = await rover('terrain', join(ROOT, 'scenarios/crater-wall.yaml'), '--out', join(work, 'crater-wall'));
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toMatch(/elevation 753\.131\.\.792\.388/);
  });
});

describe('rover view', () => {
  it('settles the rover at a pose and writes the stereo pair, ranges and the settled state', async () => {
    const out = join(work, 'view');
    const r = await rover('view', join(work, 'small.yaml'), '--at', '20,20,45', '--out', out);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(readdirSync(out).sort()).toEqual(['.rover-outputs.json', 'left.png', 'range.png', 'right.png', 'snapshot.json', 'stereo.png']);
    const snap = JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8'));
    expect(snap.settled.converged).toBe(true);
    expect(snap.truth_return_fraction).toBeGreaterThan(0.5);
    expect(snap.stereo_match_fraction).toBeLessThan(snap.truth_return_fraction);
    expect(snap.image_px).toEqual([512, 384]);
    // The pair differ: the right camera sits a baseline to the right.
    expect(readFileSync(join(out, 'left.png')).equals(readFileSync(join(out, 'right.png')))).toBe(false);
  });

  it('rejects a pose off the site, a bad pose and an unknown camera with exit 1', async () => {
    for (const args of [['--at', '500,20,0'], ['--at', '1,2'], ['--at', '1,2,0', '--camera', 'pancam']]) {
      const out = join(work, 'view-bad');
      const r = await rover('view', join(work, 'small.yaml'), ...args, '--out', out);
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.err).toMatch(/--at|--camera/);
      expect(existsSync(out)).toBe(false);
    }
    expect((await rover('view', join(work, 'small.yaml'))).code).toBe(EXIT.usage); // --at is required
  });
});

describe('bad input', () => {
  /** Writes a scenario with one line changed and runs `rover terrain` on it. */
  async function badScenario(name: string, text: string) {
    const file = join(work, `${name}.yaml`);
    writeFileSync(file, text);
    const out = join(work, `${name}-out`);
    const r = await rover('terrain', file, '--out', out);
    expect(existsSync(out), 'nothing is written for bad input').toBe(false);
    return { ...r, file };
  }

  it('names the file, line and field of a rock abundance outside (0, 1)', async () => {
    for (const k of ['1.5', '0', '-0.2']) {
      const r = await badScenario(`k-${k}`, SMALL_SCENARIO.replace('k: 0.15', `k: ${k}`));
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.err).toContain(r.file);
      expect(r.err).toMatch(/line 7: terrain\.procedural\.rocks\.k: k must be [<>] [01]/);
    }
  });

  it('names an unknown field, negative spacing, YAML syntax errors and missing fields', async () => {
    let r = await badScenario('typo', SMALL_SCENARIO.replace('fraction: 0.1', 'fracton: 0.1'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 9: terrain\.procedural\.sand\.fracton: unknown field/);
    r = await badScenario('spacing', SMALL_SCENARIO.replace('size_m: [60, 40]', 'size_m: [60, 40]\n    post_spacing_m: -1'));
    expect(r.err).toMatch(/line 6: terrain\.procedural\.post_spacing_m/);
    r = await badScenario('syntax', SMALL_SCENARIO.replace('seed: 3', 'seed: [3'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/not valid YAML/);
    r = await badScenario('nameless', SMALL_SCENARIO.replace('name: small\n', ''));
    expect(r.err).toMatch(/name: missing/);
    r = await badScenario('step', SMALL_SCENARIO.replace('size_m: [60, 40]', 'size_m: [60, 40]\n    steps: [{ x_m: 1, y_m: 1, length_m: 2, width_m: 2, height_m: -0.3 }]'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 6: terrain\.procedural\.steps\.0\.height_m/);
    r = await badScenario('clusters', SMALL_SCENARIO.replace('k: 0.15', 'k: 0.15\n      clustering: { fraction: 1.5 }'));
    expect(r.err).toMatch(/line 8: terrain\.procedural\.rocks\.clustering\.fraction/);
    r = await badScenario('expect', `${SMALL_SCENARIO}expect:\n  human: { outcome: reached, events: [FP_LOW_BATERY] }\n`);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 13: expect\.human\.events\.0: .*FP_LOW_BATTERY/);
    r = await badScenario('window', `${SMALL_SCENARIO}operations: { drive_window_lmst_h: [15, 10] }\n`);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 12: operations\.drive_window_lmst_h\.1: the window must close after it opens/);
    r = await badScenario('night', SMALL_SCENARIO.replace('image_spacing_m: 0.5', 'image_spacing_m: 0.5\n  acquired_ltst_h: 2'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 12: orbital\.acquired_ltst_h: the Sun stands at -\d+\.\d deg elevation at 2 h local true solar time at the site: an orbital image needs daylight/);
    r = await badScenario('both', SMALL_SCENARIO.replace('terrain:\n', 'terrain:\n  dem: { file: x.tif }\n'));
    expect(r.err).toMatch(/exactly one of `procedural` or `dem`/);
    for (const date of ['0001-01-01T00:00:00Z', '9999-06-01T00:00:00Z']) {
      r = await badScenario(`date-${date.slice(0, 4)}`, `${SMALL_SCENARIO}date_utc: '${date}'\n`);
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.err).toMatch(/line \d+: date_utc: must lie in the years 1900-2100/);
    }
    // A site that would not fit in memory is refused before anything is allocated.
    r = await badScenario('huge', SMALL_SCENARIO.replace('size_m: [60, 40]', 'size_m: [9990, 9990]\n    post_spacing_m: 0.5'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 5: terrain\.procedural\.size_m: 399 million posts need about 25,5\d\d MB for the truth site alone, more than the 4,096 MB allowed \(ROVER_MAX_SITE_MB\)/);
    // An alias bomb: nine levels of nine aliases each, 9^9 strings if expanded.
    const bomb = ['a0: &a0 [lol]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');
    r = await badScenario('alias-bomb', `${SMALL_SCENARIO}${bomb}\n`);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/alias-bomb\.yaml: not usable YAML: .*alias/i);
  });

  it('names a bad DEM: truncated GeoTIFF, negative spacing in an inline description, all-NaN heights, a missing file', async () => {
    const truncated = join(work, 'truncated.tif');
    writeFileSync(truncated, readFileSync(GALE).subarray(0, 2000));
    let r = await rover('terrain', truncated, '--out', join(work, 'trunc-out'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toContain(truncated);
    expect(existsSync(join(work, 'trunc-out'))).toBe(false);

    copyFileSync(join(ROOT, 'scenarios/dem/crater-wall-csafeopt-1m/mars_dtm.npy'), join(work, 'wall.npy'));
    r = await badScenario('neg-spacing', 'name: wall\nterrain:\n  dem:\n    file: wall.npy\n    description:\n      spacing_m: -1\n');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/line 6: terrain\.dem\.description\.spacing_m/);

    // A raw grid that is all NaN: nothing to drive on.
    writeFileSync(join(work, 'void.bin'), Buffer.from(new Float32Array(16).fill(NaN).buffer));
    r = await badScenario('void', 'name: void\nterrain:\n  dem:\n    file: void.bin\n    description: { rows: 4, cols: 4, spacing_m: 1 }\n');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/void\.bin: holds no valid elevation/);

    r = await badScenario('no-dem', 'name: x\nterrain:\n  dem:\n    file: nowhere.tif\n');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/nowhere\.tif: file not found/);
  });

  it('treats bad option values as invalid input (1) and bad usage as usage errors (2)', async () => {
    expect((await rover('terrain', GALE, '--rocks', '1.2')).code).toBe(EXIT.invalidInput);
    expect((await rover('terrain', GALE, '--seed', '-3')).code).toBe(EXIT.invalidInput);
    expect((await rover('terrain')).code).toBe(EXIT.usage);
    expect((await rover('terrain', GALE, '--bogus')).code).toBe(EXIT.usage);
    expect((await rover('fly')).code).toBe(EXIT.usage);
    expect((await rover('--help')).code).toBe(EXIT.ok);
  });

  it('exits with those codes from the real command line, message on stderr and no stack trace', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'sim/rover.js'), ...args], { encoding: 'utf8', cwd: work });
    const bad = run('validate', join(work, 'k-1.5.yaml'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*k-1\.5\.yaml: line 7: terrain\.procedural\.rocks\.k/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(run('validate').status).toBe(2);
    const good = run('validate', join(ROOT, 'scenarios/jezero-rim.yaml'));
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/valid scenario "jezero-rim"/);
  });

  it('validate prints the light time in seconds, and with --json what it checked', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'sim/rover.js'), ...args], { encoding: 'utf8', cwd: work });
    const lightS = oneWayLightTimeS(Date.parse('2025-12-08T12:00:00Z'));
    const text = run('validate', join(ROOT, 'scenarios/jezero-rim.yaml'));
    expect(text.stdout).toContain(`one-way light time ${lightS.toFixed(1)} s, ${(lightS / 60).toFixed(1)} min, on 2025-12-08T12:00:00Z`);
    const json = run('validate', join(ROOT, 'scenarios/jezero-rim.yaml'), '--json');
    expect(json.status).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({ kind: 'scenario', valid: true, warnings: [], details: { name: 'jezero-rim', date_utc: '2025-12-08T12:00:00Z', solar_conjunction: false } });
    expect(result.details.one_way_light_time_s).toBeCloseTo(lightS, 3);
    const plan = JSON.parse(run('validate', join(ROOT, 'scenarios/plans/jezero-rim.human.plan.json'), '--scenario', join(ROOT, 'scenarios/jezero-rim.yaml'), '--json').stdout);
    expect(plan).toMatchObject({ kind: 'plan', valid: true, details: { scenario: 'jezero-rim', planner: 'human', flight_rules_checked: true } });
    expect(plan.details.route_length_m).toBeGreaterThan(200);
    // A bad file is still an error on stderr with exit 1, not JSON.
    const bad = run('validate', join(work, 'k-1.5.yaml'), '--json');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
  });
});

describe('DEMs that cannot be Mars ground', () => {
  /** A raw float32 grid with its inline description, as a scenario. */
  function rawScenario(name: string, values: number[], rows: number, cols: number, extra = ''): string {
    writeFileSync(join(work, `${name}.bin`), Buffer.from(new Float32Array(values).buffer));
    const file = join(work, `${name}.yaml`);
    writeFileSync(file, `name: ${name}\nterrain:\n  dem:\n    file: ${name}.bin\n    description: { rows: ${rows}, cols: ${cols}, spacing_m: 1 }\n${extra}`);
    return file;
  }

  it('refuses heights off the planet, almost no valid posts and a 1 x 1 grid, through a scenario and as a DEM file', async () => {
    const cases: [string, number[], number, number, RegExp][] = [
      ['scrambled', [0, 1, 2, -1.3e21, 4, 5, 6, 7, 8], 3, 3, /holds heights from -1\.30000e\+21 to 8\.00000 m, outside -9000 \.\. 22000 m/],
      ['sparse', [5, ...Array(2499).fill(NaN)], 50, 50, /only 1 of its 2500 posts hold a height \(0\.040%, fewer than 10%\)/],
      ['single', [5], 1, 1, /a DEM needs at least 2 x 2 posts, the file has 1 x 1/],
    ];
    for (const [name, values, rows, cols, message] of cases) {
      const scenario = rawScenario(name, values, rows, cols);
      for (const input of [scenario, join(work, `${name}.bin`)]) {
        if (input.endsWith('.bin')) writeFileSync(`${input}.json`, JSON.stringify({ rows, cols, spacing_m: 1 }));
        const out = join(work, `${name}-out`);
        const r = await rover('terrain', input, '--out', out);
        expect(r.code, `${name}: ${r.err}`).toBe(EXIT.invalidInput);
        expect(r.err).toContain(`${name}.bin`);
        expect(r.err).toMatch(message);
        expect(existsSync(out)).toBe(false);
      }
    }
  });

  it('takes another range when the scenario gives one', async () => {
    const values = Array.from({ length: 400 }, (_, i) => -12000 + (i % 20) * 0.1);
    const refused = await rover('terrain', rawScenario('deep', values, 20, 20), '--out', join(work, 'deep-out'));
    expect(refused.err).toMatch(/outside -9000 \.\. 22000 m/);
    const r = await rover('terrain', rawScenario('deep-allowed', values, 20, 20, '    plausible: { height_range_m: [-13000, 0] }\n'), '--out', join(work, 'deep-allowed-out'));
    expect(r.code, r.err).toBe(EXIT.ok);
  });
});
