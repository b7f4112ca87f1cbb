import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMcScenario } from './app/montecarlo/fixture';

/*
 * The `rover` command runs the compiled tree (scripts/build.js, run by `npm ci`) while it matches the
 * sources, and the sources through ts-node once one changes: both paths must do the same work. Tried
 * on a copy of the project, so that building and touching sources leaves this checkout alone.
 */

const ROOT = resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require(join(ROOT, 'scripts/build.js')) as { build: (root: string) => number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledTree } = require(join(ROOT, 'sim/compiled-tree.js')) as { compiledTree: (root: string) => { dist?: string; stale?: string } };

let copy: string, work: string, scenario: string;
beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'rover-copy-'));
  for (const part of ['src', 'sim', 'scripts', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  work = join(copy, 'work');
  mkdirSync(work);
  scenario = writeMcScenario(work);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const rover = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(copy, 'sim/rover.js'), ...args], { encoding: 'utf8', cwd: work, env: { ...process.env, ROVER_DEBUG: '1', ...env }, timeout: 300_000 });

describe('the compiled tree', () => {
  it('is what the command runs after a build, and a Monte Carlo batch through it writes every output, plots included', () => {
    expect(compiledTree(copy).stale).toMatch(/no dist\/build\.json/);
    const files = build(copy);
    expect(files).toBeGreaterThan(100);
    expect(compiledTree(copy)).toEqual({ dist: join(copy, 'dist') });
    expect(readdirSync(copy).filter((f) => f.startsWith('.dist.'))).toEqual([]);

    const help = rover(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toContain(`running the compiled tree in ${join(copy, 'dist')}`);
    expect(help.stdout).toMatch(/Usage: rover/);

    // The command line loads no command's code before one runs (what makes --help start at once).
    const loaded = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(copy, 'dist/sim/app/cli.js'))}); console.log(JSON.stringify(Object.keys(require.cache)))`], { encoding: 'utf8' });
    const modules = JSON.parse(loaded.stdout) as string[];
    for (const heavy of ['@anthropic-ai', 'bullmq', 'ioredis', 'geotiff', 'zod', 'rxjs', '/sim/app/runner/', '/sim/world/terrain/']) {
      expect(modules.filter((m) => m.includes(heavy)), heavy).toEqual([]);
    }

    const out = join(work, 'batch-dist');
    const mc = rover(['montecarlo', scenario, '--runs', '2', '--workers', '1', '--out', out]);
    expect(mc.stderr).not.toMatch(/internal error/);
    expect(mc.status).toBe(0);
    for (const f of ['runs.jsonl', 'summary.json', 'plots/outcomes.svg', 'plots/outcomes.png']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('gives way to the sources through ts-node once a source changes, and they do the same work', () => {
    build(copy);
    const touched = join(copy, 'sim/world/engine.ts');
    const later = new Date(Date.now() + 5000);
    utimesSync(touched, later, later);
    expect(compiledTree(copy).stale).toBe('sim/world/engine.ts changed since the build');

    const out = join(work, 'batch-ts-node');
    const mc = rover(['montecarlo', scenario, '--runs', '2', '--workers', '1', '--out', out]);
    expect(mc.stderr).toContain('running the sources through ts-node: sim/world/engine.ts changed since the build');
    expect(mc.stderr).not.toMatch(/internal error/);
    expect(mc.status).toBe(0);
    for (const f of ['runs.jsonl', 'summary.json', 'plots/outcomes.svg', 'plots/outcomes.png']) expect(existsSync(join(out, f)), f).toBe(true);
    // ROVER_TS_NODE=1 asks for the sources whatever dist/ holds.
    build(copy);
    expect(rover(['--help'], { ROVER_TS_NODE: '1' }).stderr).toContain('running the sources through ts-node: ROVER_TS_NODE=1');
  });
});
