/**
 * Failures and degradation: a comma-separated list of `TARGET[@FACTOR]` items, FACTOR the remaining fraction of
 * capacity (0 = down, the default). Targets: `link:ID` (the cable of directed link ID), `node:ID` (every cable of
 * a graph node), `switch:ID` (same, the node must be a switch), `leaf:K` / `spine:K` / `core:K` (the K-th
 * switch of that tier), `nic:RANK` (the NIC of endpoint RANK), `plane:P` (every switch and NIC of plane P).
 * A target that names no element is an input error.
 */
import { InputError } from '../core/index.js';
import { NodeKind, type Graph } from '../topology/index.js';

export interface Failure {
  kind: 'link' | 'node' | 'switch' | 'tier' | 'nic' | 'plane';
  id: number;
  /** Tier for `tier` targets (1 leaf, 2 spine, 3 core). */
  tier?: number;
  factor: number;
}

const TIER_NAMES: Record<string, number> = { leaf: 1, spine: 2, core: 3 };

export function parseFailures(spec: string, field = '--fail'): Failure[] {
  const out: Failure[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^(link|node|switch|leaf|spine|core|nic|plane):(\d+)(?:@([0-9]*\.?[0-9]+))?$/.exec(item);
    if (!m) throw new InputError(field, item, 'items like link:ID, node:ID, switch:ID, leaf:K, spine:K, core:K, nic:RANK or plane:P, optionally @FACTOR (0 ≤ FACTOR < 1)');
    const factor = m[3] === undefined ? 0 : Number(m[3]);
    if (!(factor >= 0 && factor < 1)) throw new InputError(field, item, 'a remaining-capacity factor from 0 (down) to below 1');
    const k = m[1];
    const id = Number(m[2]);
    if (k in TIER_NAMES) out.push({ kind: 'tier', id, tier: TIER_NAMES[k], factor });
    else out.push({ kind: k as Failure['kind'], id, factor });
  }
  if (out.length === 0) throw new InputError(field, spec, 'at least one failure item');
  return out;
}

function describe(f: Failure): string {
  const name = f.kind === 'tier' ? (['', 'leaf', 'spine', 'core'][f.tier ?? 0] ?? 'tier') : f.kind;
  return `${name}:${f.id}${f.factor > 0 ? `@${f.factor}` : ''}`;
}

/** Live capacities after failures; throws InputError for a failure that names no element of `graph`. */
export function applyFailures(graph: Graph, failures: readonly Failure[], field = '--fail'): Float64Array {
  const cap = graph.linkCapacityBytesPerS.slice();
  const scaleLink = (l: number, f: number): void => {
    cap[l] *= f;
    cap[graph.linkReverse[l]] *= f;
  };
  const scaleNode = (v: number, f: number): void => {
    for (let e = graph.outOffset[v]; e < graph.outOffset[v + 1]; e++) scaleLink(graph.outLinks[e], f);
  };
  for (const fl of failures) {
    const none = (): InputError => new InputError(field, describe(fl), `an element of this ${graph.meta.family} graph`);
    switch (fl.kind) {
      case 'link':
        if (fl.id >= graph.linkCount) throw none();
        scaleLink(fl.id, fl.factor);
        break;
      case 'node':
        if (fl.id >= graph.nodeCount) throw none();
        scaleNode(fl.id, fl.factor);
        break;
      case 'switch': {
        const k = graph.nodeKind[fl.id];
        if (fl.id >= graph.nodeCount || (k !== NodeKind.Switch && k !== NodeKind.NvSwitch && k !== NodeKind.PcieSwitch)) throw none();
        scaleNode(fl.id, fl.factor);
        break;
      }
      case 'tier': {
        let seen = 0;
        let hit = -1;
        for (let v = 0; v < graph.nodeCount && hit < 0; v++) {
          if (graph.nodeKind[v] === NodeKind.Switch && graph.nodeTier[v] === fl.tier) {
            if (seen === fl.id) hit = v;
            seen++;
          }
        }
        if (hit < 0) throw none();
        scaleNode(hit, fl.factor);
        break;
      }
      case 'nic': {
        if (fl.id >= graph.endpoints.length) throw none();
        const ep = graph.endpoints[fl.id];
        let nic = -1;
        if (graph.nodeKind[ep] === NodeKind.Nic) nic = ep;
        // The rank's own NIC when the graph records it (behind a PCIe switch it is not a neighbour).
        if (nic < 0 && graph.attach && graph.nodeKind[graph.attach[fl.id]] === NodeKind.Nic) nic = graph.attach[fl.id];
        for (let e = graph.outOffset[ep]; e < graph.outOffset[ep + 1] && nic < 0; e++) {
          const w = graph.linkDst[graph.outLinks[e]];
          if (graph.nodeKind[w] === NodeKind.Nic) nic = w;
        }
        if (nic < 0) throw none();
        scaleNode(nic, fl.factor);
        break;
      }
      case 'plane': {
        let any = false;
        for (let v = 0; v < graph.nodeCount; v++) {
          const k = graph.nodeKind[v];
          if (graph.nodePlane[v] === fl.id && (k === NodeKind.Switch || k === NodeKind.Nic)) {
            scaleNode(v, fl.factor);
            any = true;
          }
        }
        if (!any) throw none();
        break;
      }
    }
  }
  return cap;
}
