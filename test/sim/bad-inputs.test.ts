import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../sim/app/cli';
import { Raster } from '../../src/core/raster';
import { writeGeoTiff } from '../../src/core/raster-io';
import { filesIn } from '../files-in';
import { ClaudeStub, message, type StubReply } from '../ground/claude-stub';
import { writeMcScenario } from './app/montecarlo/fixture';
import { SHORT_SCENARIO, writeShortScenario } from './app/runner/fixtures';

/*
 * Issue 15's bad inputs and faults, each by the name the issue gives it, tried as a careful user
 * would: the real `rover` command in a folder of its own holding just the case's inputs. Each must end
 * with its exit code, a message on stderr naming the file or field, no stack trace, and the folder
 * holding afterwards exactly what it held before (every file's hash, hidden files included). New
 * classes of bad input get a case here.
 */

const ROOT = resolve(__dirname, '../..');
let work: string;
const stub = new ClaudeStub();
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rover-bad-inputs-'));
  await stub.start();
});
afterAll(async () => {
  await stub.stop();
  // The read-only folder is empty, so its parent's write permission is all removing it takes.
  rmSync(work, { recursive: true, force: true });
});

interface Case {
  /** What the user did, as the issue lists it. */
  name: string;
  /** Writes the case's inputs into its empty folder `dir` and returns the command's arguments. */
  setup: (dir: string) => string[];
  exit: number;
  /** What stderr must say: it names the file or the field. */
  stderr: RegExp;
  env?: Record<string, string>;
  /** What the local Claude stub answers, for the AI planner's cases. */
  claude?: StubReply[];
  /** Skip where the machine cannot make the fault (e.g. a read-only folder for root). */
  skip?: boolean;
  /** The only files the command may leave (relative paths): a failed AI planner keeps its exchange (issue 17). */
  keeps?: string[];
}

const AI_SCENARIO = SHORT_SCENARIO.replace('planners: { human: short.human.plan.json }', 'planners: { human: short.human.plan.json, ai: { model: claude-stub-model, timeout_s: 2, deadline_s: 3, max_retries: 0 } }');

/** A small real GeoTIFF DEM, 40 x 40 posts at 1 m of gentle relief. */
function writeDem(path: string): void {
  const r = new Raster({ rows: 40, cols: 40, spacing: 1, x0: 0, y0: 39 });
  for (let i = 0; i < r.values.length; i++) r.values[i] = -2500 + 0.05 * (i % 40) + 0.03 * Math.floor(i / 40);
  writeGeoTiff(path, r);
}

const isRoot = process.getuid?.() === 0;

