import { describe, expect, it } from 'vitest';
import { buildCluster } from './build.js';
import { exportGraph, nodeLabels, toGraphJson } from './export.js';

describe('exports', () => {
  const g = buildCluster({ fabric: 'ft2', radix: 4, gpus: 8, node: { gpusPerNode: 2 } });
  it('JSON lists every node with its label and every cable once', () => {
    const j = toGraphJson(g);
    expect(j.nodes).toHaveLength(g.nodeCount);
    expect(j.links).toHaveLength(g.linkCount / 2);
    expect(j.endpoints).toEqual(Array.from(g.endpoints));
    expect(j.nodes.filter((n) => n.kind === 'switch')).toHaveLength(6);
    expect(j.links.filter((l) => l.kind === 'nvlink')).toHaveLength(8);
    expect(JSON.parse(exportGraph(g, 'json')).meta.family).toBe('ft2');
  });
  it('labels say what each node is', () => {
    const labels = nodeLabels(g);
    expect(labels[g.endpoints[3]]).toBe('gpu 3 plane 1 (node 1)');
    expect(labels.filter((l) => l.startsWith('leaf '))).toHaveLength(4);
    expect(labels.filter((l) => l.startsWith('spine '))).toHaveLength(2);
  });
  it('DOT and GraphML hold one line per node and per cable', () => {
    const dot = exportGraph(g, 'dot');
    expect(dot.split('\n').filter((l) => l.includes(' -- '))).toHaveLength(g.linkCount / 2);
    const ml = exportGraph(g, 'graphml');
    expect(ml.match(/<node /g)).toHaveLength(g.nodeCount);
    expect(ml.match(/<edge /g)).toHaveLength(g.linkCount / 2);
    expect(ml.trim().endsWith('</graphml>')).toBe(true);
  });
});
