import { describe, expect, it } from 'vitest';
import { InputError, inputErrorOf } from '../core/index.js';
import { TABLE5_E2E_S } from '../netsim/index.js';
import { buildCluster } from '../topology/index.js';
import { busFactor, collectiveFlowCount, type Algorithm, type Collective } from './algorithms.js';
import { buildSimCluster } from './cluster.js';
import { simulateCollective } from './collective.js';

const B = 50e9;
const oneSwitch = buildCluster({ fabric: 'ft2', radix: 16, node: null, gpus: 8 }); // 8 hosts on one leaf

describe('collectives on one non-blocking switch', () => {
  const n = 8;
  const S = 1e9;
  const alpha = TABLE5_E2E_S.ibSameLeaf;
  it('ring all-reduce takes 2(n−1)/n·S/B plus 2(n−1) latency terms', () => {
    const r = simulateCollective({ graph: oneSwitch, op: 'allreduce', sizeBytes: S, algo: 'ring' });
    expect(r.timeS).toBeCloseTo((2 * (n - 1) * S) / n / B + 2 * (n - 1) * alpha, 12);
    expect(r.flows).toBe(2 * (n - 1) * n);
    expect(r.algBytesPerS).toBeCloseTo(S / r.timeS, 3);
    expect(r.busBytesPerS / r.algBytesPerS).toBeCloseTo(2 * (n - 1) / n, 12);
    expect(r.perRankBytes).toBeCloseTo((2 * (n - 1) * S) / n, 3);
  });
  it('ring all-gather and reduce-scatter take (n−1)/n·S/B plus n−1 latency terms', () => {
    for (const op of ['allgather', 'reducescatter'] as const) {
      const r = simulateCollective({ graph: oneSwitch, op, sizeBytes: S });
      expect(r.timeS).toBeCloseTo(((n - 1) * S) / n / B + (n - 1) * alpha, 12);
    }
  });
  it('halving-doubling all-reduce moves the ring’s bytes in 2·log2 n steps', () => {
    const r = simulateCollective({ graph: oneSwitch, op: 'allreduce', sizeBytes: S, algo: 'halving-doubling' });
    expect(r.timeS).toBeCloseTo((2 * (n - 1) * S) / n / B + 2 * Math.log2(n) * alpha, 12);
    expect(() => simulateCollective({ graph: oneSwitch, op: 'allreduce', sizeBytes: S, algo: 'halving-doubling', gpus: 6 })).toThrow(InputError);
  });
  it('all-to-all: each rank sends (n−1)/n·S through its link', () => {
    const r = simulateCollective({ graph: oneSwitch, op: 'alltoall', sizeBytes: S });
    expect(r.timeS).toBeCloseTo(((n - 1) * S) / n / B + alpha, 12);
    expect(r.busBytesPerS).toBeCloseTo((r.algBytesPerS * (n - 1)) / n, 3);
  });
  it('tree all-reduce and chain broadcast complete and pipeline their chunks', () => {
    const t = simulateCollective({ graph: oneSwitch, op: 'allreduce', sizeBytes: S, algo: 'tree', chunks: 16 });
    const t1 = simulateCollective({ graph: oneSwitch, op: 'allreduce', sizeBytes: S, algo: 'tree', chunks: 1 });
    expect(t.timeS).toBeLessThan(t1.timeS);
    const b = simulateCollective({ graph: oneSwitch, op: 'broadcast', sizeBytes: S, chunks: 32 });
    // chain: (n − 1 + chunks − 1) chunk times
    expect(b.timeS).toBeCloseTo(((n - 1 + 31) * S) / 32 / B + (n - 1 + 31) * alpha, 9);
    const p = simulateCollective({ graph: oneSwitch, op: 'p2p', sizeBytes: S });
    expect(p.timeS).toBeCloseTo(S / B + alpha, 12);
  });
  it('nccl-tests bus factors', () => {
    expect(busFactor('allreduce', 8)).toBe(1.75);
    expect(busFactor('alltoall', 8)).toBe(0.875);
    expect(busFactor('broadcast', 8)).toBe(1);
  });
});

