export { NodeKind, LinkKind, NODE_KIND_NAMES, LINK_KIND_NAMES, GraphBuilder, type Graph } from './graph.js';
export {
  FABRICS,
  SCALE_OUT_KINDS,
  H800_NODE,
  NVL72_NODE,
  IB_HOP_LATENCY_S,
  ROCE_HOP_LATENCY_S,
  resolveSpec,
  sfDefaultQ,
  sfNetworkRadix,
  mmsDelta,
  type Fabric,
  type ScaleOutKind,
  type NodeSpec,
  type ClusterSpec,
  type ResolvedSpec,
} from './spec.js';
export { buildCluster, buildResolved } from './build.js';
export { countGraph, type GraphCounts } from './stats.js';
export { railOf } from './node.js';
export { fatTreeLayout, minUppers, type FatTreeLayout } from './fatTree.js';
export { dragonflyPorts, dragonflyCounts } from './dragonfly.js';
export { mmsGeneratorExponents, mmsLinkCount } from './slimFly.js';
export { finiteField, primePower, type FiniteField } from './gf.js';
