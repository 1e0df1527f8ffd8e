import { describe, expect, it } from 'vitest';
import { kvCacheBytesPerToken, kvCacheBytesPerTokenPerLayer, modelPreset, modelPresetConfig } from '../model/index.js';
import { DeepSeekModel, LayerCache, RoutingHistogram, expectedForwardFlops, formulaForwardFlopsPerToken, parseRefConfig, probeKvCache, randomWeights, syntheticConfig, archOf } from './index.js';

const V3_HF = modelPresetConfig('deepseek-v3');

describe('KV cache probe', () => {
  it('absorbed DeepSeek-V3 caches 576 values per token and layer (2304 B in float32), as model/ computes', () => {
    const cfg = parseRefConfig(V3_HF, 'deepseek-v3.json');
    const c = new LayerCache(cfg, 'absorb', 1, 2);
    expect(c.valuesPerToken).toBe(576);
    expect(c.bytesPerToken).toBe(2304);
    expect(c.bytesPerToken).toBe(kvCacheBytesPerTokenPerLayer(modelPreset('deepseek-v3'), { dtype: 'fp32' }));
    expect(new LayerCache(cfg, 'naive', 1, 2).valuesPerToken).toBe(128 * (192 + 128));
  });

  for (const mode of ['naive', 'absorb'] as const)
    it(`measured bytes per token equal kvCacheBytesPerToken (${mode}, with the MTP layer)`, () => {
      const cfg = syntheticConfig({ n_layers: 3 });
      const model = new DeepSeekModel(cfg, randomWeights(cfg, { mtp: 1 }).weights);
      const p = probeKvCache(model.session(2, 7, mode));
      expect(p.perLayerBytes).toHaveLength(4);
      expect(p.measuredBytesPerToken).toBe(p.formulaBytesPerToken);
      const arch = archOf(cfg);
      expect(p.measuredBytesPerToken).toBe(kvCacheBytesPerToken(arch, { dtype: 'fp32', mlaMode: mode === 'naive' ? 'naive' : 'latent', includeMtp: true }));
    });
});

describe('FLOP counter', () => {
  const cfg = syntheticConfig({ n_layers: 3, n_dense_layers: 1 });
  const model = new DeepSeekModel(cfg, randomWeights(cfg).weights);
  const toks = Array.from({ length: 10 }, (_, i) => i * 3);

  it('a naive prefill with logits everywhere counts exactly S × model/ forward FLOPs per token', () => {
    model.counter.reset();
    model.session(1, 10, 'naive').forward(toks, 10, 0, { allLogits: true });
    expect(model.counter.matmulFlops).toBe(10 * formulaForwardFlopsPerToken(cfg, 10));
  });

  for (const mode of ['naive', 'absorb'] as const)
    it(`counts the closed form for prefill + decode, batch 2 (${mode})`, () => {
      const s = model.session(2, 12, mode);
      model.counter.reset();
      s.forward(toks, 5, 0);
      expect(model.counter.matmulFlops).toBe(expectedForwardFlops(cfg, mode, 2, 5, 0, 2));
      model.counter.reset();
      s.forward([1, 2], 1, 5);
      expect(model.counter.matmulFlops).toBe(expectedForwardFlops(cfg, mode, 2, 1, 5, 2));
    });
});

describe('routing histogram', () => {
  it('counts k choices per token per MoE layer', () => {
    const cfg = syntheticConfig({ n_layers: 3 });
    const model = new DeepSeekModel(cfg, randomWeights(cfg).weights);
    const h = new RoutingHistogram(cfg.nRoutedExperts);
    model.session(1, 6, 'absorb').forward([1, 2, 3, 4, 5, 6], 6, 0, { observer: h });
    const j = h.toJson();
    expect(j.map((r) => r.layer)).toEqual([1, 2]);
    for (const r of j) expect(r.counts.reduce((a, b) => a + b, 0)).toBe(6 * cfg.nActivatedExperts);
  });
});
