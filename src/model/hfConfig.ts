/**
 * Hugging Face config.json → ModelArch. Configs are read as published; every field we rely on is checked
 * and a bad one raises InputError naming it (`config.json num_attention_heads: expected a positive integer, got -3`).
 *
 * Facts the config leaves implicit, per model_type (each is recorded in `arch.assumptions`):
 * - qwen2 / qwen2_moe: q/k/v projections carry biases, o_proj does not (Qwen2Attention hard-codes this).
 * - llama: `attention_bias` puts biases on q/k/v *and* o; `mlp_bias` on gate/up/down.
 * - mistral, mixtral: no biases anywhere.
 * - deepseek_v2 / deepseek_v3: MLA when `kv_lora_rank` is set; `q_lora_rank` null or 0 means a plain q_proj;
 *   `attention_bias` applies to q_a_proj, kv_a_proj_with_mqa and o_proj (never to q_proj, q_b_proj, kv_b_proj). Layer i is MoE when
 *   i ≥ first_k_dense_replace and i % moe_layer_freq = 0; `topk_method: noaux_tc` adds the per-expert
 *   e_score_correction_bias; the MTP modules' block is an MoE block (as in the released V3 checkpoint).
 * - mixtral: every layer is MoE, softmax router over num_local_experts, top-k renormalised, no shared expert.
 * - any other model_type: a Llama-style decoder (pre-norm RMSNorm, gated SwiGLU MLP, no biases unless
 *   attention_bias / mlp_bias say so); this assumption is listed.
 */
import { InputError } from '../core/index.js';
import type { AttentionArch, FfnKind, ModelArch, MoeArch, MoeScoring, RopeArch } from './arch.js';

type Json = Record<string, unknown>;

/** A sanity bound for any size field: beyond this a config is surely wrong (and sums stay exact in doubles). */
const MAX_SIZE = 1 << 24;
/** Layers are materialised one entry each: keep that small. */
const MAX_LAYERS = 1 << 16;

class Reader {
  constructor(
    readonly cfg: Json,
    readonly where: string,
  ) {}

  private fail(field: string, allowed: string): never {
    throw new InputError(field, this.cfg[field], allowed, this.where);
  }

  has(field: string): boolean {
    return this.cfg[field] !== undefined && this.cfg[field] !== null;
  }

  posInt(field: string, fallback?: number, max = MAX_SIZE): number {
    const v = this.cfg[field];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > max) this.fail(field, `a positive integer (at most ${max})`);
    return v;
  }

  /** Non-negative integer; null/missing give the fallback (DeepSeek writes `q_lora_rank: null`). */
  nonNegInt(field: string, fallback: number): number {
    const v = this.cfg[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SIZE) this.fail(field, `a non-negative integer (at most ${MAX_SIZE})`);
    return v;
  }

  posNumber(field: string, fallback: number): number {
    const v = this.cfg[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) this.fail(field, 'a positive finite number');
    return v;
  }

  bool(field: string, fallback: boolean): boolean {
    const v = this.cfg[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(field, 'true or false');
    return v;
  }

  str(field: string, fallback: string): string {
    const v = this.cfg[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string') this.fail(field, 'a string');
    return v;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback: T): T {
    const v = this.cfg[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) this.fail(field, `one of ${allowed.join(', ')}`);
    return v as T;
  }

  /** A list of layer indices (Qwen2-MoE `mlp_only_layers`). */
  intList(field: string): number[] {
    const v = this.cfg[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.length > MAX_SIZE || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0))
      this.fail(field, 'a list of non-negative integers');
    return v as number[];
  }
}

const DEEPSEEK = new Set(['deepseek_v2', 'deepseek_v3']);
/** Families whose layout we know; others are read as Llama-style decoders with a listed assumption. */
const KNOWN = new Set(['deepseek_v2', 'deepseek_v3', 'llama', 'mistral', 'qwen2', 'qwen2_moe', 'mixtral']);

