import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { InputError, isInputError } from '../../../core/errors';
import { PLAN_FORMAT, type Plan } from '../../plan';
import { hazardPicture, orbitalPicture, planningRegion } from '../../site-picture';
import { PlanningError, type PlanAttachment, type PlanOutcome, type Planner, type PlanRequest } from '../planner';
import { apiFailure } from './api-errors';
import { briefText, HAZARD_CAPTION, ORBITAL_CAPTION, systemPrompt } from './brief';
import type { ClaudePlannerConfig } from './config';
import { runTool, TOOLS } from './tools';

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
  /** The API key; read from ANTHROPIC_API_KEY when absent. */
  apiKey?: string;
  /** Another API endpoint (tests point this at a local stub). */
  baseURL?: string;
  /** Progress lines (turns, tools called). */
  log?: (line: string) => void;
}

/** One request of the exchange, as recorded for review. */
interface TurnRecord {
  turn: number;
  request_id: string | null;
  /** The model that replied, as the reply names it (an alias may resolve to a dated id). */
  model: string | null;
  stop_reason: string | null;
  /** Bytes of the request body sent (images included). */
  request_bytes: number;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null };
  tools_called: string[];
}

export class ClaudePlanner implements Planner {
  readonly name = 'ai' as const;
  private readonly config: ClaudePlannerConfig;
  private readonly apiKey: string;
  private readonly baseURL?: string;
  private readonly log: (line: string) => void;

  /** @throws InputError when no API key is set, saying how to set one */
  constructor(options: ClaudePlannerOptions) {
    this.config = options.config;
    const key = options.apiKey ?? process.env[API_KEY_ENV];
    if (!key) {
      throw new InputError('environment', API_KEY_ENV, 'not set: the ai planner calls Claude. Set it with `export ANTHROPIC_API_KEY=sk-ant-...` ' +
        '(keys at https://console.anthropic.com), or plan with --planner baseline');
    }
    this.apiKey = key;
    this.baseURL = options.baseURL;
    this.log = options.log ?? (() => {});
  }

