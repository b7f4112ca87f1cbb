import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../sim/app/cli';
import { rover } from '../cli-harness';
import { filesIn } from '../files-in';
import { writeShortScenario } from './app/runner/fixtures';

/*
 * `--out` never costs the user a file: a folder holding anything rover did not write, or a path that
 * is a file, is refused with a message naming it, exit 1, and the work folder holds afterwards exactly
 * what it held before (every file's hash).
 */

let work: string;
let scenario: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-out-'));
  scenario = writeShortScenario(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` (relative path → sha256). */
const hashes = (dir: string): Map<string, string> =>
  new Map([...filesIn(dir)].map(([name, bytes]) => [name, createHash('sha256').update(bytes).digest('hex')]));

/** A folder holding a user's file, and a plain file, to aim --out at. */
function userFiles(name: string): { folder: string; file: string } {
  const folder = join(work, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'thesis.txt'), 'four years of work');
  const file = join(work, `${name}.notes.txt`);
  writeFileSync(file, 'my notes');
  return { folder, file };
}

const COMMANDS: [string, string[]][] = [
  ['run', ['run', '{scenario}', '--plan', 'baseline']],
  ['compare', ['compare', '{scenario}', '--plans', 'baseline']],
  ['terrain', ['terrain', '{scenario}']],
  ['view', ['view', '{scenario}', '--at', '10,20,0']],
  ['montecarlo', ['montecarlo', '{scenario}', '--runs', '1', '--workers', '1']],
];

describe('--out on what rover did not write', () => {
  for (const [name, args] of COMMANDS) {
    it(`rover ${name} refuses a folder holding a foreign file and a path that is a file, touching neither`, async () => {
      const { folder, file } = userFiles(`user-${name}`);
      const argv = args.map((a) => (a === '{scenario}' ? scenario : a));
      for (const out of [folder, file]) {
        const before = hashes(work);
        const r = await rover(...argv, '--out', out);
        expect(r.code, r.err).toBe(EXIT.invalidInput);
        expect(r.err).toContain(out);
        expect(r.err).toMatch(out === folder ? /holds files rover did not write \(thesis\.txt\)/ : /is a file, not a folder/);
        expect(r.err).not.toMatch(/internal error|\n\s+at /);
        expect(hashes(work)).toEqual(before);
      }
    }, 120_000);
  }

  it('rover compare whose second plan cannot be made writes nothing, not the first plan\'s run', async () => {
    const out = join(work, 'half-compare');
    const key = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const r = await rover('compare', scenario, '--plans', 'baseline,ai', '--out', out);
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.err).toMatch(/ANTHROPIC_API_KEY: not set/);
    } finally {
      if (key !== undefined) process.env.ANTHROPIC_API_KEY = key;
    }
    expect(readdirSync(work).filter((n) => n.includes('half-compare'))).toEqual([]);
  }, 120_000);

  it('rover run writes again into a folder it wrote, and leaves nothing of the earlier run', async () => {
    const out = join(work, 'again');
    expect((await rover('run', scenario, '--plan', 'baseline', '--out', out)).code).toBe(EXIT.ok);
    mkdirSync(join(out, 'frames'), { recursive: true });
    writeFileSync(join(out, 'frames', 'stop-9-sol-9-hazard.png'), 'x'); // as if an earlier run had stopped there...
    const manifest = join(out, '.rover-outputs.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    writeFileSync(manifest, JSON.stringify({ ...m, files: [...m.files, 'frames/stop-9-sol-9-hazard.png'] })); // ...and said so
    expect((await rover('run', scenario, '--plan', 'baseline', '--out', out)).code).toBe(EXIT.ok);
    expect([...hashes(out).keys()].filter((n) => n.startsWith('frames/stop-9'))).toEqual([]);
    expect(JSON.parse(readFileSync(manifest, 'utf8')).files).toEqual([...hashes(out).keys()].filter((n) => n !== '.rover-outputs.json').sort());
  }, 120_000);
});

describe('an environment that will not let rover write', () => {
  it('a path through a file is refused as input, naming the file', async () => {
    const file = join(work, 'plain-file');
    writeFileSync(file, 'x');
    const r = await rover('terrain', scenario, '--out', join(file, 'sub'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/^error: .*plain-file\/sub: .*plain-file in its path is a file, not a folder/);
  }, 120_000);

  // /sys takes no new folders, not even from root (CI runs as root, so a read-only folder would not do).
  it.runIf(existsSync('/sys/kernel'))('a folder it cannot create says what, where and why, exit 1, no stack', async () => {
    const r = await rover('terrain', scenario, '--out', '/sys/rover-out');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/^error: cannot create the folder \/sys\/rover-out: (not permitted|the file system is read-only|permission denied)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 120_000);
});
