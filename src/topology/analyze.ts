/**
 * Everything `coplane topo` reports about a fabric: counts (formula, and from the built graph when it can be
 * built), diameter (BFS where feasible, else the family's formula), bisection bandwidth, a path-diversity
 * summary and the cost.
 */
import { Rng } from '../core/index.js';
import { buildResolved } from './build.js';
import { fabricCost, TABLE3_FIT_PRICES, type Cost, type Prices } from './cost.js';
import { countResolved, type FabricCounts } from './count.js';
import { dragonflyPorts } from './dragonfly.js';
import { fatTreeLayout } from './fatTree.js';
import { NodeKind, type Graph } from './graph.js';
import { hostLinkBytesPerS } from './node.js';
import { DEFAULT_BFS_WORK, PathFinder, SCALE_OUT_MASK, switchDiameterBfs } from './paths.js';
import { endpointCapacity, resolveSpec, type ClusterSpec, type ResolvedSpec } from './spec.js';
import { countGraph, type GraphCounts } from './stats.js';

export interface Bisection {
  /** Bandwidth across the cut, each direction. */
  bytesPerS: number;
  /** `formula`: the bisection of a full regular build; `bound`: the capacity of one balanced cut (an upper bound). */
  method: 'formula' | 'bound';
  note: string;
}

/** Bisection bandwidth by formula for full regular fat trees, labelled as a bound otherwise. */
export function bisection(s: ResolvedSpec): Bisection {
  const hostRate = hostLinkBytesPerS(s);
  if (s.fabric === 'sf') {
    const { q } = s.sf!;
    return {
      bytesPerS: q * q * q * s.linkBytesPerS,
      method: 'bound',
      note: `cut between the two MMS halves (q³ = ${q ** 3} cables); the minimum bisection is lower`,
    };
  }
  if (s.fabric === 'df') {
    const { a, h, g } = s.df!;
    const { offset } = dragonflyPorts(a, h, g);
    const half = Math.floor(g / 2);
    let crossing = 0;
    for (let grp = 0; grp < half; grp++)
      for (let t = 0; t < a * h; t++) if (offset[t] >= 0 && (grp + offset[t]) % g >= half) crossing++;
    return { bytesPerS: crossing * s.linkBytesPerS, method: 'bound', note: `global cables between groups [0, ${half}) and the rest (${crossing}); endpoints split by group` };
  }
  const lay = fatTreeLayout(s);
  const ratio = Math.min(1, s.up / s.down);
  // Regular = every leaf full and the fabric at its full size.
  const regular = lay.leaves * s.down === s.gpus && s.gpus === capacityOf(s);
  return {
    bytesPerS: (s.gpus / 2) * hostRate * ratio,
    method: regular ? 'formula' : 'bound',
    note: regular
      ? `full ${s.fabric}: N/2 endpoints × host rate × min(1, up/down)`
      : `partial ${s.fabric}: N/2 endpoints × host rate × min(1, up/down) bounds the bisection`,
  };
}

/** Full size of a fat tree as `resolveSpec` defaults it (MRFT: its two-tier size). */
function capacityOf(s: ResolvedSpec): number {
  if (s.fabric === 'mrft') return s.radix * s.down;
  return endpointCapacity(s.fabric, s.radix, s.down, s.planes, s.sf, s.df);
}

/**
 * One switch per automorphism orbit, when the family guarantees the symmetry: a Dragonfly's global arrangement
 * is the same offset list in every group (shifting all groups by one maps the graph onto itself), so the routers
 * of group 0 cover every orbit; a full FT3 has three orbits (leaves, aggregation, cores). Null: BFS from all.
 */
function symmetrySources(g: Graph, s: ResolvedSpec): number[] | null {
  const want: number[] = [];
  if (s.fabric === 'df') {
    for (let i = 0; i < g.nodeCount && want.length < s.df!.a; i++) if (g.nodeKind[i] === NodeKind.Switch && g.nodeGroup[i] === 0) want.push(i);
    return want;
  }
  if (s.fabric === 'ft3' && bisection(s).method === 'formula') {
    const seen = new Set<number>();
    for (let i = 0; i < g.nodeCount; i++)
      if (g.nodeKind[i] === NodeKind.Switch && !seen.has(g.nodeTier[i])) { seen.add(g.nodeTier[i]); want.push(i); }
    return want;
  }
  return null;
}

export interface PathDiversity {
  pairs: number;
  hopsMin: number;
  hopsMax: number;
  pathsMin: number;
  pathsMean: number;
  pathsMax: number;
}

/**
 * Equal-cost shortest paths between fabric endpoints (NIC to NIC over scale-out links only) for `pairs` random
 * pairs (seeded): NIC i of one node to NIC i of another, so that MPFT pairs share a plane.
 */
