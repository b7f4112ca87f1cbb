import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { rover } from '../../../cli-harness';
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

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise((done) => server.close(done));
  return port;
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe.skipIf(!hasRedisServer && process.env.ROVER_REQUIRE_REDIS !== '1')('a Redis that goes away in the middle of a batch', () => {
  it('montecarlo --queue says it lost it, waits the outage limit, then stops: exit 1, no stack, the batch left to resume', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      await new Promise((done) => setTimeout(done, 500));
      const out = join(work, 'mc-lost');
      // No worker serves the queue: the producer waits for its runs until Redis goes.
      const producer = spawn(process.execPath, [resolve(__dirname, '../../../../sim/rover.js'), 'montecarlo', scenario, '--runs', '2', '--queue', `redis://127.0.0.1:${port}`, '--out', out],
        { env: { ...process.env, ROVER_REDIS_OUTAGE_S: '4' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '';
      producer.stdout.on('data', (d) => (stdout += d));
      producer.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((done) => producer.on('exit', (code) => done(code)));
      const deadline = Date.now() + 60_000;
      while (!existsSync(join(out, 'batch.json')) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
      await new Promise((done) => setTimeout(done, 1500));
      redis.kill('SIGKILL');
      const t0 = Date.now();
      const code = await exited;
      expect(code).toBe(EXIT.invalidInput);
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(stdout).toMatch(new RegExp(`lost Redis at 127\\.0\\.0\\.1:${port} \\((connection closed|ECONNREFUSED)\\): waiting up to 4 s`));
      expect(stderr).toMatch(new RegExp(`^error: command line: --queue: lost Redis at 127\\.0\\.0\\.1:${port} for 4 s in the middle of the batch: every finished run is in runs\\.jsonl; start redis-server again and rerun with --resume\\n$`));
      expect(stderr).not.toMatch(/\n\s+at /);
      // No run had finished: the batch is there to resume.
      expect(existsSync(join(out, 'batch.json'))).toBe(true);
    } finally {
      redis.kill('SIGKILL');
    }
  }, 120_000);
});
