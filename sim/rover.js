#!/usr/bin/env node
// The `rover` command. It runs the compiled tree in dist/ (scripts/build.js, which `npm ci` runs) while
// dist/ matches the sources, and the TypeScript sources through ts-node otherwise (a source edited
// since the last build: development), so what runs is always what the sources say. Type checking is
// `npm test`'s job (tsc), so neither path checks types.
'use strict';
const { join } = require('node:path');
const { compiledTree } = require('./compiled-tree.js');

const root = join(__dirname, '..');
const { dist, stale } = compiledTree(root);
if (!dist) require('ts-node').register({ project: join(root, 'tsconfig.json') });
if (process.env.ROVER_DEBUG) {
  // Stacks name the TypeScript lines (dist/ holds source maps).
  process.setSourceMapsEnabled(true);
  process.stderr.write(dist ? `rover: running the compiled tree in ${dist}\n` : `rover: running the sources through ts-node: ${stale}\n`);
}
// `rover ... | head` closes stdout early: that is the reader's choice, not an error of ours.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = require(dist ? join(dist, 'sim', 'app', 'cli.js') : './app/cli.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
