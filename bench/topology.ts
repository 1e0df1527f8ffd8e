/**
 * Topology builds at full size, each beside a plain typed-array fill of the same number of directed links
 * (src, dst, capacity, latency, kind) in the same run:
 *  - the 16,384-GPU MPFT with its 2,048 H800 nodes (budget ≤ 0.5 s and ≤ 300 MB resident);
 *  - the 261,632-endpoint Dragonfly of Table 3 (budget ≤ 2 s), bare endpoints and with H800 nodes.
 */
import { buildCluster, clusterPreset, countGraph, type ClusterSpec, type Graph } from '../src/topology/index.js';
import { bestOf, rssBytes, type BenchCase, type BenchLine } from './harness.js';

function fillLinks(m: number): number {
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const cap = new Float64Array(m);
  const lat = new Float64Array(m);
  const kind = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    src[j] = j >> 1;
    dst[j] = (j * 7) & 0xffff;
    cap[j] = 50e9;
    lat[j] = 0.45e-6;
    kind[j] = 2;
  }
  return src[m - 1] + dst[m - 1] + cap[m - 1] + lat[m - 1] + kind[m - 1];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function line(name: string, spec: ClusterSpec, budgetS: number, budgetRssBytes?: number): BenchLine {
  gc();
  const rss0 = rssBytes();
  const built = bestOf(3, () => buildCluster(spec));
  const g: Graph = built.result;
  const rss = rssBytes();
  const fill = bestOf(3, () => fillLinks(g.linkCount));
  const c = countGraph(g);
  const okTime = built.timeS <= budgetS;
  const okMem = budgetRssBytes === undefined || rss <= budgetRssBytes;
  return {
    name,
    timeS: built.timeS,
    rssBytes: rss,
    figures: {
      nodes: String(g.nodeCount),
      directedLinks: String(g.linkCount),
      endpoints: String(c.endpoints),
      switches: String(c.switches),
      links: String(c.links),
      fillMs: fill.timeS * 1000,
      ratioVsFill: built.timeS / fill.timeS,
      rssGrowthMB: (rss - rss0) / 1e6,
    },
    budget: {
      text: `≤ ${budgetS} s${budgetRssBytes ? ` and ≤ ${budgetRssBytes / 1e6} MB rss` : ''}`,
      ok: okTime && okMem,
    },
  };
}

export const topologyBench: BenchCase = {
  module: 'topology',
  run() {
    return [
      line('build mpft-16384 (2,048 H800 nodes)', clusterPreset('mpft-16384'), 0.5, 300e6),
      line('build df-261632 (bare endpoints)', clusterPreset('df-261632'), 2),
      line('build df-261632 (32,704 H800 nodes)', { ...clusterPreset('df-261632'), node: {} }, 2),
    ];
  },
};
