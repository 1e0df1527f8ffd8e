/**
 * FLOPs per token (one multiply-add = 2 FLOPs).
 *
 * Forward, per token:
 *   GEMM      = 2 · Σ activated GEMM weights: every attention projection, dense FFN, the top-k routed and all
 *               shared experts, the MoE router, and the output head (vocab × hidden). The embedding is a
 *               lookup (no FLOPs); norms, biases, activations, softmax are elementwise and left out.
 *   attention = Σ over layers 2 · heads · (qkHeadDim + vHeadDim) · ctx   (QKᵀ and P·V),
 *               ctx = (S + 1) / 2 keys on average for a causal sequence of S tokens, S when non-causal.
 *               MLA is counted in its training (non-absorbed) form: 128 heads × (192 + 128) for V3.
 * Training = forward + backward = 3 × forward (the backward pass computes input and weight gradients of
 * every GEMM, and attention's backward is twice its forward).
 * The MTP modules are not counted unless `includeMtp` (paper Table 2 counts the main model; with MTP each
 * module adds its block, eh_proj and one more output-head GEMM).
 * This reproduces paper Table 2 within ~1% for DeepSeek-V2, V3 and LLaMA-3.1 405B at S = 4096.
 */
import { InputError } from '../core/index.js';
import type { ModelArch } from './arch.js';
import { layerTensors, mtpTensors, type TensorSpec } from './tensors.js';

export interface FlopsOptions {
  seqLen: number;
  causal: boolean;
  includeMtp?: boolean;
}

export interface FlopsSplit {
  gemmFlops: number;
  attentionFlops: number;
  totalFlops: number;
}

export interface FlopsPerToken {
  seqLen: number;
  causal: boolean;
  includeMtp: boolean;
  /** Mean number of keys a query attends to. */
  meanContextTokens: number;
  /** Activated GEMM weights per token (output head included). */
  gemmParamsActive: number;
  forward: FlopsSplit;
  training: FlopsSplit;
  forwardFlops: number;
  trainFlops: number;
}

function gemmActive(tensors: readonly TensorSpec[]): number {
  let n = 0;
  for (const t of tensors) if (t.gemm) n += t.rows * t.cols * t.activeCount;
  return n;
}

/** Attention FLOPs of one layer for one query token attending to `ctx` keys (forward). */
export function attentionFlopsPerLayer(arch: ModelArch, ctx: number): number {
  const a = arch.attention;
  return 2 * a.heads * (a.headDim + a.vHeadDim) * ctx;
}

export function flopsPerToken(arch: ModelArch, opts: FlopsOptions): FlopsPerToken {
  const { seqLen, causal } = opts;
  if (!Number.isSafeInteger(seqLen) || seqLen <= 0) throw new InputError('seqLen', seqLen, 'a positive integer');
  const includeMtp = opts.includeMtp ?? false;
  const headGemm = arch.vocab * arch.hidden;
  const perKind = new Map<string, number>();
  let gemm = headGemm;
  for (const kind of arch.layerFfn) {
    let g = perKind.get(kind);
    if (g === undefined) {
      g = gemmActive(layerTensors(arch, kind));
      perKind.set(kind, g);
    }
    gemm += g;
  }
  let attnLayers = arch.layers;
  if (includeMtp && arch.mtpLayers > 0) {
    gemm += arch.mtpLayers * (gemmActive(mtpTensors(arch)) + headGemm);
    attnLayers += arch.mtpLayers;
  }
  const ctx = causal ? (seqLen + 1) / 2 : seqLen;
  const fwdGemm = 2 * gemm;
  const fwdAttn = attnLayers * attentionFlopsPerLayer(arch, ctx);
  const forward = { gemmFlops: fwdGemm, attentionFlops: fwdAttn, totalFlops: fwdGemm + fwdAttn };
  const training = { gemmFlops: 3 * fwdGemm, attentionFlops: 3 * fwdAttn, totalFlops: 3 * (fwdGemm + fwdAttn) };
  return {
    seqLen,
    causal,
    includeMtp,
    meanContextTokens: ctx,
    gemmParamsActive: gemm,
    forward,
    training,
    forwardFlops: forward.totalFlops,
    trainFlops: training.totalFlops,
  };
}
