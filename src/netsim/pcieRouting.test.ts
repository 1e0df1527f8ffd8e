import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster, clusterPreset, LinkKind, NodeKind, type Graph } from '../topology/index.js';
import { FlowStatus } from './engine.js';
import { applyFailures, parseFailures } from './failures.js';
import { TABLE5_E2E_S } from './latency.js';
import { Traffic, type NetOptions } from './traffic.js';

// Two H800 nodes with the HGX PCIe tree on an 8-plane MPFT (radix 8: each plane one leaf): rank = node·8 + i,
// GPU i and NIC i on PCIe switch ⌊i/2⌋, switches 0–1 under CPU 0, 2–3 under CPU 1.
const g = buildCluster({ ...clusterPreset('mpft-2048-pcie'), radix: 8, gpus: 16 });
const ep = (r: number): number => g.endpoints[r];

interface Route {
  ok: boolean;
  relayed: boolean;
  /** Links by kind: [nvlink, pcie, ib, roce]. */
  kinds: number[];
  /** Links that enter or leave a CPU root complex, and CPU ↔ CPU links. */
  viaCpu: number;
  cpuToCpu: number;
  /** The NICs the route enters the fabric from. */
  fabricNics: number[];
}

function route(t: Traffic, a: number, b: number): Route {
  const r = t.router;
  const ok = r.route(ep(a), ep(b));
  const kinds = [0, 0, 0, 0];
  let viaCpu = 0;
  let cpuToCpu = 0;
  const fabricNics: number[] = [];
  for (let i = 0; i < r.count; i++) {
    const l = r.links[i];
    expect(r.coefs[i]).toBe(1);
    kinds[g.linkKind[l]]++;
    const s = g.nodeKind[g.linkSrc[l]];
    const d = g.nodeKind[g.linkDst[l]];
    if (s === NodeKind.Cpu || d === NodeKind.Cpu) viaCpu++;
    if (s === NodeKind.Cpu && d === NodeKind.Cpu) cpuToCpu++;
    if (s === NodeKind.Nic && d === NodeKind.Switch) fabricNics.push(g.linkSrc[l]);
  }
  return { ok, relayed: r.relayed, kinds, viaCpu, cpuToCpu, fabricNics };
}

const nicOfRank = (gr: Graph, r: number): number => gr.attach![r];

