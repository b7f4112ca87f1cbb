import Anthropic from '@anthropic-ai/sdk';
import { InputError } from '../../../core/errors';

/**
 * An API failure the SDK could not retry away, as a message a rover planner can act on. The SDK has
 * already retried 429, 5xx, 529 and connection errors `retries` times (with backoff, honouring
 * retry-after) before this is called.
 */
export function apiFailure(e: unknown, model: string, retries: number): InputError {
  const who = `Claude API (model ${model})`;
  const after = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
  const detail = (err: InstanceType<typeof Anthropic.APIError>): string => {
    const body = err.error as { error?: { message?: string } } | undefined;
    const message = body?.error?.message ?? '';
    return `${message ? `: ${message}` : ''}${err.requestID ? ` (request ${err.requestID})` : ''}`;
  };
  if (e instanceof Anthropic.APIConnectionTimeoutError) return new InputError(who, '', `the request timed out${after}; raise planners.ai.timeout_s or try again`);
  if (e instanceof Anthropic.APIConnectionError) return new InputError(who, '', `could not connect${after}: ${e.message}`);
  if (e instanceof Anthropic.RateLimitError) return new InputError(who, '', `rate limited (HTTP 429)${after}${detail(e)}; wait and try again, or lower planners.ai limits`);
  if (e instanceof Anthropic.APIError && e.status === 529) return new InputError(who, '', `overloaded (HTTP 529)${after}${detail(e)}; try again later`);
  if (e instanceof Anthropic.InternalServerError) return new InputError(who, '', `server error (HTTP ${e.status})${after}${detail(e)}; try again later`);
  if (e instanceof Anthropic.AuthenticationError) return new InputError(who, 'ANTHROPIC_API_KEY', `rejected (HTTP 401)${detail(e)}; check the key`);
  if (e instanceof Anthropic.PermissionDeniedError) return new InputError(who, '', `permission denied (HTTP 403)${detail(e)}`);
  if (e instanceof Anthropic.NotFoundError) return new InputError(who, 'planners.ai.model', `not found (HTTP 404)${detail(e)}; check the model id`);
  if (e instanceof Anthropic.BadRequestError) return new InputError(who, '', `bad request (HTTP 400)${detail(e)}`);
  if (e instanceof Anthropic.APIError) return new InputError(who, '', `HTTP ${e.status ?? '?'}${after}${detail(e)}`);
  // The SDK parses the stream's events itself: a torn event lands here.
  if (e instanceof SyntaxError) return new InputError(who, '', `the server's reply is not JSON (${e.message}); is the base URL a Claude API?`);
  // A 200 reply that is no message stream at all (a JSON object, an HTML page): the SDK finds no events in it.
  if (e instanceof Anthropic.AnthropicError) return new InputError(who, '', `the server's reply is not a Claude message stream (${e.message}); is the base URL a Claude API?`);
  throw e;
}
