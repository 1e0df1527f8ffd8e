import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TABLE5_E2E_S, Traffic } from '../netsim/index.js';
import { buildCluster, type Graph } from '../topology/index.js';
import { buildCollective } from './algorithms.js';
import { rankLayout } from './cluster.js';
import { simulateCollective } from './collective.js';
import { btreeParent, dtreeParent, dtreeRoot, flatTreeChannels, hierarchicalTreeChannels, type TreeChannel } from './treeShape.js';

const B = 50e9;
const S = 1e9;
const NO_LATENCY = { ibEndpointS: 0, roceEndpointS: 0, nvlinkEndpointS: 0, pcieEndpointS: 0 };

/** n bare hosts on one non-blocking leaf. */
function oneSwitch(n: number, latency: boolean): Graph {
  return buildCluster({ fabric: 'ft2', radix: 32, node: null, gpus: n, ...(latency ? {} : { linkLatencyS: 0 }) });
}

/** Build (not simulate) an all-reduce's flows. */
function buildFlows(g: Graph, n: number, gpn: number, algo: 'tree' | 'flat-tree', chunks: number, latency = true) {
  const t = new Traffic(g, latency ? {} : { latency: NO_LATENCY });
  const node = rankLayout(g).node.subarray(0, n);
  const count = buildCollective('allreduce', algo, { traffic: t, node, n, gpusPerNode: gpn, sizeBytes: S, chunks });
  return { t, node, count };
}

function makespan(g: Graph, n: number, chunks: number, latency: boolean): number {
  const { t } = buildFlows(g, n, 1, 'tree', chunks, latency);
  return t.run().result.makespanS;
}

/** Depth of every rank below the root, or −1 when the parent links do not lead to the root within n steps. */
function depths(ch: TreeChannel): number[] {
  const n = ch.parent.length;
  return Array.from({ length: n }, (_, r) => {
    let d = 0;
    for (let x = r; x !== ch.root; x = ch.parent[x]) if (x < 0 || ++d > n) return -1;
    return d;
  });
}

describe('NCCL double binary tree shapes (src/graph/trees.cc)', () => {
  it('btree over 14 ranks matches the illustration in trees.cc', () => {
    const parents = Array.from({ length: 14 }, (_, r) => btreeParent(14, r));
    expect(parents).toEqual([-1, 2, 4, 2, 8, 6, 4, 6, 0, 10, 12, 10, 8, 12]);
  });
  it('tree 1 is the mirror (12 ranks) or the shift by one (13 ranks)', () => {
    expect(Array.from({ length: 12 }, (_, r) => dtreeParent(12, r, 1))).toEqual([1, 3, 1, 11, 5, 7, 5, 3, 9, 7, 9, -1]);
    expect(dtreeRoot(12, 1)).toBe(11);
    expect(Array.from({ length: 13 }, (_, r) => dtreeParent(13, r, 1))).toEqual([9, -1, 3, 5, 3, 9, 7, 5, 7, 1, 11, 0, 11]);
    expect(dtreeRoot(13, 1)).toBe(1);
  });
  it('every node is interior in at most one tree when the node count is even', () => {
    for (const n of [2, 4, 6, 8, 12, 32]) {
      const interior = [0, 1].map((t) => {
        const has = new Set<number>();
        for (let r = 0; r < n; r++) {
          const p = dtreeParent(n, r, t as 0 | 1);
          if (p >= 0) has.add(p);
        }
        return has;
      });
      for (const r of interior[0]) expect(interior[1].has(r)).toBe(false);
    }
  });
});

describe('tree channels reduce every byte exactly once', () => {
  it('each channel is a spanning tree of the ranks; channel shares sum to S; inter-node edges join same-rail GPUs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 24 }), (gpn, nodes) => {
        const n = gpn * nodes;
        const chans = hierarchicalTreeChannels(n, gpn, S);
        expect(chans.length).toBe(nodes > 1 ? 2 * gpn : gpn);
        let total = 0;
        for (const ch of chans) {
          total += ch.bytes;
          // every rank reaches the root exactly once: one path, no cycle, only the root has no parent
          expect(depths(ch).every((d) => d >= 0)).toBe(true);
          expect(ch.parent.filter((p) => p < 0).length).toBe(1);
          // network edges only between chain heads on the same rail (the head is GPU `root % gpn` of its node)
          for (let r = 0; r < n; r++) {
            const p = ch.parent[r];
            if (p >= 0 && Math.floor(p / gpn) !== Math.floor(r / gpn)) {
              expect(r % gpn).toBe(ch.root % gpn);
              expect(p % gpn).toBe(r % gpn);
            }
          }
        }
        expect(total).toBeCloseTo(S, 3);
      }),
      { numRuns: 60 },
    );
  });
  it('the flows move 2(n−1)·S bytes: each rank sends its partial of every chunk up once and receives the result once', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 32 });
    for (const algo of ['tree', 'flat-tree'] as const) {
      const r = simulateCollective({ graph: g, op: 'allreduce', sizeBytes: S, algo, chunks: 4 });
      expect(r.perRankBytes * 32).toBeCloseTo(2 * 31 * S, 0);
      expect(r.unroutable).toBe(0);
    }
    expect(flatTreeChannels(32, S).map((c) => c.bytes)).toEqual([S / 2, S / 2]);
  });
});

