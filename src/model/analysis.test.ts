import { describe, expect, it } from 'vitest';
import { analyzeModel, DEEPSEEK_V3_TRAINING_PLAN } from './analysis.js';
import { parseHfConfig } from './hfConfig.js';
import { modelPreset } from './presets.js';

describe('analyzeModel', () => {
  it('DeepSeek-V3: the default plan as published, the headline figures', () => {
    const r = analyzeModel(modelPreset('deepseek-v3'));
    expect(r.training.plan).toBe(DEEPSEEK_V3_TRAINING_PLAN);
    expect(r.training.memory?.expertReplicas).toBe(2);
    expect(r.kv.bytesPerToken).toBe(70_272);
    expect(r.kv.batchBytes).toBe(32 * 4096 * 70_272);
    expect(r.kv.naiveBf16BytesPerToken).toBe(61 * 128 * 320 * 2);
    expect(r.weights.bf16Bytes).toBe(2 * r.params.total);
  });

  it('fewer experts than EP64: EP shrinks to a divisor of the expert count (Mixtral: EP8)', () => {
    const r = analyzeModel(modelPreset('mixtral-8x7b'));
    expect(r.training.plan.ep).toBe(8);
    expect(r.training.memory?.expertReplicas).toBe(16);
  });

  it('a plan that cannot fit the model is reported, not thrown', () => {
    const tiny = parseHfConfig({ model_type: 'llama', hidden_size: 64, num_hidden_layers: 4, num_attention_heads: 4, intermediate_size: 128, vocab_size: 100 });
    const r = analyzeModel(tiny, { kvDtype: 'fp8', seqLen: 128 });
    expect(r.training.memory).toBeNull();
    expect('reason' in r.training && r.training.reason).toMatch(/4 layers cannot fill 16 pipeline stages/);
    expect(r.kv.bytesPerToken).toBe(2 * 4 * 16 * 4);
    expect(r.flops.causal.seqLen).toBe(128);
  });
});
