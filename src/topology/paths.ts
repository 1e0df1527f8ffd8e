/**
 * Shortest paths on demand (no all-pairs tables): a BFS from the source that stops after the destination's
 * level, the equal-cost DAG between the two, the number of equal-cost paths, and up to `maxPaths` of them.
 * A `PathFinder` keeps its work arrays between calls (epoch-stamped, so a query costs only what it visits).
 * Paths are counted over directed links, so parallel cables between the same two switches are distinct paths
 * (as ECMP hashing treats them). Length is in links (hops), not latency.
 */
import { LinkKind, NodeKind, type Graph } from './graph.js';

export interface ShortestPathsResult {
  src: number;
  dst: number;
  /** Links on the path (−1 when unreachable). */
  hops: number;
  /** Number of distinct equal-cost shortest paths (a float: it can be large). */
  pathCount: number;
  /** Every directed link that lies on some shortest src → dst path (the ECMP DAG), ascending ids. */
  dagLinks: Int32Array;
  /** Up to `maxPaths` paths, each the list of link ids from src to dst, in a fixed order. */
  paths: Int32Array[];
}

export interface PathOptions {
  /** Bit mask over LinkKind values the path may use (default: every kind). */
  kindMask?: number;
  /** Paths to enumerate (default 16; 0 for none). */
  maxPaths?: number;
}

export const ALL_KINDS = (1 << LinkKind.NvLink) | (1 << LinkKind.Pcie) | (1 << LinkKind.Ib) | (1 << LinkKind.Roce);
export const SCALE_OUT_MASK = (1 << LinkKind.Ib) | (1 << LinkKind.Roce);

export class PathFinder {
  private readonly stamp: Int32Array;
  private readonly dist: Int32Array;
  private readonly count: Float64Array;
  private readonly back: Uint8Array;
  private readonly queue: Int32Array;
  private epoch = 0;

  constructor(private readonly g: Graph) {
    this.stamp = new Int32Array(g.nodeCount);
    this.dist = new Int32Array(g.nodeCount);
    this.count = new Float64Array(g.nodeCount);
    this.back = new Uint8Array(g.nodeCount);
    this.queue = new Int32Array(g.nodeCount);
  }

  /** Hop distances from src, visiting at most up to `stopAt`'s level; returns the number of nodes queued. */
  private bfs(src: number, stopAt: number, mask: number): number {
    const g = this.g;
    const { stamp, dist, count, queue } = this;
    const ep = ++this.epoch;
    stamp[src] = ep; dist[src] = 0; count[src] = 1;
    queue[0] = src;
    let head = 0, tail = 1;
    let stopLevel = Infinity;
    while (head < tail) {
      const u = queue[head++];
      const du = dist[u];
      if (du >= stopLevel) break;
      if (u === stopAt) { stopLevel = du; continue; }
      for (let o = g.outOffset[u]; o < g.outOffset[u + 1]; o++) {
        const l = g.outLinks[o];
        if (((1 << g.linkKind[l]) & mask) === 0) continue;
        const v = g.linkDst[l];
        if (stamp[v] !== ep) {
          stamp[v] = ep; dist[v] = du + 1; count[v] = count[u];
          queue[tail++] = v;
        } else if (dist[v] === du + 1) count[v] += count[u];
      }
    }
    return tail;
  }

  /** Hop distance from src to every node (−1 unreachable), restricted to `kindMask`. */
  distancesFrom(src: number, kindMask = ALL_KINDS): Int32Array {
    const n = this.bfs(src, -1, kindMask);
    const out = new Int32Array(this.g.nodeCount).fill(-1);
    for (let i = 0; i < n; i++) out[this.queue[i]] = this.dist[this.queue[i]];
    return out;
  }

