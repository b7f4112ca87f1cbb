import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { readRecords } from '../../../../sim/app/montecarlo/records';
import { recordKey } from '../../../../sim/app/montecarlo/task';
import { rover } from '../../../cli-harness';
import { writeMcScenario } from './fixture';

/*
 * Monte Carlo batches on worker threads: reproducible summaries, any run rerun alone, errors and
 * timeouts recorded, and an interrupted batch resumed without losing or redoing finished runs.
 */

const ROOT = resolve(__dirname, '../../../..');
let work: string, scenario: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-mc-'));
  scenario = writeMcScenario(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sortedKeys = (dir: string): string[] => readRecords(join(dir, 'runs.jsonl')).map(recordKey).sort();

describe('rover montecarlo', () => {
  it('gives the same summary twice; every run can be rerun alone and matches its line', async () => {
    const a = join(work, 'a'), b = join(work, 'b');
    let r = await rover('montecarlo', scenario, '--runs', '6', '--workers', '2', '--out', a);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/mc-small: 6 runs per plan, batch seed 9/);
    expect(r.out).toMatch(/human: success [\d.]+% \(95% CI [\d.]+-[\d.]+%, \d\/6\)/);
    r = await rover('montecarlo', scenario, '--runs', '6', '--workers', '1', '--out', b);
    expect(r.code).toBe(EXIT.ok);
    expect(readFileSync(join(a, 'summary.json'), 'utf8')).toBe(readFileSync(join(b, 'summary.json'), 'utf8'));
    // runs.jsonl the same bytes once sorted: the wall times are in timing.jsonl.
    const sortedLines = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).sort();
    expect(sortedLines(a, 'runs.jsonl')).toEqual(sortedLines(b, 'runs.jsonl'));
    expect(sortedLines(a, 'runs.jsonl').join('\n')).not.toContain('wall_s');
    expect(sortedLines(a, 'timing.jsonl').map((l) => Object.keys(JSON.parse(l)))).toEqual(Array(6).fill(['plan', 'index', 'wall_s']));
    expect(sortedKeys(a)).toEqual(sortedKeys(b));

    const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    const s = summary.plans.human;
    expect(s.completed).toBe(6);
    expect(s.success.ci95[0]).toBeLessThanOrEqual(s.success.rate);
    expect(s.success.ci95[1]).toBeGreaterThanOrEqual(s.success.rate);
    expect(Object.values(s.outcomes as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(6);
    expect(s.distributions.path_ratio.n).toBe(6);
    for (const name of ['outcomes', 'path_ratio', 'min_clearance_m', 'max_tilt_deg', 'energy_wh', 'sols']) {
      expect(readFileSync(join(a, 'plots', `${name}.svg`), 'utf8')).toMatch(/^<svg/);
      expect(readFileSync(join(a, 'plots', `${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
    const records = readRecords(join(a, 'runs.jsonl'));
    const seeds = new Set(records.map((x) => x.seed));
    expect(seeds.size).toBe(6); // every run its own seed
    const k = records[3].index;
    r = await rover('replay', a, '--run', String(k), '--json');
    expect(r.code).toBe(EXIT.ok);
    expect(recordKey(JSON.parse(r.out))).toBe(recordKey(records.find((x) => x.index === k)!));
  });

  it('records a run that overruns its time limit as an error with its seed, and finishes the batch', async () => {
    const out = join(work, 'timeout');
    const r = await rover('montecarlo', scenario, '--runs', '2', '--workers', '2', '--timeout', '0.05', '--out', out);
    expect(r.code).toBe(EXIT.ok);
    const records = readRecords(join(out, 'runs.jsonl'));
    expect(records).toHaveLength(2);
    for (const rec of records) {
      expect(rec.error).toMatch(/timed out after 0.05 s/);
      expect(rec.seed).toBeGreaterThan(0);
    }
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).plans.human.errors).toBe(2);
  });

  it('loses no finished run when killed mid-batch, and --resume completes it without redoing any', async () => {
    const out = join(work, 'killed');
    const child = spawn(process.execPath, [join(ROOT, 'sim/rover.js'), 'montecarlo', scenario, '--runs', '8', '--workers', '2', '--out', out], { stdio: 'ignore' });
    const runs = join(out, 'runs.jsonl');
    await new Promise<void>((done, fail) => {
      const deadline = Date.now() + 120_000;
      const poll = setInterval(() => {
        const lines = existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').filter(Boolean).length : 0;
        if (lines >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
          done();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          child.kill('SIGKILL');
          fail(new Error('no run finished in time'));
        }
      }, 50);
    });
    await new Promise((done) => child.on('exit', done));
    const before = readRecords(runs);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(8);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    // A line torn by the kill would be dropped; simulate one to be sure.
    writeFileSync(runs, readFileSync(runs, 'utf8') + '{"index": 7, "plan": "hu');
    const again = await rover('montecarlo', scenario, '--runs', '8', '--workers', '2', '--out', out);
    expect(again.code).toBe(EXIT.invalidInput);
    expect(again.err).toMatch(/add --resume/);
    const resumed = await rover('montecarlo', scenario, '--runs', '8', '--workers', '2', '--out', out, '--resume');
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(EXIT.ok);
    expect(resumed.out).toMatch(new RegExp(`\\(${before.length} from before, ${8 - before.length} now\\)`));
    const after = readRecords(runs);
    expect(after.map((x) => x.index).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The finished runs are kept as they were, not redone.
    for (const rec of before) expect(after.find((x) => x.index === rec.index)).toEqual(rec);
    // And the batch is what an uninterrupted one gives.
    const clean = join(work, 'clean');
    await rover('montecarlo', scenario, '--runs', '8', '--workers', '2', '--out', clean);
    expect(sortedKeys(out)).toEqual(sortedKeys(clean));
  });

  it('rejects a resume with other arguments, and bad options', async () => {
    let r = await rover('montecarlo', scenario, '--runs', '3', '--out', join(work, 'a'), '--resume');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/started with another scenario, seed, number of runs or plan/);
    r = await rover('montecarlo', scenario, '--runs', '0');
    expect(r.code).toBe(EXIT.invalidInput);
    r = await rover('montecarlo', scenario, '--runs', '2', '--queue', 'http://nope');
    expect(r.err).toMatch(/--queue: expected a redis:\/\/ URL/);
    expect((await rover('montecarlo', scenario)).code).toBe(EXIT.usage); // --runs is required
  });
});