export function pathDiversity(g: Graph, s: ResolvedSpec, pairs = 32, seed = 1): PathDiversity {
  const attach: number[] = g.attach ? Array.from(g.attach) : [];
  for (let r = 0; r < g.endpoints.length && !g.attach; r++) {
    const e = g.endpoints[r];
    if (g.nodeKind[e] !== NodeKind.Gpu) { attach.push(e); continue; }
    for (let o = g.outOffset[e]; o < g.outOffset[e + 1]; o++) {
      const v = g.linkDst[g.outLinks[o]];
      if (g.nodeKind[v] === NodeKind.Nic) { attach.push(v); break; }
    }
  }
  const per = s.portsPerNode;
  const nodes = attach.length / per;
  const rng = new Rng(seed);
  const pf = new PathFinder(g);
  let hopsMin = Infinity, hopsMax = 0, pathsMin = Infinity, pathsMax = 0, sum = 0, n = 0;
  if (attach.length < 2) return { pairs: 0, hopsMin: 0, hopsMax: 0, pathsMin: 0, pathsMean: 0, pathsMax: 0 };
  for (let i = 0; i < pairs; i++) {
    let a: number, b: number;
    if (nodes >= 2) {
      const n1 = rng.int(nodes);
      const n2 = (n1 + 1 + rng.int(nodes - 1)) % nodes;
      const local = rng.int(per);
      a = attach[n1 * per + local]; b = attach[n2 * per + local];
    } else {
      a = attach[rng.int(attach.length)];
      b = attach[(attach.indexOf(a) + 1 + rng.int(attach.length - 1)) % attach.length];
    }
    const r = pf.shortestPaths(a, b, { kindMask: SCALE_OUT_MASK, maxPaths: 0 });
    if (r.hops < 0) continue;
    n++;
    hopsMin = Math.min(hopsMin, r.hops); hopsMax = Math.max(hopsMax, r.hops);
    pathsMin = Math.min(pathsMin, r.pathCount); pathsMax = Math.max(pathsMax, r.pathCount);
    sum += r.pathCount;
  }
  if (n === 0) return { pairs: 0, hopsMin: 0, hopsMax: 0, pathsMin: 0, pathsMean: 0, pathsMax: 0 };
  return { pairs: n, hopsMin, hopsMax, pathsMin, pathsMean: sum / n, pathsMax };
}

export interface FabricReport {
  spec: ResolvedSpec;
  counts: FabricCounts;
  /** Counts taken from the built graph (null when not built). */
  graphCounts: GraphCounts | null;
  graph: Graph | null;
  /** `bfsSources`: switches the BFS started from (all, or one per symmetry orbit); 0 for the formula. */
  diameter: { switchHops: number; method: 'bfs' | 'formula'; bfsSources: number };
  bisection: Bisection;
  pathDiversity: PathDiversity | null;
  cost: Cost;
  prices: Prices;
  /** Dragonfly only: how the global ports are cabled (see dragonfly.ts). */
  dragonflyArrangement: { linksPerGroupPair: number; sparePortsPerGroup: number; ringOffsets: number; matching: boolean; idlePortsPerGroup: number } | null;
  warnings: string[];
}

export interface AnalyzeOptions {
  prices?: Prices;
  /** Build the graph when possible (default true). */
  build?: boolean;
  /** Work limit for the all-switches BFS diameter. */
  bfsWork?: number;
  diversityPairs?: number;
  seed?: number;
}

export function analyzeFabric(spec: ClusterSpec, opts: AnalyzeOptions = {}): FabricReport {
  const s = resolveSpec(spec);
  const counts = countResolved(s);
  const prices = opts.prices ?? TABLE3_FIT_PRICES;
  const warnings: string[] = [];
  let graph: Graph | null = null;
  let graphCounts: GraphCounts | null = null;
  if (opts.build !== false && counts.buildable) {
    graph = buildResolved(s);
    graphCounts = countGraph(graph);
  } else if (!counts.buildable) {
    warnings.push(`q = ${s.sf!.q} is not a prime power: no MMS graph exists; counts are by formula and nothing was built`);
  }
  const c = graphCounts ?? counts;
  let diameter: FabricReport['diameter'] = { switchHops: counts.diameterFormula, method: 'formula', bfsSources: 0 };
  if (graph) {
    const sources = symmetrySources(graph, s);
    const d = switchDiameterBfs(graph, opts.bfsWork ?? DEFAULT_BFS_WORK, sources ?? undefined);
    if (d !== null) diameter = { switchHops: d, method: 'bfs', bfsSources: sources ? sources.length : counts.switches };
  }
  const pathDiv = graph ? pathDiversity(graph, s, opts.diversityPairs ?? 32, opts.seed ?? 1) : null;
  const cost = fabricCost({ endpoints: c.endpoints, switches: c.switches, links: c.links, hostLinks: c.hostLinks }, prices);
  let dragonflyArrangement: FabricReport['dragonflyArrangement'] = null;
  if (s.df) {
    const { linksPerGroupPair, sparePortsPerGroup, ringOffsets, matching, idlePortsPerGroup } = dragonflyPorts(s.df.a, s.df.h, s.df.g);
    dragonflyArrangement = { linksPerGroupPair, sparePortsPerGroup, ringOffsets, matching, idlePortsPerGroup };
    if (idlePortsPerGroup > 0) warnings.push(`${idlePortsPerGroup} global port per group stays uncabled (odd spare ports and an odd number of groups)`);
  }
  return { spec: s, counts, graphCounts, graph, diameter, bisection: bisection(s), pathDiversity: pathDiv, cost, prices, dragonflyArrangement, warnings };
}
