/**
 * Collectives as flow graphs. Sizes follow nccl-tests (reference/system.md §6): S is the per-rank send buffer
 * for all-to-all and the total buffer for the others. Reductions are assumed free (compute not modelled).
 * - alltoall `direct`: every rank sends S/n to every other rank at once, one flow per pair (n(n − 1) flows).
 *   `pxn`: the same bytes with flows aggregated per (source node, destination node, plane) plus the NVLink
 *   pre-forwarding per (GPU, relay) (a2aNode.ts) — exact for the scale-out part under PXN, and the way to
 *   simulate thousands of GPUs (16,384: 33.6M flows instead of 268M).
 * - allgather / reducescatter `ring`: n − 1 steps of S/n around `channels` rings (one per NIC rail, each ring
 *   entering a node on its own rail, S split evenly); `halving-doubling` (n a power of two): log2 n steps.
 * - allreduce `ring` (reduce-scatter + all-gather), `halving-doubling`, `hierarchical` (intra-node ring
 *   reduce-scatter, inter-node ring all-reduce among same-index GPUs, intra-node all-gather), and:
 *   `tree` — NCCL's tree (treeShape.ts, tree.ts): per NIC rail r a pair of channels; in each node a chain of
 *   its GPUs (NVLink) reduces to GPU r, the chain heads run the inter-node double binary tree (tree 0 on one
 *   channel of the pair, its mirror on the other) over rail r, then the result is broadcast back down the tree
 *   and the chains; every channel is pipelined in `chunks`. One node: the chains alone.
 *   `flat-tree` — the same double binary tree over all ranks with no node structure (every rank its own
 *   "node", two channels of S/2): what the tree costs when it ignores NVLink; kept for comparison.
 * - broadcast: pipelined chain from rank 0 in `chunks`. p2p: one transfer rank 0 → rank n − 1.
 */
import { InputError } from '../core/index.js';
import type { Traffic } from '../netsim/index.js';
import { buildNodeAllToAll } from './a2aNode.js';
import { StepBuilder } from './steps.js';
import { pipelinedTreeAllReduce } from './tree.js';
import { flatTreeChannels, hierarchicalTreeChannels } from './treeShape.js';

