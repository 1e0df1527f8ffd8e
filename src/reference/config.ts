/**
 * The reference model's configuration, read from either DeepSeek's inference `ModelArgs` JSON (the
 * `model_args` form of the golden file, optionally wrapped in `{model_args: …}`) or a Hugging Face
 * config.json (`model_type` deepseek_v2 / deepseek_v3). Derived values (YaRN on/off, softmax scale) follow
 * the code each format comes from: DeepSeek's applies YaRN and mscale² when max_seq_len > original_seq_len;
 * HF's whenever rope_scaling is YaRN, with the score scale from mscale_all_dim.
 */
import { InputError } from '../core/index.js';
import type { GateScoreFunc } from '../moe/index.js';

export interface RefConfig {
  source: 'deepseek' | 'hf';
  vocabSize: number;
  dim: number;
  /** Dense FFN width. */
  interDim: number;
  /** Routed expert width. */
  moeInterDim: number;
  nLayers: number;
  nDenseLayers: number;
  nHeads: number;
  nRoutedExperts: number;
  nSharedExperts: number;
  nActivatedExperts: number;
  nExpertGroups: number;
  nLimitedGroups: number;
  scoreFunc: GateScoreFunc;
  routeScale: number;
  /** Renormalise the chosen weights (DeepSeek's code: sigmoid only; HF: norm_topk_prob). */
  normTopk: boolean;
  /** Group score rule: top-2 sum (V3) or max (V2); `auto` = top-2 sum when the gate has a bias (DeepSeek's code). */
  groupScore: 'auto' | 'top2sum' | 'max';
  /** The checkpoint must carry a gate selection bias (HF topk_method noaux_tc). */
  requireGateBias: boolean;
  /** 0 = plain `wq` (no low-rank query). */
  qLoraRank: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
  maxSeqLen: number;
  originalSeqLen: number;
  ropeTheta: number;
  yarn: boolean;
  ropeFactor: number;
  betaFast: number;
  betaSlow: number;
  /** Multiplier on cos/sin (HF: mscale(factor, mscale) / mscale(factor, mscale_all_dim)). */
  cosSinScale: number;
  /** YaRN attention mscale knob (DeepSeek args `mscale`, HF `mscale_all_dim`). */
  mscale: number;
  /** Attention score scale: qk_head_dim^-0.5, times mscale² when YaRN is active. */
  softmaxScale: number;
  normEps: number;
  /** MTP modules the config declares (HF num_nextn_predict_layers; 1 assumed for DeepSeek args). */
  nMtp: number;
}

type Json = Record<string, unknown>;

