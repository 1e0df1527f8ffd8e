/**
 * Large all-to-all with flows aggregated per (source node, destination node, plane). With intra-node forwarding
 * (PXN) every byte from node A to the plane-p GPU of node B leaves A through A's plane-p GPU and NIC and takes
 * the same plane-p path, so one scale-out flow per (A, B, p) carries exactly the bytes of the 8 GPU pairs it
 * replaces (per-path fairness: the aggregate gets one max-min share, as one NCCL connection per peer would).
 * The NVLink pre-forwarding (GPU s → A's plane-p GPU) is simulated as concurrent flows per (s, p), not coupled
 * to the scale-out flows — exact while NVLink is not the bottleneck (it carries 7/8 of a GPU's bytes at 4× the
 * NIC rate on an H800 node). Pair sizes: S/n × (1 ± jitter), uniform, from a seeded hash of (s, d).
 */
import { InputError, checkNonNegativeFinite } from '../core/index.js';
import { Traffic, type RoutingMode, type SimResult } from '../netsim/index.js';
import type { Graph } from '../topology/index.js';
import { checkGpus, rankLayout } from './cluster.js';

export interface NodeAllToAllSpec {
  graph: Graph;
  gpus?: number;
  /** Per-rank send buffer (nccl-tests size column). */
  sizeBytes: number;
  /** Relative spread of pair sizes (0.1 = ±10%). */
  jitter?: number;
  seed?: number;
  routing?: RoutingMode;
  mergeRelTol?: number;
}

export interface NodeAllToAllResult {
  timeS: number;
  flows: number;
  scaleOutFlows: number;
  uses: number;
  recomputations: number;
  buildS: number;
  simulateS: number;
  result: SimResult;
  useLink: Int32Array;
  /** null: every coefficient is 1. */
  useCoef: Float64Array | null;
  bytes: Float64Array;
}

function pairUnit(seed: number, s: number, d: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ s;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ d;
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/**
 * Add the aggregated all-to-all of ranks node[0 .. nodes · gpn) to `t`: scale-out flows per (A, B, p) in
 * destination-major order (the router's caches stay warm), then the NVLink pre-forwarding and intra-node pairs
 * per (s, p). `size(s, d)` is the bytes rank s sends rank d; each is drawn once. Returns the flows added.
 */
export function buildNodeAllToAll(t: Traffic, node: Int32Array, nodes: number, gpn: number, size: (s: number, d: number) => number): number {
  const fwd = new Float64Array(nodes * gpn * gpn);
  let flows = 0;
  for (let b = 0; b < nodes; b++) {
    for (let p = 0; p < gpn; p++) {
      const d = b * gpn + p;
      for (let a = 0; a < nodes; a++) {
        if (a === b) continue;
        let bytes = 0;
        for (let i = 0; i < gpn; i++) {
          const v = size(a * gpn + i, d);
          bytes += v;
          if (i !== p) fwd[(a * gpn + i) * gpn + p] += v;
        }
        t.send(node[a * gpn + p], node[d], bytes, 0, 0);
        flows++;
      }
    }
  }
  for (let a = 0; a < nodes; a++) {
    for (let i = 0; i < gpn; i++) {
      const s = a * gpn + i;
      for (let p = 0; p < gpn; p++) {
        if (p === i) continue;
        t.send(node[s], node[a * gpn + p], size(s, a * gpn + p) + fwd[s * gpn + p], 0, 0);
        flows++;
      }
    }
  }
  return flows;
}

export function nodeAllToAll(spec: NodeAllToAllSpec): NodeAllToAllResult {
  const g = spec.graph;
  const n = checkGpus(g, spec.gpus);
  const S = checkNonNegativeFinite('size', spec.sizeBytes);
  const jitter = spec.jitter ?? 0;
  if (!(jitter >= 0 && jitter < 1)) throw new InputError('jitter', jitter, 'a fraction from 0 to below 1');
  const seed = spec.seed ?? 1;
  const lay = rankLayout(g);
  const gpn = lay.gpusPerNode;
  if (gpn < 2 || n % gpn !== 0) throw new InputError('gpus', n, `whole nodes of ${gpn} GPUs`);
  const nodes = n / gpn;
  const size = (s: number, d: number): number => (S / n) * (1 + jitter * (2 * pairUnit(seed, s, d) - 1));
  const scaleOut = nodes * (nodes - 1) * gpn;
  const expected = scaleOut + n * gpn * 2;
  const t0 = performance.now();
  const t = new Traffic(g, { routing: spec.routing ?? 'ecmp', seed, forwarding: 'nvlink', mergeRelTol: spec.mergeRelTol ?? 1e-3 }, expected, expected * 7);
  buildNodeAllToAll(t, lay.node, nodes, gpn, size);
  const buildS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const { flows, result } = t.run();
  const simulateS = (performance.now() - t1) / 1000;
  return {
    timeS: result.makespanS,
    flows: flows.count,
    scaleOutFlows: scaleOut,
    uses: flows.useLink.length,
    recomputations: result.recomputations,
    buildS,
    simulateS,
    result,
    useLink: flows.useLink,
    useCoef: flows.useCoef,
    bytes: flows.bytes,
  };
}
