import { describe, expect, it } from 'vitest';
import { costEstimate, tokenRates } from '../../src/ground/planners/claude/pricing';

describe('Claude price table (docs/reference.md)', () => {
  it.each([
    ['claude-opus-4-7', 5, 25],
    ['claude-opus-4-5-20251101', 5, 25],
    ['claude-opus-5', 5, 25],
    ['claude-opus-4-1-20250805', 15, 75],
    ['claude-opus-4-20250514', 15, 75],
    ['claude-sonnet-4-5-20250929', 3, 15],
    ['claude-sonnet-4-6', 3, 15],
    ['claude-haiku-4-5', 1, 5],
  ])('%s: $%s in, $%s out per million', (model, input, output) => {
    expect(tokenRates(model)).toMatchObject({ input, output });
  });

  it('knows no price for a model outside the table, and estimates none', () => {
    for (const m of ['claude-3-7-sonnet-20250219', 'claude-stub-model', 'claude-fable-5', 'gateway/opus']) expect(tokenRates(m)).toBeNull();
    expect(costEstimate('claude-stub-model', { input: 1, output: 1, cache_read: 0, cache_write: 0 })).toBeNull();
  });

  it('prices cached input at the cache rates', () => {
    expect(costEstimate('claude-sonnet-4-6', { input: 1e6, output: 1e6, cache_read: 1e6, cache_write: 1e6 })!.usd).toBeCloseTo(3 + 15 + 0.3 + 3.75, 9);
  });
});
