/**
 * What routing decisions mean for traffic, per source GPU of an EP group: tokens sent to each node (once per
 * node, DeepEP's dedup), tokens received by each GPU (once per GPU, whatever the number of its experts chosen),
 * and (token, expert) pairs per destination GPU (one transfer each, the naive / low-latency mode).
 */
import { InputError } from '../core/index.js';
import type { Placement } from './placement.js';

export interface RoutingCounts {
  ep: number;
  nodes: number;
  gpusPerNode: number;
  topK: number;
  /** Tokens per source GPU. */
  tokens: Float64Array;
  /** [ep × nodes]: tokens of source s that chose ≥ 1 expert on node n. */
  nodeTokens: Float64Array;
  /** [ep × ep]: tokens of source s that chose ≥ 1 expert on GPU c. */
  gpuTokens: Float64Array;
  /** [ep × ep]: (token, expert) pairs from s to GPU c. */
  pairs: Float64Array;
  /** Token-expert assignments per expert (routing histogram). */
  expertLoad: Float64Array;
}

export class CountsAccumulator {
  readonly counts: RoutingCounts;
  private readonly p: Placement;
  private readonly gpuStamp: Int32Array;
  private readonly nodeStamp: Int32Array;
  private stamp = 0;

  constructor(p: Placement, topK: number) {
    this.p = p;
    const ep = p.ep;
    this.counts = {
      ep,
      nodes: p.nodes,
      gpusPerNode: p.gpusPerNode,
      topK,
      tokens: new Float64Array(ep),
      nodeTokens: new Float64Array(ep * p.nodes),
      gpuTokens: new Float64Array(ep * ep),
      pairs: new Float64Array(ep * ep),
      expertLoad: new Float64Array(p.experts),
    };
    this.gpuStamp = new Int32Array(ep).fill(-1);
    this.nodeStamp = new Int32Array(p.nodes).fill(-1);
  }

  /** One token of source `src` routed to experts[off .. off+k); `pick` chooses among an expert's replicas. */
  add(src: number, experts: Int32Array, off: number, k: number, pick: number): void {
    const c = this.counts;
    const p = this.p;
    const ep = c.ep;
    const s = this.stamp++;
    c.tokens[src]++;
    for (let j = 0; j < k; j++) {
      const e = experts[off + j];
      const r0 = p.replicaOffset[e];
      const nr = p.replicaOffset[e + 1] - r0;
      const gpu = p.replicaGpu[r0 + (nr === 1 ? 0 : (pick + j) % nr)];
      const node = Math.floor(gpu / c.gpusPerNode);
      c.expertLoad[e]++;
      c.pairs[src * ep + gpu]++;
      if (this.gpuStamp[gpu] !== s) {
        this.gpuStamp[gpu] = s;
        c.gpuTokens[src * ep + gpu]++;
      }
      if (this.nodeStamp[node] !== s) {
        this.nodeStamp[node] = s;
        c.nodeTokens[src * c.nodes + node]++;
      }
    }
  }
}

/** Counts from explicit selections (the gate or a trace): `indices` [rows × topK]; token t of GPU s uses row (s·T + t) mod rows. */
export function countsFromSelections(p: Placement, indices: Int32Array, topK: number, tokensPerGpu: number): RoutingCounts {
  const rows = Math.floor(indices.length / topK);
  if (rows === 0 && tokensPerGpu > 0) throw new InputError('routing', 'empty', 'at least one routed token');
  const acc = new CountsAccumulator(p, topK);
  for (let s = 0; s < p.ep; s++) {
    for (let t = 0; t < tokensPerGpu; t++) {
      const row = (s * tokensPerGpu + t) % rows;
      acc.add(s, indices, row * topK, topK, s * tokensPerGpu + t);
    }
  }
  return acc.counts;
}

/** Mean over source GPUs of distinct destination nodes per token, and of experts per chosen node. */
export function routingSummary(c: RoutingCounts): { nodesPerToken: number; gpusPerToken: number; expertsPerNode: number } {
  let tok = 0, nodeT = 0, gpuT = 0;
  for (let s = 0; s < c.ep; s++) tok += c.tokens[s];
  for (let i = 0; i < c.nodeTokens.length; i++) nodeT += c.nodeTokens[i];
  for (let i = 0; i < c.gpuTokens.length; i++) gpuT += c.gpuTokens[i];
  return { nodesPerToken: tok > 0 ? nodeT / tok : 0, gpusPerToken: tok > 0 ? gpuT / tok : 0, expertsPerNode: nodeT > 0 ? (tok * c.topK) / nodeT : 0 };
}
