import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { InputError, isInputError } from '../../../core/errors';
import { PLAN_FORMAT, type Plan } from '../../plan';
import { hazardPicture, orbitalPicture, pictureSidePx, planningRegion } from '../../site-picture';
import { PlanningError, type PlanAttachment, type PlanOutcome, type Planner, type PlanRequest } from '../planner';
import { apiFailure } from './api-errors';
import { briefText, HAZARD_CAPTION, ORBITAL_CAPTION, systemPrompt } from './brief';
import type { ClaudePlannerConfig } from './config';
import { modelCapabilities, type ModelCapabilities } from './model-capabilities';
import { costEstimate } from './pricing';
import type { RouteTwin } from '../route-twin';
import { runTool, TOOL_NAMES, TOOLS, type ToolAnswer, type ToolContext } from './tools';
import { fixedTo as round } from '../../../core/round';

/*
 * The vision-language planner: Claude, through @anthropic-ai/sdk, sees the orbital image and a
 * hazard map of the region and plans in a bounded tool-using loop (inspect, check, submit), as the
 * December 2025 Perseverance routes were planned and then checked in a digital twin (docs/reference.md).
 * The whole exchange (never the key) and token use are kept for review; latency, a wall time, goes
 * with the plan's timing, never into the exchange or the plan file.
 */

export const API_KEY_ENV = 'ANTHROPIC_API_KEY';

export interface ClaudePlannerOptions {
  config: ClaudePlannerConfig;
  /** The credential; read from the environment variable config.credential_env names when absent. */
  apiKey?: string;
  /** Another API endpoint than config.base_url. */
  baseURL?: string;
  /** Progress lines (turns, tools called). */
  log?: (line: string) => void;
  /** The twin simulate_route drives in (without one, the tool answers that it is not available). */
  twin?: RouteTwin;
}

/** One request of the exchange, as recorded for review. */
interface TurnRecord {
  turn: number;
  request_id: string | null;
  /** The model that replied, as the reply names it (an alias may resolve to a dated id). */
  model: string | null;
  stop_reason: string | null;
  /** Bytes of the request body sent (images included), and its max_tokens. */
  request_bytes: number;
  max_tokens: number;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
  tools_called: string[];
}

export class ClaudePlanner implements Planner {
  readonly name = 'ai' as const;
  private readonly config: ClaudePlannerConfig;
  private readonly apiKey: string;
  private readonly baseURL?: string;
  private readonly log: (line: string) => void;
  private readonly twin?: RouteTwin;

  /** @throws InputError when the credential is not set, saying how to set it */
  constructor(options: ClaudePlannerOptions) {
    this.config = options.config;
    const env = this.config.credential_env;
    const key = options.apiKey ?? process.env[env];
    if (!key) {
      throw new InputError('environment', env, env === API_KEY_ENV
        ? 'not set: the ai planner calls Claude. Set it with `export ANTHROPIC_API_KEY=sk-ant-...` (keys at https://console.anthropic.com), or plan with --planner baseline'
        : `not set: planners.ai.credential_env names it as the ${this.config.auth === 'bearer' ? 'bearer token' : 'API key'} for ${this.config.base_url ?? 'the Claude API'}; set it, or plan with --planner baseline`);
    }
    this.apiKey = key;
    this.baseURL = options.baseURL ?? this.config.base_url;
    this.log = options.log ?? (() => {});
    this.twin = options.twin;
  }