describe('multi-plane vs multi-rail', () => {
  it('MPFT and MRFT all-to-all within 5% from 32 to 128 GPUs with intra-node forwarding', () => {
    for (const gpus of [32, 64, 128]) {
      const a = simulateCollective({ graph: buildCluster({ fabric: 'mpft', gpus }), op: 'alltoall', sizeBytes: 64e6 });
      const b = simulateCollective({ graph: buildCluster({ fabric: 'mrft', gpus }), op: 'alltoall', sizeBytes: 64e6 });
      expect(Math.abs(a.timeS - b.timeS) / b.timeS).toBeLessThan(0.05);
      expect(a.unroutable).toBe(0);
    }
  });
  it('MPFT without forwarding: cross-plane flows are reported unroutable', () => {
    const r = simulateCollective({ graph: buildCluster({ fabric: 'mpft', gpus: 32 }), op: 'alltoall', sizeBytes: 64e6, forwarding: 'none' });
    // cross-node pairs on different planes: 32 sources × 24 remote GPUs × 7/8
    expect(r.unroutable).toBe(32 * 24 * (7 / 8));
    expect(r.busBytesPerS).toBe(0);
    expect(r.warnings[0]).toMatch(/unroutable/);
  });
  it('hierarchical all-reduce runs on a multi-node cluster', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 32 });
    const r = simulateCollective({ graph: g, op: 'allreduce', sizeBytes: 1e9, algo: 'hierarchical' });
    expect(r.unroutable).toBe(0);
    expect(r.timeS).toBeGreaterThan((2 * 3 * 1e9) / 4 / 8 / B); // the inter-node part at NIC rate
  });
  it('tree all-reduce on 64 GPUs of mpft-2048: busbw within 0.9–1.2× the ring’s (both NVLink-bound); the flat tree far below', () => {
    const g = buildSimCluster({ cluster: 'mpft-2048', gpus: 64 });
    const bus = (algo: string): number => simulateCollective({ graph: g, op: 'allreduce', sizeBytes: 2 ** 30, algo }).busBytesPerS;
    const [ring, tree, flat] = [bus('ring'), bus('tree'), bus('flat-tree')];
    console.log(`allreduce 1 GiB, 64 GPUs mpft-2048 busbw: ring ${(ring / 1e9).toFixed(1)} GB/s, tree ${(tree / 1e9).toFixed(1)} GB/s, flat-tree ${(flat / 1e9).toFixed(1)} GB/s`);
    expect(tree / ring).toBeGreaterThan(0.9);
    expect(tree / ring).toBeLessThan(1.2);
    // ring and tree both send 2(g−1)/g·S per GPU over 200 GB/s NVLink: busbw ≤ 2(n−1)/n · 200e9 · g / (2(g−1))
    expect(tree).toBeLessThan(((2 * 63) / 64) * 200e9 * (8 / 14));
    expect(flat / ring).toBeLessThan(0.35);
  });
  it('more GPUs than the fabric is an input error', () => {
    expect(() => simulateCollective({ graph: oneSwitch, op: 'alltoall', sizeBytes: 1, gpus: 9 })).toThrow(InputError);
    expect(() => simulateCollective({ graph: oneSwitch, op: 'broadcast', sizeBytes: 1, algo: 'ring' })).toThrow(InputError);
  });
});

describe('all-to-all at scale: pxn aggregation', () => {
  it('pxn gives the direct all-to-all’s time on 64 GPUs with 896 flows instead of 4,032', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 64 });
    const direct = simulateCollective({ graph: g, op: 'alltoall', sizeBytes: 64 * 2 ** 20 });
    const pxn = simulateCollective({ graph: g, op: 'alltoall', sizeBytes: 64 * 2 ** 20, algo: 'pxn' });
    expect(direct.flows).toBe(64 * 63);
    // 8 nodes × 7 × 8 planes scale-out aggregates + 64 GPUs × 7 NVLink pre-forwards
    expect(pxn.flows).toBe(8 * 7 * 8 + 64 * 7);
    expect(pxn.perRankBytes).toBeCloseTo(direct.perRankBytes, 3);
    expect(Math.abs(pxn.timeS / direct.timeS - 1)).toBeLessThan(0.01);
  });

  it('flow counts predicted before building equal the built flows, for every collective and algorithm', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 32 });
    const cases: Array<[Collective, Algorithm, number]> = [];
    for (const n of [2, 8, 16, 32]) {
      cases.push(['alltoall', 'direct', n], ['p2p', 'direct', n], ['broadcast', 'chain', n], ['allreduce', 'ring', n], ['allreduce', 'tree', n], ['allreduce', 'flat-tree', n], ['allreduce', 'hierarchical', n], ['allgather', 'ring', n], ['reducescatter', 'ring', n], ['allreduce', 'halving-doubling', n], ['allgather', 'halving-doubling', n]);
      if (n > 8) cases.push(['alltoall', 'pxn', n]);
    }
    for (const [op, algo, n] of cases) {
      const r = simulateCollective({ graph: g, op, algo, gpus: n, sizeBytes: 1 << 20, chunks: 3 });
      expect([op, algo, n, r.flows]).toEqual([op, algo, n, collectiveFlowCount(op, algo, n, Math.min(8, n), 3)]);
    }
  });

  it('a direct all-to-all of 268M flows is refused with the way out; pxn needs NVLink forwarding and two nodes', () => {
    const full = buildCluster({ fabric: 'mpft' });
    const e = inputErrorOf(() => simulateCollective({ graph: full, op: 'alltoall', sizeBytes: 1e6 }));
    expect(e.field).toBe('gpus');
    expect(e.message).toMatch(/268419072 flows, above the simulator's 35000000 \(--algo pxn/);
    const g = buildCluster({ fabric: 'mpft', gpus: 16 });
    expect(inputErrorOf(() => simulateCollective({ graph: g, op: 'alltoall', sizeBytes: 1e6, algo: 'pxn', forwarding: 'none' })).field).toBe('forwarding');
    expect(inputErrorOf(() => simulateCollective({ graph: g, op: 'alltoall', sizeBytes: 1e6, algo: 'pxn', gpus: 8 })).field).toBe('algo');
  });
});
