/**
 * Canonical Dragonfly (Kim et al., ISCA'08): g groups of a routers; each router has p endpoints, a − 1 local
 * links (the group is a complete graph) and h global links.
 *
 * Global-link arrangement (consecutive/circulant): every group owns a·h global ports, port t on router ⌊t/h⌋.
 * Each port is labelled with a peer offset d ∈ 1..g−1 and links group i to group (i + d) mod g, where it lands on
 * the port labelled g − d. The label list (the same for every group) is
 *   m = ⌊a·h / (g − 1)⌋ rounds of offsets 1, 2, …, g − 1 — every pair of groups gets m links;
 *   then the r = a·h − m·(g − 1) spare ports: offsets +1, −1, +2, −2, … (⌊r/2⌋ rings: a second link to the
 *   groups e steps away around the ring of groups), and when r is odd and g even one more port with offset g/2
 *   (a perfect matching). Only when r and g are both odd does one port per group stay uncabled.
 * At g = a·h + 1 (the canonical maximum) each pair of groups has exactly one link and no port is spare; the
 * paper's 511 groups of a = 32, h = 16 have 2 spare ports per group, which form one ring: 511·510/2 + 511 =
 * 130,816 global links = 511·32·16/2, i.e. every global port is cabled.
 */
import { GraphBuilder, NodeKind, type Graph } from './graph.js';
import { addDomains, domainSize, hostLinkBytesPerS, scaleOutLinkKind } from './node.js';
import type { ResolvedSpec } from './spec.js';
import { specParams } from './fatTree.js';

export interface DragonflyPorts {
  /** Offset label of each global port 0..a·h−1 (−1 = uncabled). */
  offset: Int32Array;
  /** Port at the peer group that the same cable lands on. */
  partner: Int32Array;
  globalLinks: number;
  /** Links every pair of groups gets from the full rounds (m). */
  linksPerGroupPair: number;
  /** Spare ports per group after the rounds (r), and how they are used. */
  sparePortsPerGroup: number;
  ringOffsets: number;
  matching: boolean;
  idlePortsPerGroup: number;
}

export function dragonflyPorts(a: number, h: number, g: number): DragonflyPorts {
  const ports = a * h;
  const offset = new Int32Array(ports).fill(-1);
  const partner = new Int32Array(ports).fill(-1);
  const rounds = Math.floor(ports / (g - 1));
  const spare = ports - rounds * (g - 1);
  let t = 0;
  for (let c = 0; c < rounds; c++) {
    const first = t;
    for (let d = 1; d <= g - 1; d++) offset[t++] = d;
    for (let d = 1; d <= g - 1; d++) partner[first + d - 1] = first + (g - d) - 1;
  }
  for (let e = 1; e <= Math.floor(spare / 2); e++) {
    offset[t] = e; offset[t + 1] = g - e;
    partner[t] = t + 1; partner[t + 1] = t;
    t += 2;
  }
  if (spare % 2 === 1 && g % 2 === 0) {
    offset[t] = g / 2;
    partner[t] = t;
    t++;
  }
  const cabledPorts = t;
  return {
    offset,
    partner,
    globalLinks: (g * cabledPorts) / 2,
    linksPerGroupPair: rounds,
    sparePortsPerGroup: spare,
    ringOffsets: Math.floor(spare / 2),
    matching: spare % 2 === 1 && g % 2 === 0,
    idlePortsPerGroup: ports - cabledPorts,
  };
}

export function dragonflyCounts(a: number, p: number, h: number, g: number): { routers: number; localLinks: number; globalLinks: number; endpoints: number } {
  return { routers: a * g, localLinks: (g * a * (a - 1)) / 2, globalLinks: dragonflyPorts(a, h, g).globalLinks, endpoints: a * g * p };
}

export function buildDragonfly(s: ResolvedSpec): Graph {
  const { a, p, h, g } = s.df!;
  const counts = dragonflyCounts(a, p, h, g);
  const dom = domainSize(s);
  const b = new GraphBuilder(dom.nodes + counts.routers, dom.directedLinks + 2 * (s.gpus + counts.localLinks + counts.globalLinks));
  const { endpoints, attach } = addDomains(b, s);
  const base = b.nodeCount;
  for (let grp = 0; grp < g; grp++) for (let r = 0; r < a; r++) b.addNode(NodeKind.Switch, 1, -1, grp);
  const cap = s.linkBytesPerS;
  const lat = s.linkLatencyS;
  const kind = scaleOutLinkKind(s);
  const hostCap = hostLinkBytesPerS(s);
  for (let r = 0; r < s.gpus; r++) b.addCable(attach[r], base + Math.floor(r / p), hostCap, lat, kind);
  for (let grp = 0; grp < g; grp++) {
    const r0 = base + grp * a;
    for (let i = 0; i < a; i++) for (let j = i + 1; j < a; j++) b.addCable(r0 + i, r0 + j, cap, lat, kind);
  }
  const { offset, partner } = dragonflyPorts(a, h, g);
  for (let grp = 0; grp < g; grp++) {
    for (let t = 0; t < a * h; t++) {
      const d = offset[t];
      if (d < 0) continue;
      const peer = (grp + d) % g;
      // Each cable once: from the end with the smaller offset (ties: the matching, from the lower group).
      if (d > g - d || (d === g - d && grp > peer)) continue;
      b.addCable(base + grp * a + Math.floor(t / h), base + peer * a + Math.floor(partner[t] / h), cap, lat, kind);
    }
  }
  return b.finish(endpoints, { family: 'df', params: specParams(s) }, attach);
}
