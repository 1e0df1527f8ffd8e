/** Counting what a built graph holds, in Table 3's terms. */
import { NodeKind, type Graph } from './graph.js';

/**
 * Switch-to-switch cable classes, for cable prices by type/length: fat-tree leaf↔spine/aggregation and
 * aggregation↔core, Dragonfly intra-group (local, short) and inter-group (global, long), Slim Fly router links.
 */
export const LINK_CLASSES = ['leafSpine', 'spineCore', 'dfLocal', 'dfGlobal', 'sfRouter'] as const;
export type LinkClass = (typeof LINK_CLASSES)[number];
export type LinksByClass = Record<LinkClass, number>;

export function emptyLinksByClass(): LinksByClass {
  return { leafSpine: 0, spineCore: 0, dfLocal: 0, dfGlobal: 0, sfRouter: 0 };
}

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
  /** Switch-to-switch cables by class (sums to `links`). */
  linksByClass: LinksByClass;
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
  const byClass = emptyLinksByClass();
  const attached = new Uint8Array(g.nodeCount);
  for (let j = 0; j < g.linkCount; j += 2) {
    const a = g.nodeKind[g.linkSrc[j]] === NodeKind.Switch;
    const b = g.nodeKind[g.linkDst[j]] === NodeKind.Switch;
    if (a && b) {
      links++;
      const u = g.linkSrc[j], v = g.linkDst[j];
      if (g.meta.family === 'sf') byClass.sfRouter++;
      else if (g.meta.family === 'df') {
        if (g.nodeGroup[u] === g.nodeGroup[v]) byClass.dfLocal++;
        else byClass.dfGlobal++;
      } else if (Math.max(g.nodeTier[u], g.nodeTier[v]) === 3) byClass.spineCore++;
      else byClass.leafSpine++;
    }
    else if (a !== b) {
      hostLinks++;
      attached[a ? g.linkDst[j] : g.linkSrc[j]] = 1;
    }
  }
  let endpoints = 0;
  for (let i = 0; i < g.nodeCount; i++) endpoints += attached[i];
  return { endpoints, switches, links, hostLinks, switchesByTier: byTier, linksByClass: byClass, gpus };
}
