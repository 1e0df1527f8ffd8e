/**
 * Fat trees: FT2 (leaf–spine), FT3 (k-ary, pods), MRFT (rails over a shared spine), MPFT (P independent FT2 planes).
 *
 * Leaves take `down` endpoint ports and `up` uplinks (down:up = oversubscription). Partial builds deploy only
 * the leaves the endpoints need and the fewest upper switches that still take every uplink: with L lower
 * switches of `up` uplinks each, S upper switches where uplink t of a lower switch goes to upper t mod S and no
 * upper switch needs more than `radix` ports (full size gives the textbook k/2 spines per plane). A single leaf
 * gets no spines and a single pod no cores: nothing above them would carry traffic.
 * Three tiers: pods of radix/2 leaves and `up` aggregation switches (each leaf cabled once to each), each
 * aggregation switch with radix/2 uplinks; aggregation switch j of every pod feeds core group j.
 * Endpoint order on leaves: FT2/FT3 fill leaves in rank order (a node's NICs share a leaf, ToR style); MRFT and
 * MPFT put NIC i of every node on rail/plane i mod planes, a rail spanning as many leaves as its NICs need.
 */
import { InputError } from '../core/index.js';
import { GraphBuilder, NodeKind, type Graph } from './graph.js';
import { addDomains, domainSize, hostLinkBytesPerS, scaleOutLinkKind } from './node.js';
import type { ResolvedSpec } from './spec.js';

/** Fewest upper switches S for L lower switches with `up` uplinks each (uplink t → upper t mod S). */
export function minUppers(lower: number, up: number, radix: number): number {
  for (let s = Math.max(1, Math.ceil((lower * up) / radix)); s <= up; s++) {
    if (lower * Math.ceil(up / s) <= radix) return s;
  }
  return -1;
}

export interface FatTreeLayout {
  /** Endpoint ports on each list of leaves (one list per plane/rail, or one list). */
  listSizes: number[];
  /** Whether each list is its own network (MPFT plane) or all lists share the upper tiers. */
  separatePlanes: boolean;
  tiers: 2 | 3;
  leaves: number;
  spines: number;
  aggs: number;
  cores: number;
  switchLinks: number;
  /** Of which aggregation↔core (three tiers); the rest are leaf↔spine/aggregation. */
  coreLinks: number;
  hostLinks: number;
}

function portsPerList(s: ResolvedSpec): number[] {
  if (s.fabric === 'mpft' || s.fabric === 'mrft') {
    const perNode = s.portsPerNode / s.planes;
    return Array.from({ length: s.planes }, () => (s.gpus / s.portsPerNode) * perNode);
  }
  return [s.gpus];
}

function tooBig(s: ResolvedSpec, why: string): InputError {
  return new InputError('gpus', s.gpus, `fewer GPUs: ${why} at radix ${s.radix}`);
}

/** Spines over L leaves: none for a single leaf (it switches everything itself). */
function spineCount(s: ResolvedSpec, L: number): number {
  if (L === 1) return 0;
  const S = minUppers(L, s.up, s.radix);
  if (S < 0) throw tooBig(s, `a two-tier ${s.fabric} has at most ${s.radix} leaves per plane`);
  return S;
}

/** Pods over L leaves and cores per core group (none for a single pod). */
function podCount(s: ResolvedSpec, L: number): { pods: number; C: number } {
  const k = s.radix;
  const pods = Math.ceil(L / (k / 2));
  const C = pods === 1 ? 0 : minUppers(pods, k / 2, k);
  if (C < 0 || pods > k) throw tooBig(s, `a three-tier fat tree has at most ${k} pods of ${k / 2} leaves`);
  return { pods, C };
}

/** Counts of one upper structure over L leaves. */
function upperCounts(s: ResolvedSpec, L: number, tiers: 2 | 3): { spines: number; aggs: number; cores: number; links: number; upperLinks: number } {
  const k = s.radix;
  if (tiers === 2) {
    const S = spineCount(s, L);
    return { spines: S, aggs: 0, cores: 0, links: S === 0 ? 0 : L * s.up, upperLinks: 0 };
  }
  const { pods, C } = podCount(s, L);
  const aggs = pods * s.up;
  const upperLinks = C === 0 ? 0 : aggs * (k / 2);
  return { spines: 0, aggs, cores: s.up * C, links: L * s.up + upperLinks, upperLinks };
}

export function fatTreeLayout(s: ResolvedSpec): FatTreeLayout {
  const listSizes = portsPerList(s);
  const leavesPer = listSizes.map((n) => Math.ceil(n / s.down));
  const leaves = leavesPer.reduce((x, y) => x + y, 0);
  const separatePlanes = s.fabric === 'mpft';
  let tiers: 2 | 3 = s.fabric === 'ft3' ? 3 : 2;
  if (s.fabric === 'mrft' && leaves > s.radix) tiers = 3;
  let spines = 0, aggs = 0, cores = 0, switchLinks = 0, coreLinks = 0;
  const parts = separatePlanes ? leavesPer : [leaves];
  for (const L of parts) {
    const u = upperCounts(s, L, tiers);
    spines += u.spines; aggs += u.aggs; cores += u.cores; switchLinks += u.links; coreLinks += u.upperLinks;
  }
  return { listSizes, separatePlanes, tiers, leaves, spines, aggs, cores, switchLinks, coreLinks, hostLinks: s.gpus };
}

