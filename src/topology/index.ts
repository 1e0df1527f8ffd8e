export { NodeKind, LinkKind, NODE_KIND_NAMES, LINK_KIND_NAMES, GraphBuilder, type Graph } from './graph.js';
export {
  FABRICS,
  SCALE_OUT_KINDS,
  H800_NODE,
  NVL72_NODE,
  HGX_PCIE,
  MAX_CPUS_PER_NODE,
  resolvePcie,
  pcieShape,
  IB_HOP_LATENCY_S,
  ROCE_HOP_LATENCY_S,
  resolveSpec,
  sfDefaultQ,
  sfNetworkRadix,
  mmsDelta,
  type Fabric,
  type ScaleOutKind,
  type NodeSpec,
  type NodeInput,
  type PcieSpec,
  type ClusterSpec,
  type ResolvedSpec,
} from './spec.js';
export { buildCluster, buildResolved } from './build.js';
export { countGraph, LINK_CLASSES, type GraphCounts, type LinkClass, type LinksByClass } from './stats.js';
export { railOf } from './node.js';
export { fatTreeLayout, minUppers, type FatTreeLayout } from './fatTree.js';
export { dragonflyPorts, dragonflyCounts } from './dragonfly.js';
export { mmsGeneratorExponents, mmsLinkCount } from './slimFly.js';
export { finiteField, primePower, type FiniteField } from './gf.js';
export { countFabric, countResolved, type FabricCounts } from './count.js';
export { PathFinder, shortestPaths, switchDiameterBfs, switchSubgraph, ALL_KINDS, SCALE_OUT_MASK, DEFAULT_BFS_WORK, type ShortestPathsResult, type PathOptions } from './paths.js';
export { fabricCost, fitPrices, loadPrices, TABLE3_FIT_PRICES, TABLE3_FIT_INPUTS, PricesSchema, type Prices, type Cost, type CostInput } from './cost.js';
export { clusterPreset, nodePreset, presetDescription, clusterSpecByName, CLUSTER_PRESET_NAMES } from './presets.js';
export { parsePcieOption, withPcie, type PcieOption } from './pcieOption.js';
export { analyzeFabric, bisection, pathDiversity, type FabricReport, type Bisection, type PathDiversity, type AnalyzeOptions } from './analyze.js';
export { exportGraph, toGraphJson, toDot, toGraphMl, nodeLabels, EXPORT_FORMATS, type ExportFormat, type GraphJson } from './export.js';
export { paperRows } from './paperRows.js';
