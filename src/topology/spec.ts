/**
 * What to build: a cluster = scale-up domains (nodes) + one scale-out fabric. `resolveSpec` fills defaults
 * and checks every parameter once, so builders and counters can trust their input.
 *
 * Latency defaults (per link, one direction; endpoint overhead is the simulator's business):
 * the paper's Table 5 (reference/system.md §3) gives end-to-end 64 B latency same-leaf vs cross-leaf —
 * IB 2.8 / 3.7 µs, RoCE 3.6 / 5.6 µs. A cross-leaf path crosses two more network links (leaf→spine→leaf) than a
 * same-leaf one, so one switch hop (= one network link here) costs 0.9/2 = 0.45 µs on IB and 2.0/2 = 1.0 µs on
 * RoCE. No per-hop split of NVLink's or PCIe's end-to-end figure is published: those links default to 0 s and
 * the whole NVLink 3.33 µs is endpoint overhead.
 */
import { InputError, checkNonNegativeFinite, checkOneOf, checkPositiveFinite, checkPositiveInt } from '../core/index.js';

export const FABRICS = ['ft2', 'ft3', 'mrft', 'mpft', 'sf', 'df'] as const;
export type Fabric = (typeof FABRICS)[number];
export const SCALE_OUT_KINDS = ['ib', 'roce'] as const;
export type ScaleOutKind = (typeof SCALE_OUT_KINDS)[number];

/** One switch hop on InfiniBand: (3.7 − 2.8 µs) / 2, from the paper's Table 5. */
export const IB_HOP_LATENCY_S = 0.45e-6;
/** One switch hop on RoCE: (5.6 − 3.6 µs) / 2, from the paper's Table 5. */
export const ROCE_HOP_LATENCY_S = 1.0e-6;

/**
 * The PCIe tree of an HGX-style board, when a node spec gives one: PCIe switches each host `gpusPerSwitch` GPUs and
 * their NICs (GPU i and NIC i on switch ⌊i / gpusPerSwitch⌋; every GPU/NIC ↔ switch link at the node's
 * pcieBytesPerS), each switch has one uplink to a CPU root complex, `switchesPerCpu` switches per CPU socket, and
 * the sockets are joined pairwise by an inter-socket link. Without it, each GPU reaches its NIC over one dedicated
 * PCIe link (and nothing else travels over PCIe).
 */
export interface PcieSpec {
  /** GPUs (and as many NICs) per PCIe switch; HGX H100/H800 boards: 2. */
  gpusPerSwitch: number;
  /** PCIe switches under each CPU socket's root complex; HGX boards on two sockets: 2 (4 switches). */
  switchesPerCpu: number;
  /** Switch ↔ root-complex uplink, each direction: a Gen5 x16 port, 32 GT/s × 16 lanes ÷ 8 = 64 GB/s raw. */
  uplinkBytesPerS: number;
  /**
   * Inter-socket link, each direction, as seen by PCIe peer-to-peer traffic between root complexes. An assumption
   * (no H800 board documents it): two UPI 2.0 links at 16 GT/s × 2 B = 32 GB/s each (4th-gen Xeon, the HGX H100
   * host, has up to four), i.e. 64 GB/s; measured cross-socket P2P is often lower, so set it per board.
   */
  cpuLinkBytesPerS: number;
  /** Per-link latencies; HGX_PCIE uses 0 s like the node's other PCIe links (no published per-hop split). */
  uplinkLatencyS: number;
  cpuLinkLatencyS: number;
}

/** HGX H100/H800-style PCIe tree: 4 switches of 2 GPUs + 2 NICs, 2 per socket, 2 sockets (see PcieSpec). */
export const HGX_PCIE: PcieSpec = {
  gpusPerSwitch: 2,
  switchesPerCpu: 2,
  uplinkBytesPerS: 64e9,
  cpuLinkBytesPerS: 64e9,
  uplinkLatencyS: 0,
  cpuLinkLatencyS: 0,
};

/** Most CPU sockets a node's PCIe tree may have (real boards have ≤ 8). */
export const MAX_CPUS_PER_NODE = 8;

/** A scale-up domain: GPUs on one NVSwitch fabric, one NIC per GPU behind PCIe. */
export interface NodeSpec {
  name: string;
  gpusPerNode: number;
  /** NVLink bandwidth per GPU, each direction (H800: 200 GB/s = 400 GB/s bidirectional). */
  nvlinkBytesPerS: number;
  /** NIC line rate, each direction (ConnectX-7 400 Gb/s = 50 GB/s). */
  nicBytesPerS: number;
  /** GPU↔NIC PCIe bandwidth, each direction (Gen5 x16 ≈ 64 GB/s). */
  pcieBytesPerS: number;
  nvlinkLatencyS: number;
  pcieLatencyS: number;
  /** PCIe switches and CPU root complexes; absent or null = one dedicated GPU↔NIC PCIe link per GPU. */
  pcie?: PcieSpec | null;
}

