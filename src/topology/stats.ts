/** Counting what a built graph holds, in Table 3's terms. */
import { NodeKind, type Graph } from './graph.js';

export interface GraphCounts {
  /** Fabric endpoints: NICs (or bare hosts) cabled to a switch. */
  endpoints: number;
  switches: number;
  /** Switch-to-switch cables (Table 3's "links"). */
  links: number;
  /** NIC/host-to-switch cables, counted apart. */
  hostLinks: number;
  /** Switches per tier (index = tier). */
  switchesByTier: number[];
  gpus: number;
}

export function countGraph(g: Graph): GraphCounts {
  let switches = 0;
  let gpus = 0;
  const byTier = [0, 0, 0, 0];
  for (let i = 0; i < g.nodeCount; i++) {
    const k = g.nodeKind[i];
    if (k === NodeKind.Switch) {
      switches++;
      byTier[g.nodeTier[i]]++;
    } else if (k === NodeKind.Gpu) gpus++;
  }
  let links = 0;
  let hostLinks = 0;
  const attached = new Uint8Array(g.nodeCount);
  for (let j = 0; j < g.linkCount; j += 2) {
    const a = g.nodeKind[g.linkSrc[j]] === NodeKind.Switch;
    const b = g.nodeKind[g.linkDst[j]] === NodeKind.Switch;
    if (a && b) links++;
    else if (a !== b) {
      hostLinks++;
      attached[a ? g.linkDst[j] : g.linkSrc[j]] = 1;
    }
  }
  let endpoints = 0;
  for (let i = 0; i < g.nodeCount; i++) endpoints += attached[i];
  return { endpoints, switches, links, hostLinks, switchesByTier: byTier, gpus };
}
