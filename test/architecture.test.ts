import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The import rules of the house (.dependency-cruiser.cjs, src/DESIGN.md), checked transitively by
 * dependency-cruiser over src/ and sim/: flight software and the ground never reach the simulator, the
 * ground never reaches flight software's running components, the world never reaches the tools that
 * run it and the tools use only its public face (WORLD_FACE), and no two folders depend on each other
 * around a loop. A broken copy of the tree shows each
 * rule can fail.
 */

const ROOT = resolve(__dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  via?: { name: string }[];
}

/** The rule violations dependency-cruiser finds in `tree` (a folder holding src/, sim/, tsconfig.json and the config). */
function violations(tree: string): Violation[] {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', 'sim', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: tree, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  if (r.error) throw r.error;
  const result = JSON.parse(r.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(100);
  return result.summary.violations;
}

const describeRule = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe('the import rules, checked transitively', () => {
  const work = mkdtempSync(join(tmpdir(), 'rover-architecture-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('hold for the tree as it is', () => {
    expect(violations(ROOT).map(describeRule)).toEqual([]);
  });

  it('fail on a copy that breaks each rule, through a chain of imports where the rule is about reach', () => {
    const copy = join(work, 'broken');
    for (const part of ['src', 'sim', 'tsconfig.json', '.dependency-cruiser.cjs']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    // Flight software reaches the world through a helper in src/core (and core thereby reaches sim/).
    writeFileSync(join(copy, 'src/core/leak.ts'), "export { TruthTerrain } from '../../sim/world/terrain/terrain';\n");
    appendFileSync(join(copy, 'src/fsw/topology.ts'), "\nexport { TruthTerrain as Leaked } from '../core/leak';\n");
    // The ground reaches the onboard pose estimator, and the world through the same helper; the world reaches the scenario loader.
    appendFileSync(join(copy, 'src/ground/downlink.ts'), "\nexport type { PoseEstimator as Onboard } from '../fsw/nav/pose-estimator';\n");
    appendFileSync(join(copy, 'src/ground/ops.ts'), "\nexport type { Leaked as Seen } from '../fsw/topology';\n");
    appendFileSync(join(copy, 'sim/world/engine.ts'), "\nexport type { LoadedScenario as Tool } from '../app/scenario/loader';\n");
    // A tool importing one module on the world's face (settle.ts) and one behind it (render.ts).
    appendFileSync(join(copy, 'sim/app/runner/run.ts'), "\nexport type { Settled as Deep } from '../../world/vehicle/settle';\n");
    appendFileSync(join(copy, 'sim/app/runner/run.ts'), "\nexport { renderFrame as Deeper } from '../../world/sensors/render';\n");
    // Two folders of the world importing each other: terrain back up into sensors.
    appendFileSync(join(copy, 'sim/world/terrain/terrain.ts'), "\nexport type { StereoMeasurement as Loop } from '../sensors/stereo';\n");
    const found = violations(copy);
    // The face is a list of modules: settle.ts is on it, render.ts is not.
    const faceBreaks = found.filter((v) => v.rule.name === 'tools-use-the-worlds-face').map((v) => v.to);
    expect(faceBreaks).toEqual(['sim/world/sensors/render.ts']);
    const rules = new Set(found.map((v) => v.rule.name));
    for (const rule of ['fsw-never-reaches-the-world', 'ground-never-reaches-the-world', 'core-is-the-base', 'ground-never-reaches-onboard-state', 'world-never-reaches-the-tools', 'tools-use-the-worlds-face', 'no-folder-cycles']) {
      expect(rules, `${rule} in ${[...rules].join(', ')}`).toContain(rule);
    }
    // Found through the chain: topology names no sim/ module, yet reaches one through src/core/leak.ts.
    const fswLeaks = found.filter((v) => v.rule.name === 'fsw-never-reaches-the-world').map(describeRule);
    expect(fswLeaks).toContain('fsw-never-reaches-the-world: src/fsw/topology.ts -> sim/world/terrain/terrain.ts');
  });
});
