import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { buildCluster } from './build.js';
import { countFabric } from './count.js';
import { NodeKind, type Graph } from './graph.js';
import { switchDiameterBfs } from './paths.js';
import { mmsDelta, sfDefaultQ } from './spec.js';
import { countGraph } from './stats.js';

function routerDegrees(g: Graph): Set<number> {
  const degrees = new Set<number>();
  for (let i = 0; i < g.nodeCount; i++) {
    if (g.nodeKind[i] !== NodeKind.Switch) continue;
    let d = 0;
    for (let o = g.outOffset[i]; o < g.outOffset[i + 1]; o++) if (g.nodeKind[g.linkDst[g.outLinks[o]]] === NodeKind.Switch) d++;
    degrees.add(d);
  }
  return degrees;
}

describe('Slim Fly (MMS)', () => {
  for (const q of [5, 27, 4, 7, 8, 9]) {
    it(`q = ${q}: 2q² routers of network degree (3q − δ)/2, diameter 2 by BFS, counts = formula`, () => {
      const spec = { fabric: 'sf' as const, q, radix: 64, node: null };
      const g = buildCluster(spec);
      const delta = mmsDelta(q);
      expect(routerDegrees(g)).toEqual(new Set([(3 * q - delta) / 2]));
      expect(switchDiameterBfs(g, Infinity)).toBe(2);
      const c = countGraph(g);
      const f = countFabric(spec);
      expect([c.switches, c.links, c.endpoints]).toEqual([f.switches, f.links, f.endpoints]);
      expect(c.linksByClass).toEqual(f.linksByClass);
      expect(c.switches).toBe(2 * q * q);
    });
  }
  it('q = 27 at radix 64: degree 41, 21 endpoints per router', () => {
    const c = countFabric({ fabric: 'sf', q: 27, node: null });
    expect(c).toMatchObject({ switches: 1458, links: (1458 * 41) / 2, endpoints: 1458 * 21 });
  });
  it('Table 3 SF column by formula: q = 28 is the largest q for radix 64', () => {
    expect(sfDefaultQ(64)).toBe(28);
    const c = countFabric({ fabric: 'sf', node: null });
    expect([c.endpoints, c.switches, c.links, c.buildable]).toEqual([32928, 1568, 32928, false]);
  });
  it('building q = 28 is refused with a clear error', () => {
    expect(() => buildCluster({ fabric: 'sf', q: 28, node: null })).toThrow(InputError);
    expect(() => buildCluster({ fabric: 'sf', q: 28, node: null })).toThrow(/prime power/);
    expect(() => countFabric({ fabric: 'sf', q: 30 })).toThrow(/q mod 4 ≠ 2/);
  });
});