function readRope(r: Reader): RopeArch {
  const theta = r.posNumber('rope_theta', 10000);
  const raw = r.cfg.rope_scaling;
  if (raw === undefined || raw === null) return { theta, scalingType: null, scalingFactor: 1, originalMaxPositions: 0, mscaleAllDim: 0 };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('rope_scaling', raw, 'an object or null', r.where);
  const s = new Reader(raw as Json, r.where);
  const type = s.has('rope_type') ? s.str('rope_type', '') : s.str('type', '');
  const num = (field: string, fallback: number): number => {
    const v = s.cfg[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(`rope_scaling.${field}`, v, 'a non-negative finite number', r.where);
    return v;
  };
  return {
    theta,
    scalingType: type === '' ? null : type,
    scalingFactor: num('factor', 1),
    originalMaxPositions: num('original_max_position_embeddings', 0),
    mscaleAllDim: num('mscale_all_dim', 0),
  };
}

function readAttention(r: Reader, family: string, hidden: number, assumptions: string[]): AttentionArch {
  const heads = r.posInt('num_attention_heads');
  const biasFlag = r.bool('attention_bias', false);
  if (DEEPSEEK.has(family) && r.has('kv_lora_rank')) {
    const kvLoraRank = r.posInt('kv_lora_rank');
    const qkNope = r.posInt('qk_nope_head_dim');
    const qkRope = r.posInt('qk_rope_head_dim');
    const vHead = r.posInt('v_head_dim');
    return {
      kind: 'mla',
      heads,
      kvHeads: heads,
      headDim: qkNope + qkRope,
      vHeadDim: vHead,
      qLoraRank: r.nonNegInt('q_lora_rank', 0),
      kvLoraRank,
      qkNopeHeadDim: qkNope,
      qkRopeHeadDim: qkRope,
      qkvBias: biasFlag,
      outBias: biasFlag,
    };
  }
  const kvHeads = r.posInt('num_key_value_heads', heads);
  if (heads % kvHeads !== 0) throw new InputError('num_key_value_heads', kvHeads, `a divisor of num_attention_heads (${heads})`, r.where);
  if (!r.has('head_dim') && hidden % heads !== 0)
    throw new InputError('head_dim', r.cfg.head_dim, `a positive integer (hidden_size ${hidden} is not a multiple of num_attention_heads ${heads})`, r.where);
  const headDim = r.posInt('head_dim', hidden / heads);
  let qkvBias = biasFlag;
  let outBias = biasFlag;
  if (family === 'qwen2' || family === 'qwen2_moe') {
    qkvBias = true;
    outBias = false;
    assumptions.push('Qwen2: q/k/v projections have biases, o_proj has none (implicit in Qwen2Attention)');
  } else if (family === 'mistral' || family === 'mixtral') {
    qkvBias = false;
    outBias = false;
  }
  const kind = kvHeads === heads ? 'mha' : kvHeads === 1 ? 'mqa' : 'gqa';
  return { kind, heads, kvHeads, headDim, vHeadDim: headDim, qLoraRank: 0, kvLoraRank: 0, qkNopeHeadDim: 0, qkRopeHeadDim: 0, qkvBias, outBias };
}

interface FfnLayout {
  moe: MoeArch | null;
  layerFfn: FfnKind[];
  mtpFfn: FfnKind;
  firstKDenseReplace: number;
  moeLayerFreq: number;
  denseIntermediate: number;
}

function readFfn(r: Reader, family: string, layers: number, assumptions: string[]): FfnLayout {
  const kindAt = (isMoe: (i: number) => boolean) => Array.from({ length: layers }, (_, i): FfnKind => (isMoe(i) ? 'moe' : 'dense'));
  if (DEEPSEEK.has(family) && r.has('n_routed_experts')) {
    const routedExperts = r.posInt('n_routed_experts');
    const sharedExperts = r.nonNegInt('n_shared_experts', 0);
    const expertIntermediate = r.posInt('moe_intermediate_size');
    const topK = r.posInt('num_experts_per_tok');
    if (topK > routedExperts) throw new InputError('num_experts_per_tok', topK, `at most n_routed_experts (${routedExperts})`, r.where);
    const nGroup = r.posInt('n_group', 1);
    if (routedExperts % nGroup !== 0) throw new InputError('n_group', nGroup, `a divisor of n_routed_experts (${routedExperts})`, r.where);
    const topkGroup = r.posInt('topk_group', nGroup);
    if (topkGroup > nGroup) throw new InputError('topk_group', topkGroup, `at most n_group (${nGroup})`, r.where);
    const firstK = r.nonNegInt('first_k_dense_replace', 0);
    const freq = r.posInt('moe_layer_freq', 1);
    const topkMethod = r.str('topk_method', family === 'deepseek_v3' ? 'noaux_tc' : 'greedy');
    const scoring = r.oneOf<MoeScoring>('scoring_func', ['sigmoid', 'softmax'], family === 'deepseek_v3' ? 'sigmoid' : 'softmax');
    const isMoe = (i: number) => i >= firstK && i % freq === 0;
    const layerFfn = kindAt(isMoe);
    const moe: MoeArch = {
      routedExperts,
      sharedExperts,
      topK,
      expertIntermediate,
      sharedIntermediate: sharedExperts * expertIntermediate,
      nGroup,
      topkGroup,
      scoring,
      routedScalingFactor: r.posNumber('routed_scaling_factor', 1),
      normTopkProb: r.bool('norm_topk_prob', false),
      selectionBias: topkMethod === 'noaux_tc',
      sharedExpertGate: false,
      topkMethod,
    };
    const denseIntermediate = layerFfn.includes('dense') ? r.posInt('intermediate_size') : r.nonNegInt('intermediate_size', 0);
    return { moe, layerFfn, mtpFfn: isMoe(layers) ? 'moe' : 'dense', firstKDenseReplace: firstK, moeLayerFreq: freq, denseIntermediate };
  }
  const expertsField = family === 'mixtral' || r.has('num_local_experts') ? 'num_local_experts' : r.has('num_experts') ? 'num_experts' : null;
  if (expertsField !== null) {
    const routedExperts = r.posInt(expertsField);
    const topK = r.posInt('num_experts_per_tok');
    if (topK > routedExperts) throw new InputError('num_experts_per_tok', topK, `at most ${expertsField} (${routedExperts})`, r.where);
    const qwenMoe = family === 'qwen2_moe';
    const expertIntermediate = qwenMoe || r.has('moe_intermediate_size') ? r.posInt('moe_intermediate_size') : r.posInt('intermediate_size');
    const sharedIntermediate = r.nonNegInt('shared_expert_intermediate_size', 0);
    const freq = r.posInt('decoder_sparse_step', 1);
    const mlpOnly = new Set(r.intList('mlp_only_layers'));
    const isMoe = (i: number) => !mlpOnly.has(i) && (i + 1) % freq === 0;
    const layerFfn = kindAt(isMoe);
    if (!KNOWN.has(family)) assumptions.push(`${family}: read as a Mixtral-style MoE (softmax router, no shared expert unless shared_expert_intermediate_size)`);
    if (qwenMoe && sharedIntermediate > 0) assumptions.push('Qwen2-MoE: the shared expert has a sigmoid gate (hidden → 1)');
    const moe: MoeArch = {
      routedExperts,
      sharedExperts: sharedIntermediate > 0 ? 1 : 0,
      topK,
      expertIntermediate,
      sharedIntermediate,
      nGroup: 1,
      topkGroup: 1,
      scoring: 'softmax',
      routedScalingFactor: 1,
      normTopkProb: family === 'mixtral' ? true : r.bool('norm_topk_prob', false),
      selectionBias: false,
      sharedExpertGate: qwenMoe && sharedIntermediate > 0,
      topkMethod: 'greedy',
    };
    const denseIntermediate = layerFfn.includes('dense') ? r.posInt('intermediate_size') : r.nonNegInt('intermediate_size', 0);
    return { moe, layerFfn, mtpFfn: 'moe', firstKDenseReplace: 0, moeLayerFreq: freq, denseIntermediate };
  }
  return { moe: null, layerFfn: kindAt(() => false), mtpFfn: 'dense', firstKDenseReplace: layers, moeLayerFreq: 1, denseIntermediate: r.posInt('intermediate_size') };
}

/**
 * Read a Hugging Face config.json object. `sourceName` (default `config.json`) prefixes error messages.
 * Throws InputError naming the first missing, mistyped or out-of-range field.
 */
export function parseHfConfig(config: unknown, sourceName = 'config.json'): ModelArch {
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    throw new InputError('(root)', config, 'a JSON object (a Hugging Face config.json)', sourceName);
  const r = new Reader(config as Json, sourceName);
  const familyRaw = r.cfg.model_type;
  if (typeof familyRaw !== 'string' || familyRaw.trim() === '')
    throw new InputError('model_type', familyRaw, 'a model_type string such as deepseek_v3, llama, qwen2, mixtral', sourceName);
  const family = familyRaw;
  const assumptions: string[] = [];
  if (!KNOWN.has(family)) assumptions.push(`${family}: not a known model_type; read as a Llama-style decoder (RMSNorm, gated SwiGLU MLP)`);
  const hidden = r.posInt('hidden_size');
  const layers = r.posInt('num_hidden_layers', undefined, MAX_LAYERS);
  const vocab = r.posInt('vocab_size');
  const attention = readAttention(r, family, hidden, assumptions);
  const mtpLayers = family === 'deepseek_v3' ? r.nonNegInt('num_nextn_predict_layers', 0) : 0;
  const ffn = readFfn(r, family, layers, assumptions);
  const mlpBias = family === 'llama' || !KNOWN.has(family) ? r.bool('mlp_bias', false) : false;
  if (!KNOWN.has(family) && !r.has('tie_word_embeddings')) assumptions.push('tie_word_embeddings missing: taken as false (separate output head)');
  if (attention.kind === 'mla' && !ffn.moe) assumptions.push('MLA with dense FFN in every layer (n_routed_experts is null)');
  const name = typeof r.cfg._name_or_path === 'string' && r.cfg._name_or_path !== '' ? r.cfg._name_or_path : sourceName;
  return {
    name,
    family,
    vocab,
    hidden,
    layers,
    attention,
    layerFfn: ffn.layerFfn,
    denseIntermediate: ffn.denseIntermediate,
    moe: ffn.moe,
    firstKDenseReplace: ffn.firstKDenseReplace,
    moeLayerFreq: ffn.moeLayerFreq,
    mtpLayers,
    mtpFfn: ffn.mtpFfn,
    tieEmbeddings: r.bool('tie_word_embeddings', false),
    mlpBias,
    rope: readRope(r),
    maxPositions: r.nonNegInt('max_position_embeddings', 0),
    normEps: r.posNumber('rms_norm_eps', 1e-6),
    activation: r.str('hidden_act', 'silu'),
    assumptions,
  };
}
