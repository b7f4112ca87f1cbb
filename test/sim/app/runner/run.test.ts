import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { noViolations } from '../../../../sim/world/safety';
import { runMap } from '../../../../sim/app/runner/map';
import { runScenario } from '../../../../sim/app/runner/run';
import { loadSite } from '../../../../sim/app/scenario/site';
import { loadPlanFile } from '../../../../src/ground/plan';
import { rover } from '../../../cli-harness';
import { filesIn } from '../../../files-in';
import { SHORT_SCENARIO, writeShortScenario, writeWallScenario } from './fixtures';
import { EVENTS } from '../../../../src/fsw/event-dictionary';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-run-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rover run', () => {
  it('drives a scenario to a verdict and writes every output', async () => {
    const scenario = writeShortScenario(work);
    const out = join(work, 'short-run');
    const r = await rover('run', scenario, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/short \(human plan, seed 21\): REACHED/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const key of ['outcome', 'distance_m', 'straight_line_m', 'duration_s', 'sols', 'final_error_m', 'max_tilt_deg', 'min_clearance_m', 'hazard_stops', 'faults', 'energy_wh', 'drive_energy_wh', 'min_soc', 'final_soc', 'keepin_violations', 'seed']) {
      expect(summary, key).toHaveProperty(key);
    }
    expect(summary).toMatchObject({ outcome: 'reached', sols: 1, seed: 21, hazard_stops: 0 });
    expect(summary.distance_m).toBeGreaterThan(30);
    const names = [...filesIn(out).keys()].sort();
    expect(names).toEqual(expect.arrayContaining(['summary.json', 'telemetry.jsonl', 'events.jsonl', 'map.png', 'report.html', 'timing.json', 'sequences/sol-1.seq.json', 'plans/sol-1.plan.json']));
    expect(names.some((n) => n.startsWith('frames/stop-1-sol-1'))).toBe(true);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['SEQ_LOADED', 'NAV_HEADING_UPDATED', 'SEQ_COMPLETED']));
    // Each line carries the dictionary's id and the typed arguments the message was made from.
    const loaded = events.find((e) => e.name === 'SEQ_LOADED');
    expect(loaded).toMatchObject({ id: EVENTS.SEQ_LOADED.id, args: { seq_id: expect.any(String), steps: expect.any(Number) } });
    expect(loaded.message).toBe(`sequence ${loaded.args.seq_id} loaded: ${loaded.args.steps} steps`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<b>reached<\/b>/);
    expect(html).toMatch(/src="data:image\/png;base64,/);
    expect(html).not.toMatch(/src="(?!data:)/); // self-contained
    // The plots are inline SVG, one per figure of the drive.
    for (const name of ['profile-ground_z_m', 'profile-tilt_deg', 'profile-clearance_m', 'profile-slip', 'profile-speed_m_s', 'profile-energy_wh', 'telemetry-pwr.soc', 'telemetry-pwr.energy_used_wh', 'telemetry-nav.odometer_m']) {
      expect(html, name).toMatch(new RegExp(`data-plot="${name.replace('.', '\\.')}"><svg`));
    }
    // The truth profile: a sample per half metre, in order of distance, up to the distance driven.
    const profile = readFileSync(join(out, 'truth-profile.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(profile.length).toBeGreaterThan(summary.distance_m / 0.6);
    expect(profile.every((p, i) => i === 0 || p.distance_m > profile[i - 1].distance_m)).toBe(true);
    expect(profile.at(-1).distance_m).toBeLessThanOrEqual(summary.distance_m + 1e-9);
    expect(Math.max(...profile.map((p) => p.tilt_deg))).toBeCloseTo(summary.max_tilt_deg, 1);
    // Navcam frames along the drive: the first once the wheels turned, then after 10 m or more, checked
    // every 5 simulated minutes (at most ~12.6 m of driving at 4.2 cm/s): 10 to 23 m apart.
    const driveFrames = names.filter((n) => n.startsWith('frames/drive-') && !n.endsWith('-local-map.png'));
    expect(names.filter((n) => n.endsWith('-local-map.png')).length).toBe(driveFrames.length);
    expect(names).toContain('replay.html');
    expect(driveFrames.length).toBeGreaterThanOrEqual(Math.floor(summary.distance_m / 23));
    expect(driveFrames.length).toBeLessThanOrEqual(Math.floor(summary.distance_m / 10) + 1);
  });

  it('keeps no sol past the run\'s last sol: no row, no plan, no sequence for it', async () => {
    // Six minutes of driving a sol: the 35 m drive cannot end in two sols.
    const text = SHORT_SCENARIO.replace('sol_limit: 2', 'sol_limit: 2\noperations: { drive_window_lmst_h: [10, 15], drive_hours_per_sol: 0.1 }');
    const scenario = writeShortScenario(work, text, 'short-slow.yaml');
    const out = join(work, 'short-slow');
    const r = await rover('run', scenario, '--out', out, '--json');
    expect(r.code).toBe(EXIT.ok);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ outcome: 'sol_limit', sols: 2 });
    const names = [...filesIn(out).keys()].sort();
    expect(names.filter((n) => n.startsWith('plans/'))).toEqual(['plans/sol-1.plan.json', 'plans/sol-2.plan.json']);
    expect(names.filter((n) => n.startsWith('sequences/'))).toEqual(['sequences/sol-1.seq.json', 'sequences/sol-2.seq.json']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const solRows = [...html.matchAll(/<tr><td>(\d+)<\/td><td>/g)].map((m) => Number(m[1]));
    expect(solRows).toEqual([1, 2]);
  });

  it('gives identical outputs for the same seed (all but the wall-clock timing.json)', async () => {
    const scenario = writeShortScenario(work);
    await rover('run', scenario, '--out', join(work, 'det-a'), '--seed', '5');
    await rover('run', scenario, '--out', join(work, 'det-b'), '--seed', '5');
    const a = filesIn(join(work, 'det-a')), b = filesIn(join(work, 'det-b'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [name, bytes] of a) if (name !== 'timing.json') expect(bytes.equals(b.get(name)!), name).toBe(true);
    expect(JSON.parse(a.get('summary.json')!.toString()).seed).toBe(5);
  });

  it('a route into a rock wall ends stopped_hazard, with the stop marked on the map', async () => {
    const file = writeWallScenario(work);
    const site = await loadSite(file);
    const plan = loadPlanFile(join(work, 'wall.human.plan.json'));
    const run = runScenario(site, plan, { label: 'human' });
    expect(run.summary.outcome).toBe('stopped_hazard');
    expect(run.summary.hazard_stops).toBeGreaterThanOrEqual(1);
    expect(run.summary.safety_violations).toEqual(noViolations());
    const stop = run.stops.find((s) => s.kind === 'hazard')!;
    expect(stop.x_m).toBeLessThan(30); // short of the wall
    expect(stop.x_m).toBeGreaterThan(20);
    // The map shows the stop: red cross pixels around its place.
    const map = runMap(site.orbital, site.mission, run);
    const [px, py] = map.toPx(stop.x_m, stop.y_m);
    let red = 0;
    for (let dy = -6; dy <= 6; dy++) {
      for (let dx = -6; dx <= 6; dx++) {
        const i = 3 * (Math.round(py + dy) * map.width + Math.round(px + dx));
        if (map.canvas.data[i] > 200 && map.canvas.data[i + 1] < 80 && map.canvas.data[i + 2] < 80) red++;
      }
    }
    expect(red).toBeGreaterThan(10);
  });

  it('names the file, line and field of bad input, exits 1 and writes nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['broken.yaml', SHORT_SCENARIO.replace('seed: 21', 'seed: [21'), /broken\.yaml: line \d+: not valid YAML/],
      ['unknown.yaml', SHORT_SCENARIO.replace('sol_limit: 2', 'sol_limits: 2'), /unknown\.yaml: line \d+: sol_limits: unknown field/],
      ['offmap.yaml', SHORT_SCENARIO.replace('goal: { x_m: 45, y_m: 22 }', 'goal: { x_m: 45, y_m: 95 }'), /offmap\.yaml: line 13: goal: \(45, 95\) is off the map/],
      ['nodem.yaml', SHORT_SCENARIO.replace(/terrain:\n {2}procedural:\n(?: {4}.*\n)+/, 'terrain:\n  dem: { file: missing.tif }\n'), /missing\.tif: file not found/],
      ['badfault.yaml', `${SHORT_SCENARIO}faults: [{ kind: stalled_wheel, wheel: XX, at_distance_m: 3 }]\n`, /badfault\.yaml: line \d+: faults\.0\.wheel/],
    ];
    for (const [name, text, message] of cases) {
      const scenario = writeShortScenario(work, text, name);
      const out = join(work, `bad-${name}`);
      const r = await rover('run', scenario, '--out', out);
      expect(r.code, name).toBe(EXIT.invalidInput);
      expect(r.err, name).toMatch(message);
      expect(existsSync(out), `${name}: nothing written`).toBe(false);
    }
    const r = await rover('run', writeShortScenario(work), '--plan', 'nonsense');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/--plan: expected baseline, ai, human or replay:FILE\.exchange\.json/);
  });

  it('--json prints the summary as JSON', async () => {
    const r = await rover('run', writeShortScenario(work), '--out', join(work, 'json-run'), '--json', '--plan', 'baseline');
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toMatchObject({ scenario: 'short', plan: 'baseline' });
  });
});