class Fields {
  constructor(
    readonly cfg: Json,
    readonly where: string,
  ) {}
  private bad(key: string, allowed: string): never {
    throw new InputError(key, this.cfg[key], allowed, this.where);
  }
  int(key: string, dflt?: number, min = 1): number {
    const v = this.cfg[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.bad(key, min === 0 ? 'a non-negative integer' : 'a positive integer');
    return v;
  }
  num(key: string, dflt?: number, positive = true): number {
    const v = this.cfg[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || (positive && v <= 0)) this.bad(key, positive ? 'a positive number' : 'a finite number');
    return v;
  }
  choice<T extends string>(key: string, allowed: readonly T[], dflt?: T): T {
    const v = this.cfg[key] ?? dflt;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.bad(key, `one of ${allowed.join(', ')}`);
    return v as T;
  }
}

function yarnMscale(factor: number, m: number): number {
  return factor <= 1 ? 1 : 0.1 * m * Math.log(factor) + 1;
}

/** Read DeepSeek's ModelArgs (defaults as in inference/model.py). */
function fromDeepSeekArgs(cfg: Json, where: string): RefConfig {
  const r = new Fields(cfg, where);
  const qkNope = r.int('qk_nope_head_dim', 128);
  const qkRope = r.int('qk_rope_head_dim', 64);
  const maxSeqLen = r.int('max_seq_len', 16384);
  const originalSeqLen = r.int('original_seq_len', 4096);
  const ropeFactor = r.num('rope_factor', 40);
  const mscale = r.num('mscale', 1, false);
  const yarn = maxSeqLen > originalSeqLen;
  const m = 0.1 * mscale * Math.log(ropeFactor) + 1;
  const scoreFunc = r.choice('score_func', ['softmax', 'sigmoid'] as const, 'softmax');
  return check(
    {
      source: 'deepseek',
      vocabSize: r.int('vocab_size', 102400),
      dim: r.int('dim', 2048),
      interDim: r.int('inter_dim', 10944),
      moeInterDim: r.int('moe_inter_dim', 1408),
      nLayers: r.int('n_layers', 27),
      nDenseLayers: r.int('n_dense_layers', 1, 0),
      nHeads: r.int('n_heads', 16),
      nRoutedExperts: r.int('n_routed_experts', 64),
      nSharedExperts: r.int('n_shared_experts', 2, 0),
      nActivatedExperts: r.int('n_activated_experts', 6),
      nExpertGroups: r.int('n_expert_groups', 1),
      nLimitedGroups: r.int('n_limited_groups', 1),
      scoreFunc,
      routeScale: r.num('route_scale', 1),
      normTopk: scoreFunc === 'sigmoid',
      groupScore: 'auto',
      requireGateBias: false,
      qLoraRank: r.int('q_lora_rank', 0, 0),
      kvLoraRank: r.int('kv_lora_rank', 512),
      qkNopeHeadDim: qkNope,
      qkRopeHeadDim: qkRope,
      vHeadDim: r.int('v_head_dim', 128),
      maxSeqLen,
      originalSeqLen,
      ropeTheta: r.num('rope_theta', 10000),
      yarn,
      ropeFactor,
      betaFast: r.num('beta_fast', 32),
      betaSlow: r.num('beta_slow', 1),
      cosSinScale: 1,
      mscale,
      softmaxScale: (qkNope + qkRope) ** -0.5 * (yarn ? m * m : 1),
      normEps: 1e-6,
      nMtp: 1,
    },
    where,
  );
}

/** Read a Hugging Face DeepSeek-V2/V3 config.json. */
function fromHf(cfg: Json, where: string): RefConfig {
  const r = new Fields(cfg, where);
  r.choice('model_type', ['deepseek_v2', 'deepseek_v3'] as const);
  const qkNope = r.int('qk_nope_head_dim');
  const qkRope = r.int('qk_rope_head_dim');
  const rs = (cfg.rope_scaling ?? null) as Json | null;
  const ropeType = rs ? (rs.type ?? rs.rope_type) : null;
  if (rs !== null && ropeType !== 'yarn') throw new InputError('rope_scaling.type', ropeType, "'yarn' or no rope_scaling", where);
  const ys = rs ? new Fields(rs, where) : null;
  const factor = ys ? ys.num('factor') : 1;
  const mscale = ys ? ys.num('mscale', 1, false) : 1;
  const mscaleAllDim = ys ? ys.num('mscale_all_dim', 0, false) : 0;
  const method = r.choice('topk_method', ['greedy', 'group_limited_greedy', 'noaux_tc'] as const, 'greedy');
  const scoreFunc = r.choice('scoring_func', ['softmax', 'sigmoid'] as const, 'softmax');
  const grouped = method !== 'greedy';
  const nRouted = r.int('n_routed_experts');
  const qLora = cfg.q_lora_rank === null ? 0 : r.int('q_lora_rank', 0, 0);
  const sm = mscaleAllDim ? yarnMscale(factor, mscaleAllDim) : 1;
  const freq = r.int('moe_layer_freq', 1);
  if (freq !== 1) throw new InputError('moe_layer_freq', freq, '1 (every layer after first_k_dense_replace is MoE)', where);
  return check(
    {
      source: 'hf',
      vocabSize: r.int('vocab_size'),
      dim: r.int('hidden_size'),
      interDim: r.int('intermediate_size'),
      moeInterDim: r.int('moe_intermediate_size'),
      nLayers: r.int('num_hidden_layers'),
      nDenseLayers: r.int('first_k_dense_replace', 0, 0),
      nHeads: r.int('num_attention_heads'),
      nRoutedExperts: nRouted,
      nSharedExperts: cfg.n_shared_experts === null ? 0 : r.int('n_shared_experts', 0, 0),
      nActivatedExperts: r.int('num_experts_per_tok'),
      nExpertGroups: grouped && cfg.n_group !== null ? r.int('n_group', 1) : 1,
      nLimitedGroups: grouped && cfg.topk_group !== null ? r.int('topk_group', 1) : 1,
      scoreFunc,
      routeScale: r.num('routed_scaling_factor', 1),
      normTopk: typeof cfg.norm_topk_prob === 'boolean' ? cfg.norm_topk_prob : false,
      groupScore: method === 'noaux_tc' ? 'top2sum' : 'max',
      requireGateBias: method === 'noaux_tc',
      qLoraRank: qLora,
      kvLoraRank: r.int('kv_lora_rank'),
      qkNopeHeadDim: qkNope,
      qkRopeHeadDim: qkRope,
      vHeadDim: r.int('v_head_dim'),
      maxSeqLen: r.int('max_position_embeddings', 4096),
      originalSeqLen: ys ? ys.int('original_max_position_embeddings', 4096) : r.int('max_position_embeddings', 4096),
      ropeTheta: r.num('rope_theta', 10000),
      yarn: rs !== null,
      ropeFactor: factor,
      betaFast: ys ? ys.num('beta_fast', 32) : 32,
      betaSlow: ys ? ys.num('beta_slow', 1) : 1,
      cosSinScale: mscaleAllDim || mscale !== 1 ? yarnMscale(factor, mscale) / yarnMscale(factor, mscaleAllDim) : 1,
      mscale: mscaleAllDim,
      softmaxScale: (qkNope + qkRope) ** -0.5 * sm * sm,
      normEps: r.num('rms_norm_eps', 1e-6),
      nMtp: r.int('num_nextn_predict_layers', 0, 0),
    },
    where,
  );
}

function check(c: RefConfig, where: string): RefConfig {
  const bad = (field: string, value: unknown, allowed: string): never => {
    throw new InputError(field, value, allowed, where);
  };
  if (c.nDenseLayers > c.nLayers) bad('n_dense_layers', c.nDenseLayers, `at most the layer count (${c.nLayers})`);
  if (c.qkRopeHeadDim % 2 !== 0) bad('qk_rope_head_dim', c.qkRopeHeadDim, 'an even number (RoPE rotates pairs)');
  if (c.nRoutedExperts % c.nExpertGroups !== 0) bad('n_expert_groups', c.nExpertGroups, `a divisor of the routed experts (${c.nRoutedExperts})`);
  if (c.nLimitedGroups > c.nExpertGroups) bad('n_limited_groups', c.nLimitedGroups, `at most the group count (${c.nExpertGroups})`);
  const reachable = (c.nRoutedExperts / c.nExpertGroups) * c.nLimitedGroups;
  if (c.nActivatedExperts > reachable) bad('n_activated_experts', c.nActivatedExperts, `at most the experts in the kept groups (${reachable})`);
  return c;
}

/** Parse a config object in either format (`where` names the file in errors). */
export function parseRefConfig(raw: unknown, where = 'config'): RefConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('(root)', raw, 'a JSON object (HF config.json or DeepSeek model args)', where);
  const obj = raw as Json;
  if (obj.model_args !== undefined) {
    if (obj.model_args === null || typeof obj.model_args !== 'object') throw new InputError('model_args', obj.model_args, 'an object', where);
    return fromDeepSeekArgs(obj.model_args as Json, where);
  }
  if (obj.model_type !== undefined || obj.hidden_size !== undefined) return fromHf(obj, where);
  if (obj.dim !== undefined) return fromDeepSeekArgs(obj, where);
  throw new InputError('(root)', Object.keys(obj).slice(0, 4), 'a HF config.json (model_type, hidden_size…) or DeepSeek model args (dim, n_layers…)', where);
}

