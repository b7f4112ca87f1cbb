import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../../core/errors';
import { parseYamlText } from '../../../core/yaml-input';
import { PLAN_FORMAT, type Plan } from '../../plan';
import type { PlanOutcome, Planner, PlanRequest } from '../planner';
import type { RouteTwin } from '../route-twin';
import { imagePlaceholder, planningPictures, sha256, toolContext, toolResultContent } from './claude-planner';
import { ClaudePlannerConfig } from './config';
import { runTool, type ToolAnswer } from './tools';

/*
 * Replays a recorded exchange with Claude (`*.exchange.json`) without a key or a network: every
 * tool call the model made is run again on this site's orbital maps and must give the answer the
 * model was given, and the pictures drawn again must be the ones it saw (their hashes), so the
 * replayed plan is the plan that exchange made, on these maps, byte for byte; anything else is an
 * error naming the turn that differs (the exchange was made on another site, seed or version).
 */

const Block = z.object({ type: z.string() }).passthrough();
const RecordedExchange = z.object({
  model: z.string(),
  config: z.unknown(),
  images: z.object({ orbital: z.object({ sha256: z.string() }).passthrough(), hazard: z.object({ sha256: z.string() }).passthrough() }).passthrough(),
  outcome: z.union([z.object({ plan_submitted: z.literal(true) }), z.object({ error: z.string() })]),
  tokens: z.object({ input: z.int().min(0), output: z.int().min(0), cache_read: z.int().min(0), cache_write: z.int().min(0) }),
  turns: z.array(z.unknown()),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(Block)]) })),
});

type ToolUse = { type: 'tool_use'; id: string; name: string; input: unknown };
type ToolResult = { type: 'tool_result'; tool_use_id: string; content: unknown; is_error?: boolean };

export class ReplayPlanner implements Planner {
  readonly name = 'ai' as const;

  constructor(private readonly file: string, private readonly twin?: RouteTwin) {}

  async plan(request: PlanRequest): Promise<PlanOutcome> {
    const bytes = readExchange(this.file);
    const exchange = parseYamlText(this.file, bytes, RecordedExchange);
    const config = ClaudePlannerConfig.safeParse(exchange.config);
    if (!config.success) throw new InputError(this.file, 'config', `not the configuration of a Claude planner (${config.error.issues[0].message})`);
    if ('error' in exchange.outcome) throw new InputError(this.file, 'outcome', `the recorded exchange ended without a route: ${exchange.outcome.error}`);
    const pictures = planningPictures(request, config.data);
    for (const name of ['orbital', 'hazard'] as const) {
      if (sha256(pictures.images[name]) !== exchange.images[name].sha256) {
        throw new InputError(this.file, `images.${name}`, `the ${name} picture of this site is not the one the model was shown: the exchange was made on another site, seed or version`);
      }
    }
    const ctx = toolContext(request, config.data, this.twin);
    const messages = exchange.messages;
    let plan: Plan | undefined;
    for (let m = 0; m < messages.length && !plan; m++) {
      const message = messages[m];
      if (message.role !== 'assistant' || typeof message.content === 'string') continue;
      const uses = message.content.filter((b): b is z.infer<typeof Block> & ToolUse => b.type === 'tool_use');
      const answers = messages[m + 1]?.content;
      const recorded = Array.isArray(answers) ? answers.filter((b): b is z.infer<typeof Block> & ToolResult => b.type === 'tool_result') : [];
      for (const use of uses) {
        const answer = runTool(use.name, use.input, ctx, exchange.model);
        const given = recorded.find((r) => r.tool_use_id === use.id);
        if (!given || !sameAnswer(given.content, answer) || Boolean(given.is_error) !== answer.error) {
          throw new InputError(this.file, `messages[${m}]`, `${use.name} (${use.id}) answers differently on this site than it answered the model: the exchange was made on other maps or by another version`);
        }
        if (answer.plan && !plan) plan = answer.plan;
      }
    }
    if (!plan) throw new InputError(this.file, 'messages', 'no accepted submit_route in the recorded exchange');
    const finalPlan: Plan = {
      ...plan,
      format: PLAN_FORMAT,
      provenance: {
        planner: 'ai',
        model: exchange.model,
        turns: exchange.turns.length,
        tokens: exchange.tokens,
        source: `orbital image and hazard map of ${request.scenario}`,
      },
    };
    // Kept as the original exchange kept them: the plan written from a replay is the original's, byte for byte.
    return {
      plan: finalPlan,
      attachments: [
        { suffix: '.exchange.json', data: bytes },
        { suffix: '.orbital.png', data: pictures.images.orbital },
        { suffix: '.hazard.png', data: pictures.images.hazard },
      ],
    };
  }
}

/** Whether a recorded tool_result content is this answer: its text, and its picture by hash. */
function sameAnswer(recorded: unknown, answer: ToolAnswer): boolean {
  const expected = toolResultContent(answer);
  if (typeof expected === 'string') return recorded === expected;
  if (!Array.isArray(recorded) || recorded.length !== 2) return false;
  const [text, image] = recorded as [{ text?: unknown }, { source?: { data?: unknown } }];
  return text.text === answer.text && image.source?.data === imagePlaceholder(answer.image!);
}

/** The exchange file's text (kept as it is: the replay's plan carries it beside itself). */
function readExchange(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, '', 'file not found or not readable: name a *.exchange.json that rover plan, run or compare wrote');
  }
}
