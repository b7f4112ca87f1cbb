// A worker thread of the Monte Carlo pool (piscina): it runs TypeScript through ts-node, as the
// `rover` command does (type checking is npm test's job), and exports the run task.
'use strict';
const path = require('node:path');
// geotiff loads the web-worker package, which takes any worker thread without a global Worker for
// one of its own and fails on start; Node's Worker class stands in (geotiff's decoder pool is unused).
if (typeof globalThis.Worker !== 'function') globalThis.Worker = require('node:worker_threads').Worker;
// The TypeScript compiler, not swc: a thread ended by a run's time limit while swc's native module
// loads takes the whole process down with it.
require('ts-node').register({ project: path.join(__dirname, '..', '..', 'tsconfig.json'), transpileOnly: true, swc: false });
const { runTask } = require('./task.ts');
module.exports = runTask;
