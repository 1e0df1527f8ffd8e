/**
 * Routing on a cluster Graph: shortest paths (by hops) over live links, through switches, NICs and NVSwitches
 * (GPUs and hosts never forward on their own). Modes:
 * - `ecmp`: one path per flow, the next hop at each switch picked by a seeded hash of (source, destination,
 *   flow label, switch) — never by input position;
 * - `spray`: packet spraying, the flow split equally over the equal-cost next hops at every switch;
 * - `adaptive`: load-aware spraying: at each switch the flow goes to the least-loaded equal-cost next hop(s)
 *   (bytes already routed ÷ capacity); it depends on the order flows are routed, so callers route in a fixed
 *   canonical order;
 * - `static`: destination-based (d-mod-k): next hop index = destination mod the number of choices.
 * Intra-node forwarding (NCCL PXN): a flow to another node's GPU on a different plane/rail first crosses NVLink
 * (or PCIe, when so configured and wired) to the local GPU on the destination's plane, then the scale-out fabric.
 * Nodes wired through PCIe switches (graph.attach set, GPUs not adjacent to their NICs) are routed by segments, so
 * that a GPU uses its own NIC, never a neighbour's on the same switch: GPU → own NIC over PCIe, NIC → NIC over the
 * scale-out links (ECMP hashes on that NIC pair), NIC → GPU over PCIe; inside a node NVLink first, PCIe
 * peer-to-peer if NVLink is down. PCIe forwarding there relays at the NIC of the destination's plane nearest over
 * PCIe (same switch, else through the root complex, else across sockets) instead of at a GPU.
 */
import { InputError } from '../core/index.js';
import { LinkKind, NodeKind, type Graph } from '../topology/index.js';
import { endpointOverheadS, kindRank, type LatencyModel } from './latency.js';

export const ROUTING_MODES = ['ecmp', 'spray', 'adaptive', 'static'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];
export const FORWARDING_MODES = ['nvlink', 'pcie', 'none'] as const;
export type Forwarding = (typeof FORWARDING_MODES)[number];

export interface RouterOptions {
  mode: RoutingMode;
  seed: number;
  forwarding: Forwarding;
  /** Live capacity per link (0 = down). */
  capacityBytesPerS: Float64Array;
  latency: LatencyModel;
  /** GPU-initiated transfers (IBGDA): endpoint overhead from latency.gpuInitiatedEndpointS. */
  gpuInitiated?: boolean;
}

const ALL_KINDS = 0xff;
const NVLINK_ONLY = 1 << LinkKind.NvLink;
const PCIE_ONLY = 1 << LinkKind.Pcie;
const SCALE_OUT_ONLY = (1 << LinkKind.Ib) | (1 << LinkKind.Roce);
const UNREACHED = 255;

function isTransit(kind: number): boolean {
  return kind === NodeKind.Switch || kind === NodeKind.Nic || kind === NodeKind.NvSwitch || kind === NodeKind.PcieSwitch || kind === NodeKind.Cpu;
}

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Next-hop lists toward one (destination, link-kind mask), per node, valid while `stamp[v] === epoch`. */
class CandidateCache {
  dst = -1;
  mask = -1;
  used = 0;
  epoch = 0;
  readonly stamp: Int32Array;
  readonly off: Int32Array;
  readonly len: Int32Array;
  pool = new Int32Array(1024);
  private fill = 0;

  constructor(nodes: number) {
    this.stamp = new Int32Array(nodes);
    this.off = new Int32Array(nodes);
    this.len = new Int32Array(nodes);
  }

  reset(dst: number, mask: number): void {
    this.dst = dst;
    this.mask = mask;
    this.fill = 0;
    if (++this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }

  store(v: number, cand: Int32Array, c: number): void {
    if (this.fill + c > this.pool.length) {
      const p = new Int32Array(Math.max(this.pool.length * 2, this.fill + c));
      p.set(this.pool);
      this.pool = p;
    }
    this.pool.set(cand.subarray(0, c), this.fill);
    this.stamp[v] = this.epoch;
    this.off[v] = this.fill;
    this.len[v] = c;
    this.fill += c;
  }
}

export class Router {
  /** The last route: links and their coefficients (fractions of the flow), `count` entries. */
  links: Int32Array;
  coefs: Float64Array;
  count = 0;
  /** Fixed latency of the last route (endpoint overhead + link latencies), seconds. */
  latencyS = 0;
  /** The link-latency part of latencyS (no endpoint overhead). */
  pathLinkLatencyS = 0;
  /** Whether the last route went through an intra-node relay (PXN). */
  relayed = false;

