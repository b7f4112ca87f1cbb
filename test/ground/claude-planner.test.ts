import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaudePlannerConfig } from '../../src/ground/planners/claude/config';
import { ClaudePlanner } from '../../src/ground/planners/claude/claude-planner';
import { TOOL_NAMES, TOOLS } from '../../src/ground/planners/claude/tools';
import { PlanningError, type PlanRequest } from '../../src/ground/planners/planner';
import { apiError, ClaudeStub, message, toolCall, toolResults, type StubReply } from './claude-stub';
import { MOUND, syntheticMaps, syntheticMission } from './synthetic-maps';

/*
 * The Claude planner against a local stub of the Messages API (127.0.0.1), through the real SDK:
 * scripted replies drive the tool loop; nothing reaches the internet.
 */

const KEY = 'sk-ant-test-not-a-real-key-0000';
const stub = new ClaudeStub();
const maps = syntheticMaps();

beforeAll(() => stub.start());
afterAll(() => stub.stop());

function planner(config: Partial<ClaudePlannerConfig> = {}, log?: (l: string) => void): ClaudePlanner {
  return new ClaudePlanner({ config: ClaudePlannerConfig.parse({ model: 'claude-test-model', max_retries: 0, image_max_px: 400, ...config }), apiKey: KEY, baseURL: stub.url, log });
}

function request(rules = {}): PlanRequest {
  return { scenario: 'synthetic', maps, mission: syntheticMission(rules) };
}

/** A route around the north side of the mound (centre (60, 40), radius 14) to the goal at (110, 40). */
const AROUND = [
  { x_m: 35, y_m: 40 },
  { x_m: 48, y_m: 60 },
  { x_m: 72, y_m: 60 },
  { x_m: 85, y_m: 40 },
  { x_m: 110, y_m: 40 },
];

