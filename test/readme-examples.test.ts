import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../sim/app/scenario/loader';
import { rover } from './cli-harness';

/*
 * What the README shows must be true: its scenario example loads as a scenario, its planner settings
 * load inside one, every `rover` subcommand it names exists, and `npm run rover` runs the command.
 */

const ROOT = resolve(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's ```yaml blocks, unindented. */
function yamlBlocks(): string[] {
  return [...README.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)].map(([, indent, body]) => body.split('\n').map((l) => l.slice(indent.length)).join('\n'));
}

describe("the README's examples", () => {
  const work = mkdtempSync(join(tmpdir(), 'rover-readme-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const blocks = yamlBlocks();
  const scenarioExample = blocks.find((b) => b.startsWith('name:'));

  it('has a scenario example that loads as a scenario', () => {
    expect(scenarioExample).toBeDefined();
    const file = join(work, 'example.yaml');
    writeFileSync(file, scenarioExample!);
    const { scenario } = loadScenario(file);
    expect(scenario.name).toBe('my-site');
    expect(scenario.relay?.passes.map((p) => p.name)).toEqual(['ODY', 'MRO']);
  });

  it("has planner settings that load as a scenario's planners", () => {
    const planners = blocks.find((b) => b.startsWith('planners:'));
    expect(planners).toBeDefined();
    const example = parse(scenarioExample!) as Record<string, unknown>;
    const file = join(work, 'with-ai.yaml');
    writeFileSync(file, JSON.stringify({ ...example, ...(parse(planners!) as object) }));
    expect(loadScenario(file).scenario.planners?.ai).toMatchObject({ model: 'claude-opus-4-7', simulate_dispersed_runs: 2 });
  });

  it('shows only pictures that are committed, a screenshot of each page among them', () => {
    const pictures = [...README.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    for (const p of pictures) expect(existsSync(join(ROOT, p)), p).toBe(true);
    expect(pictures).toEqual(expect.arrayContaining(['docs/screenshots/run-report.png', 'docs/screenshots/run-report-plots.png', 'docs/screenshots/replay.png', 'docs/screenshots/comparison-report.png', 'docs/screenshots/montecarlo-report.png', 'docs/screenshots/terrain-slope.png']));
  });

  it('names only rover subcommands that exist', async () => {
    const named = new Set([...README.matchAll(/`rover ([a-z]+)/g)].map((m) => m[1]));
    expect(named.size).toBeGreaterThan(5);
    const help = await rover('--help');
    const listed = new Set([...help.out.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]));
    for (const command of named) expect(listed, `rover ${command}`).toContain(command);
  });

  it('npm run rover -- --help runs the command', () => {
    const r = spawnSync('npm', ['run', '--silent', 'rover', '--', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Usage: rover/);
    expect(r.stdout).toMatch(/dictionary/);
  });
});