  private readonly g: Graph;
  private readonly o: RouterOptions;
  private readonly slot: Int32Array;
  private readonly cache = new Map<number, Uint8Array>();
  private readonly maxCache: number;
  private readonly queue: Int32Array;
  private readonly frac: Float64Array;
  private readonly inFrontier: Uint8Array;
  private frontier: Int32Array;
  private next: Int32Array;
  private readonly cand = new Int32Array(1024);
  private readonly candCache: CandidateCache[];
  private candTick = 0;
  private readonly assigned: Float64Array;
  private readonly rail: Int32Array;
  private readonly relayOf = new Map<number, number>();
  /** Own NIC per GPU node, on graphs whose GPUs reach their NICs through PCIe switches (else null). */
  private readonly nicOf: Int32Array | null = null;
  /** NICs per (node group, plane), for PCIe forwarding on such graphs. */
  private readonly nicsOn = new Map<number, number[]>();
  /** PCIe relay candidates per (source GPU, plane): that plane's NICs reachable over live PCIe, nearest first. */
  private readonly pcieRelays = new Map<number, Int32Array>();
  private rankSeen = 0;
  private linkLatSum = 0;

  constructor(graph: Graph, opts: RouterOptions) {
    this.g = graph;
    this.o = opts;
    this.slot = new Int32Array(graph.linkCount).fill(-1);
    this.links = new Int32Array(64);
    this.coefs = new Float64Array(64);
    this.queue = new Int32Array(graph.nodeCount);
    this.frac = new Float64Array(graph.nodeCount);
    this.inFrontier = new Uint8Array(graph.nodeCount);
    this.frontier = new Int32Array(256);
    this.next = new Int32Array(256);
    this.assigned = new Float64Array(graph.linkCount);
    this.candCache = [new CandidateCache(graph.nodeCount), new CandidateCache(graph.nodeCount)];
    this.maxCache = Math.max(64, Math.floor(64e6 / Math.max(1, graph.nodeCount)));
    // Rail/plane of each GPU: its own plane, else its NIC's.
    this.rail = new Int32Array(graph.nodeCount).fill(-1);
    for (let v = 0; v < graph.nodeCount; v++) {
      const k = graph.nodeKind[v];
      if (k !== NodeKind.Gpu && k !== NodeKind.Host) continue;
      let r = graph.nodePlane[v];
      if (r < 0) {
        for (let e = graph.outOffset[v]; e < graph.outOffset[v + 1]; e++) {
          const w = graph.linkDst[graph.outLinks[e]];
          if (graph.nodeKind[w] === NodeKind.Nic && graph.nodePlane[w] >= 0) { r = graph.nodePlane[w]; break; }
        }
      }
      this.rail[v] = r;
      if (r >= 0 && graph.nodeGroup[v] >= 0) {
        const key = graph.nodeGroup[v] * 65536 + r;
        if (!this.relayOf.has(key)) this.relayOf.set(key, v);
      }
    }
    let switched = false;
    for (let v = 0; v < graph.nodeCount && !switched; v++) switched = graph.nodeKind[v] === NodeKind.PcieSwitch;
    if (switched && graph.attach) {
      this.nicOf = new Int32Array(graph.nodeCount).fill(-1);
      for (let r = 0; r < graph.endpoints.length; r++) if (graph.attach[r] !== graph.endpoints[r]) this.nicOf[graph.endpoints[r]] = graph.attach[r];
      for (let v = 0; v < graph.nodeCount; v++) {
        if (graph.nodeKind[v] !== NodeKind.Nic || graph.nodePlane[v] < 0 || graph.nodeGroup[v] < 0) continue;
        const key = graph.nodeGroup[v] * 65536 + graph.nodePlane[v];
        const list = this.nicsOn.get(key);
        if (list) list.push(v);
        else this.nicsOn.set(key, [v]);
      }
    }
  }

  /** Plane/rail of an endpoint node (−1 when none). */
  railOf(node: number): number {
    return this.rail[node];
  }

  /** Local GPU of `group` on plane/rail `rail` (−1 when none). */
  relayFor(group: number, rail: number): number {
    return this.relayOf.get(group * 65536 + rail) ?? -1;
  }