describe('routing on nodes wired through PCIe switches', () => {
  it('PCIe forwarding: to plane 1 the relay is NIC 1 on the same switch — GPU → switch → NIC, no CPU, no NVLink', () => {
    const t = new Traffic(g, { forwarding: 'pcie' });
    const r = route(t, 0, 9);
    expect(r).toMatchObject({ ok: true, relayed: true, viaCpu: 0, cpuToCpu: 0 });
    expect(r.kinds).toEqual([0, 4, 2, 0]); // GPU→sw→NIC1, NIC1→leaf→NIC1', NIC1'→sw→GPU
    expect(r.fabricNics).toEqual([nicOfRank(g, 1)]);
    expect(t.router.latencyS).toBeCloseTo(TABLE5_E2E_S.ibSameLeaf, 15);
  });

  it('PCIe forwarding to another switch goes through the root complex; to the other socket across the inter-socket link', () => {
    const t = new Traffic(g, { forwarding: 'pcie' });
    const sameSocket = route(t, 0, 10); // plane 2: NIC 2 on switch 1, CPU 0
    expect(sameSocket).toMatchObject({ ok: true, relayed: true, viaCpu: 2, cpuToCpu: 0 });
    expect(sameSocket.kinds).toEqual([0, 6, 2, 0]);
    expect(sameSocket.fabricNics).toEqual([nicOfRank(g, 2)]);
    const otherSocket = route(t, 0, 12); // plane 4: NIC 4 on switch 2, CPU 1
    expect(otherSocket).toMatchObject({ ok: true, relayed: true, viaCpu: 3, cpuToCpu: 1 });
    expect(otherSocket.kinds).toEqual([0, 7, 2, 0]);
    expect(otherSocket.fabricNics).toEqual([nicOfRank(g, 4)]);
  });

  it('NVLink forwarding relays at the plane-p GPU, which reaches its own NIC through its switch', () => {
    const t = new Traffic(g, { forwarding: 'nvlink' });
    const r = route(t, 0, 12);
    expect(r).toMatchObject({ ok: true, relayed: true, viaCpu: 0 });
    expect(r.kinds).toEqual([2, 4, 2, 0]);
    expect(r.fabricNics).toEqual([nicOfRank(g, 4)]);
  });

  it('a GPU uses its own NIC, never its switch-mate’s, for same-plane traffic (every routing mode)', () => {
    for (const routing of ['ecmp', 'spray', 'adaptive', 'static'] as const) {
      const t = new Traffic(g, { forwarding: 'none', routing });
      for (let i = 0; i < 8; i++) {
        const r = route(t, i, 8 + i);
        expect(r.ok).toBe(true);
        expect(r.relayed).toBe(false);
        expect(r.kinds).toEqual([0, 4, 2, 0]);
        expect(r.fabricNics).toEqual([nicOfRank(g, i)]);
      }
    }
  });

  it('without forwarding, cross-plane traffic is unroutable — PCIe switches never bridge planes', () => {
    const t = new Traffic(g, { forwarding: 'none' });
    t.send(ep(0), ep(9), 1e6);
    t.send(ep(0), ep(8), 1e6);
    const res = t.run().result;
    expect(res.status[0]).toBe(FlowStatus.Unroutable);
    expect(res.status[1]).toBe(FlowStatus.Done);
  });

  it('inside a node: NVLink even for GPUs on one PCIe switch; PCIe peer-to-peer only when the NVSwitch is down', () => {
    const t = new Traffic(g, {});
    expect(route(t, 0, 1).kinds).toEqual([2, 0, 0, 0]);
    let nvs = -1;
    for (let v = 0; v < g.nodeCount && nvs < 0; v++) if (g.nodeKind[v] === NodeKind.NvSwitch && g.nodeGroup[v] === 0) nvs = v;
    const down = new Traffic(g, { failures: `switch:${nvs}` });
    expect(route(down, 0, 1)).toMatchObject({ ok: true, kinds: [0, 2, 0, 0], viaCpu: 0 });
    expect(route(down, 0, 4)).toMatchObject({ ok: true, kinds: [0, 5, 0, 0], viaCpu: 3, cpuToCpu: 1 });
  });

  it('a dead relay NIC: PCIe forwarding falls back to the next NIC of that plane, else the flow is unroutable', () => {
    // 4 planes: NICs 1 and 5 are both plane 1; GPU 0's nearest is NIC 1 (same switch).
    const g4 = buildCluster({ ...clusterPreset('mpft-2048-pcie'), radix: 8, planes: 4, gpus: 16 });
    const t = new Traffic(g4, { forwarding: 'pcie' });
    expect(t.router.route(g4.endpoints[0], g4.endpoints[9])).toBe(true);
    const nic1 = g4.attach![1];
    const nic5 = g4.attach![5];
    const used = (tr: Traffic, nic: number): boolean => {
      for (let i = 0; i < tr.router.count; i++) if (g4.linkSrc[tr.router.links[i]] === nic && g4.nodeKind[g4.linkDst[tr.router.links[i]]] === NodeKind.Switch) return true;
      return false;
    };
    expect(used(t, nic1)).toBe(true);
    const failed = new Traffic(g4, { forwarding: 'pcie', failures: `node:${nic1}` });
    expect(failed.router.route(g4.endpoints[0], g4.endpoints[9])).toBe(true);
    expect(used(failed, nic5)).toBe(true);
    const none = new Traffic(g4, { forwarding: 'pcie', failures: `node:${nic1},node:${nic5}` });
    expect(none.router.route(g4.endpoints[0], g4.endpoints[9])).toBe(false);
  });
});

