import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { modelPresetConfig } from '../model/index.js';
import { gateSpecOf, parseRefConfig } from './index.js';

describe('reference config', () => {
  it('reads the DeepSeek-V3 HF config: YaRN, mscale² score scale, V3 gate', () => {
    const c = parseRefConfig(modelPresetConfig('deepseek-v3'), 'v3.json');
    expect(c.source).toBe('hf');
    expect(c.yarn).toBe(true);
    expect(c.softmaxScale).toBeCloseTo(192 ** -0.5 * (0.1 * Math.log(40) + 1) ** 2, 14);
    expect(c.cosSinScale).toBe(1);
    expect(gateSpecOf(c)).toEqual({ nExperts: 256, topK: 8, nGroups: 8, topkGroups: 4, scoreFunc: 'sigmoid', routeScale: 2.5, normalize: true, groupScore: 'top2sum' });
    expect(c.requireGateBias).toBe(true);
    expect(c.nMtp).toBe(1);
  });

  it('reads the DeepSeek-V2 HF config: softmax, group max, no renormalisation, mscale_all_dim 0.707', () => {
    const c = parseRefConfig(modelPresetConfig('deepseek-v2'), 'v2.json');
    expect(gateSpecOf(c)).toEqual({ nExperts: 160, topK: 6, nGroups: 8, topkGroups: 3, scoreFunc: 'softmax', routeScale: 16, normalize: false, groupScore: 'max' });
    expect(c.softmaxScale).toBeCloseTo(192 ** -0.5 * (0.0707 * Math.log(40) + 1) ** 2, 14);
    expect(c.nMtp).toBe(0);
  });

  it('reads DeepSeek-V2-Lite: plain q_proj, greedy top-k without groups', () => {
    const c = parseRefConfig(modelPresetConfig('deepseek-v2-lite'), 'v2-lite.json');
    expect(c.qLoraRank).toBe(0);
    expect(gateSpecOf(c)).toMatchObject({ nExperts: 64, topK: 6, nGroups: 1, topkGroups: 1, scoreFunc: 'softmax', normalize: false });
  });

  it("reads DeepSeek's ModelArgs with or without the model_args wrapper; YaRN only when max_seq_len > original_seq_len", () => {
    const args = { dim: 64, n_layers: 2, max_seq_len: 32, original_seq_len: 32, qk_nope_head_dim: 16, qk_rope_head_dim: 8 };
    const plain = parseRefConfig(args);
    expect(plain.yarn).toBe(false);
    expect(plain.softmaxScale).toBe(24 ** -0.5);
    expect(parseRefConfig({ model_args: { ...args, max_seq_len: 64 } }).yarn).toBe(true);
    expect(gateSpecOf(plain).groupScore).toBeUndefined(); // decided by the checkpoint's bias
  });

  it('names the bad field', () => {
    expect(() => parseRefConfig({ dim: 64, n_heads: 0 }, 'c.json')).toThrow(InputError);
    expect(() => parseRefConfig({ dim: 64, n_heads: 0 }, 'c.json')).toThrow(/c.json n_heads: expected a positive integer, got 0/);
    expect(() => parseRefConfig({ dim: 64, n_routed_experts: 10, n_expert_groups: 4 })).toThrow(/n_expert_groups/);
    expect(() => parseRefConfig({ model_type: 'llama', hidden_size: 8 })).toThrow(/model_type/);
    expect(() => parseRefConfig([])).toThrow(/JSON object/);
  });
});
