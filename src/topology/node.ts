/**
 * Scale-up domains: each node is GPUs on one NVSwitch (the NVSwitch chips of a node, modelled as one
 * non-blocking switch), and one NIC per GPU behind a GPU↔NIC PCIe link. Without a node spec, each endpoint is a
 * bare host that plugs straight into the fabric.
 */
import { LinkKind, NodeKind, type GraphBuilder } from './graph.js';
import type { ResolvedSpec } from './spec.js';

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
  return { nodes: 2 * s.gpus + s.gpus / s.node.gpusPerNode, directedLinks: 4 * s.gpus };
}
