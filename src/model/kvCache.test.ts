import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { parseHfConfig } from './hfConfig.js';
import { kvCacheBytes, kvCacheBytesPerToken, kvCacheBytesPerTokenPerLayer } from './kvCache.js';
import { modelPreset } from './presets.js';

describe('KV cache per token', () => {
  const v3 = modelPreset('deepseek-v3');

  it('paper Table 1 exactly: 70,272 / 327,680 / 516,096 B (BF16)', () => {
    expect(kvCacheBytesPerToken(v3, { dtype: 'bf16' })).toBe(70_272);
    expect(kvCacheBytesPerToken(modelPreset('qwen2.5-72b'), { dtype: 'bf16' })).toBe(327_680);
    expect(kvCacheBytesPerToken(modelPreset('llama-3.1-405b'), { dtype: 'bf16' })).toBe(516_096);
  });

  it('MLA: the MTP layer adds one layer; FP8 is FlashMLA 656 B per layer; naive caches per-head K and V', () => {
    expect(kvCacheBytesPerToken(v3, { dtype: 'bf16', includeMtp: true })).toBe(71_424);
    expect(kvCacheBytesPerTokenPerLayer(v3, { dtype: 'fp8' })).toBe(656);
    expect(kvCacheBytesPerToken(v3, { dtype: 'fp8' })).toBe(656 * 61);
    expect(kvCacheBytesPerToken(v3, { dtype: 'fp8', includeMtp: true })).toBe(656 * 62);
    expect(kvCacheBytesPerToken(v3, { dtype: 'bf16', mlaMode: 'naive' })).toBe(128 * (192 + 128) * 2 * 61);
    expect(kvCacheBytesPerToken(v3, { dtype: 'fp32' })).toBe(576 * 4 * 61);
    // V2 and V2-Lite share the 512 + 64 latent.
    expect(kvCacheBytesPerToken(modelPreset('deepseek-v2'), { dtype: 'bf16' })).toBe(576 * 2 * 60);
    expect(kvCacheBytesPerToken(modelPreset('deepseek-v2-lite'), { dtype: 'bf16' })).toBe(576 * 2 * 27);
  });

  it('MHA, GQA, MQA: 2 · kvHeads · headDim · bytes per layer; MTP does not apply', () => {
    expect(kvCacheBytesPerToken(modelPreset('llama-2-7b'), { dtype: 'bf16' })).toBe(2 * 32 * 128 * 2 * 32);
    expect(kvCacheBytesPerToken(modelPreset('mixtral-8x7b'), { dtype: 'fp8', includeMtp: true })).toBe(2 * 8 * 128 * 32);
    const mqa = parseHfConfig({ model_type: 'llama', hidden_size: 256, num_hidden_layers: 3, num_attention_heads: 4, num_key_value_heads: 1, intermediate_size: 512, vocab_size: 10 });
    expect(kvCacheBytesPerToken(mqa, { dtype: 'bf16' })).toBe(2 * 64 * 2 * 3);
  });

  it('batch × context is linear; bad sizes are InputErrors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200_000 }), (batch, ctx) => {
        expect(kvCacheBytes(v3, batch, ctx, 'bf16')).toBe(batch * ctx * 70_272);
      }),
      { numRuns: 100, seed: 1 },
    );
    expect(() => kvCacheBytes(v3, -1, 10, 'bf16')).toThrow(InputError);
    expect(() => kvCacheBytes(v3, 1, 1.5, 'bf16')).toThrow(InputError);
    expect(() => kvCacheBytesPerToken(v3, { dtype: 'int4' as 'bf16' })).toThrow(InputError);
  });
});
