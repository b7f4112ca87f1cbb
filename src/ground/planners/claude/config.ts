import { z } from 'zod';

/**
 * Configuration of the Claude planner (scenario `planners.ai`, overridable on the command line).
 * The model id is configuration, never code: ids are retired on a schedule (the SDK warns on
 * deprecated ones). Limits bound what one plan may cost.
 */
export const ClaudePlannerConfig = z.strictObject({
  model: z.string().min(1).default('claude-opus-4-7'),
  /** How much effort the model spends (the API's output_config.effort); `default` leaves it to the model. */
  effort: z.enum(['low', 'medium', 'high', 'max', 'default']).default('high'),
  /** Requests in one planning exchange; each tool round is one. */
  max_turns: z.int().min(1).max(60).default(16),
  /** max_tokens of each request (non-streaming requests must stay well under the SDK's 10-minute bound). */
  max_tokens_per_turn: z.int().min(256).max(20_000).default(8_000),
  /** Input plus output tokens over the whole exchange. */
  max_total_tokens: z.int().min(1_000).default(400_000),
  /** Per-request timeout (s). */
  timeout_s: z.number().positive().max(3_600).default(600),
  /** The whole exchange, every turn and retry included (s): planning ends here with no route [assumed]. */
  deadline_s: z.number().positive().max(7_200).default(900),
  /** Retries the SDK makes on 429, 5xx, 529 and connection errors (with backoff, honouring retry-after). */
  max_retries: z.int().min(0).max(10).default(2),
  /** Longer side of the pictures sent (px); the API scales larger images down anyway. */
  image_max_px: z.int().min(256).max(2_000).default(1_568),
});
export type ClaudePlannerConfig = z.infer<typeof ClaudePlannerConfig>;
