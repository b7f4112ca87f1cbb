// A worker thread of the rock-abundance experiment (piscina): runs one trial through ts-node.
'use strict';
const path = require('node:path');
if (typeof globalThis.Worker !== 'function') globalThis.Worker = require('node:worker_threads').Worker;
// The TypeScript compiler, not swc: a thread ended by a run's time limit while swc's native module
// loads takes the whole process down with it.
require('ts-node').register({ project: path.join(__dirname, '..', 'tsconfig.json'), transpileOnly: true, swc: false });
const { experimentTrial } = require('./autonav-experiment-trial.ts');
module.exports = experimentTrial;