  async plan(request: PlanRequest): Promise<PlanOutcome> {
    const { config } = this;
    const t0 = performance.now();
    const credential = config.auth === 'bearer' ? { apiKey: null, authToken: this.apiKey } : { apiKey: this.apiKey, authToken: null };
    const client = new Anthropic({ ...credential, baseURL: this.baseURL, maxRetries: config.max_retries, timeout: config.timeout_s * 1000 });
    const { region, orbital, hazard, images } = planningPictures(request, config);
    const system = systemPrompt(request.mission);
    const capabilities = modelCapabilities(config.model);
    const options = requestOptions(config, capabilities);
    for (const note of options.notes) this.log(note);
    const messages: Anthropic.MessageParam[] = [{
      role: 'user',
      content: [
        { type: 'text', text: briefText(request.scenario, request.mission, region, orbital.scale) },
        { type: 'text', text: ORBITAL_CAPTION },
        pngBlock(images.orbital),
        { type: 'text', text: HAZARD_CAPTION },
        // The brief and both pictures are the same in every request: cached from the first on.
        { ...pngBlock(images.hazard), cache_control: { type: 'ephemeral' } },
      ],
    }];
    const turns: TurnRecord[] = [];
    const tokens = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
    const spent = (): number => tokens.input + tokens.cache_read + tokens.cache_write + tokens.output;
    let apiLatencyS = 0;
    let plan: Plan | undefined;
    const ctx = toolContext(request, config, this.twin);
    // What is kept of the exchange, whether it ends in a plan or in an error: never the key.
    const attachments = (outcome: { plan_submitted: true } | { error: string }): PlanAttachment[] => {
      const exchange = {
        model: config.model,
        config,
        request_options: options.sent,
        region,
        metres_per_pixel: orbital.scale,
        images: { orbital: imageRecord(images.orbital, '.orbital.png', orbital), hazard: imageRecord(images.hazard, '.hazard.png', hazard) },
        system,
        tools: TOOLS,
        outcome,
        tokens,
        // An estimate at the published rates (docs/reference.md), null for a model the table does not know.
        cost_estimate: costEstimate(config.model, tokens),
        turns,
        messages: messages.map(withoutImageData),
      };
      return [
        { suffix: '.exchange.json', data: JSON.stringify(exchange, null, 2) + '\n' },
        { suffix: '.orbital.png', data: images.orbital },
        { suffix: '.hazard.png', data: images.hazard },
      ];
    };

    try {
      const deadline = AbortSignal.timeout(config.deadline_s * 1000);
      let maxTokens = config.max_tokens_per_turn;
      let nudged = false, widened = false;
      for (let turn = 1; !plan; turn++) {
        if (turn > config.max_turns) throw this.replyError(`no route submitted within ${config.max_turns} requests (planners.ai.max_turns)`);
        if (deadline.aborted) throw this.deadlineError();
        const params: Anthropic.MessageCreateParamsStreaming = {
          model: config.model,
          max_tokens: maxTokens,
          system,
          tools: TOOLS,
          messages,
          // The growing transcript is cached too: each request reads the one before it from the cache.
          cache_control: { type: 'ephemeral' },
          ...options.sent,
          stream: true,
        };
        const requestBytes = Buffer.byteLength(JSON.stringify(params));
        const sent = performance.now();
        let reply: Anthropic.Message;
        let requestId: string | null | undefined;
        try {
          // Streamed: a long turn never meets the SDK's bound on non-streaming requests, and the deadline covers every retry.
          const stream = client.messages.stream(params, { signal: deadline });
          reply = await stream.finalMessage();
          requestId = stream.request_id;
        } catch (e) {
          if (deadline.aborted) throw this.deadlineError();
          throw apiFailure(e, config.model, config.max_retries);
        }
        const shape = ClaudeReplyShape.safeParse(reply);
        if (!shape.success) {
          const issue = shape.error.issues[0];
          throw this.replyError(`the server's reply is not a Claude message (${issue.path.join('.') || 'the body'}: ${issue.message}); is the base URL a Claude API?`);
        }
        const latency = (performance.now() - sent) / 1000;
        apiLatencyS += latency;
        const u = reply.usage;
        tokens.input += u.input_tokens;
        tokens.output += u.output_tokens;
        tokens.cache_read += u.cache_read_input_tokens ?? 0;
        tokens.cache_write += u.cache_creation_input_tokens ?? 0;
        const toolUses = reply.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
        turns.push({
          turn, request_id: requestId ?? null, model: typeof reply.model === 'string' ? reply.model : null, stop_reason: reply.stop_reason, request_bytes: requestBytes, max_tokens: maxTokens,
          usage: { input_tokens: u.input_tokens, output_tokens: u.output_tokens, cache_read_input_tokens: u.cache_read_input_tokens ?? 0, cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0 },
          tools_called: toolUses.map((b) => b.name),
        });
        this.log(`turn ${turn}: ${reply.stop_reason}${toolUses.length ? ` → ${toolUses.map((b) => b.name).join(', ')}` : ''} (${u.input_tokens} in, ${u.cache_read_input_tokens ?? 0} from cache, ${u.output_tokens} out, ${latency.toFixed(1)} s)`);

        if (reply.stop_reason === 'refusal') {
          messages.push({ role: 'assistant', content: reply.content as Anthropic.ContentBlockParam[] });
          const explanation = reply.stop_details?.explanation ?? replyText(reply);
          throw this.replyError(`Claude declined to plan this route (refusal)${explanation ? `: ${clip(explanation)}` : ''}`);
        }
        if (reply.stop_reason === 'model_context_window_exceeded') throw this.replyError('the exchange outgrew the model context window; lower planners.ai.max_turns or image_max_px');
        if (reply.stop_reason === 'max_tokens') {
          // Cut off (a tool call in it may be incomplete): not the model's fault; asked again, once, with twice the room.
          if (!widened && maxTokens < MAX_TOKENS_CEILING) {
            widened = true;
            maxTokens = Math.min(MAX_TOKENS_CEILING, 2 * maxTokens);
            this.log(`  cut off at ${maxTokens / 2} tokens: asking again with ${maxTokens}`);
            if (spent() > config.max_total_tokens) throw this.budgetError(spent());
            continue;
          }
          throw this.replyError(`the reply was cut off at ${maxTokens} output tokens, twice (planners.ai.max_tokens_per_turn ${config.max_tokens_per_turn}); raise it`);
        }
        messages.push({ role: 'assistant', content: reply.content as Anthropic.ContentBlockParam[] });
        if (!toolUses.length) {
          if (reply.stop_reason === 'pause_turn') continue; // the API paused a long turn: send it back as it is
          const text = replyText(reply);
          if (nudged) throw this.replyError(`Claude ended its reply without submitting a route, after being asked to use the tools${text ? `: "${clip(text)}"` : ''}`);
          nudged = true;
          if (spent() > config.max_total_tokens) throw this.budgetError(spent());
          messages.push({ role: 'user', content: [{ type: 'text', text: `Please plan with the tools: check the route with ${TOOL_NAMES.check} and submit it with ${TOOL_NAMES.submit}. ${this.budgetLeft(turn, spent())}` }] });
          continue;
        }
        const results: (Anthropic.ToolResultBlockParam | Anthropic.TextBlockParam)[] = toolUses.map((use) => {
          const answer = runTool(use.name, use.input, ctx, config.model);
          if (answer.plan && !plan) plan = answer.plan;
          if (answer.error) this.log(`  ${use.name} rejected: ${clip(answer.text, 160)}`);
          return { type: 'tool_result', tool_use_id: use.id, content: toolResultContent(answer), ...(answer.error ? { is_error: true } : {}) };
        });
        // A route accepted on the turn that crosses the token budget is kept: the budget bounds what is spent looking for one.
        if (!plan && spent() > config.max_total_tokens) throw this.budgetError(spent());
        if (!plan) results.push({ type: 'text', text: this.budgetLeft(turn, spent()) });
        messages.push({ role: 'user', content: results });
      }
    } catch (e) {
      if (isInputError(e)) throw new PlanningError(e, attachments({ error: e.message }));
      throw e;
    }

    const planningTimeS = (performance.now() - t0) / 1000;
    const finalPlan: Plan = {
      ...plan,
      format: PLAN_FORMAT,
      provenance: {
        planner: 'ai',
        model: config.model,
        planning_time_s: round(planningTimeS, 2),
        turns: turns.length,
        tokens: { input: tokens.input, output: tokens.output, cache_read: tokens.cache_read, cache_write: tokens.cache_write },
        api_latency_s: round(apiLatencyS, 2),
        source: `orbital image and hazard map of ${request.scenario}`,
      },
    };
    return { plan: finalPlan, attachments: attachments({ plan_submitted: true }) };
  }