describe('same-switch vs cross-switch PCIe forwarding under load', () => {
  const S = 1e9;
  const lat = TABLE5_E2E_S.ibSameLeaf;
  function pair(dst0: number, dst1: number, opts: NetOptions = {}): number[] {
    const t = new Traffic(g, { forwarding: 'pcie', routing: 'spray', ...opts });
    t.send(ep(0), ep(dst0), S);
    t.send(ep(1), ep(dst1), S);
    const r = t.run().result;
    return [r.drainS[0], r.drainS[1]];
  }
  it('GPUs 0 and 1 relaying at their switch-mate NICs run at NIC line rate (50 GB/s)', () => {
    for (const d of pair(9, 8)) expect(d).toBeCloseTo(S / 50e9, 12);
  });
  it('relaying at NICs under the other socket they share the 64 GB/s uplink and inter-socket link: 32 GB/s each', () => {
    for (const d of pair(12, 13)) expect(d).toBeCloseTo(S / 32e9, 12);
    for (const d of pair(10, 11)) expect(d).toBeCloseTo(S / 32e9, 12); // same socket: the shared uplink alone
  });
  it('NVLink forwarding of the same pairs runs at NIC line rate (the relay GPU’s own PCIe link is 64 GB/s)', () => {
    for (const d of pair(12, 13, { forwarding: 'nvlink' })) expect(d).toBeCloseTo(S / 50e9, 12);
  });
  it('makespans add the same-leaf IB latency', () => {
    const t = new Traffic(g, { forwarding: 'pcie' });
    t.send(ep(0), ep(12), S);
    expect(t.run().result.makespanS).toBeCloseTo(S / 50e9 + lat, 12);
  });
});

describe('the default H800 node is untouched by the PCIe routing', () => {
  it('mpft: PCIe forwarding still finds no PCIe path (one dedicated GPU↔NIC link per GPU); NVLink forwarding as before', () => {
    const d = buildCluster({ fabric: 'mpft', radix: 8, gpus: 16 });
    expect(new Traffic(d, { forwarding: 'pcie' }).router.route(d.endpoints[0], d.endpoints[9])).toBe(false);
    const t = new Traffic(d, { forwarding: 'nvlink' });
    const r = t.router;
    expect(r.route(d.endpoints[0], d.endpoints[9])).toBe(true);
    const kinds = [0, 0, 0, 0];
    for (let i = 0; i < r.count; i++) kinds[d.linkKind[r.links[i]]]++;
    expect(kinds).toEqual([2, 2, 2, 0]);
    expect(d.linkKind.filter((k) => k === LinkKind.Pcie).length).toBe(2 * 16);
  });
});

describe('PCIe forwarding on random PCIe trees (property)', () => {
  it('every cross-node pair is routable, enters the fabric at a NIC on the destination plane and uses no NVLink', () => {
    // 8 GPUs per node: gpusPerSwitch ∈ {1, 2, 4, 8}, switchesPerCpu a divisor of the switches, planes ∈ {1, 2, 4, 8}.
    const shapes = fc.record({
      gps: fc.constantFrom(1, 2, 4, 8),
      spcLog: fc.nat(3),
      planes: fc.constantFrom(1, 2, 4, 8),
      routing: fc.constantFrom('ecmp', 'spray', 'adaptive', 'static'),
      a: fc.nat(7),
      b: fc.nat(7),
    });
    fc.assert(
      fc.property(shapes, ({ gps, spcLog, planes, routing, a, b }) => {
        const spc = Math.min(8 / gps, 2 ** spcLog);
        const gr = buildCluster({ fabric: 'mpft', radix: 8, planes, gpus: 16, node: { pcie: { gpusPerSwitch: gps, switchesPerCpu: spc } } });
        const t = new Traffic(gr, { forwarding: 'pcie', routing });
        const r = t.router;
        expect(r.route(gr.endpoints[a], gr.endpoints[8 + b])).toBe(true);
        const dstPlane = gr.nodePlane[gr.endpoints[8 + b]];
        let enter = 0;
        for (let i = 0; i < r.count; i++) {
          const l = r.links[i];
          expect(gr.linkKind[l]).not.toBe(LinkKind.NvLink);
          if (gr.nodeKind[gr.linkSrc[l]] === NodeKind.Nic && gr.nodeKind[gr.linkDst[l]] === NodeKind.Switch) {
            enter += r.coefs[i];
            expect(gr.nodePlane[gr.linkSrc[l]]).toBe(dstPlane);
          }
        }
        expect(enter).toBeCloseTo(1, 12);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});

describe('failures on a PCIe tree', () => {
  it('nic:RANK takes down the rank’s own NIC, which is not a neighbour of the GPU', () => {
    const nic = (g.attach as Int32Array)[3];
    expect(g.nodeKind[nic]).toBe(NodeKind.Nic);
    const cap = applyFailures(g, parseFailures('nic:3'));
    let touching = 0;
    for (let l = 0; l < g.linkCount; l++) {
      if (g.linkSrc[l] !== nic && g.linkDst[l] !== nic) continue;
      touching++;
      expect(cap[l]).toBe(0);
    }
    expect(touching).toBeGreaterThanOrEqual(4);
  });
});
