import { describe, expect, it } from 'vitest';
import { modelCapabilities } from '../../src/ground/planners/claude/model-capabilities';

describe('modelCapabilities: request options sent only to models known to take them', () => {
  it.each([
    ['claude-opus-4-7', true, true],
    ['claude-opus-4-6', true, true],
    ['claude-sonnet-4-6', true, true],
    ['claude-opus-4-5-20251101', true, false],
    ['claude-opus-4-5', true, false],
    ['claude-sonnet-4-5-20250929', false, false],
    ['claude-opus-4-1-20250805', false, false],
    ['claude-opus-4-20250514', false, false],
    ['claude-haiku-4-5', false, false],
    ['claude-haiku-5-5', true, true],
    ['claude-opus-5', true, true],
    ['claude-mythos-preview', true, true],
    ['anthropic.claude-opus-4-6-v1', true, true],
    ['claude-3-7-sonnet-20250219', false, false],
    ['claude-stub-model', false, false],
    ['my-gateway/opus', false, false],
  ])('%s: effort %s, adaptive thinking %s', (model, effort, adaptiveThinking) => {
    expect(modelCapabilities(model)).toEqual({ effort, adaptiveThinking });
  });
});