  /** Hops from every node to `dst` over live links of the kinds in `mask`, forwarding only through transit nodes. */
  private dist(dst: number, mask: number): Uint8Array {
    const key = dst * 4 + (mask === ALL_KINDS ? 0 : mask === NVLINK_ONLY ? 1 : mask === PCIE_ONLY ? 2 : 3);
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (this.cache.size >= this.maxCache) this.cache.clear();
    const g = this.g;
    const cap = this.o.capacityBytesPerS;
    const d = new Uint8Array(g.nodeCount).fill(UNREACHED);
    const q = this.queue;
    let head = 0;
    let tail = 0;
    d[dst] = 0;
    q[tail++] = dst;
    while (head < tail) {
      const v = q[head++];
      if (v !== dst && !isTransit(g.nodeKind[v])) continue;
      const dv = d[v] + 1;
      if (dv >= UNREACHED) continue;
      for (let e = g.outOffset[v]; e < g.outOffset[v + 1]; e++) {
        const j = g.outLinks[e];
        const r = g.linkReverse[j]; // u → v
        if (!(cap[r] > 0) || ((1 << g.linkKind[r]) & mask) === 0) continue;
        const u = g.linkSrc[r];
        if (d[u] !== UNREACHED) continue;
        d[u] = dv;
        q[tail++] = u;
      }
    }
    this.cache.set(key, d);
    return d;
  }

  private addUse(l: number, w: number): void {
    const s = this.slot[l];
    if (s >= 0) {
      this.coefs[s] += w;
      return;
    }
    if (this.count === this.links.length) {
      const nl = new Int32Array(this.count * 2); nl.set(this.links); this.links = nl;
      const nc = new Float64Array(this.count * 2); nc.set(this.coefs); this.coefs = nc;
    }
    this.slot[l] = this.count;
    this.links[this.count] = l;
    this.coefs[this.count] = w;
    this.count++;
  }

  /**
   * Equal-cost next hops of v toward dst into this.cand; returns how many. Memoized per (dst, mask) in two
   * slots (a relayed route alternates two keys): every source routed to the same destination reuses the lists.
   */
  private candidates(v: number, dst: number, d: Uint8Array, mask: number): number {
    // Few out-links (GPUs, NICs): scanning is as cheap as the cache, and a source is rarely revisited.
    if (this.g.outOffset[v + 1] - this.g.outOffset[v] <= 4) return this.scanCandidates(v, dst, d, mask);
    const tick = ++this.candTick;
    let slot = this.candCache[0];
    if (slot.dst !== dst || slot.mask !== mask) {
      const other = this.candCache[1];
      if (other.dst === dst && other.mask === mask) slot = other;
      else {
        slot = this.candCache[0].used < other.used ? this.candCache[0] : other;
        slot.reset(dst, mask);
      }
    }
    slot.used = tick;
    if (slot.stamp[v] === slot.epoch) {
      const off = slot.off[v];
      const c = slot.len[v];
      for (let k = 0; k < c; k++) this.cand[k] = slot.pool[off + k];
      return c;
    }
    const c = this.scanCandidates(v, dst, d, mask);
    slot.store(v, this.cand, c);
    return c;
  }

  private scanCandidates(v: number, dst: number, d: Uint8Array, mask: number): number {
    const g = this.g;
    const cap = this.o.capacityBytesPerS;
    const want = d[v] - 1;
    let c = 0;
    for (let e = g.outOffset[v]; e < g.outOffset[v + 1]; e++) {
      const j = g.outLinks[e];
      if (!(cap[j] > 0) || ((1 << g.linkKind[j]) & mask) === 0) continue;
      const w = g.linkDst[j];
      if (d[w] !== want || (w !== dst && !isTransit(g.nodeKind[w]))) continue;
      if (c < this.cand.length) this.cand[c++] = j;
    }
    return c;
  }

