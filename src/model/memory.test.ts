import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { activationBytesPerTokenPerLayer, BF16_ACTIVATION_CHOICES, DEEPSEEK_ACTIVATION_CHOICES } from './activations.js';
import { parseHfConfig } from './hfConfig.js';
import { defaultStageLayers, trainingMemoryPerGpu, weightBytes } from './memory.js';
import { countParams } from './params.js';
import { modelPreset } from './presets.js';

const v3 = modelPreset('deepseek-v3');

describe('weightBytes', () => {
  it('BF16 and FP32 are 2 and 4 bytes per parameter', () => {
    for (const name of ['deepseek-v3', 'qwen2.5-72b', 'mixtral-8x7b']) {
      const a = modelPreset(name);
      const total = countParams(a).total;
      expect(weightBytes(a, 'bf16')).toBe(2 * total);
      expect(weightBytes(a, 'fp32')).toBe(4 * total);
    }
    const p = countParams(v3);
    expect(weightBytes(v3, 'bf16', { includeMtp: true })).toBe(2 * (p.total + p.mtp.unique));
  });

  it('FP8 with 128×128 block scales, partial edge blocks, embedding/head/norms in BF16 (by hand)', () => {
    const a = parseHfConfig({ model_type: 'llama', hidden_size: 200, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 300, vocab_size: 10 });
    // q, k, v, o: 200×200 → 2×2 blocks; gate/up 300×200 → 3×2; down 200×300 → 2×3.
    const gemm = 4 * (200 * 200 + 4 * 4) + 3 * (300 * 200 + 6 * 4);
    expect(weightBytes(a, 'fp8-block128')).toBe(gemm + 2 * (2 * 10 * 200 + 3 * 200));
  });

  it('DeepSeek-V3 FP8: about half of BF16 (673 GB vs 1,342 GB)', () => {
    const fp8 = weightBytes(v3, 'fp8-block128');
    expect(fp8 / 1e9).toBeCloseTo(673.15, 2);
    expect(() => weightBytes(v3, 'int4' as 'bf16')).toThrow(InputError);
  });
});

describe('activation bytes per token per layer', () => {
  it("DeepSeek-V3 with DeepSeek's choices, by hand", () => {
    const act = activationBytesPerTokenPerLayer(v3, DEEPSEEK_ACTIVATION_CHOICES);
    const fp8 = (n: number) => n + Math.ceil(n / 128) * 4;
    const attn = 2 * 7168 + 2 * 1536 + 2 * 576 + 4 * 128 + (16384 * 12) / 8 + 128 * 4;
    expect(act.moe?.attentionBytes).toBe(attn);
    expect(act.moe?.ffnBytes).toBe(2 * 7168 + 4 * (256 + 8) + fp8(2 * 2048) + 8 * (fp8(7168) + fp8(2 * 2048) + 2 * 7168));
    expect(act.dense?.totalBytes).toBe(attn + 2 * 7168 + fp8(2 * 18432));
    expect(act.modelBytes).toBe(3 * (act.dense?.totalBytes ?? 0) + 58 * (act.moe?.totalBytes ?? 0));
  });

  it('every DeepSeek choice saves memory against all-BF16 caching', () => {
    const all = activationBytesPerTokenPerLayer(v3, BF16_ACTIVATION_CHOICES).meanBytes;
    for (const key of Object.keys(DEEPSEEK_ACTIVATION_CHOICES) as (keyof typeof DEEPSEEK_ACTIVATION_CHOICES)[]) {
      const one = activationBytesPerTokenPerLayer(v3, { ...BF16_ACTIVATION_CHOICES, [key]: true }).meanBytes;
      expect(one, key).toBeLessThan(all);
    }
    // Dense GQA model: MLA recompute does not apply, q/k/v are cached.
    const l = activationBytesPerTokenPerLayer(modelPreset('llama-3-8b'), BF16_ACTIVATION_CHOICES);
    expect(l.moe).toBeNull();
    expect(l.dense?.items.find((i) => i.name === 'q, k, v')?.bytes).toBe(2 * (32 + 16) * 128);
  });
});

describe('training memory per GPU (ZeRO-1)', () => {
  const plan = { gpus: 2048, pp: 16, ep: 64, zero: 1 as const };

  it('V3 on 2,048 GPUs, PP16, EP64: dense weights have 128 replicas, experts 2', () => {
    const m = trainingMemoryPerGpu(v3, plan);
    expect(m.denseReplicas).toBe(128);
    expect(m.expertReplicas).toBe(2);
    const p = countParams(v3);
    const dense = m.stages.reduce((s, x) => s + x.denseParams, 0);
    const experts = m.stages.reduce((s, x) => s + x.expertParamsPerGpu * 64, 0);
    expect(dense + experts).toBe(p.total + p.mtp.unique);
    expect(experts).toBe(p.routedExperts + p.mtp.byRole.routedExperts);
    for (const r of m.ranks) {
      const s = m.stages[r.rank];
      expect(r.weightBytes).toBe(2 * (s.denseParams + s.expertParamsPerGpu));
      expect(r.gradBytes).toBe(4 * (s.denseParams + s.expertParamsPerGpu));
      expect(r.optimizerBytes).toBeCloseTo(8 * (s.denseParams / 128 + s.expertParamsPerGpu / 2), 3);
    }
  });

  it('DualPipe: rank r holds stages r and pp−1−r', () => {
    const m = trainingMemoryPerGpu(v3, { ...plan, dualPipe: true });
    const single = trainingMemoryPerGpu(v3, plan);
    expect(m.ranks[0].stages).toEqual([0, 15]);
    expect(m.ranks[0].weightBytes).toBe(single.ranks[0].weightBytes + single.ranks[15].weightBytes);
  });

  it('stage split: balanced, sums to the layers, extras to the middle stages', () => {
    expect(defaultStageLayers(61, 16)).toEqual([3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 64 }), (layers, pp) => {
        fc.pre(pp <= layers);
        const s = defaultStageLayers(layers, pp);
        expect(s.reduce((a, b) => a + b, 0)).toBe(layers);
        expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it('bad plans are InputErrors naming the field', () => {
    const bad: [object, string][] = [
      [{ ...plan, gpus: 2050 }, 'plan.pp'],
      [{ ...plan, ep: 3 }, 'plan.ep'],
      [{ ...plan, pp: 0 }, 'plan.pp'],
      [{ ...plan, dp: 64 }, 'plan.dp'],
      [{ ...plan, zero: 2 }, 'plan.zero'],
      [{ ...plan, stageLayers: [61] }, 'plan.stageLayers'],
    ];
    for (const [p, field] of bad) {
      try {
        trainingMemoryPerGpu(v3, p as typeof plan);
        throw new Error(`no error for ${field}`);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).field).toBe(field);
      }
    }
  });
});
