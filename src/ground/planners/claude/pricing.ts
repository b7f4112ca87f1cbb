/*
 * What an exchange with Claude is estimated to cost, from Anthropic's published per-token rates
 * (docs/reference.md, "Claude API prices") and the exchange's own token counts. An estimate for the
 * record, not the bill; a model the table does not know gets none (null), not a guess.
 */

/** USD per million tokens. */
export interface TokenRates {
  input: number;
  cache_write: number;
  cache_read: number;
  output: number;
}

const RATES: [RegExp, TokenRates][] = [
  [/^claude-opus-(4-[5-9]|5)(\b|-)/, { input: 5, cache_write: 6.25, cache_read: 0.5, output: 25 }],
  [/^claude-opus-4(-[01])?(-\d{8})?$/, { input: 15, cache_write: 18.75, cache_read: 1.5, output: 75 }],
  [/^claude-sonnet-4(-[56])?(\b|-)/, { input: 3, cache_write: 3.75, cache_read: 0.3, output: 15 }],
  [/^claude-haiku-4-5(\b|-)/, { input: 1, cache_write: 1.25, cache_read: 0.1, output: 5 }],
];

export function tokenRates(model: string): TokenRates | null {
  return RATES.find(([pattern]) => pattern.test(model))?.[1] ?? null;
}

/** The estimated cost (USD, to the cent's hundredth) of these tokens at the model's rates, with the rates used. */
export function costEstimate(model: string, tokens: { input: number; output: number; cache_read: number; cache_write: number }): { usd: number; rates_per_mtok: TokenRates } | null {
  const r = tokenRates(model);
  if (!r) return null;
  const usd = (tokens.input * r.input + tokens.cache_write * r.cache_write + tokens.cache_read * r.cache_read + tokens.output * r.output) / 1e6;
  return { usd: Math.round(usd * 1e4) / 1e4, rates_per_mtok: r };
}
