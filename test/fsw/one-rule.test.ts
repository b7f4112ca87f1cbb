import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The one rule of the house (src/DESIGN.md): flight software never reads the world. Nothing under
 * src/fsw/ may import from sim/; it sees the rover only through its hardware ports.
 */

const ROOT = path.resolve(__dirname, '../..');
const FSW = path.join(ROOT, 'src', 'fsw');
const SIM = path.join(ROOT, 'sim');

/** Every module specifier a TypeScript file names: import/export ... from, bare import, require(), import(), reference path. */
function specifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\/\/\/\s*<reference\s+path\s*=\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

/** The specifiers in `source` (a file at `filePath`) that reach into sim/. */
export function simImports(source: string, filePath: string): string[] {
  return specifiers(source).filter((spec) => {
    const s = spec.replace(/\\/g, '/');
    if (s.includes('/sim/') || s === 'sim' || s.startsWith('sim/')) return true;
    if (s.startsWith('.')) {
      const rel = path.relative(SIM, path.resolve(path.dirname(filePath), s));
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    }
    return false;
  });
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.isFile() && e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('the one rule: src/fsw never imports sim/', () => {
  it('flags imports that reach sim/ and passes ones that do not (self-check)', () => {
    const file = path.join(FSW, 'mobility', 'steering.ts');
    expect(simImports(`import { x } from '../../../sim/world/terrain/terrain';`, file)).toHaveLength(1);
    expect(simImports(`import '../../../sim';`, file)).toHaveLength(1);
    expect(simImports(`const t = require("../../../sim/engine");`, file)).toHaveLength(1);
    expect(simImports(`export * from '../../../sim/world/sensors/imu';`, file)).toHaveLength(1);
    expect(simImports(`import type {\n  Terrain,\n} from '../../../sim/world/terrain/terrain';`, file)).toHaveLength(1);
    expect(simImports(`const m = await import('../../../sim/engine');`, file)).toHaveLength(1);
    expect(simImports(`import { hubPlan } from '../../core/vehicle-geometry';`, file)).toEqual([]);
    // A folder merely named like sim inside fsw is not the world.
    expect(simImports(`import { a } from './simulated-clock';`, file)).toEqual([]);
  });

  it('holds for every .ts file under src/fsw', () => {
    const files = tsFiles(FSW);
    expect(files.length).toBeGreaterThan(0);
    const offences = files.flatMap((f) =>
      simImports(readFileSync(f, 'utf8'), f).map((spec) => `${path.relative(ROOT, f)} imports '${spec}'`),
    );
    expect(offences).toEqual([]);
  });
});
