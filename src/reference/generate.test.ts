import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argmax } from '../tensor/index.js';
import { DeepSeekModel, greedyGenerate, mtpGenerate, randomWeights, syntheticConfig } from './index.js';

/** A random tiny model with one MTP module; a small vocabulary so drafts are sometimes right. */
function tinyModel(seed: number, vocab = 6) {
  const cfg = syntheticConfig({ vocab_size: vocab, dim: 16, n_layers: 2, inter_dim: 24, moe_inter_dim: 8, kv_lora_rank: 8, q_lora_rank: 8 });
  return new DeepSeekModel(cfg, randomWeights(cfg, { seed, mtp: 1, std: 0.5 }).weights);
}

/**
 * Drafts the speculative loop must have made, computed independently: hidden states of the greedy sequence
 * in one pass, the MTP module over all (h_i, u_{i+1}) in one pass, then the accept/advance walk.
 */
function expectedAcceptance(model: DeepSeekModel, prompt: number[], greedy: number[]): { drafts: number; accepted: number } {
  const u = [...prompt, ...greedy];
  const n = prompt.length;
  const N = greedy.length;
  const V = model.cfg.vocabSize;
  const L = u.length - 1;
  const s = model.session(1, u.length + 1, 'naive');
  const main = s.forward(u.slice(0, L), L, 0, { allLogits: true });
  const mtp = s.mtpForward(0, main.hidden, u.slice(1, L + 1), L, 0, { allLogits: true });
  let drafts = 0;
  let accepted = 0;
  let c = 1;
  let j = n - 1;
  while (c < N) {
    drafts++;
    if (argmax(mtp.logits, j * V, V) === u[j + 2]) {
      accepted++;
      c += 2;
      j += 2;
    } else {
      c += 1;
      j += 1;
    }
  }
  return { drafts, accepted };
}

describe('MTP speculative decoding', () => {
  it('produces exactly the greedy tokens with bitwise-equal logits, and reports its acceptance', () => {
    let acceptedSomewhere = false;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 20 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom('naive' as const, 'absorb' as const),
        (seed, prompt, maxNew, mode) => {
          const model = tinyModel(seed);
          const g = greedyGenerate(model, prompt, { maxNew, mode, keepLogits: true });
          const m = mtpGenerate(model, prompt, { maxNew, mode, keepLogits: true });
          expect(m.tokens).toEqual(g.tokens);
          expect(m.logits).toEqual(g.logits); // bitwise: same summation order per row
          expect(m.nearTies).toBe(g.nearTies);
          const want = expectedAcceptance(model, prompt, g.tokens);
          expect({ drafts: m.drafts, accepted: m.accepted }).toEqual(want);
          expect(m.acceptance).toBe(want.drafts ? want.accepted / want.drafts : 0);
          expect(m.mainPasses).toBe(1 + m.drafts);
          if (m.accepted > 0) acceptedSomewhere = true;
        },
      ),
      { numRuns: 30 },
    );
    expect(acceptedSomewhere).toBe(true);
  });

  it('needs a checkpoint with an MTP module', () => {
    const cfg = syntheticConfig();
    const model = new DeepSeekModel(cfg, randomWeights(cfg).weights);
    expect(() => mtpGenerate(model, [1], { maxNew: 2 })).toThrow(/MTP module/);
  });
});

describe('MTP weight layout', () => {
  it('eh_proj takes concat(enorm(embedding), hnorm(hidden)): embedding columns first', () => {
    const model = tinyModel(7, 16);
    const dim = model.cfg.dim;
    const w = model.weights.mtp[0].ehProj;
    const original = Float32Array.from(w);
    const h1 = Float32Array.from({ length: dim }, (_, i) => Math.sin(i + 1));
    const h2 = Float32Array.from({ length: dim }, (_, i) => Math.cos(3 * i));
    const run = (hidden: Float32Array, tok: number) => model.session(1, 2).mtpForward(0, hidden, [tok], 1, 0).logits;
    // zero the hidden half (columns dim..2dim): output depends on the token only
    for (let r = 0; r < dim; r++) w.fill(0, r * 2 * dim + dim, (r + 1) * 2 * dim);
    expect(run(h1, 3)).toEqual(run(h2, 3));
    expect(run(h1, 3)).not.toEqual(run(h1, 4));
    // zero the embedding half (columns 0..dim): output depends on the hidden state only
    w.set(original);
    for (let r = 0; r < dim; r++) w.fill(0, r * 2 * dim, r * 2 * dim + dim);
    expect(run(h1, 3)).toEqual(run(h1, 4));
    expect(run(h1, 3)).not.toEqual(run(h2, 3));
    w.set(original);
  });
});
