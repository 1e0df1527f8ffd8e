/** DeepSeekMoE: gating and routing, expert placement, dispatch traffic. */
export {
  type GateSpec,
  type GateResult,
  type GateScoreFunc,
  checkGateSpec,
  gateScores,
  routeScores,
  routeLogits,
  expertHistogram,
} from './gate.js';
export { placeExperts, type Placement, type PlacementSpec } from './placement.js';
export { expertWeights, parseAffinity, AFFINITY_KINDS, type AffinitySpec } from './affinity.js';
export { CountsAccumulator, countsFromSelections, routingSummary, type RoutingCounts } from './counts.js';
export { sampleRoutingCounts, AliasTable, type SamplerSpec } from './sampler.js';
export { parseRoutingTrace } from './trace.js';
export { gateSelections, gateRoutingCounts, type GateRoutingSpec } from './synthetic.js';
