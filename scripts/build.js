#!/usr/bin/env node
// Compiles the TypeScript of src/ and sim/ to CommonJS in dist/, file for file, so that the `rover`
// command and its worker threads start without a transpiler (ts-node cost ~1 s a start, a
// worker thread ~3 s). `npm ci` runs it (the "prepare" script); `npm run build` runs it by hand.
// Type checking stays tsc's job in `npm test`. dist/build.json lists every source with its mtime
// and size: sim/rover.js runs dist only while all of them are unchanged, and ts-node otherwise.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } = require('node:fs');
const { basename, dirname, join, relative } = require('node:path');
const { transformSync } = require('@swc/core');
const { BUILD_RECORD } = require('../sim/compiled-tree.js');

const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['src', 'sim'];
/** The command's entry point stays in the source tree: it chooses between dist/ and ts-node. */
const ENTRY = join('sim', 'rover.js');


/** What tsc makes of the project's tsconfig (ES2022, node20 CommonJS, esModuleInterop). */
const SWC_OPTIONS = {
  swcrc: false,
  sourceMaps: true,
  module: { type: 'commonjs', strictMode: true, noInterop: false, ignoreDynamic: false },
  jsc: {
    parser: { syntax: 'typescript', tsx: false, dynamicImport: true },
    target: 'es2022',
    keepClassNames: true,
    transform: { useDefineForClassFields: true },
  },
};

function sourcesUnder(root, dir) {
  const files = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourcesUnder(root, rel));
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(rel);
  }
  return files.sort();
}

/** Compiles root's src/ and sim/ into root/dist/; returns how many files it wrote. */
function build(root = ROOT) {
  const out = join(root, 'dist');
  const staging = join(root, `.dist.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  const sources = [];
  try {
    for (const rel of SOURCE_DIRS.flatMap((d) => sourcesUnder(root, d)).filter((f) => f !== ENTRY)) {
      const from = join(root, rel);
      const { mtimeMs, size } = statSync(from);
      sources.push([rel, mtimeMs, size]);
      const to = join(staging, rel.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(to), { recursive: true });
      if (!rel.endsWith('.ts')) {
        copyFileSync(from, to);
        continue;
      }
      const { code, map } = transformSync(readFileSync(from, 'utf8'), {
        ...SWC_OPTIONS,
        filename: from,
        sourceFileName: relative(dirname(to.replace(staging, out)), from),
      });
      writeFileSync(to, `${code}\n//# sourceMappingURL=${basename(to)}.map\n`);
      writeFileSync(`${to}.map`, map);
    }
    writeFileSync(join(staging, BUILD_RECORD), JSON.stringify({ sources }) + '\n');
    // Swap the new tree in whole: a process that reads dist/ sees the old build or the new one.
    const old = join(root, `.dist.${process.pid}.old`);
    let hadOld = true;
    try {
      renameSync(out, old);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
      hadOld = false;
    }
    renameSync(staging, out);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return sources.length;
}

if (require.main === module) {
  const t0 = Date.now();
  const n = build();
  console.log(`built ${n} files into dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

module.exports = { build, SWC_OPTIONS };
