// The house rules on imports (src/DESIGN.md), checked transitively by dependency-cruiser in npm test
// (test/architecture.test.ts): what a module reaches through any chain of imports, type-only ones
// included, not only what it names.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'fsw-never-reaches-the-world',
      comment: 'The one rule: flight software knows only what its sensors tell it (src/fsw/ports.ts).',
      severity: 'error',
      from: { path: '^src/fsw/' },
      to: { path: '^sim/', reachable: true },
    },
    {
      name: 'ground-never-reaches-the-world',
      comment: 'The ground sees orbital products and downlink only: nothing of the simulator.',
      severity: 'error',
      from: { path: '^src/ground/' },
      to: { path: '^sim/', reachable: true },
    },
    {
      name: 'ground-never-reaches-onboard-state',
      comment:
        'The ground knows flight software by its dictionaries and formats (commands, sequences, events, telemetry), ' +
        'never by its running components (navigation, pose, fault protection, mobility, the topology).',
      severity: 'error',
      from: { path: '^src/ground/' },
      to: { path: '^src/fsw/(autonav|nav|fault|topology|mobility/(?!types\.ts$))', reachable: true },
    },
    {
      name: 'fsw-never-reaches-the-ground',
      comment: 'Flight software runs on the rover: it cannot call the ground planners.',
      severity: 'error',
      from: { path: '^src/fsw/' },
      to: { path: '^src/ground/', reachable: true },
    },
    {
      name: 'core-is-the-base',
      comment: 'src/core is shared by every side, so it depends on none of them.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(fsw|ground)|sim)/', reachable: true },
    },
    {
      name: 'world-never-reaches-the-tools',
      comment: 'The world (terrain, vehicle, sensors, comm, engine) knows nothing of scenarios, runs, batches or commands.',
      severity: 'error',
      from: { path: '^sim/world/' },
      to: { path: '^sim/app/', reachable: true },
    },
    {
      name: 'tools-use-the-worlds-face',
      comment: 'sim/app uses the world through sim/world/index.ts only: what it exports is all the tools may know of it.',
      severity: 'error',
      from: { path: '^sim/app/' },
      to: { path: '^sim/world/(?!index\\.ts$)' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders form layers: no two folders import each other, directly or around a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src|sim)/' },
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^(src|sim)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