  async plan(request: PlanRequest): Promise<PlanOutcome> {
    const { config } = this;
    const t0 = performance.now();
    const client = new Anthropic({ apiKey: this.apiKey, baseURL: this.baseURL, maxRetries: config.max_retries, timeout: config.timeout_s * 1000 });
    const region = planningRegion(request.maps, request.mission);
    const orbital = orbitalPicture(request.maps, request.mission, region, config.image_max_px);
    const hazard = hazardPicture(request.maps, request.mission, region, config.image_max_px);
    const images = { orbital: orbital.png(), hazard: hazard.png() };
    const system = systemPrompt(request.mission);
    const messages: Anthropic.MessageParam[] = [{
      role: 'user',
      content: [
        { type: 'text', text: briefText(request.scenario, request.mission, region, orbital.scale) },
        { type: 'text', text: ORBITAL_CAPTION },
        pngBlock(images.orbital),
        { type: 'text', text: HAZARD_CAPTION },
        pngBlock(images.hazard),
      ],
    }];
    const turns: TurnRecord[] = [];
    const tokens = { input: 0, output: 0, cache_read: 0, cache_write: 0 };
    let apiLatencyS = 0;
    let plan: Plan | undefined;
    const ctx = { scenario: request.scenario, maps: request.maps, mission: request.mission };
    // What is kept of the exchange, whether it ends in a plan or in an error: never the key.
    const attachments = (outcome: { plan_submitted: true } | { error: string }): PlanAttachment[] => {
      const exchange = {
        model: config.model,
        config,
        region,
        metres_per_pixel: orbital.scale,
        images: { orbital: imageRecord(images.orbital, '.orbital.png'), hazard: imageRecord(images.hazard, '.hazard.png') },
        system,
        tools: TOOLS,
        outcome,
        tokens,
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
      for (let turn = 1; !plan; turn++) {
        if (turn > config.max_turns) throw this.replyError(`no route submitted within ${config.max_turns} turns (planners.ai.max_turns)`);
        if (deadline.aborted) throw this.deadlineError();
        const sent = performance.now();
        let reply: Anthropic.Message;
        let requestId: string | null | undefined;
        const params: Anthropic.MessageCreateParamsNonStreaming = {
          model: config.model,
          max_tokens: config.max_tokens_per_turn,
          system,
          tools: TOOLS,
          messages,
          ...(config.effort !== 'default' ? { output_config: { effort: config.effort } } : {}),
        };
        const requestBytes = Buffer.byteLength(JSON.stringify(params));
        try {
          ({ data: reply, request_id: requestId } = await client.messages.create(params, { signal: deadline }).withResponse());
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
          turn, request_id: requestId ?? null, model: typeof reply.model === 'string' ? reply.model : null, stop_reason: reply.stop_reason, request_bytes: requestBytes,
          usage: { input_tokens: u.input_tokens, output_tokens: u.output_tokens, cache_read_input_tokens: u.cache_read_input_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens },
          tools_called: toolUses.map((b) => b.name),
        });
        this.log(`turn ${turn}: ${reply.stop_reason}${toolUses.length ? ` → ${toolUses.map((b) => b.name).join(', ')}` : ''} (${u.input_tokens} in, ${u.output_tokens} out, ${latency.toFixed(1)} s)`);
        messages.push({ role: 'assistant', content: reply.content as Anthropic.ContentBlockParam[] });

        if (reply.stop_reason === 'refusal') {
          const explanation = reply.stop_details?.explanation ?? replyText(reply);
          throw this.replyError(`Claude declined to plan this route (refusal)${explanation ? `: ${clip(explanation)}` : ''}`);
        }
        if (reply.stop_reason === 'model_context_window_exceeded') throw this.replyError('the exchange outgrew the model context window; lower planners.ai.max_turns or image_max_px');
        if (tokens.input + tokens.output > config.max_total_tokens) {
          throw this.replyError(`token budget spent (${tokens.input + tokens.output} > planners.ai.max_total_tokens ${config.max_total_tokens}) before a route was submitted`);
        }
        if (!toolUses.length) {
          if (reply.stop_reason === 'pause_turn') continue; // the API paused a long turn: send it back as it is
          const text = replyText(reply);
          throw this.replyError(`Claude ended its reply without submitting a route${reply.stop_reason === 'max_tokens' ? ' (cut off at planners.ai.max_tokens_per_turn)' : ''}${text ? `: "${clip(text)}"` : ''}`);
        }
        const results: Anthropic.ToolResultBlockParam[] = toolUses.map((use) => {
          const answer = runTool(use.name, use.input, ctx, config.model);
          if (answer.plan && !plan) plan = answer.plan;
          if (answer.error) this.log(`  ${use.name} rejected: ${clip(answer.text, 160)}`);
          return { type: 'tool_result', tool_use_id: use.id, content: answer.text, ...(answer.error ? { is_error: true } : {}) };
        });
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

function pngBlock(png: Uint8Array): Anthropic.ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') } };
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

function imageRecord(png: Uint8Array, suffix: string): { file_suffix: string; bytes: number; sha256: string } {
  return { file_suffix: suffix, bytes: png.length, sha256: sha256(png) };
}

/** The message with each image's base64 data replaced by its hash (the images are saved as files). */
function withoutImageData(message: Anthropic.MessageParam): unknown {
  if (typeof message.content === 'string') return message;
  return {
    ...message,
    content: message.content.map((block) => {
      if (block.type !== 'image' || block.source.type !== 'base64') return block;
      const png = Buffer.from(block.source.data, 'base64');
      return { ...block, source: { type: 'base64', media_type: block.source.media_type, data: `<${png.length} bytes, sha256 ${sha256(png)}; saved beside the plan>` } };
    }),
  };
}

function replyText(reply: Anthropic.Message): string {
  return reply.content.filter((b): b is Anthropic.TextBlock => b.type === 'text').map((b) => b.text).join(' ').trim();
}

const clip = (text: string, n = 300): string => (text.length > n ? `${text.slice(0, n)}…` : text).replace(/\s+/g, ' ');
const round = (v: number, digits: number): number => Number(v.toFixed(digits));
