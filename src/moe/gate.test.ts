import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { expertHistogram, routeLogits, routeScores, type GateSpec } from './index.js';

const V3ISH: GateSpec = { nExperts: 16, topK: 4, nGroups: 4, topkGroups: 2, scoreFunc: 'sigmoid', routeScale: 2.5, normalize: true };

/** Straightforward re-statement of DeepSeek's Gate.forward with sorts (float64 is fine for selection here). */
function bruteForce(s: number[], bias: number[] | null, spec: GateSpec): number[] {
  const per = spec.nExperts / spec.nGroups;
  const sel = s.map((v, i) => (bias ? Math.fround(v + bias[i]) : v));
  const order = (xs: number[]) => xs.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map((p) => p[1]);
  let masked = sel;
  if (spec.nGroups > 1) {
    const gs = Array.from({ length: spec.nGroups }, (_, g) => {
      const grp = sel.slice(g * per, (g + 1) * per);
      if (!bias) return Math.max(...grp);
      const o = order(grp);
      return Math.fround(grp[o[0]] + grp[o[1]]);
    });
    const kept = new Set(order(gs).slice(0, spec.topkGroups));
    masked = sel.map((v, i) => (kept.has(Math.floor(i / per)) ? v : -Infinity));
  }
  return order(masked).slice(0, spec.topK);
}

describe('DeepSeekMoE gate', () => {
  it('keeps only the best groups by top-2 sum (V3) and weights from unbiased scores', () => {
    // group 0 has the single best expert but a weak second one; groups 1 and 2 win on top-2 sums
    const s = Float32Array.from([0.99, 0.1, 0.1, 0.1, 0.8, 0.8, 0.1, 0.1, 0.7, 0.75, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2]);
    const bias = new Float32Array(16);
    const r = routeScores(s, 1, V3ISH, bias);
    expect(Array.from(r.indices)).toEqual([4, 5, 9, 8]);
    const sum = Math.fround(Math.fround(Math.fround(s[4] + s[5]) + s[9]) + s[8]);
    expect(r.weights[0]).toBe(Math.fround(Math.fround(s[4] / sum) * 2.5));
    // V2 rule (max): group 0 now wins
    const v2 = routeScores(s, 1, { ...V3ISH, groupScore: 'max' });
    expect(Array.from(v2.indices)).toEqual([0, 4, 5, 1]);
  });

  it('selects on s + b but weighs with s', () => {
    const s = Float32Array.from([0.5, 0.6, 0.4, 0.3]);
    const b = Float32Array.from([0.3, 0, 0, 0]);
    const spec: GateSpec = { nExperts: 4, topK: 1, nGroups: 1, topkGroups: 1, scoreFunc: 'sigmoid', routeScale: 1, normalize: false };
    const r = routeScores(s, 1, spec, b);
    expect(r.indices[0]).toBe(0);
    expect(r.weights[0]).toBe(Math.fround(0.5));
  });

  it('softmax scoring without renormalisation (V2): weights are route_scale × softmax probabilities', () => {
    const logits = Float32Array.from([0, 1, 2, 3]);
    const spec: GateSpec = { nExperts: 4, topK: 2, nGroups: 2, topkGroups: 1, scoreFunc: 'softmax', routeScale: 16, normalize: false };
    const r = routeLogits(logits, 1, spec);
    const z = 1 + Math.E + Math.E ** 2 + Math.E ** 3;
    expect(Array.from(r.indices)).toEqual([3, 2]);
    expect(r.weights[0]).toBeCloseTo((16 * Math.E ** 3) / z, 5);
    expect(logits[0]).toBe(0); // inputs untouched
  });

  it('breaks ties like torch.topk (lower index first)', () => {
    const s = new Float32Array(16).fill(0.5);
    const r = routeScores(s, 1, V3ISH, new Float32Array(16));
    expect(Array.from(r.indices)).toEqual([0, 1, 2, 3]);
  });

  it('matches a brute-force restatement on random affinities, batch API over many tokens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.constantFrom(1, 2, 4, 8), (seed, withBias, groups) => {
        const rng = new Rng(seed);
        const tokens = 5;
        const spec: GateSpec = { nExperts: 32, topK: 4, nGroups: groups, topkGroups: Math.max(1, groups / 2), scoreFunc: 'sigmoid', routeScale: 2.5, normalize: true };
        // coarse values to force ties
        const s = Float32Array.from({ length: tokens * 32 }, () => Math.round(rng.next() * 20) / 20);
        const bias = withBias ? Float32Array.from({ length: 32 }, () => Math.round(rng.normal() * 10) / 100) : undefined;
        const r = routeScores(s, tokens, spec, bias);
        for (let t = 0; t < tokens; t++) {
          const ref = bruteForce(Array.from(s.subarray(t * 32, (t + 1) * 32)), bias ? Array.from(bias) : null, spec);
          expect(Array.from(r.indices.subarray(t * 4, (t + 1) * 4))).toEqual(ref);
          let sum = 0;
          for (let j = 0; j < 4; j++) sum += r.weights[t * 4 + j];
          if (sum > 0) expect(sum).toBeCloseTo(2.5, 5);
        }
        const h = expertHistogram(r.indices, 32);
        expect(h.reduce((a, b) => a + b, 0)).toBe(tokens * 4);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects specs that cannot be routed', () => {
    expect(() => routeScores(new Float32Array(16), 1, { ...V3ISH, nGroups: 3 })).toThrow(/nGroups/);
    expect(() => routeScores(new Float32Array(16), 1, { ...V3ISH, topK: 9 })).toThrow(/topK/);
    expect(() => routeScores(new Float32Array(8), 1, V3ISH)).toThrow(/scores/);
  });
});
