import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../sim/app/cli';
import { parseSequence } from '../../src/fsw/seq/seqjson';
import { Plan } from '../../src/ground/plan';
import { NAVCAM_MOSAIC_PANS_DEG } from '../../src/ground/uplink/to-seqjson';
import { rover } from '../cli-harness';
import { apiError, ClaudeStub, message, toolCall, toolResults } from '../ground/claude-stub';

/*
 * `rover plan` and `rover validate PLAN` from the command line: the baseline on a small generated
 * site, the ai planner through the real SDK against a local stub (ANTHROPIC_BASE_URL), and bad
 * inputs that must exit 1 naming the file and field, writing nothing.
 */

const ROOT = resolve(__dirname, '../..');

const SITE = `name: small-site
seed: 5
terrain:
  procedural:
    size_m: [120, 80]
    relief: { median_slope_deg: 4 }
    craters: { density_per_km2: 0 }
    rocks: { k: 0.04 }
    sand: { fraction: 0.05 }
orbital:
  image_spacing_m: 0.5
start: { x_m: 10, y_m: 40, heading_deg: 0 }
goal: { x_m: 110, y_m: 40 }
keep_out:
  - { x_m: 60, y_m: 40, radius_m: 8, reason: boulder cluster }
planners:
  human: small.human.plan.json
  ai: { model: claude-stub-model, max_retries: 0, image_max_px: 512, simulate_dispersed_runs: 1 }
`;

const HUMAN = {
  format: 'rover-plan/1', scenario: 'small-site',
  waypoints: [{ x_m: 40, y_m: 60, tolerance_m: 2 }, { x_m: 80, y_m: 60, tolerance_m: 2 }, { x_m: 110, y_m: 40, tolerance_m: 2 }],
  rationale: 'north of the boulder cluster',
  provenance: { planner: 'human', author: 'test' },
};

