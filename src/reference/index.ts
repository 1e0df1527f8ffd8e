/** The running DeepSeek-V2/V3 reference model: checkpoint loading, MLA, DeepSeekMoE, MTP, probes. */
export { parseRefConfig, gateSpecOf, hfConfigOf, type RefConfig } from './config.js';
export { canonicalName, scaleNameOf, hfTensorName } from './names.js';
export { tensorSpecs, assembleWeights, randomWeights, isMoeLayer, type ModelWeights, type TensorSpec } from './weights.js';
export { Checkpoint, decodeTensor, applyBlockScales, FP8_BLOCK } from './checkpoint.js';
export { LayerCache, type AttnMode } from './cache.js';
export { DeepSeekModel, Session, type ForwardObserver, type ForwardResult } from './model.js';
export type { MoeTrace } from './ffn.js';
export { greedyGenerate, mtpGenerate, NEAR_TIE_GAP, type GenerateOptions, type GenerateResult, type MtpResult } from './generate.js';
export {
  archOf,
  probeKvCache,
  expectedForwardFlops,
  formulaForwardFlopsPerToken,
  RoutingHistogram,
  ActivationRecorder,
  observers,
  activationsToSafetensors,
  type KvCacheProbe,
  type Activation,
} from './probes.js';
export { syntheticConfig } from './synthetic.js';
export { runReference, type RunOptions, type RunReport } from './run.js';
