import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { buildCluster } from '../topology/index.js';
import { FlowStatus } from './engine.js';
import { applyFailures, parseFailures } from './failures.js';
import { TABLE5_E2E_S } from './latency.js';
import { Traffic } from './traffic.js';

const ft2Hosts = buildCluster({ fabric: 'ft2', radix: 8, node: null }); // 32 hosts, 8 leaves of 4, 4 spines
const B = 50e9;

function latencyOf(t: Traffic, a: number, b: number): number {
  const g = t.graph;
  expect(t.router.route(g.endpoints[a], g.endpoints[b])).toBe(true);
  return t.router.latencyS;
}

describe('Table 5 latencies from the per-link decomposition', () => {
  it('IB: 2.8 µs same leaf, 3.7 µs cross leaf', () => {
    const t = new Traffic(ft2Hosts);
    expect(latencyOf(t, 0, 1)).toBeCloseTo(TABLE5_E2E_S.ibSameLeaf, 15);
    expect(latencyOf(t, 0, 31)).toBeCloseTo(TABLE5_E2E_S.ibCrossLeaf, 15);
  });
  it('RoCE: 3.6 µs same leaf, 5.6 µs cross leaf', () => {
    const t = new Traffic(buildCluster({ fabric: 'ft2', radix: 8, node: null, linkKind: 'roce' }));
    expect(latencyOf(t, 0, 1)).toBeCloseTo(TABLE5_E2E_S.roceSameLeaf, 15);
    expect(latencyOf(t, 0, 31)).toBeCloseTo(TABLE5_E2E_S.roceCrossLeaf, 15);
  });
  it('GPUs on an MPFT: NVLink 3.33 µs in a node, IB same-leaf and cross-leaf across nodes', () => {
    const t = new Traffic(buildCluster({ fabric: 'mpft', radix: 8, gpus: 64 }));
    expect(latencyOf(t, 0, 1)).toBeCloseTo(TABLE5_E2E_S.nvlink, 15);
    expect(latencyOf(t, 0, 8)).toBeCloseTo(TABLE5_E2E_S.ibSameLeaf, 15);
    expect(latencyOf(t, 0, 32)).toBeCloseTo(TABLE5_E2E_S.ibCrossLeaf, 15);
  });
  it('GPU-initiated transfers use their own endpoint overhead', () => {
    const t = new Traffic(ft2Hosts, { gpuInitiated: true, latency: { gpuInitiatedEndpointS: 0.5e-6 } });
    expect(latencyOf(t, 0, 31)).toBeCloseTo(0.5e-6 + 4 * 0.45e-6, 15);
  });
});

function shiftPermutation(opts: ConstructorParameters<typeof Traffic>[1]): number {
  const t = new Traffic(ft2Hosts, opts);
  const g = ft2Hosts;
  for (let i = 0; i < 32; i++) t.send(g.endpoints[i], g.endpoints[(i + 4) % 32], 1e9, 0, 0);
  return t.run().result.makespanS;
}

describe('routing', () => {
  it('spraying runs permutation traffic on a non-blocking fat tree at line rate; ECMP is slower on the mean of 20 seeds', () => {
    const ideal = 1e9 / B + TABLE5_E2E_S.ibCrossLeaf;
    expect(shiftPermutation({ routing: 'spray' })).toBeCloseTo(ideal, 12);
    expect(shiftPermutation({ routing: 'static' })).toBeCloseTo(ideal, 12);
    expect(shiftPermutation({ routing: 'adaptive' })).toBeCloseTo(ideal, 12);
    let sum = 0;
    for (let seed = 1; seed <= 20; seed++) sum += shiftPermutation({ routing: 'ecmp', seed });
    expect(sum / 20).toBeGreaterThan(ideal * 1.2);
  });

  it('ECMP is deterministic in (seed, source, destination, label)', () => {
    expect(shiftPermutation({ routing: 'ecmp', seed: 7 })).toBe(shiftPermutation({ routing: 'ecmp', seed: 7 }));
  });

  it('N→1 incast: each of N senders gets 1/N of the receiver link', () => {
    const n = 7;
    const t = new Traffic(ft2Hosts, { routing: 'spray' });
    const g = ft2Hosts;
    for (let i = 1; i <= n; i++) t.send(g.endpoints[i * 4], g.endpoints[0], 1e9);
    const { result } = t.run();
    for (let f = 0; f < n; f++) expect(result.drainS[f]).toBeCloseTo((n * 1e9) / B, 12);
  });

  it('MPFT: cross-plane traffic needs intra-node forwarding; without it the flow is unroutable', () => {
    const g = buildCluster({ fabric: 'mpft', radix: 8, gpus: 64 });
    const none = new Traffic(g, { forwarding: 'none' });
    none.send(g.endpoints[0], g.endpoints[9], 1e6);
    none.send(g.endpoints[0], g.endpoints[8], 1e6);
    const r1 = none.run().result;
    expect(r1.status[0]).toBe(FlowStatus.Unroutable);
    expect(r1.status[1]).toBe(FlowStatus.Done);
    expect(r1.unroutable).toBe(1);
    const pxn = new Traffic(g, { forwarding: 'nvlink' });
    expect(pxn.router.route(g.endpoints[0], g.endpoints[9])).toBe(true);
    expect(pxn.router.relayed).toBe(true);
    // PCIe forwarding is not wired in an H800 node (one NIC per GPU on its own PCIe link): unroutable.
    const pcie = new Traffic(g, { forwarding: 'pcie' });
    expect(pcie.router.route(g.endpoints[0], g.endpoints[9])).toBe(false);
  });

  it('failures: traffic re-routes around a dead spine; a dead NIC leaves its host unroutable', () => {
    const g = ft2Hosts;
    const t = new Traffic(g, { routing: 'spray', failures: 'spine:0' });
    for (let i = 0; i < 32; i++) t.send(g.endpoints[i], g.endpoints[(i + 4) % 32], 1e9);
    const r = t.run().result;
    expect(r.unroutable).toBe(0);
    // 3 of 4 spines left: each leaf uplink set carries 4 flows over 3 links
    expect(r.makespanS).toBeCloseTo((1e9 / B) * (4 / 3) + TABLE5_E2E_S.ibCrossLeaf, 9);
    const cap = applyFailures(g, parseFailures('leaf:0@0.5'));
    expect(cap.filter((c) => c === B / 2).length).toBe(16); // 4 hosts + 4 spines, both directions
    const u = new Traffic(buildCluster({ fabric: 'mpft', radix: 8, gpus: 64 }), { failures: 'nic:8' });
    const gg = u.graph;
    u.send(gg.endpoints[0], gg.endpoints[8], 1e6);
    expect(u.run().result.unroutable).toBe(1);
  });

  it('a failure naming no element is an input error', () => {
    expect(() => applyFailures(ft2Hosts, parseFailures('spine:99'))).toThrow(InputError);
    expect(() => applyFailures(ft2Hosts, parseFailures('plane:3'))).toThrow(InputError);
    expect(() => parseFailures('rack:1')).toThrow(InputError);
    expect(() => parseFailures('link:1@1.5')).toThrow(InputError);
  });
});
