import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { claimOutputDir, OUTPUTS_MANIFEST, recordOutputs, StagedDir } from '../../src/core/files';

const work = mkdtempSync(join(tmpdir(), 'rover-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function staged(dir: string, files: Record<string, string>, replace = true): string[] {
  const out = new StagedDir(dir, { replace });
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
    staged(join(dir, 'human'), { 'summary.json': '{}' });
    expect([...claimOutputDir(dir)]).toEqual([]);
    staged(dir, { 'comparison.md': '#' }, false);
    recordOutputs(dir, ['map.png']);
    writeFileSync(join(dir, 'map.png'), 'png');
    expect([...claimOutputDir(dir)].sort()).toEqual(['comparison.md', 'map.png']);
    // The user's file in a run folder makes the whole comparison folder refused, before anything runs.
    writeFileSync(join(dir, 'human', 'notes.txt'), 'mine');
    expect(thrown(() => claimOutputDir(dir)).message).toMatch(/compare\/human: holds files rover did not write \(notes\.txt\)/);
  });
});