export const COLLECTIVES = ['alltoall', 'allgather', 'reducescatter', 'allreduce', 'broadcast', 'p2p'] as const;
export type Collective = (typeof COLLECTIVES)[number];
export const ALGORITHMS = ['ring', 'tree', 'flat-tree', 'halving-doubling', 'hierarchical', 'direct', 'pxn', 'chain'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const DEFAULT_ALGO: Record<Collective, Algorithm> = {
  alltoall: 'direct',
  allgather: 'ring',
  reducescatter: 'ring',
  allreduce: 'ring',
  broadcast: 'chain',
  p2p: 'direct',
};

const ALLOWED: Record<Collective, readonly Algorithm[]> = {
  alltoall: ['direct', 'pxn'],
  allgather: ['ring', 'halving-doubling'],
  reducescatter: ['ring', 'halving-doubling'],
  allreduce: ['ring', 'tree', 'flat-tree', 'halving-doubling', 'hierarchical'],
  broadcast: ['chain'],
  p2p: ['direct'],
};

export function checkAlgorithm(op: Collective, algo: string): Algorithm {
  if (!(ALLOWED[op] as readonly string[]).includes(algo)) throw new InputError('algo', algo, `one of ${ALLOWED[op].join(', ')} for ${op}`);
  return algo as Algorithm;
}

/** nccl-tests bus-bandwidth factor. */
export function busFactor(op: Collective, n: number): number {
  switch (op) {
    case 'allreduce':
      return (2 * (n - 1)) / n;
    case 'allgather':
    case 'reducescatter':
    case 'alltoall':
      return (n - 1) / n;
    default:
      return 1;
  }
}

export interface BuildSpec {
  traffic: Traffic;
  /** Graph node of each rank. */
  node: Int32Array;
  n: number;
  gpusPerNode: number;
  sizeBytes: number;
  chunks: number;
}

/** Ring order of channel c: nodes in order, GPUs of each node rotated to start at local index c. */
function ringOrder(n: number, gpn: number, c: number): number[] {
  const order: number[] = [];
  const per = Math.min(gpn, n);
  for (let base = 0; base < n; base += per) for (let k = 0; k < per; k++) order.push(base + ((c + k) % per));
  return order;
}

function ringChannels(n: number, gpn: number): number {
  return n > gpn && gpn > 1 ? gpn : 1;
}

/** `steps` ring steps over the given rings, `bytes` per transfer. */
function ringSteps(sb: StepBuilder, rings: number[][], steps: number, bytes: number): void {
  for (let s = 0; s < steps; s++) {
    for (const ring of rings) {
      const m = ring.length;
      for (let i = 0; i < m; i++) sb.send(ring[i], ring[(i + 1) % m], bytes);
    }
    sb.endStep();
  }
}

function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function halvingDoubling(sb: StepBuilder, n: number, S: number, reduceScatter: boolean, allGather: boolean): void {
  if (!isPow2(n)) throw new InputError('gpus', n, 'a power of two for halving-doubling');
  const L = Math.log2(n);
  if (reduceScatter) {
    for (let k = 0; k < L; k++) {
      const d = n >> (k + 1);
      for (let i = 0; i < n; i++) sb.send(i, i ^ d, S / 2 ** (k + 1));
      sb.endStep();
    }
  }
  if (allGather) {
    for (let k = 0; k < L; k++) {
      const d = 1 << k;
      for (let i = 0; i < n; i++) sb.send(i, i ^ d, (S / n) * 2 ** k);
      sb.endStep();
    }
  }
}

/** Pipelined chain broadcast from rank 0. */
function chain(spec: BuildSpec): number {
  const { traffic: t, node, n, sizeBytes: S, chunks, gpusPerNode } = spec;
  const order = ringOrder(n, gpusPerNode, 0);
  const last = new Int32Array(n).fill(-1);
  const prevChunk = new Int32Array(n).fill(-1);
  let flows = 0;
  for (let c = 0; c < chunks; c++) {
    for (let i = 0; i + 1 < n; i++) {
      const deps: number[] = [];
      if (i > 0) deps.push(last[i - 1]);
      if (prevChunk[i] >= 0) deps.push(prevChunk[i]);
      const f = t.send(node[order[i]], node[order[i + 1]], S / chunks, 0, c, deps);
      last[i] = f;
      prevChunk[i] = f;
      flows++;
    }
  }
  return flows;
}

/**
 * Flows buildCollective(op, algo, …) will create for n ranks of gpn per node, without building them (to refuse
 * runs the simulator cannot hold before allocating anything). collectives.test.ts checks it against builds.
 */
export function collectiveFlowCount(op: Collective, algo: Algorithm, n: number, gpn: number, chunks: number): number {
  if (n <= 1) return 0;
  const ch = ringChannels(n, gpn);
  const log2 = Math.round(Math.log2(n));
  switch (op) {
    case 'alltoall':
      return algo === 'pxn' ? (n / gpn) * (n / gpn - 1) * gpn + n * (gpn - 1) : n * (n - 1);
    case 'p2p':
      return 1;
    case 'broadcast':
      return chunks * (n - 1);
    case 'allgather':
    case 'reducescatter':
      return algo === 'halving-doubling' ? log2 * n : (n - 1) * ch * n;
    case 'allreduce': {
      if (algo === 'tree' || algo === 'flat-tree') {
        const g = algo === 'tree' ? Math.min(gpn, n) : 1;
        const channels = g * (n / g > 1 ? 2 : 1);
        return channels * chunks * 2 * (n - 1);
      }
      if (algo === 'halving-doubling') return 2 * log2 * n;
      if (algo === 'hierarchical' && gpn > 1 && n > gpn) return (2 * (gpn - 1) + 2 * (n / gpn - 1)) * n;
      return 2 * (n - 1) * ch * n;
    }
  }
}

/** Build the flows of `op` with `algo` into spec.traffic; returns the number of flows. */
export function buildCollective(op: Collective, algo: Algorithm, spec: BuildSpec): number {
  const { traffic: t, node, n, gpusPerNode: gpn, sizeBytes: S } = spec;
  const sb = new StepBuilder(t, node, n);
  const rings = (): number[][] => Array.from({ length: ringChannels(n, gpn) }, (_, c) => ringOrder(n, gpn, c));
  if (n === 1) return 0;
  switch (op) {
    case 'alltoall':
      if (algo === 'pxn') {
        if (gpn < 2 || n <= gpn) throw new InputError('algo', algo, `direct (pxn aggregates whole nodes of ${gpn} GPUs and needs at least two nodes)`);
        return buildNodeAllToAll(t, node, n / gpn, gpn, () => S / n);
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sb.send(i, j, S / n);
      return sb.flows;
    case 'p2p':
      sb.send(0, n - 1, S);
      return sb.flows;
    case 'broadcast':
      return chain(spec);
    case 'allgather':
    case 'reducescatter':
      if (algo === 'halving-doubling') halvingDoubling(sb, n, S, op === 'reducescatter', op === 'allgather');
      else ringSteps(sb, rings(), n - 1, S / n / ringChannels(n, gpn));
      return sb.flows;
    case 'allreduce':
      if (algo === 'tree') return pipelinedTreeAllReduce(t, node, hierarchicalTreeChannels(n, gpn, S), spec.chunks);
      if (algo === 'flat-tree') return pipelinedTreeAllReduce(t, node, flatTreeChannels(n, S), spec.chunks);
      if (algo === 'halving-doubling') {
        halvingDoubling(sb, n, S, true, true);
        return sb.flows;
      }
      if (algo === 'hierarchical' && gpn > 1 && n > gpn) {
        const nodes = n / gpn;
        const intra = Array.from({ length: nodes }, (_, k) => Array.from({ length: gpn }, (_, i) => k * gpn + i));
        ringSteps(sb, intra, gpn - 1, S / gpn);
        const inter = Array.from({ length: gpn }, (_, i) => Array.from({ length: nodes }, (_, k) => k * gpn + i));
        ringSteps(sb, inter, 2 * (nodes - 1), S / gpn / nodes);
        ringSteps(sb, intra, gpn - 1, S / gpn);
        return sb.flows;
      }
      ringSteps(sb, rings(), 2 * (n - 1), S / n / ringChannels(n, gpn));
      return sb.flows;
  }
}
