/**
 * Fast routing sampler for large runs: per token, pick up to M nodes (successive weighted sampling without
 * replacement, node weight = summed popularity of its experts), then top-k distinct experts among those nodes'
 * experts (successive weighted sampling), the first M of them one per chosen node: DeepSeek's gate keeps a group
 * for its best experts (top-2 sum), so a kept node almost always receives one (measured with the exact gate,
 * uniform affinities, top-8 of 256 over 8 nodes, M = 4: 3.96 nodes per token; plain successive sampling
 * gives 3.63, anchored 4.0). Successive sampling is done by drawing with replacement from alias
 * tables and rejecting repeats — the same distribution, O(1) per draw — so millions of tokens take a second or
 * two. It stands in for the gate when only traffic counts matter; the exact gate (gate.ts) serves small runs.
 */
import { InputError, Rng } from '../core/index.js';
import { CountsAccumulator, type RoutingCounts } from './counts.js';
import type { Placement } from './placement.js';

/** Vose alias table. */
export class AliasTable {
  readonly prob: Float64Array;
  readonly alias: Int32Array;
  readonly n: number;
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i];
    if (!(sum > 0)) throw new InputError('weights', sum, 'a positive total weight');
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / sum;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length && large.length) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }
  /** One draw; 32 random bits are plenty for tables of up to a few thousand entries. */
  draw(rng: Rng): number {
    const u = rng.nextU32() * (this.n / 4294967296);
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}

export interface SamplerSpec {
  placement: Placement;
  topK: number;
  /** Nodes a token may reach (0 = no limit). */
  maxNodes: number;
  /** Popularity per expert (mean 1). */
  weights: Float64Array;
  tokensPerGpu: number;
  seed?: number;
}

export function sampleRoutingCounts(spec: SamplerSpec): RoutingCounts {
  const { placement: p, topK, weights, tokensPerGpu } = spec;
  const E = p.experts;
  const nodes = p.nodes;
  const perNode = E / nodes;
  const M = spec.maxNodes === 0 || spec.maxNodes >= nodes ? nodes : spec.maxNodes;
  if (!Number.isInteger(perNode)) throw new InputError('experts', E, `a multiple of the ${nodes} nodes`);
  if (topK > M * perNode) throw new InputError('topK', topK, `at most ${M * perNode} (experts on ${M} nodes)`);
  if (weights.length !== E) throw new InputError('weights', weights.length, `${E} values`);
  const rng = new Rng(spec.seed ?? 1);
  const nodeW = new Float64Array(nodes);
  for (let e = 0; e < E; e++) nodeW[Math.floor(e / perNode)] += weights[e];
  const nodeAlias = new AliasTable(nodeW);
  const inNode = Array.from({ length: nodes }, (_, n) => new AliasTable(weights.subarray(n * perNode, (n + 1) * perNode)));
  const global = new AliasTable(weights);
  let positiveNodes = 0;
  for (let n = 0; n < nodes; n++) if (nodeW[n] > 0) positiveNodes++;
  const Meff = Math.min(M, positiveNodes);
  const chosenNodes = new Int32Array(nodes);
  const chosenW = new Float64Array(nodes);
  const nodeMark = new Int32Array(nodes).fill(-1);
  const expMark = new Int32Array(E).fill(-1);
  const sel = new Int32Array(topK);
  const acc = new CountsAccumulator(p, topK);
  let token = 0;
  const limit = 64 * (topK + nodes);
  for (let s = 0; s < p.ep; s++) {
    for (let t = 0; t < tokensPerGpu; t++, token++) {
      let k = 0;
      let tries = 0;
      if (Meff === nodes) {
        while (k < topK) {
          const e = tries++ < limit ? global.draw(rng) : fallback(weights, expMark, token, 0, E);
          if (expMark[e] === token) continue;
          expMark[e] = token;
          sel[k++] = e;
        }
      } else {
        let m = 0;
        let wsum = 0;
        while (m < Meff) {
          const n = tries++ < limit ? nodeAlias.draw(rng) : fallback(nodeW, nodeMark, token, 0, nodes);
          if (nodeMark[n] === token) continue;
          nodeMark[n] = token;
          chosenNodes[m] = n;
          chosenW[m] = nodeW[n];
          wsum += nodeW[n];
          m++;
        }
        tries = 0;
        while (k < topK) {
          let e: number;
          if (tries++ < limit) {
            let i = k;
            if (k >= m) {
              let u = rng.nextU32() * (wsum / 4294967296);
              i = 0;
              while (i < m - 1 && u >= chosenW[i]) u -= chosenW[i++];
            }
            const n = chosenNodes[i];
            e = n * perNode + inNode[n].draw(rng);
          } else {
            e = -1;
            for (let i = 0; i < m && e < 0; i++) e = fallback(weights, expMark, token, chosenNodes[i] * perNode, perNode, true);
          }
          if (expMark[e] === token) continue;
          expMark[e] = token;
          sel[k++] = e;
        }
      }
      acc.add(s, sel, 0, topK, token);
    }
  }
  return acc.counts;
}

/** Heaviest unmarked index in [from, from+n) (rejection gave up on a very skewed distribution). */
function fallback(w: ArrayLike<number>, mark: Int32Array, token: number, from: number, n: number, allowNone = false): number {
  let best = -1;
  for (let i = from; i < from + n; i++) if (mark[i] !== token && (best < 0 || w[i] > w[best])) best = i;
  if (best < 0 && !allowNone) throw new Error('sampler: no candidate left');
  return best;
}
