import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { claimOutputDir, completeInterruptedWrites, OUTPUTS_MANIFEST, recordOutputs, StagedDir, writeFilesTogether } from '../../src/core/files';

const work = mkdtempSync(join(tmpdir(), 'rover-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function staged(dir: string, files: Record<string, string>): string[] {
  const out = new StagedDir(dir);
  for (const [name, text] of Object.entries(files)) out.write(name, text);
  return out.commit();
}

/** The error a call throws (fails the test if it throws none). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('output folders: rover writes only into a new folder or its own', () => {
  it('writes a new folder with a manifest of what it wrote, and rewrites it on a second run', () => {
    const dir = join(work, 'new');
    staged(dir, { 'a.txt': 'one', 'frames/stop-1.png': 'png' });
    expect(JSON.parse(readFileSync(join(dir, OUTPUTS_MANIFEST), 'utf8'))).toEqual({ written_by: 'rover', files: ['a.txt', 'frames/stop-1.png'] });
    // The second run has no stop: its folder holds what it wrote, and the first run's frame is gone.
    staged(dir, { 'a.txt': 'two' });
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('two');
    expect(existsSync(join(dir, 'frames'))).toBe(false);
  });

  it('refuses a folder holding a file it did not write, before writing, and leaves it as it was', () => {
    const dir = join(work, 'thesis');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.txt'), 'four years');
    const e = thrown(() => staged(dir, { 'a.txt': 'x' }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/thesis: holds files rover did not write \(thesis\.txt\)/);
    expect(readdirSync(dir)).toEqual(['thesis.txt']);
    expect(readFileSync(join(dir, 'thesis.txt'), 'utf8')).toBe('four years');
    expect(readdirSync(work).filter((n) => n.includes('staging'))).toEqual([]);
  });

  it('refuses a path that is a file', () => {
    const file = join(work, 'notes.txt');
    writeFileSync(file, 'mine');
    expect(thrown(() => staged(file, { 'a.txt': 'x' })).message).toMatch(/notes\.txt: is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('takes its own folder back only while everything in it is its own', () => {
    const dir = join(work, 'shared');
    staged(dir, { 'summary.json': '{}', 'old.txt': 'old' });
    writeFileSync(join(dir, 'notes.txt'), 'my notes');
    // Claimed as rover's only while everything in it is rover's: the user's file makes it foreign again.
    expect(thrown(() => claimOutputDir(dir)).message).toMatch(/notes\.txt/);
    rmSync(join(dir, 'notes.txt'));
    staged(dir, { 'summary.json': '{"b":1}' });
    expect(readdirSync(dir).sort()).toEqual([OUTPUTS_MANIFEST, 'summary.json']);
  });

  it('passes over what a killed write of its own left behind (a staging folder, a temporary file)', () => {
    const dir = join(work, 'killed');
    staged(join(dir, 'human'), { 'summary.json': '{}' });
    mkdirSync(join(dir, '.baseline.staging-4242'));
    writeFileSync(join(dir, '.baseline.staging-4242', 'summary.json'), '{}');
    writeFileSync(join(dir, '.map.png.4242.tmp'), 'half');
    expect([...claimOutputDir(dir)]).toEqual([]);
  });

  it('refuses a manifest it did not write', () => {
    const dir = join(work, 'forged');
    mkdirSync(dir);
    writeFileSync(join(dir, OUTPUTS_MANIFEST), '{ "files": "everything" }');
    expect(thrown(() => claimOutputDir(dir)).message).toMatch(/\.rover-outputs\.json: is not a list of outputs rover wrote/);
    // One that names a file outside the folder would have a rerun remove it.
    writeFileSync(join(work, 'outside.txt'), 'mine');
    writeFileSync(join(dir, OUTPUTS_MANIFEST), JSON.stringify({ written_by: 'rover', files: ['../outside.txt'] }));
    expect(() => staged(dir, { 'a.txt': 'x' })).toThrow(/is not a list of outputs rover wrote/);
    expect(readFileSync(join(work, 'outside.txt'), 'utf8')).toBe('mine');
  });

  it('counts a subfolder with a manifest of its own as rover’s (a comparison’s run folders)', () => {
    const dir = join(work, 'compare');
    const out = new StagedDir(dir);
    staged(out.subfolder('human'), { 'summary.json': '{}' });
    out.write('comparison.md', '#');
    out.commit();
    expect(readdirSync(dir).sort()).toEqual([OUTPUTS_MANIFEST, 'comparison.md', 'human']);
    expect([...claimOutputDir(dir)]).toEqual(['comparison.md']);
    recordOutputs(dir, ['map.png']);
    writeFileSync(join(dir, 'map.png'), 'png');
    expect([...claimOutputDir(dir)].sort()).toEqual(['comparison.md', 'map.png']);
    // The user's file in a run folder makes the whole comparison folder refused, before anything runs.
    writeFileSync(join(dir, 'human', 'notes.txt'), 'mine');
    expect(thrown(() => claimOutputDir(dir)).message).toMatch(/compare\/human: holds files rover did not write \(notes\.txt\)/);
  });

  it('refuses the folder it runs in, which it would have to move aside', () => {
    const dir = join(work, 'here');
    mkdirSync(dir);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(thrown(() => new StagedDir('.')).message).toMatch(/is the folder you are in/);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** A process id that runs no process (what a killed rover leaves in its leftovers' names). */
const DEAD_PID = 2 ** 22 + 1; // above Linux's largest (pid_max ≤ 2^22)

describe('a commit killed part-way is finished or undone by the next write there', () => {
  it('puts the old folder back when the kill came between moving it aside and moving the new one in', () => {
    const dir = join(work, 'swap');
    staged(dir, { 'a.txt': 'old' });
    // What the kill leaves: the old folder aside, the new one still staged.
    renameSync(dir, join(work, `.swap.old-${DEAD_PID}`));
    mkdirSync(join(work, `.swap.staging-${DEAD_PID}`));
    writeFileSync(join(work, `.swap.staging-${DEAD_PID}`, 'a.txt'), 'new');
    expect([...claimOutputDir(dir)]).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
    expect(readdirSync(work).filter((n) => n.startsWith('.swap.'))).toEqual([]);
  });

  it('removes the old folder aside once the new one is in', () => {
    const dir = join(work, 'swapped');
    staged(dir, { 'a.txt': 'new' });
    mkdirSync(join(work, `.swapped.old-${DEAD_PID}`));
    writeFileSync(join(work, `.swapped.old-${DEAD_PID}`, 'a.txt'), 'old');
    claimOutputDir(dir);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new');
    expect(readdirSync(work).filter((n) => n.startsWith('.swapped.'))).toEqual([]);
  });

  it('leaves the leftovers of a rover that still runs alone', () => {
    const dir = join(work, 'busy');
    staged(dir, { 'a.txt': 'x' });
    const live = join(work, `.busy.staging-${process.ppid}`);
    mkdirSync(live);
    claimOutputDir(dir);
    expect(existsSync(live)).toBe(true);
  });

  it('completes the renames of several files written together, so they end up all new', () => {
    const dir = join(work, 'together');
    mkdirSync(dir);
    const plan = join(dir, 'x.plan.json'), seq = join(dir, 'x.seq.json');
    writeFilesTogether([{ path: seq, data: 'seq 1' }, { path: plan, data: 'plan 1' }]);
    // Killed after the first of two renames: the sequence is new, the plan still old.
    writeFileSync(seq, 'seq 2');
    writeFileSync(join(dir, `.x.plan.json.${DEAD_PID}.tmp`), 'plan 2');
    writeFileSync(join(dir, `.x.plan.json.${DEAD_PID}.commit`), JSON.stringify([[join(dir, `.x.seq.json.${DEAD_PID}.tmp`), seq], [join(dir, `.x.plan.json.${DEAD_PID}.tmp`), plan]]));
    completeInterruptedWrites(plan);
    expect(readFileSync(plan, 'utf8')).toBe('plan 2');
    expect(readFileSync(seq, 'utf8')).toBe('seq 2');
    expect(readdirSync(dir).sort()).toEqual(['x.plan.json', 'x.seq.json']);
  });

  it('moves nothing a commit file names but rover’s own temporaries, to the names they carry', () => {
    const dir = join(work, 'forged-commit');
    mkdirSync(dir);
    const plan = join(dir, 'x.plan.json'), mine = join(dir, 'thesis.txt');
    writeFileSync(mine, 'four years');
    writeFileSync(join(dir, 'other.txt'), 'also mine');
    writeFileSync(join(dir, `.x.plan.json.${DEAD_PID}.commit`), JSON.stringify([[join(dir, 'other.txt'), mine], [join(dir, `.x.plan.json.${DEAD_PID}.tmp`), mine]]));
    writeFileSync(join(dir, `.x.plan.json.${DEAD_PID}.tmp`), 'plan');
    completeInterruptedWrites(plan);
    expect(readFileSync(mine, 'utf8')).toBe('four years');
    expect(readFileSync(join(dir, 'other.txt'), 'utf8')).toBe('also mine');
  });

  it('refuses to write a file over a folder, and leaves no temporary file', () => {
    const dir = join(work, 'over-folder');
    mkdirSync(join(dir, 'x.plan.json'), { recursive: true });
    expect(thrown(() => writeFilesTogether([{ path: join(dir, 'x.seq.json'), data: 's' }, { path: join(dir, 'x.plan.json'), data: 'p' }])).message)
      .toMatch(/x\.plan\.json: is a folder/);
    expect(readdirSync(dir)).toEqual(['x.plan.json']);
  });
});
