#!/usr/bin/env node
// The `rover` command: runs the TypeScript sources through ts-node (type checking is done by
// `npm test` with tsc, so the command itself only transpiles, which starts much faster).
'use strict';
const path = require('node:path');
require('ts-node').register({
  project: path.join(__dirname, '..', 'tsconfig.json'),
  transpileOnly: true,
});
// `rover ... | head` closes stdout early: that is the reader's choice, not an error of ours.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = require('./cli.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