/** Node input: every field optional, the PCIe tree too (its missing fields default to HGX_PCIE). */
export type NodeInput = Partial<Omit<NodeSpec, 'pcie'>> & { pcie?: Partial<PcieSpec> | null };

export const H800_NODE: NodeSpec = {
  name: 'h800-node',
  gpusPerNode: 8,
  nvlinkBytesPerS: 200e9,
  nicBytesPerS: 50e9,
  pcieBytesPerS: 64e9,
  nvlinkLatencyS: 0,
  pcieLatencyS: 0,
};

/** GB200 NVL72-style rack: 72 GPUs in one NVLink domain, 900 GB/s each way per GPU; one 400 Gb/s NIC per GPU. */
export const NVL72_NODE: NodeSpec = {
  name: 'nvl72',
  gpusPerNode: 72,
  nvlinkBytesPerS: 900e9,
  nicBytesPerS: 50e9,
  pcieBytesPerS: 64e9,
  nvlinkLatencyS: 0,
  pcieLatencyS: 0,
};

/** Input: every field but `fabric` may be omitted. `node: null` builds bare endpoints (one host per fabric port). */
export interface ClusterSpec {
  fabric: Fabric;
  /** Switch ports (must be even). Default 64. */
  radix?: number;
  /** MPFT planes or MRFT rails; must divide the NICs per node. Default: NICs per node (8) for mpft/mrft, 1 otherwise. */
  planes?: number;
  /** Endpoints actually deployed (GPUs with nodes, hosts without). Default: the fabric's full size. */
  gpus?: number;
  /** Leaf down:up port ratio; 1 = non-blocking. */
  oversubscription?: number;
  node?: NodeInput | null;
  linkKind?: ScaleOutKind;
  /** Switch-to-switch and NIC-to-switch line rate; default the NIC rate (400G switches). */
  linkBytesPerS?: number;
  /** Per-link (per switch hop) latency; default from Table 5 for the link kind. */
  linkLatencyS?: number;
  /** Slim Fly: MMS parameter q (default: largest q whose router fits the radix). */
  q?: number;
  /** Slim Fly endpoints per router (default ⌈network radix / 2⌉). */
  sfEndpointsPerRouter?: number;
  /** Dragonfly: routers per group a, endpoints per router p, global links per router h, groups g. */
  a?: number;
  p?: number;
  h?: number;
  g?: number;
}

export interface ResolvedSpec {
  fabric: Fabric;
  radix: number;
  planes: number;
  gpus: number;
  oversubscription: number;
  /** Leaf ports towards endpoints and towards the next tier. */
  down: number;
  up: number;
  node: NodeSpec | null;
  /** Fabric ports per node (GPUs per node with nodes, 1 for bare hosts). */
  portsPerNode: number;
  linkKind: ScaleOutKind;
  linkBytesPerS: number;
  linkLatencyS: number;
  sf: { q: number; delta: number; networkRadix: number; endpointsPerRouter: number } | null;
  df: { a: number; p: number; h: number; g: number } | null;
}

export function isEvenPositive(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 2 && n % 2 === 0;
}

function resolveNode(raw: ClusterSpec['node']): NodeSpec | null {
  if (raw === null) return null;
  const { pcie, ...rest } = raw ?? {};
  const n: NodeSpec = { ...H800_NODE, ...rest };
  checkPositiveInt('node.gpusPerNode', n.gpusPerNode);
  checkPositiveFinite('node.nvlinkBytesPerS', n.nvlinkBytesPerS);
  checkPositiveFinite('node.nicBytesPerS', n.nicBytesPerS);
  checkPositiveFinite('node.pcieBytesPerS', n.pcieBytesPerS);
  checkNonNegativeFinite('node.nvlinkLatencyS', n.nvlinkLatencyS);
  checkNonNegativeFinite('node.pcieLatencyS', n.pcieLatencyS);
  if (pcie != null) n.pcie = resolvePcie(pcie, n.gpusPerNode);
  return n;
}