let work: string;
const file = (name: string): string => join(work, name);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-plan-'));
  writeFileSync(file('small.yaml'), SITE);
  writeFileSync(file('small.human.plan.json'), JSON.stringify(HUMAN, null, 2));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rover plan', () => {
  it('plans with the baseline: the plan, its SeqJSON sequence and a picture, passing the flight rules', async () => {
    const r = await rover('plan', file('small.yaml'), '--planner', 'baseline', '--out', file('out/base.plan.json'));
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/small-site: baseline plan, \d+ waypoint\(s\)/);
    expect(r.out).toMatch(/flight rules: pass/);
    const plan = Plan.parse(JSON.parse(readFileSync(file('out/base.plan.json'), 'utf8')));
    expect(plan.provenance.planner).toBe('baseline');
    expect(plan.waypoints.at(-1)).toMatchObject({ x_m: 110, y_m: 40 });
    const seqText = readFileSync(file('out/base.seq.json'), 'utf8');
    const seq = parseSequence(seqText, 'base.seq.json');
    const stems = seq.steps.map((s) => s.stem);
    const mosaic = NAVCAM_MOSAIC_PANS_DEG.map(() => 'IMG_TAKE');
    expect(stems).toEqual(['NAV_CLEAR_ZONES', 'NAV_ADD_KEEP_OUT_CIRCLE', 'MOB_AWAIT_DRIVE_WINDOW', 'NAV_SUN_UPDATE', ...mosaic, ...plan.waypoints.map(() => 'NAV_GOTO_WAYPOINT'), ...mosaic]);
    expect(seq.steps[4 + NAVCAM_MOSAIC_PANS_DEG.length].args).toMatchObject({ mode: 'AUTONAV', x_m: plan.waypoints[0].x_m });
    expect(readFileSync(file('out/base.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('--out naming a folder puts the plan in it under its usual name, and leaves no temporary file', async () => {
    mkdirSync(file('plans-folder'));
    writeFileSync(file('plans-folder/notes.txt'), 'mine');
    const r = await rover('plan', file('small.yaml'), '--planner', 'baseline', '--out', file('plans-folder'));
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(readdirSync(file('plans-folder')).sort()).toEqual(['notes.txt', 'small-site.baseline.plan.json', 'small-site.baseline.png', 'small-site.baseline.seq.json', 'small-site.baseline.timing.json']);
    expect(readFileSync(file('plans-folder/notes.txt'), 'utf8')).toBe('mine');
    // The same plan twice is the same bytes: the wall time is in its own file.
    const first = readFileSync(file('plans-folder/small-site.baseline.plan.json'));
    expect((await rover('plan', file('small.yaml'), '--planner', 'baseline', '--out', file('plans-folder'))).code).toBe(EXIT.ok);
    expect(readFileSync(file('plans-folder/small-site.baseline.plan.json')).equals(first)).toBe(true);
  });

  it('checks the human plan file and writes its sequence', async () => {
    const r = await rover('plan', file('small.yaml'), '--planner', 'human', '--out', file('out/human.plan.json'));
    expect(r.code).toBe(EXIT.ok);
    expect(existsSync(file('out/human.seq.json'))).toBe(true);
  });

  it('plans with Claude through the SDK against a local stub, saving the exchange and the pictures without the key', async () => {
    const stub = new ClaudeStub();
    await stub.start();
    const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
    process.env.ANTHROPIC_API_KEY = 'sk-ant-cli-test-key-1234';
    process.env.ANTHROPIC_BASE_URL = stub.url;
    try {
      stub.reset([
        toolCall('check_route', { waypoints: [{ x_m: 110, y_m: 40 }] }),
        toolCall('submit_route', { waypoints: HUMAN.waypoints, rationale: 'around the keep-out zone to the north' }),
        // The route has hazards (sand, rocks): it comes back with each one's id, and each is then justified.
        (req) => {
          const sentBack = toolResults(req)[0].content;
          const ids = [...sentBack.matchAll(/^- (leg\d+\.[a-z]+\d+): /gm)].map((m) => m[1]);
          expect(ids.length).toBeGreaterThan(0);
          return toolCall('submit_route', { waypoints: HUMAN.waypoints, rationale: 'around the keep-out zone to the north', hazard_justifications: ids.map((hazard) => ({ hazard, reason: 'short, and the detour is longer' })) });
        },
      ]);
      const r = await rover('plan', file('small.yaml'), '--planner', 'ai', '--out', file('ai/ai.plan.json'));
      expect(r.err).toBe('');
      expect(r.code).toBe(EXIT.ok);
      expect(stub.requests[0].body.model).toBe('claude-stub-model');
      expect(r.out).toMatch(/ai plan, 3 waypoint\(s\).*3 turns, 3600 input \+ 900 output tokens/);
      const names = readdirSync(file('ai')).sort();
      expect(names).toEqual(['ai.exchange.json', 'ai.hazard.png', 'ai.orbital.png', 'ai.plan.json', 'ai.png', 'ai.seq.json', 'ai.timing.json']);
      for (const n of names) expect(readFileSync(file(`ai/${n}`)).includes('sk-ant-cli-test-key-1234')).toBe(false);
      const plan = Plan.parse(JSON.parse(readFileSync(file('ai/ai.plan.json'), 'utf8')));
      expect(plan.provenance).toMatchObject({ planner: 'ai', model: 'claude-stub-model', exchange_file: 'ai.exchange.json', turns: 3 });
      expect(plan.rationale).toMatch(/\nHazards accepted:\n- leg\d+\.[a-z]+\d+: .*Accepted because: short, and the detour is longer/);
      // Wall times are kept apart from the plan and the exchange, which are the same bytes for the same replies.
      expect(plan.provenance.planning_time_s).toBeUndefined();
      expect(plan.provenance.api_latency_s).toBeUndefined();
      const timing = JSON.parse(readFileSync(file('ai/ai.timing.json'), 'utf8'));
      expect(timing.planning_s).toBeGreaterThanOrEqual(timing.api_latency_s);
      const exchange = JSON.parse(readFileSync(file('ai/ai.exchange.json'), 'utf8'));
      expect(exchange.outcome).toEqual({ plan_submitted: true });
      expect(exchange.turns.map((t: { model: string }) => t.model)).toEqual(['claude-stub', 'claude-stub', 'claude-stub']); // the replying model, as it names itself
      expect(JSON.stringify(exchange)).not.toMatch(/latency/);
      // The straight line enters the keep-out zone: check_route said so.
      const firstResult = (stub.requests[1].body.messages.at(-1)!.content as { content: string }[])[0].content;
      expect(JSON.parse(firstResult).violations.join(' ')).toMatch(/keep-out zone 0/);
    } finally {
      process.env.ANTHROPIC_API_KEY = saved.key;
      process.env.ANTHROPIC_BASE_URL = saved.url;
      if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY;
      if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
      await stub.stop();
    }
  });

  it('without ANTHROPIC_API_KEY, --planner ai says how to set one and exits 1, writing nothing', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const r = await rover('plan', file('small.yaml'), '--planner', 'ai', '--out', file('nokey/ai.plan.json'));
      expect(r.code).toBe(EXIT.invalidInput);
      expect(r.err).toMatch(/ANTHROPIC_API_KEY: not set: .*export ANTHROPIC_API_KEY=/);
      expect(existsSync(file('nokey'))).toBe(false);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('rejects a goal off the map, a missing goal and a bad --planner, writing nothing', async () => {
    writeFileSync(file('offmap.yaml'), SITE.replace('goal: { x_m: 110, y_m: 40 }', 'goal: { x_m: 150, y_m: 40 }'));
    let r = await rover('plan', file('offmap.yaml'), '--planner', 'baseline', '--out', file('bad/p.plan.json'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/offmap\.yaml: line 13: goal: \(150, 40\) is off the map; the map spans x 0\.0\.\.120\.0 m/);
    writeFileSync(file('nogoal.yaml'), SITE.replace('goal: { x_m: 110, y_m: 40 }\n', ''));
    r = await rover('plan', file('nogoal.yaml'), '--planner', 'baseline', '--out', file('bad/p.plan.json'));
    expect(r.err).toMatch(/nogoal\.yaml: goal: missing/);
    r = await rover('plan', file('small.yaml'), '--planner', 'magic');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/--planner: expected baseline, ai, human or replay:FILE\.exchange\.json, got "magic"/);
    expect((await rover('plan', file('small.yaml'))).code).toBe(EXIT.usage); // --planner is required
    expect(existsSync(file('bad'))).toBe(false);
  });
});

describe('rover validate PLAN', () => {
  it('checks a plan file alone, and against a scenario\'s flight rules', async () => {
    let r = await rover('validate', file('small.human.plan.json'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/valid human plan for "small-site" \(3 waypoints\)/);
    r = await rover('validate', file('small.human.plan.json'), '--scenario', file('small.yaml'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/passes the flight rules/);
  });

  it('names the line and field of a malformed plan', async () => {
    const bad = (name: string, plan: unknown): string => {
      writeFileSync(file(name), JSON.stringify(plan, null, 2));
      return file(name);
    };
    let r = await rover('validate', bad('typo.plan.json', { ...HUMAN, waypoints: [{ x_m: 10, y_m: 5, z_m: 1 }] }));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/typo\.plan\.json: line \d+: waypoints\.0\.z_m: unknown field/);
    r = await rover('validate', bad('empty.plan.json', { ...HUMAN, waypoints: [] }));
    expect(r.err).toMatch(/empty\.plan\.json: line \d+: waypoints: .*1/);
    r = await rover('validate', bad('format.plan.json', { ...HUMAN, format: 'route/9' }));
    expect(r.err).toMatch(/format\.plan\.json: line 2: format/);
    writeFileSync(file('syntax.plan.json'), '{ "format": "rover-plan/1", ');
    r = await rover('validate', file('syntax.plan.json'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/syntax\.plan\.json: line \d+: not valid YAML/);
  });

  it('lists every broken flight rule of a plan that may not be uplinked', async () => {
    const plan = { ...HUMAN, waypoints: [{ x_m: 60, y_m: 30, tolerance_m: 1 }, { x_m: 118, y_m: 79, tolerance_m: 1 }] };
    writeFileSync(file('unsafe.plan.json'), JSON.stringify(plan));
    const r = await rover('validate', file('unsafe.plan.json'), '--scenario', file('small.yaml'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/breaks the flight rules/);
    expect(r.err).toMatch(/waypoint 1: the leg to it comes within 1\.85 m of keep-out zone 0/);
    expect(r.err).toMatch(/the last waypoint is [\d.]+ m from the goal/);
  });

  it('a plan for another scenario is refused when planning with it, and when validating the scenario', async () => {
    writeFileSync(file('other.yaml'), SITE.replace('name: small-site', 'name: other-site'));
    let r = await rover('plan', file('other.yaml'), '--planner', 'human', '--out', file('other/p.plan.json'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/small\.human\.plan\.json: scenario: the plan is for "small-site", not "other-site"/);
    r = await rover('validate', file('other.yaml'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/not "other-site"/);
  });
});

it('every shipped human plan passes its scenario\'s flight rules', async () => {
  for (const name of ['jezero-rim', 'gale-mmgis']) {
    const r = await rover('validate', join(ROOT, `scenarios/plans/${name}.human.plan.json`), '--scenario', join(ROOT, `scenarios/${name}.yaml`));
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
  }
});

describe('the AI exchange is kept, on success and on failure, from plan, run and compare', () => {
  const KEY = 'sk-ant-kept-exchange-test-5678';
  const stub = new ClaudeStub();
  const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
  beforeAll(async () => {
    await stub.start();
    process.env.ANTHROPIC_API_KEY = KEY;
    process.env.ANTHROPIC_BASE_URL = stub.url;
  });
  afterAll(async () => {
    process.env.ANTHROPIC_API_KEY = saved.key;
    process.env.ANTHROPIC_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY;
    if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
    await stub.stop();
  });
  const noKeyIn = (dir: string): void => {
    for (const n of readdirSync(dir, { recursive: true }) as string[]) {
      const path = join(dir, n);
      if (!statSync(path).isDirectory()) expect(readFileSync(path).includes(KEY), path).toBe(false);
    }
  };

  it('rover plan: a reply without a route after a paid turn exits 1 naming where the exchange is; no plan is written', async () => {
    stub.reset([
      toolCall('check_route', { waypoints: [{ x_m: 110, y_m: 40 }] }),
      message([{ type: 'text', text: 'Go north of the zone.' }], 'end_turn'),
      message([{ type: 'text', text: 'Go north of the zone.' }], 'end_turn'), // after the nudge to use the tools
    ]);
    const r = await rover('plan', file('small.yaml'), '--planner', 'ai', '--out', file('failed/ai.plan.json'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/ended its reply without submitting a route, after being asked to use the tools: "Go north of the zone\." \(the exchange so far is in .*failed\/ai\.failed\.exchange\.json\)/);
    expect(readdirSync(file('failed')).sort()).toEqual(['ai.failed.exchange.json', 'ai.failed.hazard.png', 'ai.failed.orbital.png']);
    const exchange = JSON.parse(readFileSync(file('failed/ai.failed.exchange.json'), 'utf8'));
    expect(exchange.outcome.error).toMatch(/ended its reply without submitting a route/);
    expect(exchange.turns).toHaveLength(3);
    expect(exchange.messages.at(-1)).toMatchObject({ role: 'assistant', content: [{ type: 'text', text: 'Go north of the zone.' }] });
    noKeyIn(file('failed'));
  });

  it('rover run: a rejected key exits 1 with the exchange in the run folder; a planned run keeps its exchange in planning/', async () => {
    stub.reset([apiError(401, 'authentication_error', 'invalid x-api-key')]);
    const r = await rover('run', file('small.yaml'), '--plan', 'ai', '--out', file('run-ai'));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/rejected \(HTTP 401\): invalid x-api-key .*\(the exchange so far is in .*run-ai\/planning\/ai\.exchange\.json\)/);
    expect(readdirSync(file('run-ai/planning')).sort()).toEqual(['ai.exchange.json', 'ai.hazard.png', 'ai.orbital.png']);
    expect(existsSync(file('run-ai/summary.json'))).toBe(false);
    expect(JSON.parse(readFileSync(file('run-ai/planning/ai.exchange.json'), 'utf8')).turns).toEqual([]);
    noKeyIn(file('run-ai'));

    stub.reset([toolCall('submit_route', { waypoints: HUMAN.waypoints, rationale: 'north of the zone' }), (req) => {
      const ids = [...toolResults(req)[0].content.matchAll(/^- (leg\d+\.[a-z]+\d+): /gm)].map((m) => m[1]);
      return toolCall('submit_route', { waypoints: HUMAN.waypoints, rationale: 'north of the zone', hazard_justifications: ids.map((hazard) => ({ hazard, reason: 'short' })) });
    }]);
    const ok = await rover('run', file('small.yaml'), '--plan', 'ai', '--out', file('run-ai'));
    expect(ok.err).toBe('');
    expect(ok.code).toBe(EXIT.ok);
    expect(existsSync(file('run-ai/summary.json'))).toBe(true);
    expect(JSON.parse(readFileSync(file('run-ai/planning/ai.exchange.json'), 'utf8')).outcome).toEqual({ plan_submitted: true });
    noKeyIn(file('run-ai'));
  }, 120_000);
});

describe('a recorded exchange replayed without a key or network (replay:FILE.exchange.json)', () => {
  const stub = new ClaudeStub();
  const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
  let simulated: { site: string; reached: string; nominal: { outcome: string; stops: unknown[]; min_clearance_m: number }; dispersed: { seed: number }[] } | undefined;
  const restore = (): void => {
    process.env.ANTHROPIC_API_KEY = saved.key;
    process.env.ANTHROPIC_BASE_URL = saved.url;
    if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY;
    if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
  };
  beforeAll(async () => {
    await stub.start();
    process.env.ANTHROPIC_API_KEY = 'sk-ant-replay-test-0001';
    process.env.ANTHROPIC_BASE_URL = stub.url;
    let hazards: string[] = [];
    stub.reset([
      toolCall('render_region', { x_min_m: 30, y_min_m: 45, x_max_m: 70, y_max_m: 70, layer: 'orbital' }),
      toolCall('check_route', { waypoints: HUMAN.waypoints }),
      (req) => {
        hazards = JSON.parse(toolResults(req)[0].content).hazards.map((h: { id: string }) => h.id);
        return toolCall('simulate_route', { waypoints: HUMAN.waypoints });
      },
      (req) => {
        simulated = JSON.parse(toolResults(req)[0].content);
        return toolCall('submit_route', { waypoints: HUMAN.waypoints, rationale: 'north of the zone', hazard_justifications: hazards.map((hazard) => ({ hazard, reason: 'short' })) });
      },
    ]);
    const r = await rover('plan', file('small.yaml'), '--planner', 'ai', '--out', file('recorded/small-site.ai.plan.json'));
    expect(r.code, r.err).toBe(EXIT.ok);
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_BASE_URL;
  });
  afterAll(async () => {
    restore();
    await stub.stop();
  });

  it('simulate_route drove the route in the twin made from the orbital products: the nominal run and the dispersed one configured', () => {
    expect(simulated!.site).toMatch(/made from the orbital products alone/);
    expect(simulated!.reached).toMatch(/^\d of 2 runs$/);
    expect(['reached', 'stopped_hazard', 'fault', 'sol_limit', 'embedded', 'rejected', 'nav_error']).toContain(simulated!.nominal.outcome);
    expect(simulated!.nominal.stops.length).toBeGreaterThan(0);
    expect(simulated!.nominal.min_clearance_m).toBeGreaterThan(0);
    expect(simulated!.dispersed).toHaveLength(1);
    expect(simulated!.dispersed[0].seed).not.toBe((simulated!.nominal as unknown as { seed: number }).seed);
  });

  it('gives the same plan, byte for byte, and asks nothing of any server', async () => {
    const before = stub.requests.length;
    const r = await rover('plan', file('small.yaml'), '--planner', `replay:${file('recorded/small-site.ai.exchange.json')}`, '--out', file('replayed/'));
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(stub.requests.length).toBe(before);
    for (const suffix of ['plan.json', 'seq.json', 'exchange.json', 'orbital.png', 'hazard.png']) {
      expect(readFileSync(file(`replayed/small-site.ai.${suffix}`)).equals(readFileSync(file(`recorded/small-site.ai.${suffix}`))), suffix).toBe(true);
    }
  });

  it('refuses an exchange made on another site, or whose answers were changed, naming the field', async () => {
    const other = await rover('plan', file('small.yaml'), '--seed', '6', '--planner', `replay:${file('recorded/small-site.ai.exchange.json')}`, '--out', file('other/'));
    expect(other.code).toBe(EXIT.invalidInput);
    expect(other.err).toMatch(/small-site\.ai\.exchange\.json: images\.orbital: the orbital picture of this site is not the one the model was shown/);
    const exchange = JSON.parse(readFileSync(file('recorded/small-site.ai.exchange.json'), 'utf8'));
    const answer = exchange.messages[4].content[0];
    answer.content = answer.content.replace('"passes_flight_rules":true', '"passes_flight_rules":false');
    writeFileSync(file('tampered.exchange.json'), JSON.stringify(exchange));
    const tampered = await rover('plan', file('small.yaml'), '--planner', `replay:${file('tampered.exchange.json')}`, '--out', file('tampered/'));
    expect(tampered.code).toBe(EXIT.invalidInput);
    expect(tampered.err).toMatch(/tampered\.exchange\.json: messages\[3\]: check_route \(toolu_stub_\d+\) answers differently on this site/);
    // The closer picture the model was given is checked by its hash too.
    const repainted = JSON.parse(readFileSync(file('recorded/small-site.ai.exchange.json'), 'utf8'));
    const picture = repainted.messages[2].content[0].content[1].source;
    picture.data = picture.data.replace(/sha256 [0-9a-f]{4}/, 'sha256 0000');
    writeFileSync(file('repainted.exchange.json'), JSON.stringify(repainted));
    const changed = await rover('plan', file('small.yaml'), '--planner', `replay:${file('repainted.exchange.json')}`, '--out', file('repainted/'));
    expect(changed.err).toMatch(/repainted\.exchange\.json: messages\[1\]: render_region \(toolu_stub_\d+\) answers differently/);
    const missing = await rover('plan', file('small.yaml'), '--planner', 'replay:nowhere.exchange.json');
    expect(missing.err).toMatch(/nowhere\.exchange\.json: file not found/);
  });

  it('stands in for the ai plan in compare when the scenario names it and no key is set', async () => {
    writeFileSync(file('recorded.yaml'), SITE.replace('  human: small.human.plan.json\n', '  human: small.human.plan.json\n  ai_exchange: recorded/small-site.ai.exchange.json\n'));
    const r = await rover('compare', file('recorded.yaml'), '--plans', 'human,ai', '--out', file('cmp-recorded'));
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/\(the ai plan replayed from recorded\/small-site\.ai\.exchange\.json: ANTHROPIC_API_KEY is not set\)/);
    const comparison = JSON.parse(readFileSync(file('cmp-recorded/comparison.json'), 'utf8'));
    expect(comparison.rows.map((row: { plan: string }) => row.plan)).toEqual(['human', 'ai']);
    expect(existsSync(file('cmp-recorded/ai/planning/ai.exchange.json'))).toBe(true);
  }, 120_000);
});
