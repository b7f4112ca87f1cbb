import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../sim/cli';
import { rover } from '../../cli-harness';
import { writeShortScenario } from '../runner/fixtures';

/* A queue nobody serves: port 1 on this machine refuses every connection. Nothing may wait for it forever. */
const DEAD = 'redis://127.0.0.1:1';

let work: string;
let scenario: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-dead-redis-'));
  scenario = writeShortScenario(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a Redis that cannot be reached', () => {
  it('montecarlo --queue says so, exit 1, and starts no batch', async () => {
    const out = join(work, 'mc');
    const r = await rover('montecarlo', scenario, '--runs', '2', '--queue', DEAD, '--out', out);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/^error: command line: --queue: cannot connect to Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\) after 3 tries: is redis-server running there/);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('worker says what it waits for, then gives up with the reason, exit 1', async () => {
    const r = await rover('worker', '--queue', DEAD);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.out).toMatch(/waiting for Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\): try 2 of 5 in 2 s/);
    expect(r.err).toMatch(/cannot connect to Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\) after 5 tries/);
  }, 60_000);
});
