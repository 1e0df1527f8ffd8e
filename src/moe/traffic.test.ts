import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { expertWeights, parseAffinity } from './affinity.js';
import { countsFromSelections, routingSummary } from './counts.js';
import { placeExperts } from './placement.js';
import { sampleRoutingCounts } from './sampler.js';
import { gateRoutingCounts } from './synthetic.js';
import { parseRoutingTrace } from './trace.js';

const p64 = placeExperts({ experts: 256, ep: 64, gpusPerNode: 8 });

describe('expert placement', () => {
  it('puts E/ep consecutive experts per GPU, one group of E/nodes per node', () => {
    expect(p64.nodes).toBe(8);
    expect(Array.from(p64.slotsPerGpu.slice(0, 3))).toEqual([4, 4, 4]);
    expect(p64.replicaGpu[p64.replicaOffset[37]]).toBe(9);
  });
  it('redundant experts replicate the most loaded ones on other nodes', () => {
    const load = new Float64Array(256).fill(1);
    load[5] = 10;
    load[200] = 5;
    const p = placeExperts({ experts: 256, ep: 64, gpusPerNode: 8, redundant: 2, load });
    expect(p.replicaOffset[6] - p.replicaOffset[5]).toBe(2);
    expect(p.replicaOffset[201] - p.replicaOffset[200]).toBe(2);
    const copy = p.replicaGpu[p.replicaOffset[5] + 1];
    expect(Math.floor(copy / 8)).not.toBe(0);
    expect(p.slotsPerGpu.reduce((a, b) => a + b, 0)).toBe(258);
  });
  it('rejects an EP size that does not divide the experts', () => {
    expect(() => placeExperts({ experts: 256, ep: 48, gpusPerNode: 8 })).toThrow(InputError);
  });
});

describe('routing counts', () => {
  const w = expertWeights({ kind: 'uniform' }, 256);
  it('sampler: exactly top-k experts per token, at most M nodes, each node counted once per token', () => {
    const c = sampleRoutingCounts({ placement: p64, topK: 8, maxNodes: 4, weights: w, tokensPerGpu: 500, seed: 3 });
    const pairs = c.pairs.reduce((a, b) => a + b, 0);
    expect(pairs).toBe(64 * 500 * 8);
    expect(c.tokens[17]).toBe(500);
    const s = routingSummary(c);
    expect(s.nodesPerToken).toBe(4);
    expect(s.gpusPerToken).toBeGreaterThan(7);
    expect(s.gpusPerToken).toBeLessThanOrEqual(8);
    for (let i = 0; i < c.gpuTokens.length; i++) expect(c.gpuTokens[i]).toBeLessThanOrEqual(c.pairs[i]);
  });
  it('sampler matches the exact gate on nodes and GPUs per token (uniform, M = 4 and unlimited)', () => {
    for (const M of [4, 0]) {
      const g = routingSummary(gateRoutingCounts({ placement: p64, topK: 8, maxNodes: M, weights: w, tokensPerGpu: 16, seed: 2 }));
      const s = routingSummary(sampleRoutingCounts({ placement: p64, topK: 8, maxNodes: M, weights: w, tokensPerGpu: 256, seed: 2 }));
      expect(Math.abs(s.nodesPerToken - g.nodesPerToken) / g.nodesPerToken).toBeLessThan(0.03);
      expect(Math.abs(s.gpusPerToken - g.gpusPerToken) / g.gpusPerToken).toBeLessThan(0.02);
    }
  });
  it('the gate respects the node limit', () => {
    const c = gateRoutingCounts({ placement: p64, topK: 8, maxNodes: 2, weights: w, tokensPerGpu: 4, seed: 5 });
    for (let s = 0; s < 64; s++) {
      let nodes = 0;
      for (let n = 0; n < 8; n++) nodes += c.nodeTokens[s * 8 + n];
      expect(nodes).toBeLessThanOrEqual(2 * 4);
    }
  });
  it('seeded skew: a Zipf popularity concentrates load; same seed, same counts', () => {
    const z = expertWeights(parseAffinity('zipf:1.2'), 256, 9);
    const a = sampleRoutingCounts({ placement: p64, topK: 8, maxNodes: 4, weights: z, tokensPerGpu: 200, seed: 4 });
    const b = sampleRoutingCounts({ placement: p64, topK: 8, maxNodes: 4, weights: z, tokensPerGpu: 200, seed: 4 });
    expect(Array.from(a.expertLoad)).toEqual(Array.from(b.expertLoad));
    const sorted = Array.from(a.expertLoad).sort((x, y) => y - x);
    expect(sorted[0]).toBeGreaterThan(4 * sorted[128]);
    const hot = expertWeights(parseAffinity('hot:4:10'), 256, 1);
    expect(hot.filter((x) => x > 1).length).toBe(4);
  });
  it('trace files: parsed rows drive the counts; unknown experts are input errors with the line', () => {
    const rows = parseRoutingTrace('# two tokens\n0 1\n255,64\n', 256, 2);
    const c = countsFromSelections(placeExperts({ experts: 256, ep: 64, gpusPerNode: 8 }), rows, 2, 1);
    expect(c.gpuTokens[0 * 64 + 0]).toBe(1); // token of GPU 0: experts 0 and 1 both on GPU 0
    expect(c.pairs[0 * 64 + 0]).toBe(2);
    expect(c.nodeTokens[1 * 8 + 7]).toBe(1); // GPU 1: experts 255 (GPU 63, node 7) and 64 (GPU 16, node 2)
    expect(() => parseRoutingTrace('0 256\n', 256, 2, 'r.txt')).toThrow(/r\.txt:1/);
    expect(() => parseRoutingTrace('0 1 2\n', 256, 2)).toThrow(InputError);
    expect(() => parseAffinity('pareto')).toThrow(InputError);
  });
});
