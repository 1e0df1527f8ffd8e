import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeepSeekModel, randomWeights, syntheticConfig } from './index.js';

function maxRel(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

describe('MLA: absorbed equals naive', () => {
  it('on random shapes, prefill and decode (logits within 1e-5 relative)', () => {
    fc.assert(
      fc.property(
        fc.record({
          heads: fc.integer({ min: 1, max: 3 }),
          nope: fc.integer({ min: 1, max: 6 }),
          ropeHalf: fc.integer({ min: 1, max: 3 }),
          v: fc.integer({ min: 1, max: 6 }),
          kvRank: fc.integer({ min: 2, max: 12 }),
          qRank: fc.constantFrom(0, 8),
          score: fc.constantFrom('sigmoid', 'softmax'),
          seq: fc.integer({ min: 1, max: 5 }),
          seed: fc.integer({ min: 1, max: 1 << 20 }),
        }),
        (p) => {
          const cfg = syntheticConfig({
            dim: 16, vocab_size: 32, n_layers: 2, n_heads: p.heads, qk_nope_head_dim: p.nope, qk_rope_head_dim: 2 * p.ropeHalf,
            v_head_dim: p.v, kv_lora_rank: p.kvRank, q_lora_rank: p.qRank, inter_dim: 16, moe_inter_dim: 8, score_func: p.score,
          });
          const { weights } = randomWeights(cfg, { seed: p.seed, std: 0.3, gateBias: p.score === 'sigmoid' });
          const model = new DeepSeekModel(cfg, weights);
          const toks = Array.from({ length: 2 * p.seq }, (_, i) => (i * 7 + p.seed) % 32);
          const a = model.session(2, p.seq + 2, 'naive');
          const b = model.session(2, p.seq + 2, 'absorb');
          expect(maxRel(b.forward(toks, p.seq, 0).logits, a.forward(toks, p.seq, 0).logits)).toBeLessThan(1e-5);
          expect(maxRel(b.forward([3, 5], 1, p.seq).logits, a.forward([3, 5], 1, p.seq).logits)).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 25 },
    );
  });
});
