import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { readRecords } from '../../../../sim/app/montecarlo/records';
import { recordKey } from '../../../../sim/app/montecarlo/task';
import { rover } from '../../../cli-harness';
import { writeMcScenario } from './fixture';

/*
 * The distributed mode against a real Redis on 127.0.0.1 (CI starts Debian's redis-server and sets
 * ROVER_TEST_REDIS_URL; with ROVER_REQUIRE_REDIS=1 a missing server fails the test rather than skips it).
 */

const ROOT = resolve(__dirname, '../../../..');
const URL = process.env.ROVER_TEST_REDIS_URL;
const required = process.env.ROVER_REQUIRE_REDIS === '1';

describe.skipIf(!URL && !required)('rover montecarlo --queue (BullMQ on Redis) with two rover worker processes', () => {
  let work: string, scenario: string;
  const workers: ChildProcess[] = [];
  const logs: string[] = [];
  beforeAll(() => {
    if (!URL) throw new Error('ROVER_REQUIRE_REDIS is set but ROVER_TEST_REDIS_URL is not');
    work = mkdtempSync(join(tmpdir(), 'rover-queue-'));
    scenario = writeMcScenario(work);
    for (let i = 0; i < 2; i++) {
      const w = spawn(process.execPath, [join(ROOT, 'sim/rover.js'), 'worker', '--queue', URL, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
      logs.push('');
      w.stdout!.on('data', (d) => (logs[i] += d));
      workers.push(w);
    }
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((done) => (w.exitCode !== null ? done(null) : w.on('exit', done)))));
    rmSync(work, { recursive: true, force: true });
  });

  it('gathers every run from the workers into the same files a local batch writes', async () => {
    const out = join(work, 'queued');
    const r = await rover('montecarlo', scenario, '--runs', '4', '--queue', URL!, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    const records = readRecords(join(out, 'runs.jsonl'));
    expect(records.map((x) => x.index).sort()).toEqual([0, 1, 2, 3]);
    // Both workers took runs (each says so as it finishes one).
    for (const log of logs) expect(log).toMatch(/^run \d \(human\): /m);
    // The same batch on local threads gives the same runs and summary.
    const local = join(work, 'local');
    await rover('montecarlo', scenario, '--runs', '4', '--workers', '2', '--out', local);
    expect(records.map(recordKey).sort()).toEqual(readRecords(join(local, 'runs.jsonl')).map(recordKey).sort());
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(readFileSync(join(local, 'summary.json'), 'utf8'));
  });
});
