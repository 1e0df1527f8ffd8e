/**
 * Exports of a built graph: JSON (nodes with labels, cables, meta) for the browser app, DOT (Graphviz) and
 * GraphML. Cables are exported once (the a→b direction; b→a is the same cable).
 */
import { LINK_KIND_NAMES, NODE_KIND_NAMES, NodeKind, type Graph } from './graph.js';

export const EXPORT_FORMATS = ['json', 'dot', 'graphml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const TIER_NAMES = ['', 'leaf', 'spine', 'core'];

/** Human-readable labels, e.g. `gpu 13 (node 1)`, `nic 13 plane 5`, `leaf 2 plane 0`, `router 7 group 3`. */
export function nodeLabels(g: Graph): string[] {
  const ordinal = new Int32Array(NODE_KIND_NAMES.length);
  const direct = g.meta.family === 'sf' || g.meta.family === 'df';
  const threeTier = (() => {
    for (let i = 0; i < g.nodeCount; i++) if (g.nodeTier[i] === 3) return true;
    return false;
  })();
  const labels = new Array<string>(g.nodeCount);
  const tierOrdinal = [0, 0, 0, 0];
  for (let i = 0; i < g.nodeCount; i++) {
    const k = g.nodeKind[i];
    const n = ordinal[k]++;
    const plane = g.nodePlane[i] >= 0 ? ` plane ${g.nodePlane[i]}` : '';
    const group = g.nodeGroup[i];
    if (k === NodeKind.Switch) {
      const t = g.nodeTier[i];
      const name = direct ? 'router' : t === 2 && threeTier ? 'agg' : TIER_NAMES[t];
      const where = group >= 0 ? (direct ? ` group ${group}` : ` pod ${group}`) : '';
      labels[i] = `${name} ${tierOrdinal[t]++}${plane}${where}`;
    } else if (k === NodeKind.Gpu || k === NodeKind.Nic || k === NodeKind.NvSwitch || k === NodeKind.PcieSwitch || k === NodeKind.Cpu) {
      labels[i] = `${NODE_KIND_NAMES[k]} ${n}${k === NodeKind.Gpu || k === NodeKind.Nic ? plane : ''} (node ${group})`;
    } else labels[i] = `${NODE_KIND_NAMES[k]} ${n}`;
  }
  return labels;
}

export interface GraphJson {
  format: 'coplane-topology';
  version: 1;
  meta: Graph['meta'];
  endpoints: number[];
  nodes: { id: number; kind: string; tier: number; plane: number; group: number; label: string }[];
  links: { id: number; a: number; b: number; kind: string; capacityBytesPerS: number; latencyS: number }[];
}

export function toGraphJson(g: Graph): GraphJson {
  const labels = nodeLabels(g);
  const nodes = new Array<GraphJson['nodes'][number]>(g.nodeCount);
  for (let i = 0; i < g.nodeCount; i++)
    nodes[i] = { id: i, kind: NODE_KIND_NAMES[g.nodeKind[i]], tier: g.nodeTier[i], plane: g.nodePlane[i], group: g.nodeGroup[i], label: labels[i] };
  const links = new Array<GraphJson['links'][number]>(g.linkCount / 2);
  for (let j = 0; j < g.linkCount; j += 2)
    links[j / 2] = { id: j / 2, a: g.linkSrc[j], b: g.linkDst[j], kind: LINK_KIND_NAMES[g.linkKind[j]], capacityBytesPerS: g.linkCapacityBytesPerS[j], latencyS: g.linkLatencyS[j] };
  return { format: 'coplane-topology', version: 1, meta: g.meta, endpoints: Array.from(g.endpoints), nodes, links };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function toDot(g: Graph): string {
  const labels = nodeLabels(g);
  const out: string[] = [`graph "${g.meta.family}" {`, '  node [shape=box, fontsize=8];'];
  for (let i = 0; i < g.nodeCount; i++)
    out.push(`  n${i} [label="${labels[i]}", kind="${NODE_KIND_NAMES[g.nodeKind[i]]}", tier=${g.nodeTier[i]}, plane=${g.nodePlane[i]}, group=${g.nodeGroup[i]}];`);
  for (let j = 0; j < g.linkCount; j += 2)
    out.push(`  n${g.linkSrc[j]} -- n${g.linkDst[j]} [kind="${LINK_KIND_NAMES[g.linkKind[j]]}", capacity=${g.linkCapacityBytesPerS[j]}, latency=${g.linkLatencyS[j]}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

export function toGraphMl(g: Graph): string {
  const labels = nodeLabels(g);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="tier" for="node" attr.name="tier" attr.type="int"/>',
    '  <key id="plane" for="node" attr.name="plane" attr.type="int"/>',
    '  <key id="group" for="node" attr.name="group" attr.type="int"/>',
    '  <key id="lkind" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="capacity" for="edge" attr.name="capacityBytesPerS" attr.type="double"/>',
    '  <key id="latency" for="edge" attr.name="latencyS" attr.type="double"/>',
    `  <graph id="${esc(g.meta.family)}" edgedefault="undirected">`,
  ];
  for (let i = 0; i < g.nodeCount; i++)
    out.push(
      `    <node id="n${i}"><data key="label">${esc(labels[i])}</data><data key="kind">${NODE_KIND_NAMES[g.nodeKind[i]]}</data><data key="tier">${g.nodeTier[i]}</data><data key="plane">${g.nodePlane[i]}</data><data key="group">${g.nodeGroup[i]}</data></node>`,
    );
  for (let j = 0; j < g.linkCount; j += 2)
    out.push(
      `    <edge id="e${j / 2}" source="n${g.linkSrc[j]}" target="n${g.linkDst[j]}"><data key="lkind">${LINK_KIND_NAMES[g.linkKind[j]]}</data><data key="capacity">${g.linkCapacityBytesPerS[j]}</data><data key="latency">${g.linkLatencyS[j]}</data></edge>`,
    );
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}

export function exportGraph(g: Graph, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(toGraphJson(g))}\n`;
  return format === 'dot' ? toDot(g) : toGraphMl(g);
}
