import { describe, expect, it } from 'vitest';
import { buildCluster } from './build.js';
import { countFabric } from './count.js';
import { dragonflyPorts } from './dragonfly.js';
import { NodeKind, type Graph } from './graph.js';
import { switchDiameterBfs } from './paths.js';
import { countGraph } from './stats.js';

/** Global cables between each pair of groups (router group labels). */
function groupPairCounts(g: Graph, groups: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let j = 0; j < g.linkCount; j += 2) {
    const a = g.linkSrc[j], b = g.linkDst[j];
    if (g.nodeKind[a] !== NodeKind.Switch || g.nodeKind[b] !== NodeKind.Switch) continue;
    const ga = g.nodeGroup[a], gb = g.nodeGroup[b];
    if (ga === gb) continue;
    const key = `${Math.min(ga, gb)}-${Math.max(ga, gb)}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  expect(groups).toBeGreaterThan(1);
  return m;
}

function maxSwitchDegree(g: Graph): number {
  let best = 0;
  for (let i = 0; i < g.nodeCount; i++) if (g.nodeKind[i] === NodeKind.Switch) best = Math.max(best, g.outOffset[i + 1] - g.outOffset[i]);
  return best;
}

describe('Dragonfly', () => {
  it('canonical a=4, p=2, h=2, g=9: one global link per group pair, diameter 3 by BFS', () => {
    const g = buildCluster({ fabric: 'df', a: 4, p: 2, h: 2, radix: 8, node: null });
    const c = countGraph(g);
    expect([c.switches, c.endpoints, c.links]).toEqual([36, 72, 9 * 6 + (9 * 8) / 2]);
    const pairs = groupPairCounts(g, 9);
    expect(pairs.size).toBe(36);
    expect(new Set(pairs.values())).toEqual(new Set([1]));
    expect(switchDiameterBfs(g, Infinity)).toBe(3);
    expect(maxSwitchDegree(g)).toBe(3 + 2 + 2);
  });

  it('g < a·h + 1: spare ports make second links around a ring; every port cabled', () => {
    // a·h = 8 ports, g = 7: 6 peers, 2 spare ports per group → a ring of second links.
    const g = buildCluster({ fabric: 'df', a: 4, p: 2, h: 2, g: 7, radix: 8, node: null });
    const pairs = groupPairCounts(g, 7);
    expect(pairs.size).toBe(21);
    let doubled = 0;
    for (const [key, n] of pairs) {
      const [x, y] = key.split('-').map(Number);
      const ring = (y - x + 7) % 7 === 1 || (x - y + 7) % 7 === 1;
      expect(n).toBe(ring ? 2 : 1);
      if (n === 2) doubled++;
    }
    expect(doubled).toBe(7);
    expect(countGraph(g).links).toBe(7 * 6 + (7 * 8) / 2);
    expect(countGraph(g).linksByClass).toEqual(countFabric({ fabric: 'df', a: 4, p: 2, h: 2, g: 7, radix: 8, node: null }).linksByClass);
    expect(switchDiameterBfs(g, Infinity)).toBe(3);
  });

  it('odd spare count with even g uses a perfect matching; odd·odd leaves one port per group idle', () => {
    expect(dragonflyPorts(3, 1, 3).globalLinks).toBe(3); // 3 ports, 2 peers, 1 spare, g odd → idle
    expect(dragonflyPorts(3, 1, 2).globalLinks).toBe(3); // 3 ports, 1 peer: 3 rounds
    expect(dragonflyPorts(5, 1, 4).globalLinks).toBe(10); // 5 ports, 3 peers, 2 spare → ring
    expect(dragonflyPorts(4, 1, 4).globalLinks).toBe(8); // 4 ports, 3 peers, 1 spare, g even → matching
  });

  it('the paper: 511 groups of a = 32, h = 16 cable all 511·32·16/2 = 130,816 global ports', () => {
    expect(dragonflyPorts(32, 16, 511).globalLinks).toBe(130816);
    expect(dragonflyPorts(32, 16, 513).globalLinks).toBe((513 * 512) / 2);
  });
});

describe('Dragonfly arrangement summary', () => {
  it('511 groups: one link per pair, 2 spare ports forming one ring, none idle', () => {
    const p = dragonflyPorts(32, 16, 511);
    expect([p.linksPerGroupPair, p.sparePortsPerGroup, p.ringOffsets, p.matching, p.idlePortsPerGroup]).toEqual([1, 2, 1, false, 0]);
  });
});
