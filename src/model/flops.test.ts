import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { flopsPerToken } from './flops.js';
import { parseHfConfig } from './hfConfig.js';
import { countParams } from './params.js';
import { modelPreset } from './presets.js';

const gflops = (name: string) => flopsPerToken(modelPreset(name), { seqLen: 4096, causal: true }).trainFlops / 1e9;

describe('FLOPs per token', () => {
  it('paper Table 2: V2, V3 and LLaMA-405B within 3% of 155 / 250 / 2448 GFLOPs', () => {
    expect(Math.abs(gflops('deepseek-v2') / 155 - 1)).toBeLessThan(0.03);
    expect(Math.abs(gflops('deepseek-v3') / 250 - 1)).toBeLessThan(0.03);
    expect(Math.abs(gflops('llama-3.1-405b') / 2448 - 1)).toBeLessThan(0.03);
    // Qwen2.5-72B: the formula gives ~445, 13% above the paper's 394 (reported, not matched).
    expect(gflops('qwen2.5-72b')).toBeCloseTo(444.86, 1);
  });

  it('DeepSeek-V3 closed form: 3 × (2 × activated GEMM weights + 61 · 2·128·320·(S+1)/2)', () => {
    const a = modelPreset('deepseek-v3');
    const p = countParams(a);
    const f = flopsPerToken(a, { seqLen: 4096, causal: true });
    // GEMM weights: everything activated except the embedding lookup, the norms and the selection bias.
    const gemm = p.activeWithoutEmbedding - p.activeByRole.norms - 58 * 256;
    expect(f.gemmParamsActive).toBe(gemm);
    expect(f.forward.attentionFlops).toBe(61 * 2 * 128 * 320 * 2048.5);
    expect(f.trainFlops).toBe(3 * (2 * gemm + 61 * 2 * 128 * 320 * 2048.5));
    const mtp = flopsPerToken(a, { seqLen: 4096, causal: true, includeMtp: true });
    expect(mtp.gemmParamsActive - f.gemmParamsActive).toBe(p.mtp.activeUnique - p.mtp.byRole.norms - 256 + 129280 * 7168);
  });

  it('a tiny GQA model by hand', () => {
    const a = parseHfConfig({ model_type: 'llama', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, intermediate_size: 96, vocab_size: 100 });
    const f = flopsPerToken(a, { seqLen: 9, causal: false });
    const gemm = 2 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 96) + 100 * 64;
    expect(f.forward.gemmFlops).toBe(2 * gemm);
    expect(f.forward.attentionFlops).toBe(2 * 2 * 4 * (16 + 16) * 9);
    expect(f.training.totalFlops).toBe(3 * f.forward.totalFlops);
  });

  it('invariants: training = 3 × forward; attention grows linearly with S; causal ≤ non-causal', () => {
    const archs = ['deepseek-v3', 'llama-3-8b', 'mixtral-8x7b'].map(modelPreset);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 1 << 20 }), (i, s) => {
        const c = flopsPerToken(archs[i], { seqLen: s, causal: true });
        const nc = flopsPerToken(archs[i], { seqLen: s, causal: false });
        expect(c.trainFlops).toBeCloseTo(3 * c.forwardFlops, -3);
        expect(c.forward.gemmFlops).toBe(nc.forward.gemmFlops);
        expect(c.forward.attentionFlops).toBeLessThanOrEqual(nc.forward.attentionFlops);
        expect(c.forward.attentionFlops / nc.forward.attentionFlops).toBeCloseTo((s + 1) / (2 * s), 10);
      }),
      { numRuns: 100, seed: 1 },
    );
    expect(() => flopsPerToken(archs[0], { seqLen: 0, causal: true })).toThrow(InputError);
  });
});
