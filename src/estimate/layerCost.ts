/**
 * Per-operator time of one transformer layer (and of the embedding, head and MTP projection) on one GPU,
 * from the model's tensor shapes (model/'s `layerTensors`) and the roofline of compute.ts.
 *
 * Forward ops per layer: the attention projections (MLA: q_a, q_b, kv_a, kv_b, o; absorbed at decode: q_a,
 * q_b, W_uk, kv_a, W_uv, o), the attention core, the FFN (dense SwiGLU, or router + shared expert + grouped
 * routed experts), and memory-bound work (2 RMSNorms, MLA's latent norms, 2 residual adds, the SwiGLU
 * activation, FP8 quantization of GEMM inputs).
 * Backward: each GEMM's input gradient (same shape, `dgrad`) and weight gradient (the token dimension
 * becomes the reduction, `wgrad`); attention core 2 × forward FLOPs; memory-bound work 2 × forward bytes.
 * `W` is the weight-gradient part alone (deferred by zero-bubble schedules).
 * Tensor parallelism splits every attention/FFN GEMM's output (or, for o/down projections, input) features
 * by tp, except MLA's down-projections q_a and kv_a, which run on the tokens of the sequence-parallel shard.
 */
import type { FfnKind, ModelArch } from '../model/index.js';
import { attentionTime, gemmTime, memoryTime, type Device, type GemmFormat } from './compute.js';

export interface ChunkCost {
  fwdS: number;
  /** Full backward: input and weight gradients. */
  bwdS: number;
  /** Weight-gradient part of bwdS. */
  wS: number;
  fwdFlops: number;
}

export const ZERO_COST: ChunkCost = { fwdS: 0, bwdS: 0, wS: 0, fwdFlops: 0 };

export function addCost(a: ChunkCost, b: ChunkCost, times = 1): ChunkCost {
  return { fwdS: a.fwdS + times * b.fwdS, bwdS: a.bwdS + times * b.bwdS, wS: a.wS + times * b.wS, fwdFlops: a.fwdFlops + times * b.fwdFlops };
}

/** Where and how a layer runs in training or prefill. */
export interface LayerContext {
  dev: Device;
  format: GemmFormat;
  /** Tokens this GPU holds in the chunk (micro-batch tokens / sequence-parallel shards). */
  tokens: number;
  /** Sequence length for attention (keys per query: (S+1)/2 causal). */
  seqLen: number;
  tp: number;
  /** Routed (token, expert) pairs this GPU computes, and over how many local experts (grouped GEMM). */
  expertPairs: number;
  localExperts: number;
  /** Tokens whose shared expert this GPU computes. */
  sharedTokens: number;
}

/** One GEMM op's forward, dgrad and wgrad times ([m × k] · [k × n], groups of them). */
function gemmOp(c: LayerContext, m: number, n: number, k: number, groups = 1, format: GemmFormat = c.format): ChunkCost {
  if (m <= 0) return ZERO_COST;
  const f = gemmTime(c.dev, m, n, k, format, groups);
  const dgrad = gemmTime(c.dev, m, k, n, format, groups);
  const wgrad = gemmTime(c.dev, k, n, m, format, groups);
  return { fwdS: f.timeS, bwdS: dgrad.timeS + wgrad.timeS, wS: wgrad.timeS, fwdFlops: f.flops };
}

function memOp(c: LayerContext, bytes: number): ChunkCost {
  const t = memoryTime(c.dev, bytes).timeS;
  return { fwdS: t, bwdS: 2 * t, wS: 0, fwdFlops: 0 };
}

/** FP8 quantization of a GEMM input: read BF16, write FP8 + 1×128 scales. */
const QUANT_BYTES_PER_ELEMENT = 2 + 1 + 4 / 128;