  /** What is left of the exchange's bounds, told to the model with every answer. */
  private budgetLeft(turn: number, spent: number): string {
    const c = this.config;
    return `Budget left: ${c.max_turns - turn} more request${c.max_turns - turn === 1 ? '' : 's'} and about ${Math.max(0, c.max_total_tokens - spent)} tokens; submit before they run out.`;
  }

  private budgetError(spent: number): InputError {
    return this.replyError(`token budget spent (${spent} > planners.ai.max_total_tokens ${this.config.max_total_tokens}, cached input included) before a route was submitted`);
  }

  private deadlineError(): InputError {
    return new InputError(`Claude API (model ${this.config.model})`, 'planners.ai.deadline_s',
      `no route within the planning deadline of ${this.config.deadline_s} s; raise it, or try again later`);
  }

  private replyError(problem: string): InputError {
    return new InputError(`Claude reply (model ${this.config.model})`, '', problem);
  }
}

/** What the planner reads of a reply, checked before it is read: a stub or proxy may answer 200 with anything. */
const ClaudeReplyShape = z.object({
  content: z.array(z.object({ type: z.string() }).passthrough()),
  stop_reason: z.string().nullable(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }).passthrough(),
}).passthrough();

/** Output tokens a cut-off reply is asked again with at most. */
const MAX_TOKENS_CEILING = 64_000;

