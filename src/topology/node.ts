/**
 * Scale-up domains: each node is GPUs on one NVSwitch (the NVSwitch chips of a node, modelled as one
 * non-blocking switch), and one NIC per GPU behind a GPU↔NIC PCIe link — or, when the node spec has a PCIe tree,
 * GPUs and NICs on PCIe switches under CPU root complexes (see PcieSpec). Without a node spec, each endpoint is a
 * bare host that plugs straight into the fabric.
 */
import { LinkKind, NodeKind, type GraphBuilder } from './graph.js';
import { pcieShape, type NodeSpec, type PcieSpec, type ResolvedSpec } from './spec.js';

export interface Domains {
  /** Endpoint (GPU or host) node id per rank; rank = node · gpusPerNode + localIndex. */
  endpoints: Int32Array;
  /** The node that plugs into the fabric for each rank: its NIC, or the host itself. */
  attach: Int32Array;
}

/** Plane (MPFT) or rail (MRFT) of NIC `local` of a node: NIC i → i mod planes; single-plane fabrics keep rail i. */
export function railOf(s: ResolvedSpec, local: number): number {
  return s.fabric === 'mpft' || s.fabric === 'mrft' ? local % s.planes : local;
}

export function addDomains(b: GraphBuilder, s: ResolvedSpec): Domains {
  const n = s.gpus;
  const endpoints = new Int32Array(n);
  const attach = new Int32Array(n);
  const node = s.node;
  if (!node) {
    for (let r = 0; r < n; r++) {
      const id = b.addNode(NodeKind.Host, 0, -1, -1);
      endpoints[r] = id;
      attach[r] = id;
    }
    return { endpoints, attach };
  }
  const per = node.gpusPerNode;
  const nodes = n / per;
  if (node.pcie) {
    for (let k = 0; k < nodes; k++) addSwitchedNode(b, s, node, node.pcie, k, endpoints, attach);
    return { endpoints, attach };
  }
  for (let k = 0; k < nodes; k++) {
    const nvs = b.addNode(NodeKind.NvSwitch, 0, -1, k);
    for (let i = 0; i < per; i++) {
      const rail = railOf(s, i);
      const gpu = b.addNode(NodeKind.Gpu, 0, rail, k);
      const nic = b.addNode(NodeKind.Nic, 0, rail, k);
      b.addCable(gpu, nvs, node.nvlinkBytesPerS, node.nvlinkLatencyS, LinkKind.NvLink);
      b.addCable(gpu, nic, node.pcieBytesPerS, node.pcieLatencyS, LinkKind.Pcie);
      endpoints[k * per + i] = gpu;
      attach[k * per + i] = nic;
    }
  }
  return { endpoints, attach };
}

/**
 * One node with a PCIe tree: root complexes (one per socket, joined pairwise), PCIe switches each with an
 * uplink to its socket, and GPU i and NIC i on switch ⌊i / gpusPerSwitch⌋. Node groups = the node index, so PCIe
 * switches and root complexes belong to their node like its GPUs and NICs.
 */
function addSwitchedNode(b: GraphBuilder, s: ResolvedSpec, node: NodeSpec, p: PcieSpec, k: number, endpoints: Int32Array, attach: Int32Array): void {
  const per = node.gpusPerNode;
  const { switches, cpus } = pcieShape(per, p);
  const nvs = b.addNode(NodeKind.NvSwitch, 0, -1, k);
  const cpu = new Int32Array(cpus);
  for (let c = 0; c < cpus; c++) cpu[c] = b.addNode(NodeKind.Cpu, 0, -1, k);
  for (let c = 0; c < cpus; c++)
    for (let d = c + 1; d < cpus; d++) b.addCable(cpu[c], cpu[d], p.cpuLinkBytesPerS, p.cpuLinkLatencyS, LinkKind.Pcie);
  const sw = new Int32Array(switches);
  for (let w = 0; w < switches; w++) {
    sw[w] = b.addNode(NodeKind.PcieSwitch, 0, -1, k);
    b.addCable(sw[w], cpu[Math.floor(w / p.switchesPerCpu)], p.uplinkBytesPerS, p.uplinkLatencyS, LinkKind.Pcie);
  }
  for (let i = 0; i < per; i++) {
    const rail = railOf(s, i);
    const gpu = b.addNode(NodeKind.Gpu, 0, rail, k);
    const nic = b.addNode(NodeKind.Nic, 0, rail, k);
    const home = sw[Math.floor(i / p.gpusPerSwitch)];
    b.addCable(gpu, nvs, node.nvlinkBytesPerS, node.nvlinkLatencyS, LinkKind.NvLink);
    b.addCable(gpu, home, node.pcieBytesPerS, node.pcieLatencyS, LinkKind.Pcie);
    b.addCable(nic, home, node.pcieBytesPerS, node.pcieLatencyS, LinkKind.Pcie);
    endpoints[k * per + i] = gpu;
    attach[k * per + i] = nic;
  }
}

/** Capacity of the NIC (or host) ↔ switch cable. */
export function hostLinkBytesPerS(s: ResolvedSpec): number {
  return s.node ? s.node.nicBytesPerS : s.linkBytesPerS;
}

export function scaleOutLinkKind(s: ResolvedSpec): LinkKind {
  return s.linkKind === 'ib' ? LinkKind.Ib : LinkKind.Roce;
}

/** Nodes and directed links the domains add (for pre-sizing the builder). */
export function domainSize(s: ResolvedSpec): { nodes: number; directedLinks: number } {
  if (!s.node) return { nodes: s.gpus, directedLinks: 0 };
  const nodes = s.gpus / s.node.gpusPerNode;
  if (s.node.pcie) {
    const t = pcieShape(s.node.gpusPerNode, s.node.pcie);
    return { nodes: 2 * s.gpus + nodes * (1 + t.switches + t.cpus), directedLinks: 6 * s.gpus + 2 * nodes * (t.switches + t.cpuLinks) };
  }
  return { nodes: 2 * s.gpus + nodes, directedLinks: 4 * s.gpus };
}
