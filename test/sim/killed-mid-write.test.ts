import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimOutputDir, completeInterruptedWrites, KILL_AT_ENV } from '../../src/core/files';
import { filesIn } from '../files-in';
import { writeMcScenario } from './app/montecarlo/fixture';
import { writeShortScenario } from './app/runner/fixtures';

/*
 * A `rover` killed (SIGKILL) while it writes its outputs leaves the old outputs or the new ones, never
 * a mix. The kill comes at each step of a commit (ROVER_TEST_KILL_AT, a fault-injection hook in
 * src/core/files.ts), and at a random moment of a run. timing.json holds wall times (the one file
 * that differs between two runs of the same seed) and is left out of the comparison.
 */

const ROOT = resolve(__dirname, '../..');
let work: string, short: string, mc: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-kill-'));
  short = writeShortScenario(work);
  mc = writeMcScenario(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const rover = (args: string[], killAt?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'sim/rover.js'), ...args], {
    encoding: 'utf8', cwd: work, timeout: 300_000,
    env: { ...process.env, ...(killAt ? { [KILL_AT_ENV]: killAt } : {}) },
  });

/** Every file under `dir` but timing.json files (relative path → sha256); null when `dir` is missing. */
function contents(dir: string): Map<string, string> | null {
  if (!existsSync(dir)) return null;
  return new Map([...filesIn(dir)].filter(([name]) => !name.endsWith('timing.json')).map(([name, bytes]) => [name, createHash('sha256').update(bytes).digest('hex')]));
}

/** What a kill may leave beside the output folder (its staging, the old folder aside): hidden names. */
const leftovers = (): string[] => readdirSync(work).filter((n) => n.startsWith('.'));

/** Writes the old outputs (seed 1) and a reference of the new ones (seed 2) of a command into fresh folders. */
function oldAndNew(name: string, args: (seed: number, out: string) => string[]): { dir: string; before: Map<string, string>; after: Map<string, string> } {
  const dir = join(work, name), reference = join(work, `${name}-reference`);
  for (const [seed, out] of [[1, dir], [2, reference]] as const) {
    const r = rover(args(seed, out));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }
  const before = contents(dir)!, after = contents(reference)!;
  expect(after).not.toEqual(before);
  return { dir, before, after };
}

describe.each([
  ['run', (seed: number, out: string) => ['run', short, '--plan', 'baseline', '--seed', String(seed), '--out', out]],
  ['compare', (seed: number, out: string) => ['compare', short, '--plans', 'human,baseline', '--seed', String(seed), '--out', out]],
])('rover %s killed while it puts its outputs in place', (name, args) => {
  let dir: string, before: Map<string, string>, after: Map<string, string>;
  beforeAll(() => ({ dir, before, after } = oldAndNew(name, args)));

  it('before the old folder moves: the old outputs', () => {
    expect(rover(args(2, dir), 'commit-staged').signal).toBe('SIGKILL');
    expect(contents(dir)).toEqual(before);
  });

  it('between moving the old folder aside and the new one in: the next claim puts the old one back', () => {
    expect(rover(args(2, dir), 'commit-swap').signal).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(false);
    claimOutputDir(dir);
    expect(contents(dir)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('once the new folder is in: the new outputs, and the old folder aside is removed by the next claim', () => {
    expect(rover(args(2, dir), 'commit-swapped').signal).toBe('SIGKILL');
    expect(contents(dir)).toEqual(after);
    claimOutputDir(dir);
    expect(leftovers()).toEqual([]);
    // Back to the old outputs for the next case.
    expect(rover(args(1, dir)).status).toBe(0);
    expect(contents(dir)).toEqual(before);
  });

  it('at a random moment of the run: the old outputs or the new ones', async () => {
    const { spawn } = await import('node:child_process');
    for (const delayMs of [300, 900, 1500, 2500]) {
      const child = spawn(process.execPath, [join(ROOT, 'sim/rover.js'), ...args(2, dir)], { cwd: work, stdio: 'ignore' });
      await new Promise((done) => setTimeout(done, delayMs));
      // A run that finished before the kill has already exited: waiting for 'exit' would wait forever.
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.on('exit', done));
      child.kill('SIGKILL');
      await exited;
      claimOutputDir(dir);
      const now = contents(dir);
      expect([before, after]).toContainEqual(now);
      if (now && JSON.stringify([...now]) === JSON.stringify([...after])) expect(rover(args(1, dir)).status).toBe(0);
      expect(leftovers()).toEqual([]);
    }
  });
});

describe('rover plan killed between renaming its files into place', () => {
  it('is completed by the next write of that plan: all of the new plan, none of the old beside it', () => {
    const args = (seed: number, out: string) => ['plan', short, '--planner', 'baseline', '--seed', String(seed), '--out', out];
    const planDir = join(work, 'plan'), refDir = join(work, 'plan-reference');
    for (const [seed, d] of [[1, planDir], [2, refDir]] as const) expect(rover(args(seed, join(d, 'x.plan.json'))).status).toBe(0);
    const before = contents(planDir)!, after = contents(refDir)!;
    expect(after).not.toEqual(before);
    // Killed after the sequence (the first of three renames) went in; the plan itself goes last.
    expect(rover(args(2, join(planDir, 'x.plan.json')), 'together-1').signal).toBe('SIGKILL');
    const killed = contents(planDir)!;
    expect(killed.get('x.plan.json')).toBe(before.get('x.plan.json'));
    expect(killed.get('x.seq.json')).toBe(after.get('x.seq.json'));
    completeInterruptedWrites(join(planDir, 'x.plan.json'));
    expect(contents(planDir)).toEqual(after);
  });
});

describe('rover montecarlo killed while it writes its summary and plots', () => {
  it('has no summary until all of it is in, and --resume finishes it as an unbroken batch would', () => {
    const args = (out: string) => ['montecarlo', mc, '--runs', '3', '--workers', '1', '--out', out];
    const dir = join(work, 'batch'), reference = join(work, 'batch-reference');
    expect(rover(args(reference)).status).toBe(0);
    // Killed after three of the plots went in: the runs are all there, the summary is not.
    expect(rover(args(dir), 'together-3').signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    expect(contents(dir)!.get('runs.jsonl')).toBeDefined();
    const resumed = rover([...args(dir), '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const sortedRuns = (d: string) => filesIn(d).get('runs.jsonl')!.toString().split('\n').filter(Boolean).sort();
    expect(sortedRuns(dir)).toEqual(sortedRuns(reference));
    const withoutRuns = (m: Map<string, string>) => new Map([...m].filter(([n]) => n !== 'runs.jsonl' && n !== 'timing.jsonl' && n !== 'report.html'));
    expect(withoutRuns(contents(dir)!)).toEqual(withoutRuns(contents(reference)!));
    // The page names its own folder in its replay lines; otherwise the same bytes.
    const page = (d: string) => filesIn(d).get('report.html')!.toString().split(d).join('BATCH');
    expect(page(dir)).toEqual(page(reference));
  });
});
