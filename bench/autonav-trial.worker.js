// A worker thread of the rock-abundance experiment (piscina): runs one trial through ts-node.
'use strict';
const path = require('node:path');
if (typeof globalThis.Worker !== 'function') globalThis.Worker = require('node:worker_threads').Worker;
require('ts-node').register({ project: path.join(__dirname, '..', 'tsconfig.json'), transpileOnly: true });
const { experimentTrial } = require('./autonav-experiment-trial.ts');
module.exports = experimentTrial;
