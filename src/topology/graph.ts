/**
 * The one graph representation of a cluster, used directly by the network simulator.
 * Structure of arrays with compact integer ids: node i's attributes are `nodeKind[i]`, `nodeTier[i]`, …;
 * link j is directed from `linkSrc[j]` to `linkDst[j]`, and every physical cable is two directed links
 * (`linkReverse[j]` is the other direction). Out-links of node i are `outLinks[outOffset[i] .. outOffset[i+1])` (CSR).
 */

export const NodeKind = {
  Gpu: 0,
  Nic: 1,
  Switch: 2,
  NvSwitch: 3,
  PcieSwitch: 4,
  Host: 5,
  /** A CPU socket's PCIe root complex (switches hang off it; sockets are joined by an inter-socket link). */
  Cpu: 6,
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];
export const NODE_KIND_NAMES = ['gpu', 'nic', 'switch', 'nvswitch', 'pcie-switch', 'host', 'cpu'] as const;

export const LinkKind = {
  NvLink: 0,
  Pcie: 1,
  Ib: 2,
  Roce: 3,
} as const;
export type LinkKind = (typeof LinkKind)[keyof typeof LinkKind];
export const LINK_KIND_NAMES = ['nvlink', 'pcie', 'ib', 'roce'] as const;

export interface Graph {
  readonly nodeCount: number;
  readonly nodeKind: Uint8Array;
  /** Switch tier: 1 = leaf/ToR, 2 = spine/aggregation, 3 = core; 0 for GPUs, NICs and scale-up switches. */
  readonly nodeTier: Int8Array;
  /** Plane or rail index, −1 when not applicable. */
  readonly nodePlane: Int16Array;
  /** Group: the scale-up domain (server/rack) for GPUs, NICs and NVSwitches; the Dragonfly group or fat-tree pod for switches; −1 when none. */
  readonly nodeGroup: Int32Array;

  readonly linkCount: number;
  readonly linkSrc: Int32Array;
  readonly linkDst: Int32Array;
  readonly linkCapacityBytesPerS: Float64Array;
  readonly linkLatencyS: Float64Array;
  readonly linkKind: Uint8Array;
  /** The opposite direction of the same cable. */
  readonly linkReverse: Int32Array;

  /** CSR: out-links of node i are outLinks[outOffset[i]], …, outLinks[outOffset[i+1] − 1]. */
  readonly outOffset: Int32Array;
  readonly outLinks: Int32Array;

  /** Endpoints in rank order: GPU nodes when scale-up domains are built, else the NIC/host nodes. */
  readonly endpoints: Int32Array;
  /**
   * The node each rank plugs into the fabric with — its own NIC, or the endpoint itself — in rank order; set by
   * the cluster builders (a GPU behind a PCIe switch is no longer a neighbour of its NIC).
   */
  readonly attach?: Int32Array;
  /** Human-readable description of what was built (family and parameters). */
  readonly meta: { family: string; params: Record<string, number | string | boolean> };
}

/** Growable typed-array storage used while building; `finish()` freezes it into a CSR `Graph`. */
export class GraphBuilder {
  private nKind = new Uint8Array(1024);
  private nTier = new Int8Array(1024);
  private nPlane = new Int16Array(1024);
  private nGroup = new Int32Array(1024);
  private nodes = 0;

  private lSrc = new Int32Array(2048);
  private lDst = new Int32Array(2048);
  private lCap = new Float64Array(2048);
  private lLat = new Float64Array(2048);
  private lKind = new Uint8Array(2048);
  private links = 0;
  /** Set once `finish()` has handed exactly-sized arrays to a Graph: the next mutation copies them first. */
  private shared = false;

  /** Pre-size when the final counts are known (avoids regrowth on large builds). */
  constructor(expectedNodes = 1024, expectedDirectedLinks = 2048) {
    this.growNodes(Math.max(1, expectedNodes));
    this.growLinks(Math.max(2, expectedDirectedLinks));
  }

  get nodeCount(): number {
    return this.nodes;
  }
  get linkCount(): number {
    return this.links;
  }

  private growNodes(min: number): void {
    if (min <= this.nKind.length) return;
    const n = Math.max(min, this.nKind.length * 2);
    const k = new Uint8Array(n); k.set(this.nKind.subarray(0, this.nodes)); this.nKind = k;
    const t = new Int8Array(n); t.set(this.nTier.subarray(0, this.nodes)); this.nTier = t;
    const p = new Int16Array(n); p.set(this.nPlane.subarray(0, this.nodes)); this.nPlane = p;
    const g = new Int32Array(n); g.set(this.nGroup.subarray(0, this.nodes)); this.nGroup = g;
  }

