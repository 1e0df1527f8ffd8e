import { describe, expect, it } from 'vitest';
import { buildCluster } from './build.js';
import { LinkKind, NodeKind } from './graph.js';
import { PathFinder, SCALE_OUT_MASK, shortestPaths } from './paths.js';

describe('equal-cost shortest paths on demand', () => {
  it('FT3 k=4: hosts in different pods have (k/2)² = 4 paths of 6 links', () => {
    const g = buildCluster({ fabric: 'ft3', radix: 4, node: null });
    const a = g.endpoints[0];
    const b = g.endpoints[15];
    const r = shortestPaths(g, a, b, { maxPaths: 100 });
    expect(r.hops).toBe(6);
    expect(r.pathCount).toBe(4);
    expect(r.paths).toHaveLength(4);
    // Each path is a chain of links from a to b, and every link lies in the DAG.
    const dag = new Set(r.dagLinks);
    for (const p of r.paths) {
      expect(g.linkSrc[p[0]]).toBe(a);
      expect(g.linkDst[p[p.length - 1]]).toBe(b);
      for (let i = 1; i < p.length; i++) expect(g.linkSrc[p[i]]).toBe(g.linkDst[p[i - 1]]);
      for (const l of p) expect(dag.has(l)).toBe(true);
    }
    // DAG: 2 host links + 2 edge→agg + 4 agg→core + 4 core→agg + 2 agg→edge.
    expect(r.dagLinks.length).toBe(1 + 2 + 4 + 4 + 2 + 1);
    // Same leaf: one path of 2 links; same pod: 2 paths of 4 links.
    expect(shortestPaths(g, a, g.endpoints[1]).pathCount).toBe(1);
    const samePod = shortestPaths(g, a, g.endpoints[2]);
    expect([samePod.hops, samePod.pathCount]).toEqual([4, 2]);
  });

  it('MPFT: a GPU reaches a GPU of another plane via NVLink on either end (PXN-style)', () => {
    const g = buildCluster({ fabric: 'mpft', radix: 4, node: { gpusPerNode: 2 } });
    // rank 0 (plane 0, node 0) → rank 3 (plane 1, node 1)
    const r = new PathFinder(g).shortestPaths(g.endpoints[0], g.endpoints[3], { maxPaths: 50 });
    expect(r.pathCount).toBeGreaterThan(0);
    for (const p of r.paths) {
      const kinds = Array.from(p, (l) => g.linkKind[l]);
      expect(kinds.filter((k) => k === LinkKind.NvLink)).toHaveLength(2);
      const planes = new Set(Array.from(p, (l) => g.nodePlane[g.linkDst[l]]).filter((x, i) => g.nodeKind[g.linkDst[p[i]]] === NodeKind.Switch));
      expect(planes.size).toBe(1);
    }
  });

  it('reports unreachable pairs under a link-kind mask', () => {
    const g = buildCluster({ fabric: 'mpft', radix: 4, node: { gpusPerNode: 2 } });
    const r = shortestPaths(g, g.endpoints[0], g.endpoints[3], { kindMask: SCALE_OUT_MASK });
    expect(r.hops).toBe(-1);
    expect(r.pathCount).toBe(0);
  });
});
