/**
 * One typed description of a decoder-only transformer, whatever config.json it came from.
 * Every size is a count of elements (not bytes). Fields that do not apply to a model are 0 / null,
 * never missing, so that downstream code needs no per-family branches.
 */

export type AttentionKind = 'mha' | 'gqa' | 'mqa' | 'mla';
export type FfnKind = 'dense' | 'moe';
export type MoeScoring = 'sigmoid' | 'softmax';

export interface AttentionArch {
  kind: AttentionKind;
  /** Query heads. */
  heads: number;
  /** Key/value heads (= heads for MHA and MLA, 1 for MQA). */
  kvHeads: number;
  /** Query/key head dimension (MLA: qkNopeHeadDim + qkRopeHeadDim). */
  headDim: number;
  /** Value head dimension (= headDim except for MLA). */
  vHeadDim: number;
  /** MLA: rank of the query down-projection; 0 = no low-rank query (a plain q_proj, e.g. DeepSeek-V2-Lite). */
  qLoraRank: number;
  /** MLA: width of the compressed KV latent c_kv; 0 for non-MLA. */
  kvLoraRank: number;
  /** MLA: per-head key/query part without RoPE; 0 for non-MLA. */
  qkNopeHeadDim: number;
  /** MLA: decoupled RoPE key/query width (the RoPE key is shared by all heads); 0 for non-MLA. */
  qkRopeHeadDim: number;
  /** Bias vectors on the q/k/v projections (MLA: on q_a / kv_a, as in DeepSeek's modelling code). */
  qkvBias: boolean;
  /** Bias on the output projection. */
  outBias: boolean;
}

export interface MoeArch {
  routedExperts: number;
  /** Shared experts, always active; DeepSeek stores them as one MLP of width sharedExperts × expertIntermediate. */
  sharedExperts: number;
  /** Routed experts per token. */
  topK: number;
  /** Intermediate width of one routed expert. */
  expertIntermediate: number;
  /** Total intermediate width of the shared-expert MLP (0 when there are no shared experts). */
  sharedIntermediate: number;
  /** Expert groups for group-limited routing (1 = no grouping). */
  nGroup: number;
  /** Groups kept per token. */
  topkGroup: number;
  scoring: MoeScoring;
  routedScalingFactor: number;
  normTopkProb: boolean;
  /** Per-expert selection bias for auxiliary-loss-free balancing (DeepSeek-V3 `noaux_tc`: e_score_correction_bias). */
  selectionBias: boolean;
  /** Qwen2-MoE style sigmoid gate (hidden → 1) on the shared expert. */
  sharedExpertGate: boolean;
  /** The routing method as named by the config (e.g. `noaux_tc`, `group_limited_greedy`, `greedy`). */
  topkMethod: string;
}

export interface RopeArch {
  theta: number;
  /** Rope scaling as given (YaRN, llama3, …), or null. */
  scalingType: string | null;
  scalingFactor: number;
  originalMaxPositions: number;
  /** YaRN attention-scale knob `mscale_all_dim` (DeepSeek), 0 when absent. */
  mscaleAllDim: number;
}

export interface ModelArch {
  name: string;
  /** config.json `model_type`, e.g. deepseek_v3, llama, qwen2, mixtral. */
  family: string;
  vocab: number;
  hidden: number;
  /** Main-model decoder layers (MTP modules excluded). */
  layers: number;
  attention: AttentionArch;
  /** FFN kind of each main-model layer (length = layers). */
  layerFfn: readonly FfnKind[];
  /** Dense SwiGLU intermediate width (for dense layers; 0 if the model has none). */
  denseIntermediate: number;
  /** Null for dense-only models. */
  moe: MoeArch | null;
  /** DeepSeek: the first k layers keep a dense FFN. */
  firstKDenseReplace: number;
  /** DeepSeek/Qwen-MoE: an MoE layer every n layers (after firstKDenseReplace). */
  moeLayerFreq: number;
  /** Multi-token-prediction modules (DeepSeek-V3 num_nextn_predict_layers). */
  mtpLayers: number;
  /** FFN kind of the MTP modules' transformer block. */
  mtpFfn: FfnKind;
  tieEmbeddings: boolean;
  /** Bias vectors in the MLPs (Llama `mlp_bias`). */
  mlpBias: boolean;
  rope: RopeArch;
  maxPositions: number;
  normEps: number;
  activation: string;
  /** Facts assumed because the config leaves them implicit, for the report. */
  assumptions: readonly string[];
}
