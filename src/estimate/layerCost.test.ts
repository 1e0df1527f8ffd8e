import { describe, expect, it } from 'vitest';
import { attentionFlopsPerLayer, layerTensors, modelPreset, tensorActiveParams } from '../model/index.js';
import { DEFAULT_CALIBRATION, type Device } from './compute.js';
import { layerCost, type LayerContext } from './layerCost.js';

const dev: Device = { bf16FlopsPerS: 989e12, fp8FlopsPerS: 1979e12, hbmBytesPerS: 3.35e12, smFraction: 112 / 132, cal: DEFAULT_CALIBRATION };

describe('per-operator layer costs', () => {
  const arch = modelPreset('deepseek-v3');
  const T = 4096;
  const ctx: LayerContext = { dev, format: 'fp8', tokens: T, seqLen: T, tp: 1, expertPairs: T * 8, localExperts: 4, sharedTokens: T };

  for (const kind of ['dense', 'moe'] as const) {
    it(`${kind} layer: forward FLOPs = 2 × activated GEMM weights + causal attention, per token (model/'s counts)`, () => {
      const gemm = layerTensors(arch, kind).filter((t) => t.gemm).reduce((s, t) => s + tensorActiveParams(t), 0);
      const expected = 2 * gemm + attentionFlopsPerLayer(arch, (T + 1) / 2);
      expect(layerCost(arch, kind, ctx).fwdFlops / T).toBeCloseTo(expected, 3);
    });
  }

  it('backward ≈ 2 × forward, W is the weight-gradient part only', () => {
    const c = layerCost(arch, 'moe', ctx);
    expect(c.bwdS / c.fwdS).toBeGreaterThan(1.8);
    expect(c.bwdS / c.fwdS).toBeLessThan(2.2);
    expect(c.wS).toBeGreaterThan(0);
    expect(c.wS).toBeLessThan(c.bwdS / 2);
  });

  it('tensor parallelism divides the sharded GEMM and attention work', () => {
    const llama = modelPreset('llama-3.1-405b');
    const one = layerCost(llama, 'dense', { ...ctx, format: 'bf16', expertPairs: 0, localExperts: 0, sharedTokens: 0 });
    const eight = layerCost(llama, 'dense', { ...ctx, format: 'bf16', tp: 8, expertPairs: 0, localExperts: 0, sharedTokens: 0 });
    expect(one.fwdFlops / eight.fwdFlops).toBeCloseTo(8, 6);
  });
});
