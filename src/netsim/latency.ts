/**
 * Fixed latency of a message: endpoint overhead + the graph's per-link latencies along its path.
 * The topology puts the network part of the paper's Table 5 on the links (IB 0.45 µs, RoCE 1.0 µs per switch
 * hop = per network link); what is left of Table 5's same-leaf figure (two network links) is endpoint overhead:
 * IB 2.8 − 0.9 = 1.9 µs, RoCE 3.6 − 2.0 = 1.6 µs, NVLink 3.33 µs (no published per-hop split, links are 0 s).
 * These are CPU-initiated end-to-end figures; GPU-initiated transfers (IBGDA, as DeepEP uses) skip the host
 * proxy, so their overhead is a separate parameter (an assumption: no published figure).
 */
import { LinkKind } from '../topology/index.js';

export interface LatencyModel {
  ibEndpointS: number;
  roceEndpointS: number;
  nvlinkEndpointS: number;
  pcieEndpointS: number;
  /** Endpoint overhead of a GPU-initiated transfer (any link kind). */
  gpuInitiatedEndpointS: number;
}

/** Table 5's end-to-end latencies (64 B, CPU-initiated): same leaf and cross leaf. */
export const TABLE5_E2E_S = { ibSameLeaf: 2.8e-6, ibCrossLeaf: 3.7e-6, roceSameLeaf: 3.6e-6, roceCrossLeaf: 5.6e-6, nvlink: 3.33e-6 } as const;

/** Default per-link latency the topology uses (kept equal to topology's IB/RoCE hop constants). */
export function defaultLatencyModel(ibHopS: number, roceHopS: number): LatencyModel {
  return {
    ibEndpointS: TABLE5_E2E_S.ibSameLeaf - 2 * ibHopS,
    roceEndpointS: TABLE5_E2E_S.roceSameLeaf - 2 * roceHopS,
    nvlinkEndpointS: TABLE5_E2E_S.nvlink,
    pcieEndpointS: TABLE5_E2E_S.nvlink,
    gpuInitiatedEndpointS: 1.0e-6,
  };
}

/** Endpoint overhead for a path whose "slowest class" of link is `kind` (IB/RoCE beat NVLink/PCIe). */
export function endpointOverheadS(m: LatencyModel, kind: number, gpuInitiated: boolean): number {
  if (gpuInitiated) return m.gpuInitiatedEndpointS;
  switch (kind) {
    case LinkKind.Ib:
      return m.ibEndpointS;
    case LinkKind.Roce:
      return m.roceEndpointS;
    case LinkKind.Pcie:
      return m.pcieEndpointS;
    default:
      return m.nvlinkEndpointS;
  }
}

/** Rank of link kinds for picking the overhead class of a mixed path: scale-out dominates. */
export function kindRank(kind: number): number {
  return kind === LinkKind.Roce ? 3 : kind === LinkKind.Ib ? 2 : kind === LinkKind.Pcie ? 1 : 0;
}
