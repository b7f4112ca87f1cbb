// A worker thread of the Monte Carlo pool (piscina): it exports the run task. It loads the compiled
// task from dist/ while dist/ matches the sources (scripts/build.js), which starts in a fraction of a
// second, and the TypeScript through ts-node otherwise (type checking is npm test's job).
'use strict';
const { join } = require('node:path');
const { existsSync } = require('node:fs');
// geotiff loads the web-worker package, which takes any worker thread without a global Worker for
// one of its own and fails on start; Node's Worker class stands in (geotiff's decoder pool is unused).
if (typeof globalThis.Worker !== 'function') globalThis.Worker = require('node:worker_threads').Worker;

function taskModule() {
  // This file is copied into dist/sim/app/montecarlo/ beside the compiled task.
  if (existsSync(join(__dirname, 'task.js'))) return join(__dirname, 'task.js');
  const root = join(__dirname, '..', '..', '..');
  const { dist } = require('../../compiled-tree.js').compiledTree(root);
  if (dist) return join(dist, 'sim', 'app', 'montecarlo', 'task.js');
  // The TypeScript compiler, not swc: a thread ended by a run's time limit while swc's native module
  // loads takes the whole process down with it.
  require('ts-node').register({ project: join(root, 'tsconfig.json'), transpileOnly: true, swc: false });
  return join(__dirname, 'task.ts');
}

module.exports = require(taskModule()).runTask;
