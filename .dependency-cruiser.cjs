// The house rules on imports (src/DESIGN.md), checked transitively by dependency-cruiser in npm test
// (test/architecture.test.ts): what a module reaches through any chain of imports, type-only ones
// included, not only what it names.

/**
 * The world's public face: the modules of sim/world the tools (sim/app) may import. The rest is the
 * world's own business. A list here rather than an index file that re-exports them: CommonJS loads
 * every module an index names, and `rover validate` would then load rxjs and all of flight software
 * (225 modules became 499, +65 ms a start).
 */
const WORLD_FACE = [
  'terrain/generate', 'terrain/orbital/products', 'terrain/orbital/sun', 'terrain/outputs', 'terrain/params',
  'terrain/rocks', 'terrain/sand', 'terrain/terrain', 'terrain/unresolved-rocks',
  'vehicle/config', 'vehicle/settle', 'vehicle/vehicle',
  'sensors/snapshot', 'sensors/visual-odometry',
  'comm/light-time', 'comm/link', 'comm/passes', 'comm/wiring',
  'rover-world', 'safety',
];

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
      comment: 'sim/app imports only the modules of sim/world listed in WORLD_FACE.',
      severity: 'error',
      from: { path: '^sim/app/' },
      to: { path: '^sim/world/', pathNot: `^sim/world/(${WORLD_FACE.join('|')})\\.ts$` },
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
