/** model/: Hugging Face configs → one architecture description → parameters, KV cache, FLOPs, memory. */
export type { ModelArch, AttentionArch, AttentionKind, FfnKind, MoeArch, MoeScoring, RopeArch } from './arch.js';
export { parseHfConfig } from './hfConfig.js';
export { modelPreset, modelPresetConfig, isModelPreset, MODEL_PRESET_NAMES } from './presets.js';
export { attentionTensors, ffnTensors, layerTensors, mtpTensors, tensorParams, tensorActiveParams, type TensorSpec, type TensorRole } from './tensors.js';
export { countParams, type ParamCounts, type LayerParams, type RoleParams } from './params.js';
export { kvCacheBytesPerToken, kvCacheBytesPerTokenPerLayer, kvCacheBytes, KV_DTYPES, type KvDtype, type KvCacheOptions, type MlaCacheMode } from './kvCache.js';
export { flopsPerToken, attentionFlopsPerLayer, type FlopsOptions, type FlopsPerToken, type FlopsSplit } from './flops.js';
export {
  activationBytesPerTokenPerLayer,
  DEEPSEEK_ACTIVATION_CHOICES,
  BF16_ACTIVATION_CHOICES,
  type ActivationChoices,
  type ActivationBytes,
  type LayerActivation,
  type ActivationItem,
} from './activations.js';
export {
  weightBytes,
  trainingMemoryPerGpu,
  defaultStageLayers,
  WEIGHT_PRECISIONS,
  type WeightPrecision,
  type TrainingPlan,
  type TrainingMemory,
  type StageMemory,
  type RankMemory,
} from './memory.js';
export { analyzeModel, DEEPSEEK_V3_TRAINING_PLAN, type ModelAnalysis, type AnalyzeOptions } from './analysis.js';
export { paperRows } from './paperRows.js';