const CASES: Case[] = [
  // Data loss, exit 0 before.
  { name: 'run --out naming an existing file', setup: (d) => (writeShortScenario(d), writeFileSync(join(d, 'notes.txt'), 'mine'), ['run', 'short.yaml', '--plan', 'baseline', '--out', 'notes.txt']), exit: EXIT.invalidInput, stderr: /notes\.txt: is a file, not a folder/ },
  { name: 'run --out a folder holding thesis.txt', setup: (d) => (writeShortScenario(d), mkdirSync(join(d, 'thesis')), writeFileSync(join(d, 'thesis', 'thesis.txt'), 'four years'), ['run', 'short.yaml', '--plan', 'baseline', '--out', 'thesis']), exit: EXIT.invalidInput, stderr: /thesis: holds files rover did not write \(thesis\.txt\)/ },
  { name: 'run --out . in a folder holding notes.txt', setup: (d) => (writeShortScenario(d), writeFileSync(join(d, 'notes.txt'), 'mine'), ['run', 'short.yaml', '--plan', 'baseline', '--out', '.']), exit: EXIT.invalidInput, stderr: /holds files rover did not write \(.*notes\.txt/ },
  // Stack traces before.
  { name: '--out in a read-only folder', skip: isRoot, setup: (d) => { writeShortScenario(d); mkdirSync(join(d, 'locked')); chmodSync(join(d, 'locked'), 0o555); return ['terrain', 'short.yaml', '--out', 'locked/terrain']; }, exit: EXIT.invalidInput, stderr: /locked.*(permission denied|not allowed|EACCES)/i },
  { name: 'montecarlo --out naming an existing file', setup: (d) => (writeShortScenario(d), writeFileSync(join(d, 'notes.txt'), 'mine'), ['montecarlo', 'short.yaml', '--runs', '1', '--out', 'notes.txt']), exit: EXIT.invalidInput, stderr: /notes\.txt: is a file, not a folder/ },
  { name: 'terrain --out naming an existing file', setup: (d) => (writeShortScenario(d), writeFileSync(join(d, 'notes.txt'), 'mine'), ['terrain', 'short.yaml', '--out', 'notes.txt']), exit: EXIT.invalidInput, stderr: /notes\.txt: is a file, not a folder/ },
  { name: 'compare --out naming an existing file', setup: (d) => (writeShortScenario(d), writeFileSync(join(d, 'notes.txt'), 'mine'), ['compare', 'short.yaml', '--out', 'notes.txt']), exit: EXIT.invalidInput, stderr: /notes\.txt: is a file, not a folder/ },
  { name: 'plan --out through a file', setup: (d) => (writeShortScenario(d), writeFileSync(join(d, 'notes.txt'), 'mine'), ['plan', 'short.yaml', '--planner', 'baseline', '--out', 'notes.txt/x.plan.json']), exit: EXIT.invalidInput, stderr: /notes\.txt\/x\.plan\.json: .*notes\.txt in its path is a file, not a folder/ },
  { name: 'a corrupt batch.json on --resume', setup: (d) => { writeMcScenario(d); mkdirSync(join(d, 'batch')); writeFileSync(join(d, 'batch', 'batch.json'), '{"identity": 3, "runs": "x"'); return ['montecarlo', 'mc.yaml', '--runs', '2', '--out', 'batch', '--resume']; }, exit: EXIT.invalidInput, stderr: /batch\.json/ },
  { name: 'a corrupt batch.json for replay', setup: (d) => { mkdirSync(join(d, 'batch')); writeFileSync(join(d, 'batch', 'batch.json'), '[]'); writeFileSync(join(d, 'batch', 'runs.jsonl'), ''); return ['replay', 'batch', '--run', '0']; }, exit: EXIT.invalidInput, stderr: /batch\.json/ },
  { name: 'a YAML alias bomb', setup: (d) => { writeFileSync(join(d, 'bomb.yaml'), `${SHORT_SCENARIO}${['a0: &a0 [lol]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n')}\n`); return ['validate', 'bomb.yaml']; }, exit: EXIT.invalidInput, stderr: /bomb\.yaml: not usable YAML: .*alias/i },
  { name: 'a 1 x 1 DEM through rover terrain FILE', setup: (d) => { writeFileSync(join(d, 'one.bin'), Buffer.from(new Float32Array([5]).buffer)); writeFileSync(join(d, 'one.bin.json'), JSON.stringify({ rows: 1, cols: 1, spacing_m: 1 })); return ['terrain', 'one.bin']; }, exit: EXIT.invalidInput, stderr: /one\.bin: a DEM needs at least 2 x 2 posts/ },
  ...([
    ['malformed JSON', { body: null, raw: '{"id": "msg_torn", "content": [' }, /not a Claude message stream/],
    ['an HTML body', { body: null, raw: '<html><body>Proxy login</body></html>', headers: { 'content-type': 'text/html' } }, /not a Claude message/],
    ['{}', { body: {} }, /not a Claude message/],
    ['content as a string', { body: { ...(message([], 'end_turn').body as object), content: 'plain text' } }, /not a Claude message/],
  ] as [string, StubReply, RegExp][]).map(([what, reply, said]): Case => ({
    name: `the AI planner given a 200 reply with ${what}`,
    setup: (d) => (writeShortScenario(d, AI_SCENARIO), ['plan', 'short.yaml', '--planner', 'ai']),
    claude: [reply],
    exit: EXIT.invalidInput,
    stderr: new RegExp(`Claude.*model claude-stub-model.*${said.source}.*\\(the exchange so far is in out/short\\.ai\\.failed\\.exchange\\.json\\)`),
    keeps: ['out/short.ai.failed.exchange.json', 'out/short.ai.failed.orbital.png', 'out/short.ai.failed.hazard.png'],
  })),
  // Hangs before.
  { name: 'montecarlo --queue on a dead Redis', setup: (d) => (writeShortScenario(d), ['montecarlo', 'short.yaml', '--runs', '1', '--queue', 'redis://127.0.0.1:1']), exit: EXIT.invalidInput, stderr: /--queue: cannot connect to Redis at 127\.0\.0\.1:1/ },
  { name: 'rover worker on a dead Redis', setup: () => ['worker', '--queue', 'redis://127.0.0.1:1'], exit: EXIT.invalidInput, stderr: /--queue: cannot connect to Redis at 127\.0\.0\.1:1 .* after 5 tries/ },
  { name: 'the AI planner on a server that never answers', setup: (d) => (writeShortScenario(d, AI_SCENARIO), ['plan', 'short.yaml', '--planner', 'ai']), claude: [{ body: null, hang: true }, { body: null, hang: true }], exit: EXIT.invalidInput, stderr: /(deadline|timed out|timeout).*the exchange so far is in/i, keeps: ['out/short.ai.failed.exchange.json', 'out/short.ai.failed.orbital.png', 'out/short.ai.failed.hazard.png'] },
  { name: 'size_m [9990, 9990] at 0.5 m', setup: (d) => (writeFileSync(join(d, 'huge.yaml'), SHORT_SCENARIO.replace('size_m: [70, 40]', 'size_m: [9990, 9990]')), ['validate', 'huge.yaml']), exit: EXIT.invalidInput, stderr: /huge\.yaml: line \d+: terrain\.procedural\.size_m: .*million posts need about [\d,]+ MB for the truth site alone, more than the 4,096 MB allowed \(ROVER_MAX_SITE_MB\)/ },
  { name: 'a DEM whose truth site is past the memory limit', setup: (d) => (writeDem(join(d, 'dem.tif')), ['terrain', 'dem.tif']), env: { ROVER_MAX_SITE_MB: '0.1' }, exit: EXIT.invalidInput, stderr: /dem\.tif: .*million posts need about .* MB for the truth site alone, more than the 0\.1 MB allowed \(ROVER_MAX_SITE_MB\)/ },
  // Accepted nonsense before.
  { name: 'a GeoTIFF with scrambled bytes', setup: (d) => { writeDem(join(d, 'dem.tif')); const b = readFileSync(join(d, 'dem.tif')); for (let i = 400; i < b.length; i++) b[i] = (b[i] * 151 + i * 89) & 0xff; writeFileSync(join(d, 'dem.tif'), b); return ['terrain', 'dem.tif']; }, exit: EXIT.invalidInput, stderr: /dem\.tif: (is not a readable GeoTIFF|holds heights from .* outside -9000 \.\. 22000 m|only \d+ of its)/ },
  { name: 'a DEM with 1 valid post in 2,500', setup: (d) => { writeFileSync(join(d, 'sparse.bin'), Buffer.from(new Float32Array([5, ...Array(2499).fill(NaN)]).buffer)); writeFileSync(join(d, 'sparse.bin.json'), JSON.stringify({ rows: 50, cols: 50, spacing_m: 1 })); return ['terrain', 'sparse.bin']; }, exit: EXIT.invalidInput, stderr: /sparse\.bin: only 1 of its 2500 posts hold a height/ },
  ...['0001', '9999'].map((year): Case => ({
    name: `a scenario dated in year ${Number(year)}`,
    setup: (d) => (writeFileSync(join(d, 'dated.yaml'), `${SHORT_SCENARIO}date_utc: "${year}-06-01T12:00:00Z"\n`), ['validate', 'dated.yaml']),
    exit: EXIT.invalidInput,
    stderr: /dated\.yaml: line \d+: date_utc: .*1900.*2100/,
  })),
  // Partial outputs before.
  { name: 'compare whose AI plan fails', setup: (d) => (writeShortScenario(d, AI_SCENARIO), ['compare', 'short.yaml', '--plans', 'baseline,ai', '--out', 'cmp']), claude: [{ body: {} }], exit: EXIT.invalidInput, stderr: /Claude.*not a Claude message.*the exchange so far is in cmp\/planning\/ai\.exchange\.json/, keeps: ['cmp/.rover-outputs.json', 'cmp/planning/ai.exchange.json', 'cmp/planning/ai.orbital.png', 'cmp/planning/ai.hazard.png'] },
  // Usage and arguments.
  { name: 'an unknown option', setup: () => ['run', '--frobnicate'], exit: EXIT.usage, stderr: /unknown option '--frobnicate'/ },
  { name: 'a negative --seed', setup: (d) => (writeShortScenario(d), ['run', 'short.yaml', '--seed', '-3']), exit: EXIT.invalidInput, stderr: /command line: --seed: expected a whole number >= 0, got "-3"/ },
  { name: 'compare --plans human on a scenario with no human plan', setup: (d) => (writeShortScenario(d, SHORT_SCENARIO.replace('planners: { human: short.human.plan.json }\n', '')), ['compare', 'short.yaml', '--plans', 'human,baseline', '--out', 'cmp']), exit: EXIT.invalidInput, stderr: /command line: --plans: human: short\.yaml names no human plan \(planners\.human\); leave human out of --plans/ },
  { name: 'an unknown --relief', setup: (d) => (writeShortScenario(d), ['run', 'short.yaml', '--relief', 'shaded']), exit: EXIT.invalidInput, stderr: /command line: --relief: expected one of contours, hillshade, none, got "shaded"/ },
  { name: 'a scenario that does not exist', setup: () => ['validate', 'missing.yaml'], exit: EXIT.invalidInput, stderr: /missing\.yaml: file not found/ },
];

/** Every file under `dir` (hidden ones included) by relative path → sha256. */
const hashes = (dir: string): Map<string, string> =>
  new Map([...filesIn(dir)].map(([name, bytes]) => [name, createHash('sha256').update(bytes).digest('hex')]));

/** Runs the real command in `cwd` without blocking this process (the Claude stub answers from it). */
function roverIn(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'sim/rover.js'), ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe('bad inputs and faults (issue 15): a clear message, the documented exit code, nothing written (but a failed AI planner\'s exchange)', () => {
  for (const c of CASES) {
    it.skipIf(c.skip)(c.name, async () => {
      const dir = join(work, c.name.replace(/[^a-z0-9]+/gi, '-'));
      mkdirSync(dir);
      const args = c.setup(dir);
      const before = hashes(dir);
      stub.reset(c.claude ?? []);
      const env: Record<string, string> = { ANTHROPIC_API_KEY: 'sk-ant-bad-inputs-test', ANTHROPIC_BASE_URL: stub.url, ...c.env };
      const r = await roverIn(dir, args, env);
      expect(r.code, r.stderr).toBe(c.exit);
      expect(r.stderr).toMatch(c.stderr);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
      expect(r.stderr).not.toContain('sk-ant-bad-inputs-test');
      const after = hashes(dir);
      for (const kept of c.keeps ?? []) {
        expect(after.has(kept), `${kept} kept`).toBe(true);
        expect(readFileSync(join(dir, kept)).includes('sk-ant-bad-inputs-test')).toBe(false);
        after.delete(kept);
      }
      expect(after).toEqual(before);
    }, 120_000);
  }
});
