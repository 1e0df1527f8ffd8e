import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { buildCluster } from '../topology/index.js';
import { buildSimCluster } from './cluster.js';
import { bf16TokenBytes, fp8TokenBytes, simulateEp } from './ep.js';

const T = 512;
const mpft64 = buildCluster({ fabric: 'mpft', gpus: 64 });

describe('expert-parallel dispatch and combine', () => {
  it('token sizes: FP8 with 1×128 FP32 scales and BF16', () => {
    expect(fp8TokenBytes(7168)).toBe(7392);
    expect(bf16TokenBytes(7168)).toBe(14336);
  });

  it('a GPU behind a PCIe switch still counts its NIC’s RDMA bytes (the graph records each rank’s NIC)', () => {
    const plain = simulateEp({ graph: buildSimCluster({ cluster: 'mpft-2048', gpus: 64 }), tokensPerGpu: 128, seed: 2 });
    const pcie = simulateEp({ graph: buildSimCluster({ cluster: 'mpft-2048-pcie', gpus: 64 }), tokensPerGpu: 128, seed: 2 });
    expect(pcie.dispatch.rdmaBytesPerGpu).toBeGreaterThan(0);
    expect(pcie.dispatch.rdmaBytesPerGpu).toBe(plain.dispatch.rdmaBytesPerGpu);
    expect(pcie.dispatch.timeS).toBeCloseTo(plain.dispatch.timeS, 12);
  });

  it('node-limited dedup: each token crosses IB once per remote node; naive mode once per remote expert', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 32 });
    const d = simulateEp({ graph: g, tokensPerGpu: T, seed: 3, maxNodes: 2 });
    // sampler anchors one expert per chosen node: exactly 2 of the 4 nodes per token
    expect(d.nodesPerToken).toBe(2);
    // one of them the sender's own with probability 2/4: 1.5 remote nodes per token on average
    expect(d.dispatch.rdmaBytesPerGpu / (T * 7392)).toBeCloseTo(1.5, 1);
    expect(d.dispatch.rdmaLogicalBytesPerS * d.dispatch.timeS).toBeCloseTo(2 * T * 7392, 0);
    expect(d.combine.rdmaBytesPerGpu / d.dispatch.rdmaBytesPerGpu).toBeCloseTo(14336 / 7392, 9);
    const n = simulateEp({ graph: g, tokensPerGpu: T, seed: 3, mode: 'naive', maxNodes: 2 });
    // 8 experts per token: all 8 off-node when the own node is not chosen (p = 1/2), else 4 → 6 on average,
    // each transfer with 16 B of metadata
    expect(n.dispatch.rdmaBytesPerGpu / (T * (7392 + 16))).toBeCloseTo(6, 1);
    expect(n.dispatch.timeS).toBeGreaterThan(1.8 * d.dispatch.timeS);
  });

  it('with NVLink ≥ 3.2× IB, node-limited dispatch takes the IB-only time within 2% (the relay is hidden)', () => {
    const slow = buildCluster({ fabric: 'mpft', gpus: 64, node: { nvlinkBytesPerS: 160e9 } });
    const free = buildCluster({ fabric: 'mpft', gpus: 64, node: { nvlinkBytesPerS: 1e15 } });
    const a = simulateEp({ graph: slow, tokensPerGpu: T });
    const b = simulateEp({ graph: free, tokensPerGpu: T });
    expect(Math.abs(a.dispatch.timeS - b.dispatch.timeS) / b.dispatch.timeS).toBeLessThan(0.02);
    expect(Math.abs(a.combine.timeS - b.combine.timeS) / b.combine.timeS).toBeLessThan(0.02);
    // and the IB-only time is the busiest NIC's bytes at line rate, plus latency
    expect(b.dispatch.timeS).toBeGreaterThanOrEqual(b.dispatch.rdmaBytesPerGpuMax / 50e9);
    expect(b.dispatch.timeS).toBeLessThan((b.dispatch.rdmaBytesPerGpuMax / 50e9) * 1.05 + 10e-6);
  });

  it('a slow NVLink slows the pipelined relay (coupled to its feeder)', () => {
    const slow = buildCluster({ fabric: 'mpft', gpus: 64, node: { nvlinkBytesPerS: 20e9 } });
    const a = simulateEp({ graph: slow, tokensPerGpu: T });
    const b = simulateEp({ graph: mpft64, tokensPerGpu: T });
    expect(a.dispatch.timeS).toBeGreaterThan(1.5 * b.dispatch.timeS);
  });

  it('concurrent EP groups and the exact gate', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 128 });
    const r = simulateEp({ graph: g, ep: 64, tokensPerGpu: 32, router: 'gate', seed: 2 });
    expect(r.groups).toBe(2);
    expect(r.nodesPerToken).toBeGreaterThan(3.8);
    expect(r.nodesPerToken).toBeLessThanOrEqual(4);
  });

  it('a failed plane leaves flows unroutable, reported with a warning', () => {
    const r = simulateEp({ graph: mpft64, tokensPerGpu: 64, failures: 'plane:3' });
    expect(r.dispatch.unroutable).toBeGreaterThan(0);
    expect(r.warnings[0]).toMatch(/unroutable/);
  });

  it('impossible inputs are input errors', () => {
    expect(() => simulateEp({ graph: mpft64, gpus: 128, tokensPerGpu: 1 })).toThrow(InputError);
    expect(() => simulateEp({ graph: mpft64, tokensPerGpu: -1 })).toThrow(InputError);
    expect(() => simulateEp({ graph: mpft64, ep: 48, tokensPerGpu: 1 })).toThrow(InputError);
    expect(() => simulateEp({ graph: mpft64, tokensPerGpu: 1, failures: 'spine:999' })).toThrow(InputError);
  });
});