/** Fill a PCIe tree from HGX_PCIE and check that its switches and sockets divide the node's GPUs evenly. */
export function resolvePcie(raw: Partial<PcieSpec>, gpusPerNode: number): PcieSpec {
  const p: PcieSpec = { ...HGX_PCIE, ...raw };
  checkPositiveInt('node.pcie.gpusPerSwitch', p.gpusPerSwitch);
  if (gpusPerNode % p.gpusPerSwitch !== 0)
    throw new InputError('node.pcie.gpusPerSwitch', p.gpusPerSwitch, `a divisor of the ${gpusPerNode} GPUs per node`);
  const switches = gpusPerNode / p.gpusPerSwitch;
  checkPositiveInt('node.pcie.switchesPerCpu', p.switchesPerCpu);
  if (switches % p.switchesPerCpu !== 0)
    throw new InputError('node.pcie.switchesPerCpu', p.switchesPerCpu, `a divisor of the ${switches} PCIe switches per node`);
  if (switches / p.switchesPerCpu > MAX_CPUS_PER_NODE)
    throw new InputError('node.pcie.switchesPerCpu', p.switchesPerCpu, `at least ${Math.ceil(switches / MAX_CPUS_PER_NODE)} (at most ${MAX_CPUS_PER_NODE} CPU sockets per node)`);
  checkPositiveFinite('node.pcie.uplinkBytesPerS', p.uplinkBytesPerS);
  checkPositiveFinite('node.pcie.cpuLinkBytesPerS', p.cpuLinkBytesPerS);
  checkNonNegativeFinite('node.pcie.uplinkLatencyS', p.uplinkLatencyS);
  checkNonNegativeFinite('node.pcie.cpuLinkLatencyS', p.cpuLinkLatencyS);
  return p;
}

/** Switches, CPU sockets and inter-socket links (full mesh) of a node's PCIe tree. */
export function pcieShape(gpusPerNode: number, p: PcieSpec): { switches: number; cpus: number; cpuLinks: number } {
  const switches = gpusPerNode / p.gpusPerSwitch;
  const cpus = switches / p.switchesPerCpu;
  return { switches, cpus, cpuLinks: (cpus * (cpus - 1)) / 2 };
}

/** q = 4w + δ with δ ∈ {−1, 0, 1}; q ≡ 2 (mod 4) has no MMS graph. */
export function mmsDelta(q: number): number {
  const r = q % 4;
  if (r === 2) throw new InputError('q', q, 'an integer q ≥ 3 with q mod 4 ≠ 2 (q = 4w + δ, δ ∈ {−1, 0, 1})');
  return r === 3 ? -1 : r;
}

export function sfNetworkRadix(q: number): number {
  return (3 * q - mmsDelta(q)) / 2;
}

/** Largest q (q mod 4 ≠ 2) whose router, network radix k' plus ⌈k'/2⌉ endpoints, fits in `radix` ports. */
export function sfDefaultQ(radix: number): number {
  let best = 0;
  for (let q = 3; ; q++) {
    if (q % 4 === 2) continue;
    const k = sfNetworkRadix(q);
    if (k + Math.ceil(k / 2) > radix) break;
    best = q;
  }
  if (best === 0) throw new InputError('radix', radix, 'at least 6 ports for a Slim Fly');
  return best;
}

/** Fat-tree leaf split of `radix` ports at down:up = oversubscription. */
function leafSplit(radix: number, o: number): { down: number; up: number } {
  const up = radix / (1 + o);
  const down = radix - up;
  const okInt = (x: number) => Math.abs(x - Math.round(x)) < 1e-9 && Math.round(x) >= 1;
  if (!okInt(up) || !okInt(down))
    throw new InputError('oversubscription', o, `a down:up ratio that splits ${radix} ports into whole numbers (e.g. 1, 3)`);
  return { down: Math.round(down), up: Math.round(up) };
}