/** An image block the API must refuse (400) rather than scale down when too large: its scale is in the brief. */
function pngBlock(png: Uint8Array): Anthropic.ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') }, transformations: { oversized_image: 'error' } };
}

/** What the tools work with: the request's maps and mission, the picture budget, the twin. */
export function toolContext(request: PlanRequest, config: ClaudePlannerConfig, twin?: RouteTwin): ToolContext {
  return {
    scenario: request.scenario, maps: request.maps, mission: request.mission, twin, dispersedRuns: config.simulate_dispersed_runs,
    pictures: { maxPx: config.image_max_px, maxMegapixels: config.image_max_megapixels },
  };
}

/** The region planned over and the two pictures Claude is shown of it (the replay draws them again to check them). */
export function planningPictures(request: PlanRequest, config: ClaudePlannerConfig) {
  const region = planningRegion(request.maps, request.mission);
  const maxPx = pictureSidePx(region, config.image_max_px, config.image_max_megapixels);
  const orbital = orbitalPicture(request.maps, request.mission, region, maxPx);
  const hazard = hazardPicture(request.maps, request.mission, region, maxPx);
  return { region, orbital, hazard, images: { orbital: orbital.png(), hazard: hazard.png() } };
}

/** The optional request fields sent for this model (effort, thinking), and notes on what was left out and why. */
function requestOptions(config: ClaudePlannerConfig, can: ModelCapabilities): { sent: Pick<Anthropic.MessageCreateParamsStreaming, 'output_config' | 'thinking'>; notes: string[] } {
  const sent: Pick<Anthropic.MessageCreateParamsStreaming, 'output_config' | 'thinking'> = {};
  const notes: string[] = [];
  if (config.effort !== 'default') {
    if (can.effort) sent.output_config = { effort: config.effort };
    else notes.push(`effort ${config.effort} not sent: ${config.model} is not a model known to take it`);
  }
  if (config.thinking === 'adaptive') {
    if (can.adaptiveThinking) sent.thinking = { type: 'adaptive' };
    else notes.push(`adaptive thinking not sent: ${config.model} is not a model known to take it`);
  }
  return { sent, notes };
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

function imageRecord(png: Uint8Array, suffix: string, picture: { width: number; height: number }): { file_suffix: string; width_px: number; height_px: number; bytes: number; sha256: string } {
  return { file_suffix: suffix, width_px: picture.width, height_px: picture.height, bytes: png.length, sha256: sha256(png) };
}

/** A tool answer as tool_result content: its JSON text, then its picture if it drew one. */
export function toolResultContent(answer: ToolAnswer): string | (Anthropic.TextBlockParam | Anthropic.ImageBlockParam)[] {
  return answer.image ? [{ type: 'text', text: answer.text }, pngBlock(answer.image)] : answer.text;
}

/** What an image block is kept as in the exchange: its size and hash (the brief's pictures are saved as files). */
export const imagePlaceholder = (png: Uint8Array): string => `<${png.length} bytes, sha256 ${sha256(png)}>`;

/** The message with each image's base64 data, tool results' included, replaced by its placeholder. */
function withoutImageData(message: Anthropic.MessageParam): unknown {
  if (typeof message.content === 'string') return message;
  const strip = (block: Anthropic.ContentBlockParam): unknown => {
    if (block.type === 'tool_result' && Array.isArray(block.content)) return { ...block, content: block.content.map((b) => strip(b as Anthropic.ContentBlockParam)) };
    if (block.type !== 'image' || block.source.type !== 'base64') return block;
    return { ...block, source: { type: 'base64', media_type: block.source.media_type, data: imagePlaceholder(Buffer.from(block.source.data, 'base64')) } };
  };
  return { ...message, content: message.content.map(strip) };
}

function replyText(reply: Anthropic.Message): string {
  return reply.content.filter((b): b is Anthropic.TextBlock => b.type === 'text').map((b) => b.text).join(' ').trim();
}

const clip = (text: string, n = 300): string => (text.length > n ? `${text.slice(0, n)}…` : text).replace(/\s+/g, ' ');