/** Cable `up` uplinks of each lower switch to `uppers` (uplink t → upper t mod S). */
function cableUp(b: GraphBuilder, lower: ArrayLike<number>, uppers: Int32Array, up: number, cap: number, lat: number, kind: ReturnType<typeof scaleOutLinkKind>): void {
  const S = uppers.length;
  for (let i = 0; i < lower.length; i++) {
    for (let t = 0; t < up; t++) b.addCable(lower[i], uppers[t % S], cap, lat, kind);
  }
}

function addUpper(b: GraphBuilder, s: ResolvedSpec, leaves: Int32Array, tiers: 2 | 3, plane: number): void {
  const k = s.radix;
  const cap = s.linkBytesPerS;
  const lat = s.linkLatencyS;
  const kind = scaleOutLinkKind(s);
  const L = leaves.length;
  if (tiers === 2) {
    const S = spineCount(s, L);
    if (S === 0) return;
    const spines = new Int32Array(S);
    for (let i = 0; i < S; i++) spines[i] = b.addNode(NodeKind.Switch, 2, plane, -1);
    cableUp(b, leaves, spines, s.up, cap, lat, kind);
    return;
  }
  const podLeaves = k / 2;
  const { pods, C } = podCount(s, L);
  const aggsByIndex: Int32Array[] = Array.from({ length: s.up }, () => new Int32Array(pods));
  for (let pod = 0; pod < pods; pod++) {
    const aggs = new Int32Array(s.up);
    for (let j = 0; j < s.up; j++) {
      aggs[j] = b.addNode(NodeKind.Switch, 2, plane, pod);
      aggsByIndex[j][pod] = aggs[j];
    }
    const first = pod * podLeaves;
    const podLeafIds = leaves.subarray(first, Math.min(L, first + podLeaves));
    for (const leaf of podLeafIds) b.setGroup(leaf, pod);
    cableUp(b, podLeafIds, aggs, s.up, cap, lat, kind);
  }
  if (C === 0) return;
  for (let j = 0; j < s.up; j++) {
    const cores = new Int32Array(C);
    for (let c = 0; c < C; c++) cores[c] = b.addNode(NodeKind.Switch, 3, plane, -1);
    cableUp(b, aggsByIndex[j], cores, k / 2, cap, lat, kind);
  }
}

export function buildFatTree(s: ResolvedSpec): Graph {
  const lay = fatTreeLayout(s);
  const dom = domainSize(s);
  const switches = lay.leaves + lay.spines + lay.aggs + lay.cores;
  const b = new GraphBuilder(dom.nodes + switches, dom.directedLinks + 2 * (lay.hostLinks + lay.switchLinks));
  const { endpoints, attach } = addDomains(b, s);
  const hostCap = hostLinkBytesPerS(s);
  const kind = scaleOutLinkKind(s);
  const multi = s.fabric === 'mpft' || s.fabric === 'mrft';
  const perNode = s.portsPerNode;
  const allLeaves: Int32Array[] = [];
  for (let list = 0; list < lay.listSizes.length; list++) {
    const nLeaves = Math.ceil(lay.listSizes[list] / s.down);
    const leaves = new Int32Array(nLeaves);
    const plane = multi ? list : -1;
    for (let i = 0; i < nLeaves; i++) leaves[i] = b.addNode(NodeKind.Switch, 1, plane, -1);
    // Ranks on this list, in rank order: every rank (FT2/FT3) or local index ≡ list (mod planes).
    let port = 0;
    for (let r = 0; r < s.gpus; r++) {
      if (multi && (r % perNode) % s.planes !== list) continue;
      b.addCable(attach[r], leaves[Math.floor(port / s.down)], hostCap, s.linkLatencyS, kind);
      port++;
    }
    if (lay.separatePlanes) addUpper(b, s, leaves, lay.tiers, list);
    else allLeaves.push(leaves);
  }
  if (!lay.separatePlanes) {
    const total = new Int32Array(lay.leaves);
    let o = 0;
    for (const l of allLeaves) { total.set(l, o); o += l.length; }
    addUpper(b, s, total, lay.tiers, -1);
  }
  return b.finish(endpoints, { family: s.fabric, params: specParams(s) }, attach);
}

/** The parameters a graph was built from, for `meta` and exports. */
export function specParams(s: ResolvedSpec): Record<string, number | string | boolean> {
  const p: Record<string, number | string | boolean> = {
    radix: s.radix,
    gpus: s.gpus,
    planes: s.planes,
    oversubscription: s.oversubscription,
    node: s.node ? s.node.name : 'none',
    linkKind: s.linkKind,
    linkBytesPerS: s.linkBytesPerS,
    linkLatencyS: s.linkLatencyS,
  };
  if (s.node?.pcie) Object.assign(p, { pcieGpusPerSwitch: s.node.pcie.gpusPerSwitch, pcieSwitchesPerCpu: s.node.pcie.switchesPerCpu });
  if (s.sf) Object.assign(p, { q: s.sf.q, sfEndpointsPerRouter: s.sf.endpointsPerRouter });
  if (s.df) Object.assign(p, s.df);
  return p;
}
