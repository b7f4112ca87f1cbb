// Whether dist/ (scripts/build.js) was compiled from the sources as they are now. Plain JavaScript:
// the `rover` command and the worker threads ask before any transpiler is loaded.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** The record scripts/build.js leaves in dist/: every source it compiled, with its mtime and size. */
const BUILD_RECORD = 'build.json';

/**
 * Which tree to run under `root`: `{ dist }` when every source dist/ was compiled from is unchanged
 * (same mtime and size; a new source is only reached through an import in a changed one), else
 * `{ stale }` saying why. ROVER_TS_NODE=1 asks for the sources through ts-node whatever dist/ holds.
 */
function compiledTree(root) {
  if (process.env.ROVER_TS_NODE === '1') return { stale: 'ROVER_TS_NODE=1' };
  const dist = join(root, 'dist');
  let record;
  try {
    record = JSON.parse(readFileSync(join(dist, BUILD_RECORD), 'utf8'));
  } catch {
    return { stale: `no dist/${BUILD_RECORD} (npm run build writes it)` };
  }
  if (!Array.isArray(record.sources)) return { stale: `dist/${BUILD_RECORD} lists no sources` };
  for (const [rel, mtimeMs, size] of record.sources) {
    let s;
    try {
      s = statSync(join(root, rel));
    } catch {
      return { stale: `${rel} is gone since the build` };
    }
    if (s.mtimeMs !== mtimeMs || s.size !== size) return { stale: `${rel} changed since the build` };
  }
  return { dist };
}

module.exports = { compiledTree, BUILD_RECORD };