/** Attention block (projections + core + its norms) of one layer, training/prefill form. */
export function attentionCost(arch: ModelArch, c: LayerContext, causal = true): ChunkCost {
  const a = arch.attention;
  const h = arch.hidden;
  const T = c.tokens;
  const heads = a.heads / c.tp;
  let cost = ZERO_COST;
  let quantElems = h;
  if (a.kind === 'mla') {
    const spT = T / c.tp;
    if (a.qLoraRank > 0) {
      cost = addCost(cost, gemmOp(c, spT, a.qLoraRank, h));
      cost = addCost(cost, gemmOp(c, T, heads * a.headDim, a.qLoraRank));
      quantElems += a.qLoraRank;
    } else cost = addCost(cost, gemmOp(c, T, heads * a.headDim, h));
    cost = addCost(cost, gemmOp(c, spT, a.kvLoraRank + a.qkRopeHeadDim, h));
    cost = addCost(cost, gemmOp(c, T, heads * (a.qkNopeHeadDim + a.vHeadDim), a.kvLoraRank));
    cost = addCost(cost, memOp(c, T * 4 * (a.qLoraRank + a.kvLoraRank)));
    quantElems += a.kvLoraRank;
  } else {
    const kvHeads = Math.max(1, a.kvHeads / c.tp);
    cost = addCost(cost, gemmOp(c, T, (heads + 2 * kvHeads) * a.headDim, h));
  }
  cost = addCost(cost, gemmOp(c, T, h, heads * a.vHeadDim));
  quantElems += heads * a.vHeadDim;
  // Core: QKᵀ and P·V over (S+1)/2 keys on average (causal); FlashAttention-style, reads Q, K, V, writes O once.
  const ctx = causal ? (c.seqLen + 1) / 2 : c.seqLen;
  const coreFlops = 2 * heads * (a.headDim + a.vHeadDim) * ctx * T;
  const coreBytes = 2 * T * heads * (2 * a.headDim + 2 * a.vHeadDim);
  const core = attentionTime(c.dev, coreFlops, coreBytes, false);
  const coreB = attentionTime(c.dev, 2 * coreFlops, 2 * coreBytes, false);
  cost = addCost(cost, { fwdS: core.timeS, bwdS: coreB.timeS, wS: 0, fwdFlops: core.flops });
  // RMSNorm before attention (read + write BF16), residual add (read 2, write 1), FP8 quantization of inputs.
  cost = addCost(cost, memOp(c, T * (4 * h + 6 * h) + (c.format === 'fp8' ? T * quantElems * QUANT_BYTES_PER_ELEMENT : 0)));
  return cost;
}

/** FFN block of one layer (dense SwiGLU or MoE: router, shared expert, grouped routed experts). */
export function ffnCost(arch: ModelArch, kind: FfnKind, c: LayerContext): ChunkCost {
  const h = arch.hidden;
  const T = c.tokens;
  const q = c.format === 'fp8' ? QUANT_BYTES_PER_ELEMENT : 0;
  let cost = memOp(c, T * (4 * h + 6 * h));
  if (kind === 'dense' || arch.moe === null) {
    const I = arch.denseIntermediate / c.tp;
    cost = addCost(cost, gemmOp(c, T, 2 * I, h));
    cost = addCost(cost, gemmOp(c, T, h, I));
    return addCost(cost, memOp(c, T * (6 * I + q * (h + I))));
  }
  const m = arch.moe;
  cost = addCost(cost, gemmOp(c, T, m.routedExperts, h, 1, 'bf16'));
  if (m.sharedIntermediate > 0 && c.sharedTokens > 0) {
    const S = c.sharedTokens;
    cost = addCost(cost, gemmOp(c, S, 2 * m.sharedIntermediate, h));
    cost = addCost(cost, gemmOp(c, S, h, m.sharedIntermediate));
    cost = addCost(cost, memOp(c, S * (6 * m.sharedIntermediate + q * (h + m.sharedIntermediate))));
  }
  if (c.expertPairs > 0 && c.localExperts > 0) {
    const perExpert = c.expertPairs / c.localExperts;
    const I = m.expertIntermediate;
    cost = addCost(cost, gemmOp(c, perExpert, 2 * I, h, c.localExperts));
    cost = addCost(cost, gemmOp(c, perExpert, h, I, c.localExperts));
    cost = addCost(cost, memOp(c, c.expertPairs * (6 * I + q * I)));
  }
  return cost;
}

export function layerCost(arch: ModelArch, kind: FfnKind, c: LayerContext): ChunkCost {
  return addCost(attentionCost(arch, c), ffnCost(arch, kind, c));
}

/** Output head (BF16, vocab split by tp) with its final RMSNorm, and the softmax cross-entropy pass. */
export function headCost(arch: ModelArch, c: LayerContext): ChunkCost {
  const T = c.tokens;
  const V = arch.vocab / c.tp;
  const cost = gemmOp(c, T, V, arch.hidden, 1, 'bf16');
  return addCost(cost, memOp(c, T * (4 * arch.hidden + 3 * 4 * V)));
}

/** Embedding lookup: read one row and write it, per token. */
export function embeddingCost(arch: ModelArch, c: LayerContext): ChunkCost {
  return memOp(c, c.tokens * 4 * arch.hidden);
}

/** MTP module's own projection (eh_proj: 2h → h) and its two norms; its block and head are costed separately. */
export function mtpProjCost(arch: ModelArch, c: LayerContext): ChunkCost {
  return addCost(gemmOp(c, c.tokens, arch.hidden, 2 * arch.hidden), memOp(c, c.tokens * 8 * arch.hidden));
}
