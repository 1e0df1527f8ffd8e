/** Summaries of a simulation: the busiest links (bottlenecks) and utilisation. */
import { LINK_KIND_NAMES, NODE_KIND_NAMES, type Graph } from '../topology/index.js';

export interface LinkUse {
  link: number;
  name: string;
  kind: string;
  bytes: number;
  /** Bytes ÷ (capacity × makespan): mean utilisation over the run. */
  utilisation: number;
}

export function linkName(g: Graph, l: number): string {
  const node = (v: number): string => {
    const k = NODE_KIND_NAMES[g.nodeKind[v]] ?? 'node';
    const p = g.nodePlane[v] >= 0 ? `/p${g.nodePlane[v]}` : '';
    return `${k}${v}${p}`;
  };
  return `${node(g.linkSrc[l])}→${node(g.linkDst[l])}`;
}

/** The `k` links with the highest mean utilisation (ties by link id). */
export function topLinks(g: Graph, linkBytes: Float64Array, capacity: Float64Array, makespanS: number, k = 3): LinkUse[] {
  const ids: number[] = [];
  for (let l = 0; l < linkBytes.length; l++) if (linkBytes[l] > 0) ids.push(l);
  const util = (l: number): number => (capacity[l] > 0 && makespanS > 0 ? linkBytes[l] / (capacity[l] * makespanS) : 0);
  ids.sort((a, b) => util(b) - util(a) || a - b);
  return ids.slice(0, k).map((l) => ({
    link: l,
    name: linkName(g, l),
    kind: LINK_KIND_NAMES[g.linkKind[l]] ?? 'link',
    bytes: linkBytes[l],
    utilisation: util(l),
  }));
}
