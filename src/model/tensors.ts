/**
 * The weight tensors of a model, named as in the Hugging Face checkpoints. Parameter counts, FP8 weight
 * bytes (which need each matrix's shape for its 128×128 block scales) and GEMM FLOPs are all sums over
 * this one list, so they cannot disagree.
 */
import type { FfnKind, ModelArch } from './arch.js';

export type TensorRole = 'embedding' | 'head' | 'attention' | 'denseFfn' | 'routedExperts' | 'sharedExperts' | 'router' | 'norm' | 'mtpProj';

export interface TensorSpec {
  /** Checkpoint-style name within its block (experts: `experts.*.gate_proj.weight`). */
  name: string;
  /** Output features (rows of the stored weight). */
  rows: number;
  /** Input features; 1 for vectors (norm weights, biases). */
  cols: number;
  /** How many copies (routed experts: one per expert). */
  count: number;
  /** Copies used by one token (routed experts: top-k; everything else: all). */
  activeCount: number;
  role: TensorRole;
  /** A matrix applied as a GEMM to each token (not a norm weight, bias or embedding lookup). */
  gemm: boolean;
}

function mat(name: string, rows: number, cols: number, role: TensorRole, count = 1, activeCount = count): TensorSpec {
  return { name, rows, cols, count, activeCount, role, gemm: true };
}

function vec(name: string, n: number, role: TensorRole, count = 1, activeCount = count): TensorSpec {
  return { name, rows: n, cols: 1, count, activeCount, role, gemm: false };
}

/** Self-attention weights of one layer. */
export function attentionTensors(arch: ModelArch): TensorSpec[] {
  const a = arch.attention;
  const h = arch.hidden;
  const out: TensorSpec[] = [];
  if (a.kind === 'mla') {
    const qOut = a.heads * a.headDim;
    if (a.qLoraRank > 0) {
      out.push(mat('q_a_proj.weight', a.qLoraRank, h, 'attention'));
      if (a.qkvBias) out.push(vec('q_a_proj.bias', a.qLoraRank, 'attention'));
      out.push(vec('q_a_layernorm.weight', a.qLoraRank, 'norm'));
      out.push(mat('q_b_proj.weight', qOut, a.qLoraRank, 'attention'));
    } else {
      out.push(mat('q_proj.weight', qOut, h, 'attention'));
    }
    out.push(mat('kv_a_proj_with_mqa.weight', a.kvLoraRank + a.qkRopeHeadDim, h, 'attention'));
    if (a.qkvBias) out.push(vec('kv_a_proj_with_mqa.bias', a.kvLoraRank + a.qkRopeHeadDim, 'attention'));
    out.push(vec('kv_a_layernorm.weight', a.kvLoraRank, 'norm'));
    out.push(mat('kv_b_proj.weight', a.heads * (a.qkNopeHeadDim + a.vHeadDim), a.kvLoraRank, 'attention'));
    out.push(mat('o_proj.weight', h, a.heads * a.vHeadDim, 'attention'));
    if (a.outBias) out.push(vec('o_proj.bias', h, 'attention'));
    return out;
  }
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  out.push(mat('q_proj.weight', q, h, 'attention'), mat('k_proj.weight', kv, h, 'attention'), mat('v_proj.weight', kv, h, 'attention'));
  if (a.qkvBias) out.push(vec('q_proj.bias', q, 'attention'), vec('k_proj.bias', kv, 'attention'), vec('v_proj.bias', kv, 'attention'));
  out.push(mat('o_proj.weight', h, a.heads * a.vHeadDim, 'attention'));
  if (a.outBias) out.push(vec('o_proj.bias', h, 'attention'));
  return out;
}

/** A gated (SwiGLU) MLP: gate_proj and up_proj h → n, down_proj n → h. */
function swiglu(prefix: string, h: number, n: number, role: TensorRole, bias: boolean, count = 1, activeCount = count): TensorSpec[] {
  const out = [mat(`${prefix}gate_proj.weight`, n, h, role, count, activeCount), mat(`${prefix}up_proj.weight`, n, h, role, count, activeCount), mat(`${prefix}down_proj.weight`, h, n, role, count, activeCount)];
  if (bias) out.push(vec(`${prefix}gate_proj.bias`, n, role, count, activeCount), vec(`${prefix}up_proj.bias`, n, role, count, activeCount), vec(`${prefix}down_proj.bias`, h, role, count, activeCount));
  return out;
}

/** FFN weights of one layer of the given kind. */
export function ffnTensors(arch: ModelArch, kind: FfnKind): TensorSpec[] {
  const h = arch.hidden;
  if (kind === 'dense' || arch.moe === null) return swiglu('mlp.', h, arch.denseIntermediate, 'denseFfn', arch.mlpBias);
  const m = arch.moe;
  const out: TensorSpec[] = [mat('mlp.gate.weight', m.routedExperts, h, 'router')];
  if (m.selectionBias) out.push(vec('mlp.gate.e_score_correction_bias', m.routedExperts, 'router'));
  out.push(...swiglu('mlp.experts.*.', h, m.expertIntermediate, 'routedExperts', arch.mlpBias, m.routedExperts, m.topK));
  if (m.sharedIntermediate > 0) out.push(...swiglu('mlp.shared_experts.', h, m.sharedIntermediate, 'sharedExperts', arch.mlpBias));
  if (m.sharedExpertGate) out.push(mat('mlp.shared_expert_gate.weight', 1, h, 'sharedExperts'));
  return out;
}

/** One decoder layer: two pre-norms, attention, FFN. */
export function layerTensors(arch: ModelArch, kind: FfnKind): TensorSpec[] {
  return [vec('input_layernorm.weight', arch.hidden, 'norm'), ...attentionTensors(arch), vec('post_attention_layernorm.weight', arch.hidden, 'norm'), ...ffnTensors(arch, kind)];
}

/**
 * One MTP module's own weights (DeepSeek-V3 layer 61): enorm, hnorm, eh_proj (2h → h), a transformer
 * block and shared_head.norm. Its embedding and output head are shared with the main model.
 */
export function mtpTensors(arch: ModelArch): TensorSpec[] {
  const h = arch.hidden;
  return [vec('enorm.weight', h, 'norm'), vec('hnorm.weight', h, 'norm'), mat('eh_proj.weight', h, 2 * h, 'mtpProj'), ...layerTensors(arch, arch.mtpFfn), vec('shared_head.norm.weight', h, 'norm')];
}

export function tensorParams(t: TensorSpec): number {
  return t.rows * t.cols * t.count;
}

export function tensorActiveParams(t: TensorSpec): number {
  return t.rows * t.cols * t.activeCount;
}