export function resolveSpec(spec: ClusterSpec): ResolvedSpec {
  const fabric = checkOneOf('fabric', spec.fabric, FABRICS);
  const radix = spec.radix ?? 64;
  if (!isEvenPositive(radix) || radix < 4) throw new InputError('radix', radix, 'an even integer ≥ 4');
  const node = resolveNode(spec.node);
  const portsPerNode = node ? node.gpusPerNode : 1;
  const multiPlane = fabric === 'mpft' || fabric === 'mrft';
  const planes = spec.planes ?? (multiPlane ? portsPerNode : 1);
  checkPositiveInt('planes', planes);
  if (!multiPlane && planes !== 1) throw new InputError('planes', planes, `1 for ${fabric} (planes/rails apply to mpft and mrft)`);
  if (multiPlane && portsPerNode % planes !== 0)
    throw new InputError('planes', planes, `a divisor of the ${portsPerNode} NICs per node`);
  const oversubscription = spec.oversubscription ?? 1;
  checkPositiveFinite('oversubscription', oversubscription);
  if ((fabric === 'sf' || fabric === 'df') && oversubscription !== 1)
    throw new InputError('oversubscription', oversubscription, `1 for ${fabric} (oversubscription applies to fat trees)`);
  const { down, up } = fabric === 'sf' || fabric === 'df' ? { down: 0, up: 0 } : leafSplit(radix, oversubscription);
  const linkKind = checkOneOf('linkKind', spec.linkKind ?? 'ib', SCALE_OUT_KINDS);
  const linkBytesPerS = checkPositiveFinite('linkBytesPerS', spec.linkBytesPerS ?? node?.nicBytesPerS ?? 50e9);
  const linkLatencyS = checkNonNegativeFinite('linkLatencyS', spec.linkLatencyS ?? (linkKind === 'ib' ? IB_HOP_LATENCY_S : ROCE_HOP_LATENCY_S));

  let sf: ResolvedSpec['sf'] = null;
  let df: ResolvedSpec['df'] = null;
  if (fabric === 'sf') {
    const q = spec.q ?? sfDefaultQ(radix);
    if (!Number.isSafeInteger(q) || q < 3) throw new InputError('q', q, 'an integer ≥ 3');
    const delta = mmsDelta(q);
    const networkRadix = sfNetworkRadix(q);
    const endpointsPerRouter = spec.sfEndpointsPerRouter ?? Math.ceil(networkRadix / 2);
    checkPositiveInt('sfEndpointsPerRouter', endpointsPerRouter);
    if (networkRadix + endpointsPerRouter > radix)
      throw new InputError('q', q, `a q whose router (${networkRadix} network + ${endpointsPerRouter} endpoint ports) fits radix ${radix}`);
    sf = { q, delta, networkRadix, endpointsPerRouter };
  } else if (fabric === 'df') {
    const h = spec.h ?? Math.floor((radix + 1) / 4);
    const a = spec.a ?? 2 * h;
    const p = spec.p ?? h;
    checkPositiveInt('h', h);
    if (!Number.isSafeInteger(a) || a < 2) throw new InputError('a', a, 'an integer ≥ 2');
    checkPositiveInt('p', p);
    const g = spec.g ?? a * h + 1;
    if (!Number.isSafeInteger(g) || g < 2 || g > a * h + 1) throw new InputError('g', g, `an integer from 2 to a·h + 1 = ${a * h + 1}`);
    if (a - 1 + p + h > radix) throw new InputError('radix', radix, `at least a − 1 + p + h = ${a - 1 + p + h} ports for this Dragonfly`);
    df = { a, p, h, g };
  }

  const capacity = endpointCapacity(fabric, radix, down, planes, sf, df);
  const fullGpus = Math.floor(capacity / portsPerNode) * portsPerNode;
  // MRFT defaults to its two-tier size (radix · down); larger MRFTs (three tiers) only on request.
  const defaultGpus = fabric === 'mrft' ? Math.floor(Math.min(capacity, radix * down) / portsPerNode) * portsPerNode : fullGpus;
  const gpus = spec.gpus ?? defaultGpus;
  checkPositiveInt('gpus', gpus);
  if (gpus % portsPerNode !== 0) throw new InputError('gpus', gpus, `a multiple of the ${portsPerNode} GPUs per node`);
  if (gpus > capacity) throw new InputError('gpus', gpus, `at most ${fullGpus} (the ports of this ${fabric} at radix ${radix})`);
  return { fabric, radix, planes, gpus, oversubscription, down, up, node, portsPerNode, linkKind, linkBytesPerS, linkLatencyS, sf, df };
}

/** Most endpoints the fabric can attach (before rounding to whole nodes). */
export function endpointCapacity(fabric: Fabric, radix: number, down: number, planes: number, sf: ResolvedSpec['sf'], df: ResolvedSpec['df']): number {
  switch (fabric) {
    case 'ft2':
      return radix * down;
    case 'mpft':
      return planes * radix * down;
    case 'ft3':
    case 'mrft':
      // Three tiers: at most `radix` pods of radix/2 leaves (MRFT uses two tiers while its leaves fit).
      return radix * (radix / 2) * down;
    case 'sf':
      return 2 * sf!.q * sf!.q * sf!.endpointsPerRouter;
    case 'df':
      return df!.g * df!.a * df!.p;
  }
}