describe('rover compare', () => {
  it('runs each plan on the same site and seed: a table, comparison.md and .json, and one map', async () => {
    const scenario = writeShortScenario(work);
    const out = join(work, 'cmp');
    const r = await rover('compare', scenario, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/short: human vs baseline/);
    expect(r.out).toMatch(/plan\s+seed\s+outcome\s+distance m\s+driven\/straight\s+sols\s+hazard stops\s+min clearance m\s+max tilt deg\s+energy Wh/);
    const json = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(json.rows.map((row: { plan: string; seed: number }) => [row.plan, row.seed])).toEqual([['human', 21], ['baseline', 21]]);
    // Wall times are kept apart from what the seed decides.
    for (const row of json.rows) expect(row).not.toHaveProperty('planning_time_s');
    const timing = JSON.parse(readFileSync(join(out, 'timing.json'), 'utf8'));
    expect(timing.runs.map((t: { plan: string; planning_s: number }) => [t.plan, t.planning_s >= 0])).toEqual([['human', true], ['baseline', true]]);
    expect(readFileSync(join(out, 'comparison.md'), 'utf8')).toMatch(/\| human \| 21 \| (reached|stopped_hazard|fault|sol_limit)/);
    expect(existsSync(join(out, 'map.png'))).toBe(true);
    expect(existsSync(join(out, 'human', 'summary.json'))).toBe(true);
    expect(existsSync(join(out, 'baseline', 'report.html'))).toBe(true);
    // The same comparison twice is the same bytes: only timing.json holds wall times.
    const again = join(work, 'cmp-again');
    expect((await rover('compare', scenario, '--out', again)).code).toBe(EXIT.ok);
    for (const file of ['comparison.json', 'comparison.md', 'map.png', join('human', 'summary.json'), join('baseline', 'summary.json')]) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    }
  });

  it('with ai in --plans and no key, says how to set one and exits 1', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const r = await rover('compare', writeShortScenario(work), '--plans', 'human,ai', '--out', join(work, 'cmp-ai'));
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.err).toMatch(/ANTHROPIC_API_KEY: not set/);
      const skipped = await rover('compare', writeShortScenario(work, SHORT_SCENARIO.replace('compare: [human, baseline]', 'compare: [human, ai]')), '--out', join(work, 'cmp-skip'));
      expect(skipped.code).toBe(EXIT.ok);
      expect(skipped.out).toMatch(/skipping the ai plan/);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
