/** Facts about a cluster graph that traffic generators need: ranks, nodes, local indices, scale-out links. */
import { InputError } from '../core/index.js';
import { buildCluster, clusterPreset, CLUSTER_PRESET_NAMES, FABRICS, LinkKind, NodeKind, type ClusterSpec, type Fabric, type Graph } from '../topology/index.js';

export interface RankLayout {
  ranks: number;
  /** GPUs per scale-up node (1 for bare hosts). */
  gpusPerNode: number;
  /** Graph node id per rank. */
  node: Int32Array;
  /** Scale-out uplink(s) of each rank's NIC: the IB/RoCE links leaving its NIC (or host). */
  nicUp: Int32Array;
  /** The NVLink link from each GPU to its NVSwitch (−1 when none). */
  nvlinkUp: Int32Array;
}

export function rankLayout(g: Graph): RankLayout {
  const ranks = g.endpoints.length;
  const node = g.endpoints;
  let gpn = 1;
  const g0 = g.nodeGroup[node[0]];
  if (g0 >= 0) {
    gpn = 0;
    while (gpn < ranks && g.nodeGroup[node[gpn]] === g0) gpn++;
  }
  const nicUp = new Int32Array(ranks).fill(-1);
  const nvlinkUp = new Int32Array(ranks).fill(-1);
  const scaleOut = (l: number): boolean => g.linkKind[l] === LinkKind.Ib || g.linkKind[l] === LinkKind.Roce;
  for (let r = 0; r < ranks; r++) {
    const v = node[r];
    // A rank's own NIC, when the graph records it (PCIe trees put switches between GPU and NIC).
    const nic = g.attach ? g.attach[r] : -1;
    if (nic >= 0 && nic !== v) {
      for (let e = g.outOffset[nic]; e < g.outOffset[nic + 1]; e++) {
        if (scaleOut(g.outLinks[e])) { nicUp[r] = g.outLinks[e]; break; }
      }
    }
    for (let e = g.outOffset[v]; e < g.outOffset[v + 1]; e++) {
      const l = g.outLinks[e];
      const w = g.linkDst[l];
      if (g.linkKind[l] === LinkKind.NvLink && nvlinkUp[r] < 0) nvlinkUp[r] = l;
      if (scaleOut(l) && nicUp[r] < 0) nicUp[r] = l;
      if (g.nodeKind[w] === NodeKind.Nic) {
        for (let e2 = g.outOffset[w]; e2 < g.outOffset[w + 1]; e2++) {
          const l2 = g.outLinks[e2];
          if (scaleOut(l2) && nicUp[r] < 0) nicUp[r] = l2;
        }
      }
    }
  }
  return { ranks, gpusPerNode: gpn, node, nicUp, nvlinkUp };
}

export function checkGpus(g: Graph, gpus: number | undefined, field = 'gpus'): number {
  const n = gpus ?? g.endpoints.length;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(field, gpus, 'a positive integer');
  if (n > g.endpoints.length) throw new InputError(field, n, `at most ${g.endpoints.length} (the endpoints of this ${g.meta.family} cluster)`);
  return n;
}

/** A cluster to simulate on: a fabric family (mpft, mrft, ft2, ft3, sf, df) or a preset name, cut to `gpus`. */
export interface SimClusterSpec {
  cluster: string;
  gpus?: number;
  nvlinkBytesPerS?: number;
  nicBytesPerS?: number;
}

export function buildSimCluster(s: SimClusterSpec): Graph {
  let spec: ClusterSpec;
  if ((FABRICS as readonly string[]).includes(s.cluster)) spec = { fabric: s.cluster as Fabric };
  else if (CLUSTER_PRESET_NAMES.includes(s.cluster)) spec = { ...clusterPreset(s.cluster) };
  else throw new InputError('cluster', s.cluster, `one of ${FABRICS.join(', ')} or a preset (${CLUSTER_PRESET_NAMES.join(', ')})`);
  if (s.gpus !== undefined) spec.gpus = s.gpus;
  if (s.nvlinkBytesPerS !== undefined || s.nicBytesPerS !== undefined) {
    if (spec.node === null) throw new InputError('cluster', s.cluster, 'a cluster with GPU nodes to set NVLink or NIC bandwidth');
    spec.node = { ...(spec.node ?? {}) };
    if (s.nvlinkBytesPerS !== undefined) spec.node.nvlinkBytesPerS = s.nvlinkBytesPerS;
    if (s.nicBytesPerS !== undefined) {
      spec.node.nicBytesPerS = s.nicBytesPerS;
      spec.linkBytesPerS = s.nicBytesPerS;
    }
  }
  return buildCluster(spec);
}
