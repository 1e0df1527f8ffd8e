import { describe, expect, it } from 'vitest';
import { buildCluster } from './build.js';
import { LinkKind, NodeKind } from './graph.js';
import { countGraph } from './stats.js';

describe('buildCluster: Table 3 columns from built graphs', () => {
  it('FT2 at radix 64: 2,048 endpoints, 96 switches, 2,048 links', () => {
    const c = countGraph(buildCluster({ fabric: 'ft2' }));
    expect([c.endpoints, c.switches, c.links, c.hostLinks, c.gpus]).toEqual([2048, 96, 2048, 2048, 2048]);
  });
  it('MPFT: 8 planes × FT2 = 16,384 / 768 / 16,384', () => {
    const c = countGraph(buildCluster({ fabric: 'mpft' }));
    expect([c.endpoints, c.switches, c.links]).toEqual([16384, 768, 16384]);
  });
  it('FT3 at radix 64: k³/4 endpoints, 5k²/4 switches, k³/2 links', () => {
    const c = countGraph(buildCluster({ fabric: 'ft3' }));
    expect([c.endpoints, c.switches, c.links]).toEqual([65536, 5120, 131072]);
    expect(c.switchesByTier).toEqual([0, 2048, 2048, 1024]);
  });
  it('Dragonfly a=32 p=16 h=16 g=511: 261,632 / 16,352 / 384,272', () => {
    const c = countGraph(buildCluster({ fabric: 'df', a: 32, p: 16, h: 16, g: 511, node: null }));
    expect([c.endpoints, c.switches, c.links]).toEqual([261632, 16352, 384272]);
  });
});

describe('H800 node wiring', () => {
  it('8 GPUs on one NVSwitch at 200 GB/s each way, NIC i on plane i over PCIe, ranks in order', () => {
    const g = buildCluster({ fabric: 'mpft', gpus: 16, radix: 8 });
    expect(g.endpoints.length).toBe(16);
    for (let r = 0; r < 16; r++) {
      const gpu = g.endpoints[r];
      expect(g.nodeKind[gpu]).toBe(NodeKind.Gpu);
      expect(g.nodeGroup[gpu]).toBe(Math.floor(r / 8));
      expect(g.nodePlane[gpu]).toBe(r % 8);
      const kinds: number[] = [];
      for (let o = g.outOffset[gpu]; o < g.outOffset[gpu + 1]; o++) {
        const l = g.outLinks[o];
        kinds.push(g.linkKind[l]);
        if (g.linkKind[l] === LinkKind.NvLink) expect(g.linkCapacityBytesPerS[l]).toBe(200e9);
        if (g.linkKind[l] === LinkKind.Pcie) {
          const nic = g.linkDst[l];
          expect(g.nodeKind[nic]).toBe(NodeKind.Nic);
          expect(g.nodePlane[nic]).toBe(r % 8);
        }
      }
      expect(kinds.sort()).toEqual([LinkKind.NvLink, LinkKind.Pcie]);
    }
  });
  it('NIC↔leaf links carry 50 GB/s and the IB per-hop latency 0.45 µs', () => {
    const g = buildCluster({ fabric: 'ft2', gpus: 8, radix: 8 });
    let seen = 0;
    for (let j = 0; j < g.linkCount; j++) {
      if (g.nodeKind[g.linkSrc[j]] === NodeKind.Nic && g.nodeKind[g.linkDst[j]] === NodeKind.Switch) {
        expect(g.linkCapacityBytesPerS[j]).toBe(50e9);
        expect(g.linkLatencyS[j]).toBeCloseTo(0.45e-6, 12);
        seen++;
      }
    }
    expect(seen).toBe(8);
  });
});

describe('GraphBuilder hand-over', () => {
  it('a finished graph keeps its values when the builder is used again', async () => {
    const { GraphBuilder } = await import('./graph.js');
    const b = new GraphBuilder(2, 2);
    const x = b.addNode(NodeKind.Host);
    const y = b.addNode(NodeKind.Switch, 1);
    b.addCable(x, y, 5, 1, LinkKind.Ib);
    const g1 = b.finish(Int32Array.of(x), { family: 't', params: {} });
    b.setGroup(y, 7);
    const z = b.addNode(NodeKind.Host);
    b.addCable(z, y, 9, 2, LinkKind.Roce);
    const g2 = b.finish(Int32Array.of(x, z), { family: 't', params: {} });
    expect([g1.nodeCount, g1.linkCount, g1.nodeGroup[y], g1.linkCapacityBytesPerS[0]]).toEqual([2, 2, -1, 5]);
    expect([g2.nodeCount, g2.linkCount, g2.nodeGroup[y], g2.linkCapacityBytesPerS[2]]).toEqual([3, 4, 7, 9]);
  });
});