  /** Route one leg src → dst with weight `weight`; false when no live path. */
  private leg(src: number, dst: number, label: number, weight: number, mask: number, bytes: number): boolean {
    if (src === dst) return true;
    const d = this.dist(dst, mask);
    if (d[src] === UNREACHED) return false;
    const g = this.g;
    const mode = this.o.mode;
    // Latency along the first-choice path, and the overhead class (ECMP/static: along the chosen path, below).
    if (mode !== 'ecmp' && mode !== 'static') {
      let v = src;
      while (v !== dst) {
        this.candidates(v, dst, d, mask);
        const j = this.cand[0];
        this.linkLatSum += g.linkLatencyS[j];
        if (kindRank(g.linkKind[j]) > this.rankSeen) this.rankSeen = kindRank(g.linkKind[j]);
        v = g.linkDst[j];
      }
    }
    if (mode === 'ecmp' || mode === 'static') {
      let v = src;
      const h0 = mix(mix(mix(this.o.seed * 0x9e3779b1, src), dst), label);
      while (v !== dst) {
        const c = this.candidates(v, dst, d, mask);
        const pick = c === 1 ? 0 : mode === 'ecmp' ? mix(h0, v) % c : dst % c;
        const j = this.cand[pick];
        this.addUse(j, weight);
        this.linkLatSum += g.linkLatencyS[j];
        if (kindRank(g.linkKind[j]) > this.rankSeen) this.rankSeen = kindRank(g.linkKind[j]);
        v = g.linkDst[j];
      }
      return true;
    }
    // Spraying: propagate fractions level by level.
    let nf = 1;
    this.frontier[0] = src;
    this.frac[src] = weight;
    while (nf > 0) {
      let nn = 0;
      for (let i = 0; i < nf; i++) {
        const v = this.frontier[i];
        const fv = this.frac[v];
        this.frac[v] = 0;
        this.inFrontier[v] = 0;
        if (v === dst) continue;
        const c = this.candidates(v, dst, d, mask);
        let chosen = c;
        if (mode === 'adaptive' && c > 1) {
          // Least loaded (bytes ÷ capacity); ties share equally.
          let best = Infinity;
          const cap = this.o.capacityBytesPerS;
          for (let k = 0; k < c; k++) best = Math.min(best, this.assigned[this.cand[k]] / cap[this.cand[k]]);
          chosen = 0;
          for (let k = 0; k < c; k++) {
            const j = this.cand[k];
            if (this.assigned[j] / cap[j] <= best * (1 + 1e-12)) this.cand[chosen++] = j;
          }
        }
        const share = fv / chosen;
        for (let k = 0; k < chosen; k++) {
          const j = this.cand[k];
          this.addUse(j, share);
          if (mode === 'adaptive') this.assigned[j] += share * bytes;
          const w = g.linkDst[j];
          if (!this.inFrontier[w]) {
            this.inFrontier[w] = 1;
            if (nn === this.next.length) {
              const a = new Int32Array(nn * 2); a.set(this.next); this.next = a;
            }
            this.next[nn++] = w;
          }
          this.frac[w] += share;
        }
      }
      const t = this.frontier;
      this.frontier = this.next;
      this.next = t;
      nf = nn;
    }
    return true;
  }

  /**
   * Route src → dst (graph node ids). On success the usage is in links/coefs[0..count), the latency in
   * latencyS; returns false when no live path exists (the flow is unroutable).
   */
  route(src: number, dst: number, label = 0, bytes = 0): boolean {
    for (let i = 0; i < this.count; i++) this.slot[this.links[i]] = -1;
    this.count = 0;
    this.latencyS = 0;
    this.relayed = false;
    this.rankSeen = 0;
    this.linkLatSum = 0;
    this.pathLinkLatencyS = 0;
    if (src === dst) {
      this.latencyS = 0;
      return true;
    }
    if (this.nicOf !== null && this.nicOf[src] >= 0 && this.nicOf[dst] >= 0) return this.finishRoute(this.routeSwitched(src, dst, label, bytes));
    const g = this.g;
    const gs = g.nodeGroup[src];
    const crossNode = gs < 0 || gs !== g.nodeGroup[dst];
    const rs = this.rail[src];
    const rd = this.rail[dst];
    let ok = false;
    if (this.o.forwarding !== 'none' && crossNode && gs >= 0 && rs >= 0 && rd >= 0 && rs !== rd) {
      const relay = this.relayFor(gs, rd);
      if (relay >= 0) {
        const mask = this.o.forwarding === 'nvlink' ? NVLINK_ONLY : PCIE_ONLY;
        ok = this.leg(src, relay, label, 1, mask, bytes) && this.leg(relay, dst, label, 1, ALL_KINDS, bytes);
        if (ok) this.relayed = true;
        else {
          for (let i = 0; i < this.count; i++) this.slot[this.links[i]] = -1;
          this.count = 0;
          this.rankSeen = 0;
          this.linkLatSum = 0;
        }
      }
    }
    if (!ok) ok = this.leg(src, dst, label, 1, ALL_KINDS, bytes);
    return this.finishRoute(ok);
  }