  private growLinks(min: number): void {
    if (min <= this.lSrc.length) return;
    const n = Math.max(min, this.lSrc.length * 2);
    const s = new Int32Array(n); s.set(this.lSrc.subarray(0, this.links)); this.lSrc = s;
    const d = new Int32Array(n); d.set(this.lDst.subarray(0, this.links)); this.lDst = d;
    const c = new Float64Array(n); c.set(this.lCap.subarray(0, this.links)); this.lCap = c;
    const l = new Float64Array(n); l.set(this.lLat.subarray(0, this.links)); this.lLat = l;
    const k = new Uint8Array(n); k.set(this.lKind.subarray(0, this.links)); this.lKind = k;
  }

  addNode(kind: NodeKind, tier = 0, plane = -1, group = -1): number {
    if (this.shared) this.unshare();
    if (this.nodes === this.nKind.length) this.growNodes(this.nodes + 1);
    const id = this.nodes++;
    this.nKind[id] = kind;
    this.nTier[id] = tier;
    this.nPlane[id] = plane;
    this.nGroup[id] = group;
    return id;
  }

  /** Relabel a node's group after creation (e.g. a leaf learns its pod once pods are laid out). */
  setGroup(id: number, group: number): void {
    if (this.shared) this.unshare();
    this.nGroup[id] = group;
  }

  /** Add a full-duplex cable: two directed links with the same capacity (each direction) and latency. Returns the a→b link id; b→a is id + 1. */
  addCable(a: number, b: number, capacityBytesPerS: number, latencyS: number, kind: LinkKind): number {
    if (this.shared) this.unshare();
    if (this.links + 2 > this.lSrc.length) this.growLinks(this.links + 2);
    const id = this.links;
    this.lSrc[id] = a; this.lDst[id] = b;
    this.lSrc[id + 1] = b; this.lDst[id + 1] = a;
    this.lCap[id] = capacityBytesPerS; this.lCap[id + 1] = capacityBytesPerS;
    this.lLat[id] = latencyS; this.lLat[id + 1] = latencyS;
    this.lKind[id] = kind; this.lKind[id + 1] = kind;
    this.links += 2;
    return id;
  }

  /** Freeze into a Graph with CSR adjacency (out-links of each node in insertion order). */
  /** Give the builder its own copies of arrays that a finished Graph now holds. */
  private unshare(): void {
    this.shared = false;
    this.nKind = this.nKind.slice(); this.nTier = this.nTier.slice(); this.nPlane = this.nPlane.slice(); this.nGroup = this.nGroup.slice();
    this.lSrc = this.lSrc.slice(); this.lDst = this.lDst.slice(); this.lCap = this.lCap.slice(); this.lLat = this.lLat.slice(); this.lKind = this.lKind.slice();
  }

  finish(endpoints: Int32Array, meta: Graph['meta'], attach?: Int32Array): Graph {
    const n = this.nodes;
    const m = this.links;
    const src = this.lSrc;
    const outOffset = new Int32Array(n + 1);
    for (let j = 0; j < m; j++) outOffset[src[j] + 1]++;
    for (let i = 0; i < n; i++) outOffset[i + 1] += outOffset[i];
    const fill = outOffset.slice(0, n);
    const outLinks = new Int32Array(m);
    for (let j = 0; j < m; j++) outLinks[fill[src[j]]++] = j;
    const linkReverse = new Int32Array(m);
    for (let j = 0; j < m; j += 2) {
      linkReverse[j] = j + 1;
      linkReverse[j + 1] = j;
    }
    // Exactly-sized storage (a pre-sized builder) is handed over without a copy; the builder copies on its next change.
    let handedOver = false;
    const exact = <T extends Uint8Array | Int8Array | Int16Array | Int32Array | Float64Array>(a: T, k: number): T => {
      if (a.length !== k) return a.slice(0, k) as T;
      handedOver = true;
      return a;
    };
    const graph: Graph = {
      nodeCount: n,
      nodeKind: exact(this.nKind, n),
      nodeTier: exact(this.nTier, n),
      nodePlane: exact(this.nPlane, n),
      nodeGroup: exact(this.nGroup, n),
      linkCount: m,
      linkSrc: exact(this.lSrc, m),
      linkDst: exact(this.lDst, m),
      linkCapacityBytesPerS: exact(this.lCap, m),
      linkLatencyS: exact(this.lLat, m),
      linkKind: exact(this.lKind, m),
      linkReverse,
      outOffset,
      outLinks,
      endpoints,
      ...(attach ? { attach } : {}),
      meta,
    };
    this.shared = handedOver;
    return graph;
  }
}
