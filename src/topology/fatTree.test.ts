import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster } from './build.js';
import { countFabric } from './count.js';
import { NodeKind, type Graph } from './graph.js';
import { PathFinder, SCALE_OUT_MASK, switchDiameterBfs } from './paths.js';
import type { ClusterSpec } from './spec.js';
import { countGraph } from './stats.js';

function maxSwitchPorts(g: Graph): number {
  let best = 0;
  for (let i = 0; i < g.nodeCount; i++) if (g.nodeKind[i] === NodeKind.Switch) best = Math.max(best, g.outOffset[i + 1] - g.outOffset[i]);
  return best;
}

function allEndpointPairsReachable(g: Graph): number {
  const pf = new PathFinder(g);
  let maxHops = 0;
  const hosts = g.endpoints;
  for (let i = 0; i < hosts.length; i++) {
    const d = pf.distancesFrom(hosts[i], SCALE_OUT_MASK);
    for (let j = 0; j < hosts.length; j++) {
      expect(d[hosts[j]]).toBeGreaterThanOrEqual(0);
      maxHops = Math.max(maxHops, d[hosts[j]]);
    }
  }
  return maxHops;
}

describe('small fat trees (k = 4), checked by BFS', () => {
  it('FT2 k=4: 8 hosts, 4 leaves + 2 spines, 8 links; diameter 2, host-to-host at most 4 links', () => {
    const g = buildCluster({ fabric: 'ft2', radix: 4, node: null });
    const c = countGraph(g);
    expect([c.endpoints, c.switches, c.links]).toEqual([8, 6, 8]);
    expect(switchDiameterBfs(g)).toBe(2);
    expect(allEndpointPairsReachable(g)).toBe(4);
    expect(maxSwitchPorts(g)).toBe(4);
  });
  it('FT3 k=4: 16 hosts, 20 switches (8 edge, 8 aggregation, 4 core), 32 links; diameter 4, host-to-host at most 6 links', () => {
    const g = buildCluster({ fabric: 'ft3', radix: 4, node: null });
    const c = countGraph(g);
    expect([c.endpoints, c.switches, c.links]).toEqual([16, 20, 32]);
    expect(c.switchesByTier).toEqual([0, 8, 8, 4]);
    expect(switchDiameterBfs(g)).toBe(4);
    expect(allEndpointPairsReachable(g)).toBe(6);
    expect(maxSwitchPorts(g)).toBe(4);
  });
  it('MPFT k=4 with 4-GPU nodes: 4 separate planes; cross-plane traffic goes through the node', () => {
    const g = buildCluster({ fabric: 'mpft', radix: 4, node: { gpusPerNode: 4 } });
    const c = countGraph(g);
    expect([c.endpoints, c.switches, c.links]).toEqual([32, 24, 32]);
    // Switch components = planes: BFS over switches only never crosses planes.
    const pf = new PathFinder(g);
    const nic0 = g.linkDst[g.outLinks[g.outOffset[g.endpoints[0]] + 1]];
    const d = pf.distancesFrom(nic0, SCALE_OUT_MASK);
    for (let i = 0; i < g.nodeCount; i++)
      if (g.nodeKind[i] === NodeKind.Switch) expect(d[i] >= 0).toBe(g.nodePlane[i] === 0);
  });
});

describe('MRFT larger than one leaf per rail', () => {
  it('a rail spans several leaves, each holding only that rail, and three tiers appear when the leaves outgrow the spines', () => {
    const two = buildCluster({ fabric: 'mrft', radix: 8, gpus: 32 });
    expect(countGraph(two).switchesByTier).toEqual([0, 8, 4, 0]); // 8 rails × 1 leaf of 4 ports
    const g = buildCluster({ fabric: 'mrft', radix: 8, gpus: 128 });
    const c = countGraph(g);
    expect(c.switchesByTier[3]).toBeGreaterThan(0);
    // Every leaf holds NICs of one rail only, and rails have 4 leaves each.
    const leavesPerRail = new Map<number, number>();
    for (let i = 0; i < g.nodeCount; i++) {
      if (g.nodeKind[i] !== NodeKind.Switch || g.nodeTier[i] !== 1) continue;
      leavesPerRail.set(g.nodePlane[i], (leavesPerRail.get(g.nodePlane[i]) ?? 0) + 1);
      for (let o = g.outOffset[i]; o < g.outOffset[i + 1]; o++) {
        const v = g.linkDst[g.outLinks[o]];
        if (g.nodeKind[v] === NodeKind.Nic) expect(g.nodePlane[v]).toBe(g.nodePlane[i]);
      }
    }
    expect([...leavesPerRail.values()]).toEqual(Array(8).fill(4));
    expect(maxSwitchPorts(g)).toBeLessThanOrEqual(8);
  });
});

describe('fat-tree counts by formula equal the built graph (property)', () => {
  it('for random radix, GPUs, oversubscription, planes and fabric; no switch uses more than radix ports', () => {
    const arb = fc
      .record({
        fabric: fc.constantFrom('ft2', 'ft3', 'mrft', 'mpft'),
        half: fc.integer({ min: 2, max: 8 }),
        o3: fc.boolean(),
        perNode: fc.constantFrom(1, 2, 4, 8),
        planesLog: fc.integer({ min: 0, max: 3 }),
        frac: fc.double({ min: 0.01, max: 1, noNaN: true }),
      })
      .map((r) => {
        const radix = 2 * r.half * (r.o3 ? 2 : 1);
        const oversubscription = r.o3 ? 3 : 1;
        const planes = r.fabric === 'mpft' || r.fabric === 'mrft' ? Math.min(r.perNode, 2 ** r.planesLog) : 1;
        const down = (radix * oversubscription) / (1 + oversubscription);
        const cap = r.fabric === 'ft2' ? radix * down : r.fabric === 'mpft' ? planes * radix * down : radix * (radix / 2) * down;
        const nodes = Math.max(1, Math.floor((Math.floor(cap / r.perNode) * r.frac) / 4));
        return { fabric: r.fabric, radix, oversubscription, planes, gpus: nodes * r.perNode, node: { gpusPerNode: r.perNode } } as ClusterSpec;
      });
    fc.assert(
      fc.property(arb, (spec) => {
        const g = buildCluster(spec);
        const c = countGraph(g);
        const f = countFabric(spec);
        expect([c.endpoints, c.switches, c.links, c.hostLinks]).toEqual([f.endpoints, f.switches, f.links, f.hostLinks]);
        expect(c.linksByClass).toEqual(f.linksByClass);
        expect(c.gpus).toBe(spec.gpus);
        expect(maxSwitchPorts(g)).toBeLessThanOrEqual(spec.radix!);
      }),
      { numRuns: 60, seed: 1 },
    );
  });
});