describe('Claude planner (real SDK, local stub server)', () => {
  it('inspects, checks and submits over several turns; the request carries both pictures as PNG', async () => {
    stub.reset([
      toolCall(TOOL_NAMES.inspect, { x_min_m: 40, y_min_m: 20, x_max_m: 80, y_max_m: 60, cells: 4 }, 'Looking at the mound first.'),
      toolCall(TOOL_NAMES.check, { waypoints: [{ x_m: 110, y_m: 40 }] }),
      toolCall(TOOL_NAMES.check, { waypoints: AROUND }),
      toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'North of the steep mound, clear of the sand patch.' }),
    ]);
    const lines: string[] = [];
    const outcome = await planner({}, (l) => lines.push(l)).plan(request());
    expect(stub.remaining).toBe(0);
    expect(stub.requests).toHaveLength(4);

    // The first request: the brief, both pictures as base64 PNG, the tools and the model from configuration.
    const first = stub.requests[0];
    expect(first.headers['x-api-key'] ?? first.headers.authorization).toContain(KEY); // SDK 1.x sends the key as a bearer token
    expect(first.body.model).toBe('claude-test-model');
    expect(first.body.tools?.map((t) => t.name)).toEqual(['inspect_region', 'render_region', 'check_route', 'simulate_route', 'submit_route']);
    // The schemas as sent are the zod input schemas', written once: what the model is shown is what is validated.
    const sent = first.body.tools as unknown as { input_schema: { required: string[]; additionalProperties: boolean; properties: Record<string, any> } }[];
    expect(sent).toEqual(JSON.parse(JSON.stringify(TOOLS)));
    const submitSchema = sent[4].input_schema;
    expect(submitSchema).toMatchObject({ type: 'object', required: ['waypoints', 'rationale'], additionalProperties: false });
    expect(submitSchema.properties.hazard_justifications.items.required).toEqual(['hazard', 'reason']);
    expect(submitSchema.properties.waypoints.items.properties.tolerance_m).toMatchObject({ type: 'number', minimum: 0.1, maximum: 20 });
    expect(sent[0].input_schema.properties.cells).toMatchObject({ type: 'integer', minimum: 1, maximum: 12, default: 6 });
    const blocks = first.body.messages[0].content as { type: string; text?: string; source?: { type: string; media_type: string; data: string } }[];
    const images = blocks.filter((b) => b.type === 'image');
    expect(images).toHaveLength(2);
    for (const img of images) {
      expect(img.source).toMatchObject({ type: 'base64', media_type: 'image/png' });
      expect(Buffer.from(img.source!.data, 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    expect(blocks[0].text).toMatch(/Start: \(10, 40\)/);
    expect(blocks[0].text).toMatch(/Goal: \(110, 40\)/);

    // Tool answers come back as tool_result blocks, each tied to its call.
    const inspect = JSON.parse(toolResults(stub.requests[1])[0].content);
    expect(inspect.slope_deg.max).toBeGreaterThan(20);
    expect(inspect.grid.max_slope_deg).toHaveLength(4);
    const straight = JSON.parse(toolResults(stub.requests[2])[0].content);
    expect(straight.passes_flight_rules).toBe(true); // the straight line breaks no flight rule...
    expect(straight.problems.join(' ')).toMatch(/steeper than 20 deg/); // ...but crosses the mound:
    expect(straight.hazards.map((h: { id: string }) => h.id)).toEqual(['leg1.steep1', 'leg1.steep2']); // two hazards, with where they are
    expect(straight.hazards[0].enter[0]).toBeGreaterThan(MOUND.x - MOUND.radius - 1);
    expect(straight.submit_route_would).toMatch(/^send it back: avoid or justify 2 hazards \(leg1\.steep1, leg1\.steep2\)/);
    const around = JSON.parse(toolResults(stub.requests[3])[0].content);
    expect(around.problems).toEqual([]);
    expect(around.hazards).toEqual([]);
    expect(around.submit_route_would).toBe('accept the route');

    const { plan, attachments } = outcome;
    expect(plan.waypoints.map((w) => [w.x_m, w.y_m])).toEqual(AROUND.map((w) => [w.x_m, w.y_m]));
    expect(plan.waypoints[4].tolerance_m).toBe(2); // the last waypoint takes the goal tolerance
    expect(plan.rationale).toMatch(/mound/);
    expect(plan.provenance).toMatchObject({ planner: 'ai', model: 'claude-test-model', turns: 4, tokens: { input: 4800, output: 1200 } });
    expect(plan.provenance.api_latency_s).toBeGreaterThanOrEqual(0);

    const exchange = attachments.find((a) => a.suffix === '.exchange.json')!.data as string;
    expect(exchange).not.toContain(KEY);
    expect(exchange).not.toContain(images[0].source!.data.slice(0, 200)); // images are saved as files, not inlined
    const saved = JSON.parse(exchange);
    expect(saved.turns.map((t: { request_id: string }) => t.request_id)).toEqual(['req_stub_1', 'req_stub_2', 'req_stub_3', 'req_stub_4']);
    expect(saved.cost_estimate).toBeNull(); // claude-test-model is in no price table: no guess
    expect(saved.messages).toHaveLength(9); // the brief, then 4 × (the reply, the tool results)
    expect(attachments.map((a) => a.suffix).sort()).toEqual(['.exchange.json', '.hazard.png', '.orbital.png']);
    expect(lines.join('\n')).toMatch(/turn 4: tool_use → submit_route/);
  });

  it('render_region answers with a closer picture of the region, within the image budget, kept in the exchange by its hash', async () => {
    stub.reset([
      toolCall(TOOL_NAMES.render, { x_min_m: 20, y_min_m: 52, x_max_m: 40, y_max_m: 72 }),
      (req) => {
        const [result] = toolResults(req) as unknown as { content: { type: string; text?: string; source?: { data: string; media_type: string } }[] }[];
        expect(result.content.map((b) => b.type)).toEqual(['text', 'image']);
        const meta = JSON.parse(result.content[0].text!);
        expect(meta).toMatchObject({ layer: 'hazard', region: { x_min_m: 20, y_min_m: 52, x_max_m: 40, y_max_m: 72 }, metres_per_pixel: 0.5, width_px: 40, height_px: 40 });
        const png = Buffer.from(result.content[1].source!.data, 'base64');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([40, 40]); // the maps' finest: 0.5 m per pixel
        return toolCall(TOOL_NAMES.render, { x_min_m: 0, y_min_m: 0, x_max_m: 2, y_max_m: 2, layer: 'orbital' });
      },
      (req) => {
        const [result] = toolResults(req);
        expect(result.is_error).toBe(true);
        expect(result.content).toMatch(/the region must overlap the map by at least 4 m each way/);
        return toolCall(TOOL_NAMES.simulate, { waypoints: AROUND });
      },
      (req) => {
        // A planner made without the twin (as here) says so rather than guess.
        expect(toolResults(req)[0]).toMatchObject({ is_error: true, content: expect.stringMatching(/the digital twin is not available to this planner/) });
        return toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'looked closer at the sand' });
      },
    ]);
    const { attachments } = await planner().plan(request());
    const exchange = attachments.find((a) => a.suffix === '.exchange.json')!.data as string;
    expect(exchange).toMatch(/<\d+ bytes, sha256 [0-9a-f]{64}>/);
    expect(exchange.length).toBeLessThan(200_000); // no base64 picture inside
  });

  it('sends a waypoint outside the map back with the reason, and takes the corrected route', async () => {
    const offMap = [{ x_m: 60, y_m: 95 }, { x_m: 110, y_m: 40 }];
    stub.reset([
      toolCall(TOOL_NAMES.submit, { waypoints: offMap, rationale: 'over the top' }),
      (req) => {
        const [result] = toolResults(req);
        expect(result.is_error).toBe(true);
        expect(result.content).toMatch(/waypoint 1 \(60, 95\) is outside the map, which spans x 0\.0\.\.120\.0 m and y 0\.0\.\.80\.0 m/);
        return toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'corrected: inside the map, around the mound' });
      },
    ]);
    const { plan } = await planner().plan(request());
    expect(plan.waypoints).toHaveLength(5);
    expect(plan.rationale).toMatch(/corrected/);
  });

  it('sends a route with a hazard back with where it is; a revision or a one-line justification per hazard ends it', async () => {
    // Through the sand patch (x 22..38 on y = 62), otherwise clear of the mound.
    const sandy = [{ x_m: 15, y_m: 62 }, { x_m: 45, y_m: 62 }, { x_m: 72, y_m: 60 }, { x_m: 85, y_m: 40 }, { x_m: 110, y_m: 40 }];
    stub.reset([
      toolCall(TOOL_NAMES.submit, { waypoints: sandy, rationale: 'straight through the sand' }),
      (req) => {
        const [result] = toolResults(req);
        expect(result.is_error).toBe(true);
        expect(result.content).toMatch(/1 hazard not yet justified/);
        expect(result.content).toMatch(/- leg2\.sand1: leg 2: 15 m over sand from \(22\.5, 62\) to \(37, 62\)/);
        expect(result.content).toMatch(/hazard_justifications/);
        return toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'revised: around the sand and the mound' });
      },
    ]);
    const revised = await planner().plan(request());
    expect(revised.plan.waypoints.map((w) => [w.x_m, w.y_m])).toEqual(AROUND.map((w) => [w.x_m, w.y_m]));
    expect(revised.plan.rationale).toBe('revised: around the sand and the mound');

    stub.reset([
      toolCall(TOOL_NAMES.submit, { waypoints: sandy, rationale: 'through the sand', hazard_justifications: [{ hazard: 'leg9.rock1', reason: 'small' }, { hazard: 'leg2.sand1', reason: 'short' }] }),
      (req) => {
        const [result] = toolResults(req);
        expect(result.is_error).toBe(true);
        expect(result.content).toMatch(/These justifications name no hazard of this route: leg9\.rock1 \(its hazards: leg2\.sand1\)/);
        expect(result.content).not.toMatch(/not yet justified/);
        return toolCall(TOOL_NAMES.submit, { waypoints: sandy, rationale: 'through the sand', hazard_justifications: [{ hazard: 'leg2.sand1', reason: 'the ripples here are low and 15 m of sand beats a detour past the mound' }] });
      },
    ]);
    const justified = await planner().plan(request());
    const saved = JSON.parse(justified.attachments.find((a) => a.suffix === '.exchange.json')!.data as string);
    const lastResult = saved.messages[saved.messages.length - 1].content[0];
    expect(JSON.parse(lastResult.content)).toEqual({ accepted: true, hazards_accepted: ['leg2.sand1'] });
    expect(justified.plan.waypoints).toHaveLength(5);
    expect(justified.plan.rationale).toBe('through the sand\nHazards accepted:\n- leg2.sand1: leg 2: 15 m over sand from (22.5, 62) to (37, 62). Accepted because: the ripples here are low and 15 m of sand beats a detour past the mound');
    expect(stub.remaining).toBe(0);
  });

  it('returns malformed input and flight-rule violations to the model until they are fixed', async () => {
    stub.reset([
      toolCall(TOOL_NAMES.submit, { waypoints: [{ x_m: 'sixty', y_m: 40 }], rationale: 'x' }),
      (req) => {
        expect(toolResults(req)[0]).toMatchObject({ is_error: true });
        expect(toolResults(req)[0].content).toMatch(/invalid input at waypoints\[0\]\.x_m/);
        return toolCall(TOOL_NAMES.submit, { waypoints: [{ x_m: 110, y_m: 40 }], rationale: 'straight' });
      },
      (req) => {
        const text = toolResults(req)[0].content;
        expect(text).toMatch(/breaks the flight rules/);
        expect(text).toMatch(/waypoint 1: 100 m from the previous point, more than 40 m/);
        return toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'legs under 40 m' });
      },
    ]);
    const { plan } = await planner().plan(request({ max_waypoint_spacing_m: 40 }));
    expect(plan.rationale).toBe('legs under 40 m');
  });

  it('reports an overload (529) and a rate limit (429) clearly once the SDK has no retries left', async () => {
    stub.reset([apiError(529, 'overloaded_error', 'Overloaded')]);
    await expect(planner().plan(request())).rejects.toThrow(/Claude API \(model claude-test-model\): overloaded \(HTTP 529\): Overloaded \(request req_stub_1\); try again later/);
    stub.reset([apiError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit')]);
    await expect(planner().plan(request())).rejects.toThrow(/rate limited \(HTTP 429\): Number of requests/);
  });

  it('ends a 401, a 400 and a 500 in a clear message carrying the exchange so far', async () => {
    const cases: [StubReply, RegExp][] = [
      [apiError(401, 'authentication_error', 'invalid x-api-key'), /ANTHROPIC_API_KEY: rejected \(HTTP 401\): invalid x-api-key \(request req_stub_2\); check the key/],
      [apiError(400, 'invalid_request_error', 'image exceeds the size limit'), /bad request \(HTTP 400\): image exceeds the size limit/],
      [apiError(500, 'api_error', 'Internal server error'), /server error \(HTTP 500\): Internal server error/],
    ];
    for (const [reply, said] of cases) {
      stub.reset([toolCall(TOOL_NAMES.check, { waypoints: AROUND }), reply]);
      const error = await planner().plan(request()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlanningError);
      expect((error as Error).message).toMatch(said);
      const exchange = JSON.parse((error as PlanningError).attachments.find((a) => a.suffix === '.exchange.json')!.data as string);
      expect(exchange.outcome.error).toMatch(said);
      expect(exchange.turns).toHaveLength(1); // the paid turn before the failure is kept
      expect(exchange.messages.at(-1).content[0]).toMatchObject({ type: 'tool_result' });
    }
  });

  it('lets the SDK retry a 429 and a 529 (honouring retry-after) and then goes on', async () => {
    stub.reset([
      apiError(429, 'rate_limit_error', 'slow down', { 'retry-after-ms': '10' }),
      apiError(529, 'overloaded_error', 'Overloaded', { 'retry-after-ms': '10' }),
      toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'after retries' }),
    ]);
    const { plan } = await planner({ max_retries: 2 }).plan(request());
    expect(stub.requests).toHaveLength(3);
    expect(plan.rationale).toBe('after retries');
    stub.reset(Array.from({ length: 3 }, () => apiError(529, 'overloaded_error', 'Overloaded', { 'retry-after-ms': '10' })));
    await expect(planner({ max_retries: 2 }).plan(request())).rejects.toThrow(/overloaded \(HTTP 529\) after 2 retries/);
  });

  it('ends in a clear error on a refusal, a reply without a route, or too many turns', async () => {
    stub.reset([message([{ type: 'text', text: 'I cannot help with that.' }], 'refusal')]);
    await expect(planner().plan(request())).rejects.toThrow(/Claude reply \(model claude-test-model\): Claude declined to plan this route \(refusal\): I cannot help/);
    // A reply in prose is answered once with a request to use the tools; a second ends the exchange.
    stub.reset([
      message([{ type: 'text', text: 'Drive north-east, then east.' }], 'end_turn'),
      (req) => {
        const last = req.body.messages.at(-1)!;
        expect(last.role).toBe('user');
        expect(JSON.stringify(last.content)).toMatch(/Please plan with the tools: check the route with check_route and submit it with submit_route\. Budget left: 15 more requests and about \d+ tokens/);
        return message([{ type: 'text', text: 'As I said: north-east, then east.' }], 'end_turn');
      },
    ]);
    await expect(planner().plan(request())).rejects.toThrow(/ended its reply without submitting a route, after being asked to use the tools: "As I said: north-east, then east\."/);
    expect(stub.remaining).toBe(0);
    stub.reset(Array.from({ length: 3 }, () => toolCall(TOOL_NAMES.inspect, { x_min_m: 0, y_min_m: 0, x_max_m: 10, y_max_m: 10 })));
    await expect(planner({ max_turns: 3 }).plan(request())).rejects.toThrow(/no route submitted within 3 requests/);
    stub.reset([toolCall(TOOL_NAMES.inspect, { x_min_m: 0, y_min_m: 0, x_max_m: 10, y_max_m: 10 })]);
    await expect(planner({ max_total_tokens: 1_000 }).plan(request())).rejects.toThrow(/token budget spent \(1500 > planners\.ai\.max_total_tokens 1000, cached input included\)/);
  });

  it('refuses a 200 reply that is not a Claude message stream, saying so, and sends nothing more', async () => {
    const notAStream = /Claude API \(model claude-test-model\): the server's reply is not a Claude message stream \(.+\); is the base URL a Claude API\?/;
    const cases: [StubReply, RegExp][] = [
      [{ body: null, raw: '{"id": "msg_torn", "content": [' }, notAStream],
      [{ body: null, raw: '<html><body>Proxy login</body></html>', headers: { 'content-type': 'text/html' } }, notAStream],
      [{ body: {} }, notAStream],
      [{ body: { ...(message([], 'end_turn').body as object), content: 'Drive east.' } }, notAStream],
      [{ body: { ...(message([], 'end_turn').body as object), usage: undefined } }, notAStream],
      // A stream torn in the middle of an event.
      [{ body: null, raw: 'event: message_start\ndata: {"type":"message_start","message":{"id":"x","type":"message","role":"assistant","content":[],"model":"m","stop_reason":null,"usage":{"input_tokens":1,"output_tokens":0}}}\n\nevent: content_block_start\ndata: {"type":"content_b', headers: { 'content-type': 'text/event-stream' } }, notAStream],
    ];
    for (const [reply, error] of cases) {
      stub.reset([reply]);
      await expect(planner().plan(request())).rejects.toThrow(error);
      expect(stub.requests).toHaveLength(1);
    }
  });

  it('gives up at the planning deadline on a server that never answers, retries included', async () => {
    stub.reset([{ body: null, hang: true }, { body: null, hang: true }]);
    const t0 = Date.now();
    await expect(planner({ deadline_s: 1, timeout_s: 600, max_retries: 2 }).plan(request())).rejects.toThrow(/Claude API \(model claude-test-model\): planners\.ai\.deadline_s: no route within the planning deadline of 1 s/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('streams cached requests with adaptive thinking and effort to a model that takes them, passing thinking back and telling the budget', async () => {
    const thinking = { type: 'thinking', thinking: 'The mound is steep; go north of it.', signature: 'sig-abc123' };
    stub.reset([
      message([thinking, { type: 'tool_use', id: 'toolu_think_1', name: TOOL_NAMES.check, input: { waypoints: AROUND } }], 'tool_use'),
      (req) => {
        // The reply went back unchanged (its thinking and signature, its tool_use id), then its tool_result and the budget.
        const [reply, answer] = req.body.messages.slice(-2) as { role: string; content: { type: string; id?: string; tool_use_id?: string; text?: string }[] }[];
        expect(reply.role).toBe('assistant');
        expect(reply.content[0]).toEqual(thinking);
        expect(answer.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: reply.content.find((b) => b.type === 'tool_use')!.id });
        expect(answer.content[1]).toMatchObject({ type: 'text', text: expect.stringMatching(/^Budget left: 15 more requests and about \d+ tokens/) });
        return message([{ type: 'tool_use', id: 'toolu_think_2', name: TOOL_NAMES.submit, input: { waypoints: AROUND, rationale: 'north of the mound' } }], 'tool_use',
          { input_tokens: 200, output_tokens: 300, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 } as never);
      },
    ]);
    const { plan, attachments } = await planner({ model: 'claude-opus-4-7' }).plan(request());
    expect(plan.rationale).toBe('north of the mound');
    const [first, second] = stub.requests;
    for (const r of [first, second]) {
      expect(r.body).toMatchObject({ stream: true, cache_control: { type: 'ephemeral' }, thinking: { type: 'adaptive' }, output_config: { effort: 'high' } });
    }
    const blocks = first.body.messages[0].content as { type: string; cache_control?: unknown; transformations?: unknown }[];
    const images = blocks.filter((b) => b.type === 'image');
    for (const img of images) expect(img.transformations).toEqual({ oversized_image: 'error' }); // refused, never silently shrunk
    expect(blocks.at(-1)).toMatchObject({ type: 'image', cache_control: { type: 'ephemeral' } }); // brief and pictures cached

    const saved = JSON.parse(attachments.find((a) => a.suffix === '.exchange.json')!.data as string);
    expect(saved.request_options).toEqual({ output_config: { effort: 'high' }, thinking: { type: 'adaptive' } });
    expect(saved.turns.map((t: { model: string }) => t.model)).toEqual(['claude-stub', 'claude-stub']);
    expect(saved.turns[1].request_bytes).toBeGreaterThan(saved.turns[0].request_bytes);
    expect(saved.tokens).toEqual({ input: 1400, output: 600, cache_read: 4000, cache_write: 0 });
    // At Opus 4.7's published rates (docs/reference.md): 1,400 x $5 + 4,000 x $0.50 + 600 x $25 per million.
    expect(saved.cost_estimate).toEqual({ usd: 0.024, rates_per_mtok: { input: 5, cache_write: 6.25, cache_read: 0.5, output: 25 } });
    // The pictures are within the image budget, so the brief's metres per pixel is what the model sees.
    for (const name of ['orbital', 'hazard']) {
      const png = Buffer.from((images[name === 'orbital' ? 0 : 1] as unknown as { source: { data: string } }).source.data, 'base64');
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(w * h).toBeLessThanOrEqual(1.15e6);
      expect(saved.images[name]).toMatchObject({ width_px: w, height_px: h });
      expect(Math.max(w, h)).toBeLessThanOrEqual(400);
    }
    expect((blocks[0] as unknown as { text: string }).text).toContain(`at ${saved.metres_per_pixel.toFixed(2)} m per pixel`);
  });

  it('sends neither effort nor thinking to a model not known to take them, and says so', async () => {
    stub.reset([toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'around' })]);
    const lines: string[] = [];
    await planner({ effort: 'xhigh' }, (l) => lines.push(l)).plan(request());
    expect(stub.requests[0].body.thinking).toBeUndefined();
    expect(stub.requests[0].body.output_config).toBeUndefined();
    expect(lines).toContain('effort xhigh not sent: claude-test-model is not a model known to take it');
    expect(lines).toContain('adaptive thinking not sent: claude-test-model is not a model known to take it');
  });

  it('asks a reply cut off at max_tokens again with twice the room, not blaming the model; twice cut off is a clear error', async () => {
    const cut = message([{ type: 'tool_use', id: 'toolu_cut', name: TOOL_NAMES.submit, input: {} }], 'max_tokens');
    stub.reset([
      cut,
      (req) => {
        expect(req.body.max_tokens).toBe(2000);
        expect(JSON.stringify(req.body.messages)).not.toContain('toolu_cut'); // the cut-off reply is not sent back
        return toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'with room' });
      },
    ]);
    const { plan } = await planner({ max_tokens_per_turn: 1000 }).plan(request());
    expect(plan.rationale).toBe('with room');
    expect(stub.requests[0].body.max_tokens).toBe(1000);
    stub.reset([cut, cut]);
    await expect(planner({ max_tokens_per_turn: 1000 }).plan(request())).rejects.toThrow(/the reply was cut off at 2000 output tokens, twice \(planners\.ai\.max_tokens_per_turn 1000\); raise it/);
  });

  it('keeps a route accepted on the turn that crosses the token budget, cached input counted', async () => {
    const usage = { input_tokens: 100, output_tokens: 100, cache_read_input_tokens: 900, cache_creation_input_tokens: 0 } as never;
    const withUsage = (r: StubReply): StubReply => ({ ...r, body: { ...(r.body as object), usage } });
    stub.reset([withUsage(toolCall(TOOL_NAMES.check, { waypoints: AROUND })), withUsage(toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'in time' }))]);
    const { plan } = await planner({ max_total_tokens: 1_500 }).plan(request());
    expect(plan.rationale).toBe('in time');
    stub.reset([withUsage(toolCall(TOOL_NAMES.check, { waypoints: AROUND })), withUsage(toolCall(TOOL_NAMES.check, { waypoints: AROUND }))]);
    await expect(planner({ max_total_tokens: 1_500 }).plan(request())).rejects.toThrow(/token budget spent \(2200 > planners\.ai\.max_total_tokens 1500, cached input included\)/);
  });

  it('sends a bearer token from the environment variable the configuration names, to the configured endpoint', async () => {
    stub.reset([toolCall(TOOL_NAMES.submit, { waypoints: AROUND, rationale: 'via the gateway' })]);
    process.env.ROVER_TEST_GATEWAY_TOKEN = 'gateway-token-42';
    try {
      const config = ClaudePlannerConfig.parse({ model: 'claude-test-model', max_retries: 0, image_max_px: 400, base_url: stub.url, auth: 'bearer', credential_env: 'ROVER_TEST_GATEWAY_TOKEN' });
      const { plan } = await new ClaudePlanner({ config }).plan(request());
      expect(plan.rationale).toBe('via the gateway');
      expect(stub.requests[0].headers.authorization).toBe('Bearer gateway-token-42');
      expect(stub.requests[0].headers['x-api-key']).toBeUndefined();
    } finally {
      delete process.env.ROVER_TEST_GATEWAY_TOKEN;
    }
    expect(() => new ClaudePlanner({ config: ClaudePlannerConfig.parse({ credential_env: 'ROVER_TEST_GATEWAY_TOKEN', auth: 'bearer' }) })).toThrow(/environment: ROVER_TEST_GATEWAY_TOKEN: not set: planners\.ai\.credential_env names it as the bearer token/);
  });

  it('without an API key says how to set one, before any request', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => new ClaudePlanner({ config: ClaudePlannerConfig.parse({}) })).toThrow(/ANTHROPIC_API_KEY: not set: .*export ANTHROPIC_API_KEY=.*--planner baseline/);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