describe('tree flow graph, 2 nodes × 8 GPUs', () => {
  const g = buildCluster({ fabric: 'mpft', gpus: 16 });
  const chunks = 8;
  it('exact flow counts: 16 channels × 8 chunks × 2 × 15 edges; 2 network flows per channel and chunk', () => {
    const { t, node, count } = buildFlows(g, 16, 8, 'tree', chunks);
    expect(count).toBe(16 * chunks * 2 * 15);
    const fs = t.flows.finish();
    expect(fs.count).toBe(3840);
    const rankOf = new Map<number, number>();
    node.forEach((v, r) => rankOf.set(v, r));
    let network = 0;
    const perRail = new Array<number>(8).fill(0);
    for (let f = 0; f < fs.count; f++) {
      const a = rankOf.get(fs.src[f]) as number;
      const b = rankOf.get(fs.dst[f]) as number;
      if (Math.floor(a / 8) === Math.floor(b / 8)) continue;
      network++;
      expect(a % 8).toBe(b % 8); // same plane: no cross-plane forwarding needed
      perRail[a % 8]++;
    }
    expect(network).toBe(16 * chunks * 2);
    expect(perRail).toEqual(new Array<number>(8).fill(2 * 2 * chunks)); // each rail: its channel pair, up + down
    expect(buildFlows(g, 16, 8, 'flat-tree', chunks).count).toBe(2 * chunks * 2 * 15);
  });
  it('NVLink-bound like the ring: each GPU sends 2(g−1)/g·S over NVLink; time within 1% of that at 200 GB/s', () => {
    const r = simulateCollective({ graph: g, op: 'allreduce', sizeBytes: S, algo: 'tree', chunks });
    const nvlinkBound = (2 * 7 * S) / 8 / 200e9;
    expect(r.timeS).toBeGreaterThan(nvlinkBound);
    expect(r.timeS / nvlinkBound - 1).toBeLessThan(0.01);
    expect(r.bottleneck[0].kind).toBe('nvlink');
  });
  it('one node degenerates to the chains: 8 rotated chains, 2 × 7 edges each', () => {
    const one = buildCluster({ fabric: 'mpft', gpus: 8 });
    expect(buildFlows(one, 8, 8, 'tree', chunks).count).toBe(8 * chunks * 2 * 7);
    const r = simulateCollective({ graph: one, op: 'allreduce', sizeBytes: S, algo: 'tree', chunks: 32 });
    // 14-hop pipelines (7 up, 7 down) of 32 chunks: fill and per-chunk NVLink latency stay under 2.5%
    expect(r.timeS / ((2 * 7 * S) / 8 / 200e9) - 1).toBeLessThan(0.025);
  });
});

describe('tree all-reduce on one non-blocking switch (n hosts, link B)', () => {
  // NCCL's tuning model (src/graph/tuning.cc): tree algbw = busBw × 0.5, i.e. a bandwidth term of 2·S/B (the
  // busiest host is interior in one tree — parent + 2 children, 3 × S/2 — and a leaf in the other, S/2: 2S out
  // and in), plus 2·log2(n) network latencies (up and down the tree). Pipelining adds a fill of O(S/(B·chunks)).
  const alpha = TABLE5_E2E_S.ibSameLeaf;
  it('takes 2·S/B + 2·log2(n)·α within 2.5% with 128 chunks', () => {
    for (const n of [4, 8, 16]) {
      const closed = (2 * S) / B + 2 * Math.log2(n) * alpha;
      const t = makespan(oneSwitch(n, true), n, 128, true);
      expect(t).toBeGreaterThan(closed);
      expect(t / closed - 1).toBeLessThan(0.025);
    }
  });
  it('two hosts: S/B (each host sends S/2 per tree), whatever the chunking', () => {
    for (const k of [1, 4, 16]) expect(makespan(oneSwitch(2, false), 2, k, false)).toBeCloseTo(S / B, 12);
  });
  it('without latency the pipeline fill above 2·S/B shrinks exactly as 1/chunks', () => {
    for (const n of [5, 8, 16]) {
      const g = oneSwitch(n, false);
      const fill16 = makespan(g, n, 16, false) - (2 * S) / B;
      const fill64 = makespan(g, n, 64, false) - (2 * S) / B;
      expect(fill64).toBeGreaterThan(0);
      expect(fill16 / fill64).toBeCloseTo(4, 6);
    }
  });
});