  shortestPaths(src: number, dst: number, opts: PathOptions = {}): ShortestPathsResult {
    const g = this.g;
    const mask = opts.kindMask ?? ALL_KINDS;
    const maxPaths = opts.maxPaths ?? 16;
    const visited = this.bfs(src, dst, mask);
    const ep = this.epoch;
    const { stamp, dist, count, back, queue } = this;
    if (stamp[dst] !== ep) return { src, dst, hops: -1, pathCount: 0, dagLinks: new Int32Array(0), paths: [] };
    // Walk back from dst level by level: a node is on the DAG when it has a DAG link to an on-DAG node.
    for (let i = 0; i < visited; i++) back[queue[i]] = 0;
    back[dst] = 1;
    const dag: number[] = [];
    for (let i = visited - 1; i >= 0; i--) {
      const u = queue[i];
      if (u === dst || dist[u] >= dist[dst]) continue;
      for (let o = g.outOffset[u]; o < g.outOffset[u + 1]; o++) {
        const l = g.outLinks[o];
        if (((1 << g.linkKind[l]) & mask) === 0) continue;
        const v = g.linkDst[l];
        if (stamp[v] === ep && back[v] === 1 && dist[v] === dist[u] + 1) {
          back[u] = 1;
          dag.push(l);
        }
      }
    }
    dag.sort((x, y) => x - y);
    const dagLinks = Int32Array.from(dag);
    const paths: Int32Array[] = [];
    if (maxPaths > 0) {
      const stack = new Int32Array(dist[dst]);
      const walk = (u: number, depth: number): void => {
        if (paths.length >= maxPaths) return;
        if (u === dst) { paths.push(stack.slice(0, depth)); return; }
        for (let o = g.outOffset[u]; o < g.outOffset[u + 1] && paths.length < maxPaths; o++) {
          const l = g.outLinks[o];
          if (((1 << g.linkKind[l]) & mask) === 0) continue;
          const v = g.linkDst[l];
          if (stamp[v] === ep && back[v] === 1 && dist[v] === depth + 1) {
            stack[depth] = l;
            walk(v, depth + 1);
          }
        }
      };
      walk(src, 0);
    }
    return { src, dst, hops: dist[dst], pathCount: count[dst], dagLinks, paths };
  }
}

/** One-off query; use a PathFinder for many. */
export function shortestPaths(g: Graph, src: number, dst: number, opts: PathOptions = {}): ShortestPathsResult {
  return new PathFinder(g).shortestPaths(src, dst, opts);
}

/** Switch ids and a compact switch-only adjacency (CSR over switch indices). */
export function switchSubgraph(g: Graph): { ids: Int32Array; offset: Int32Array; adj: Int32Array } {
  const index = new Int32Array(g.nodeCount).fill(-1);
  let n = 0;
  for (let i = 0; i < g.nodeCount; i++) if (g.nodeKind[i] === NodeKind.Switch) index[i] = n++;
  const ids = new Int32Array(n);
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < g.nodeCount; i++) {
    if (index[i] < 0) continue;
    ids[index[i]] = i;
    for (let o = g.outOffset[i]; o < g.outOffset[i + 1]; o++) if (index[g.linkDst[g.outLinks[o]]] >= 0) offset[index[i] + 1]++;
  }
  for (let i = 0; i < n; i++) offset[i + 1] += offset[i];
  const adj = new Int32Array(offset[n]);
  const fill = offset.slice(0, n);
  for (let k = 0; k < n; k++) {
    const i = ids[k];
    for (let o = g.outOffset[i]; o < g.outOffset[i + 1]; o++) {
      const v = index[g.linkDst[g.outLinks[o]]];
      if (v >= 0) adj[fill[k]++] = v;
    }
  }
  return { ids, offset, adj };
}

/** Work (≈ switches × switch links) above which `switchDiameterBfs` is not attempted by default. */
export const DEFAULT_BFS_WORK = 2e8;

/**
 * Largest switch-to-switch hop count between two connected switches (separate planes are separate components),
 * by a BFS from every switch; null when the work would exceed `maxWork`.
 * `sources` (graph node ids) restricts the BFS to one switch per automorphism orbit — exact only when the caller
 * knows every switch is equivalent to one of them (e.g. a Dragonfly's circulant group arrangement).
 */
export function switchDiameterBfs(g: Graph, maxWork = DEFAULT_BFS_WORK, sources?: ArrayLike<number>): number | null {
  const { ids, offset, adj } = switchSubgraph(g);
  const n = offset.length - 1;
  let from: Int32Array;
  if (sources) {
    const index = new Map<number, number>();
    for (let k = 0; k < n; k++) index.set(ids[k], k);
    from = Int32Array.from(Array.from(sources, (v) => index.get(v) ?? -1).filter((k) => k >= 0));
  } else from = Int32Array.from({ length: n }, (_, k) => k);
  if (from.length * (n + adj.length) > maxWork) return null;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  let diameter = 0;
  for (const s of from) {
    dist.fill(-1);
    dist[s] = 0;
    queue[0] = s;
    let head = 0, tail = 1;
    while (head < tail) {
      const u = queue[head++];
      for (let o = offset[u]; o < offset[u + 1]; o++) {
        const v = adj[o];
        if (dist[v] < 0) { dist[v] = dist[u] + 1; queue[tail++] = v; }
      }
    }
    const far = dist[queue[tail - 1]];
    if (far > diameter) diameter = far;
  }
  return diameter;
}
