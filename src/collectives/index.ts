/** collectives: collective operations and MoE expert-parallel traffic as flow graphs on a cluster. */
export { simulateEp, fp8TokenBytes, bf16TokenBytes, EP_MODES, type EpMode, type EpSpec, type EpResult, type EpPhase } from './ep.js';
export { simulateCollective, type CollectiveSpec, type CollectiveResult } from './collective.js';
export { COLLECTIVES, ALGORITHMS, DEFAULT_ALGO, busFactor, checkAlgorithm, buildCollective, type Collective, type Algorithm } from './algorithms.js';
export { rankLayout, checkGpus, buildSimCluster, type RankLayout, type SimClusterSpec } from './cluster.js';
export { fanoutAtLineRate, type FanoutSpec } from './fanout.js';
export { paperRows } from './paperRows.js';
export { nodeAllToAll, type NodeAllToAllSpec, type NodeAllToAllResult } from './a2aNode.js';