  /** Drop the partial usage of a failed route, or set the latency of a successful one. */
  private finishRoute(ok: boolean): boolean {
    if (!ok) {
      for (let i = 0; i < this.count; i++) this.slot[this.links[i]] = -1;
      this.count = 0;
      return false;
    }
    const kind = this.rankSeen === 3 ? LinkKind.Roce : this.rankSeen === 2 ? LinkKind.Ib : this.rankSeen === 1 ? LinkKind.Pcie : LinkKind.NvLink;
    this.pathLinkLatencyS = this.linkLatSum;
    this.latencyS = endpointOverheadS(this.o.latency, kind, this.o.gpuInitiated ?? false) + this.linkLatSum;
    return true;
  }

  private clearRoute(): void {
    for (let i = 0; i < this.count; i++) this.slot[this.links[i]] = -1;
    this.count = 0;
    this.rankSeen = 0;
    this.linkLatSum = 0;
  }

  /**
   * src → `hop` over `hopMask` links (skipped when hop < 0: the PXN relay GPU), → NIC `out` over PCIe, → the
   * destination's own NIC over the scale-out links only (never through another node's PCIe switch), → dst over PCIe.
   */
  private viaNic(src: number, hop: number, hopMask: number, out: number, dst: number, label: number, bytes: number): boolean {
    const nicD = this.nicOf![dst];
    const ok =
      (hop < 0 || this.leg(src, hop, label, 1, hopMask, bytes)) &&
      this.leg(hop < 0 ? src : hop, out, label, 1, PCIE_ONLY, bytes) &&
      this.leg(out, nicD, label, 1, SCALE_OUT_ONLY, bytes) &&
      this.leg(nicD, dst, label, 1, PCIE_ONLY, bytes);
    if (!ok) this.clearRoute();
    return ok;
  }

  /** The NICs of plane `rail` in `src`'s node that `src` reaches over live PCIe, nearest first (ties by id); cached. */
  private pcieRelaysOf(src: number, group: number, rail: number): Int32Array {
    const key = src * 65536 + rail;
    const hit = this.pcieRelays.get(key);
    if (hit) return hit;
    const hops = (v: number): number => this.dist(v, PCIE_ONLY)[src];
    const list = (this.nicsOn.get(group * 65536 + rail) ?? []).filter((v) => hops(v) !== UNREACHED);
    list.sort((a, b) => hops(a) - hops(b) || a - b);
    const out = Int32Array.from(list);
    this.pcieRelays.set(key, out);
    return out;
  }

  /** Routing on nodes wired through PCIe switches (see the header). */
  private routeSwitched(src: number, dst: number, label: number, bytes: number): boolean {
    const g = this.g;
    const nicOf = this.nicOf!;
    const gs = g.nodeGroup[src];
    if (gs >= 0 && gs === g.nodeGroup[dst]) {
      if (this.leg(src, dst, label, 1, NVLINK_ONLY, bytes)) return true;
      return this.leg(src, dst, label, 1, PCIE_ONLY, bytes);
    }
    const rs = this.rail[src];
    const rd = this.rail[dst];
    const fwd = this.o.forwarding;
    if (fwd !== 'none' && gs >= 0 && rs >= 0 && rd >= 0 && rs !== rd) {
      if (fwd === 'nvlink') {
        const relay = this.relayFor(gs, rd);
        if (relay >= 0 && nicOf[relay] >= 0 && this.viaNic(src, relay, NVLINK_ONLY, nicOf[relay], dst, label, bytes)) return (this.relayed = true);
      } else {
        const nics = this.pcieRelaysOf(src, gs, rd);
        for (let i = 0; i < nics.length; i++) if (this.viaNic(src, -1, 0, nics[i], dst, label, bytes)) return (this.relayed = true);
      }
    }
    return this.viaNic(src, -1, 0, nicOf[src], dst, label, bytes);
  }
}

export function checkRoutingMode(field: string, v: unknown): RoutingMode {
  if (typeof v !== 'string' || !(ROUTING_MODES as readonly string[]).includes(v)) throw new InputError(field, v, `one of ${ROUTING_MODES.join(', ')}`);
  return v as RoutingMode;
}
