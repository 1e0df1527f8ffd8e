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
