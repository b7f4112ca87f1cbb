import { z } from 'zod';

/**
 * Configuration of the Claude planner (scenario `planners.ai`, overridable on the command line).
 * The model id is configuration, never code: ids are retired on a schedule (the SDK warns on
 * deprecated ones). Limits bound what one plan may cost.
 */
export const ClaudePlannerConfig = z.strictObject({
  model: z.string().min(1).default('claude-opus-4-7'),
  /** Another Messages API endpoint (a team's gateway, a compatible local server); default: ANTHROPIC_BASE_URL, else Anthropic's. */
  base_url: z.url().optional(),
  /** The environment variable holding the credential (never the credential itself: it stays out of every file). */
  credential_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('ANTHROPIC_API_KEY'),
  /** How the credential is sent: an API key (x-api-key), or a bearer token (Authorization: Bearer, as gateways take). */
  auth: z.enum(['api_key', 'bearer']).default('api_key'),
  /**
   * How much effort the model spends (the API's output_config.effort), sent only to models that take
   * it (model-capabilities.ts); `default` leaves it to the model.
   */
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max', 'default']).default('high'),
  /** Adaptive thinking (the model decides when and how much to think), sent only to models that take it; `off` sends none. */
  thinking: z.enum(['adaptive', 'off']).default('adaptive'),
  /** Dispersed runs simulate_route adds to its nominal run in the twin (each costs a run's simulation time). */
  simulate_dispersed_runs: z.int().min(0).max(10).default(2),
  /** Requests in one planning exchange; each tool round is one. */
  max_turns: z.int().min(1).max(60).default(16),
  /** max_tokens of each request (requests are streamed); a reply cut off there is asked again once with twice the room. */
  max_tokens_per_turn: z.int().min(256).max(64_000).default(16_000),
  /** Tokens over the whole exchange: input (cached or not) plus output. */
  max_total_tokens: z.int().min(1_000).default(400_000),
  /** Per-request timeout (s). */
  timeout_s: z.number().positive().max(3_600).default(600),
  /** The whole exchange, every turn and retry included (s): planning ends here with no route [assumed]. */
  deadline_s: z.number().positive().max(7_200).default(900),
  /** Retries the SDK makes on 429, 5xx, 529 and connection errors (with backoff, honouring retry-after). */
  max_retries: z.int().min(0).max(10).default(2),
  /**
   * Longer side (px) and size (megapixels) of the pictures sent: the API scales down an image over
   * ~1,568 px or ~1.15 MP (Anthropic's vision guide), which would make the brief's metres per pixel
   * false, so pictures are drawn within both and the API is told to refuse, not shrink, a larger one.
   */
  image_max_px: z.int().min(256).max(2_000).default(1_568),
  image_max_megapixels: z.number().min(0.1).max(4).default(1.15),
});
export type ClaudePlannerConfig = z.infer<typeof ClaudePlannerConfig>;