/** The gate's spec for this config. */
export function gateSpecOf(c: RefConfig) {
  return {
    nExperts: c.nRoutedExperts,
    topK: c.nActivatedExperts,
    nGroups: c.nExpertGroups,
    topkGroups: c.nLimitedGroups,
    scoreFunc: c.scoreFunc,
    routeScale: c.routeScale,
    normalize: c.normTopk,
    ...(c.groupScore === 'auto' ? {} : { groupScore: c.groupScore }),
  };
}

/**
 * The config as a Hugging Face deepseek_v3 config.json object (for writing test checkpoints and for model/).
 * A DeepSeek-args config with YaRN active maps to rope_scaling with mscale = mscale_all_dim, which gives the
 * same score scale and unscaled cos/sin.
 */
export function hfConfigOf(cfg: RefConfig): Record<string, unknown> {
  return {
    model_type: 'deepseek_v3',
    vocab_size: cfg.vocabSize,
    hidden_size: cfg.dim,
    intermediate_size: cfg.interDim,
    moe_intermediate_size: cfg.moeInterDim,
    num_hidden_layers: cfg.nLayers,
    first_k_dense_replace: cfg.nDenseLayers,
    num_attention_heads: cfg.nHeads,
    num_key_value_heads: cfg.nHeads,
    n_routed_experts: cfg.nRoutedExperts,
    n_shared_experts: cfg.nSharedExperts,
    num_experts_per_tok: cfg.nActivatedExperts,
    n_group: cfg.nExpertGroups,
    topk_group: cfg.nLimitedGroups,
    topk_method: cfg.groupScore === 'max' ? 'group_limited_greedy' : 'noaux_tc',
    scoring_func: cfg.scoreFunc,
    routed_scaling_factor: cfg.routeScale,
    norm_topk_prob: cfg.normTopk,
    q_lora_rank: cfg.qLoraRank === 0 ? null : cfg.qLoraRank,
    kv_lora_rank: cfg.kvLoraRank,
    qk_nope_head_dim: cfg.qkNopeHeadDim,
    qk_rope_head_dim: cfg.qkRopeHeadDim,
    v_head_dim: cfg.vHeadDim,
    num_nextn_predict_layers: cfg.nMtp,
    max_position_embeddings: cfg.maxSeqLen,
    rope_theta: cfg.ropeTheta,
    rope_scaling: cfg.yarn
      ? {
          type: 'yarn',
          factor: cfg.ropeFactor,
          original_max_position_embeddings: cfg.originalSeqLen,
          beta_fast: cfg.betaFast,
          beta_slow: cfg.betaSlow,
          mscale: cfg.mscale,
          mscale_all_dim: cfg.mscale,
        }
      : null,
    rms_norm_eps: cfg.normEps,
    tie_word_embeddings: false,
  };
}
