/**
 * Activation bytes cached for the backward pass, per token and layer (our accounting; DeepSeek publishes the
 * choices, not a byte count). A layer is `x → +attn(norm(x)) → +ffn(norm(·))`; what must be kept:
 *
 * attention block
 *   residual x (BF16, h)                       always (RMSNorm's input; with recompute its output is rebuilt)
 *   RMSNorm output (BF16, h)                   unless `recomputeNorm`
 *   MLA: c_q before/after q_a_layernorm        c_q (BF16, q_lora_rank) always; normalised copy unless recomputeNorm
 *        [c_kv; k_rope] before/after norm      (kv_lora_rank + rope) BF16 always; normalised c_kv unless recomputeNorm
 *        up-projected q, k, v                  heads·(2·(nope+rope) + v) BF16 unless `recomputeMlaUp`
 *   MHA/GQA/MQA: q, k, v                       (heads + 2·kvHeads)·headDim BF16
 *   softmax log-sum-exp                        heads FP32
 *   attention output (o_proj input)            heads·v: BF16, or E5M6 (12 bits) + one FP32 scale per 128
 *                                              (`attnOutE5M6`)
 * FFN block
 *   residual (BF16, h)                         always; RMSNorm output (BF16, h) unless recomputeNorm
 *   per FFN that runs (dense FFN, shared expert, each of the top-k routed experts):
 *     input                                    routed experts: their dispatched copy, FP8 + 1×128 FP32 scales
 *                                              (`ffnInputFp8`, else BF16); dense/shared: rebuilt from the
 *                                              norm when recomputeNorm, else cached like the routed ones
 *     SwiGLU inputs (gate and up outputs)      2·n: FP8 + scales (`swigluInputFp8`), else BF16
 *     SwiGLU output (down_proj input)          n BF16, unless swigluInputFp8 (then recomputed)
 *   MoE: router scores (FP32 per expert), top-k weights (FP32), each routed expert's output (BF16, h:
 *        needed for the gate-weight gradient)
 */
import type { ModelArch } from './arch.js';

export interface ActivationChoices {
  recomputeNorm: boolean;
  recomputeMlaUp: boolean;
  ffnInputFp8: boolean;
  swigluInputFp8: boolean;
  attnOutE5M6: boolean;
}

/** DeepSeek-V3's choices (technical report §3.2.3 and §3.3.4). */
export const DEEPSEEK_ACTIVATION_CHOICES: ActivationChoices = {
  recomputeNorm: true,
  recomputeMlaUp: true,
  ffnInputFp8: true,
  swigluInputFp8: true,
  attnOutE5M6: true,
};

/** Everything cached in BF16, nothing recomputed. */
export const BF16_ACTIVATION_CHOICES: ActivationChoices = {
  recomputeNorm: false,
  recomputeMlaUp: false,
  ffnInputFp8: false,
  swigluInputFp8: false,
  attnOutE5M6: false,
};

export interface ActivationItem {
  name: string;
  bytes: number;
}

export interface LayerActivation {
  items: ActivationItem[];
  attentionBytes: number;
  ffnBytes: number;
  totalBytes: number;
}

export interface ActivationBytes {
  dense: LayerActivation | null;
  moe: LayerActivation | null;
  /** Mean over the model's layers. */
  meanBytes: number;
  /** Sum over the model's layers (one token through the whole main model). */
  modelBytes: number;
}

/** FP8 with one FP32 scale per 1×128 tile. */
function fp8Bytes(n: number): number {
  return n + Math.ceil(n / 128) * 4;
}

function e5m6Bytes(n: number): number {
  return (n * 12) / 8 + Math.ceil(n / 128) * 4;
}

function attentionItems(arch: ModelArch, c: ActivationChoices): ActivationItem[] {
  const h = arch.hidden;
  const a = arch.attention;
  const items: ActivationItem[] = [{ name: 'attn residual input', bytes: 2 * h }];
  if (!c.recomputeNorm) items.push({ name: 'attn RMSNorm output', bytes: 2 * h });
  if (a.kind === 'mla') {
    if (a.qLoraRank > 0) {
      items.push({ name: 'c_q (q_a_proj output)', bytes: 2 * a.qLoraRank });
      if (!c.recomputeNorm) items.push({ name: 'normalised c_q', bytes: 2 * a.qLoraRank });
    }
    items.push({ name: '[c_kv; k_rope] (kv_a_proj output)', bytes: 2 * (a.kvLoraRank + a.qkRopeHeadDim) });
    if (!c.recomputeNorm) items.push({ name: 'normalised c_kv', bytes: 2 * a.kvLoraRank });
    if (!c.recomputeMlaUp) items.push({ name: 'up-projected q, k, v', bytes: 2 * a.heads * (2 * a.headDim + a.vHeadDim) });
  } else {
    items.push({ name: 'q, k, v', bytes: 2 * (a.heads + 2 * a.kvHeads) * a.headDim });
  }
  items.push({ name: 'softmax log-sum-exp', bytes: 4 * a.heads });
  const o = a.heads * a.vHeadDim;
  items.push({ name: c.attnOutE5M6 ? 'attention output (E5M6)' : 'attention output', bytes: c.attnOutE5M6 ? e5m6Bytes(o) : 2 * o });
  return items;
}

function mlpItems(label: string, h: number, n: number, inputCached: boolean, c: ActivationChoices, copies: number): ActivationItem[] {
  const items: ActivationItem[] = [];
  if (inputCached) items.push({ name: `${label} input`, bytes: copies * (c.ffnInputFp8 ? fp8Bytes(h) : 2 * h) });
  items.push({ name: `${label} SwiGLU inputs`, bytes: copies * (c.swigluInputFp8 ? fp8Bytes(2 * n) : 4 * n) });
  if (!c.swigluInputFp8) items.push({ name: `${label} SwiGLU output`, bytes: copies * 2 * n });
  return items;
}

function ffnItems(arch: ModelArch, moe: boolean, c: ActivationChoices): ActivationItem[] {
  const h = arch.hidden;
  const items: ActivationItem[] = [{ name: 'ffn residual input', bytes: 2 * h }];
  if (!c.recomputeNorm) items.push({ name: 'ffn RMSNorm output', bytes: 2 * h });
  const m = arch.moe;
  if (!moe || m === null) {
    items.push(...mlpItems('dense FFN', h, arch.denseIntermediate, !c.recomputeNorm, c, 1));
    return items;
  }
  items.push({ name: 'router scores and top-k weights', bytes: 4 * (m.routedExperts + m.topK) });
  if (m.sharedIntermediate > 0) items.push(...mlpItems('shared expert', h, m.sharedIntermediate, !c.recomputeNorm, c, 1));
  items.push(...mlpItems(`${m.topK} routed experts`, h, m.expertIntermediate, true, c, m.topK));
  items.push({ name: `${m.topK} routed expert outputs`, bytes: m.topK * 2 * h });
  return items;
}

function layerActivation(arch: ModelArch, moe: boolean, c: ActivationChoices): LayerActivation {
  const attn = attentionItems(arch, c);
  const ffn = ffnItems(arch, moe, c);
  const attentionBytes = attn.reduce((s, i) => s + i.bytes, 0);
  const ffnBytes = ffn.reduce((s, i) => s + i.bytes, 0);
  return { items: [...attn, ...ffn], attentionBytes, ffnBytes, totalBytes: attentionBytes + ffnBytes };
}

export function activationBytesPerTokenPerLayer(arch: ModelArch, choices: ActivationChoices = DEEPSEEK_ACTIVATION_CHOICES): ActivationBytes {
  const nMoe = arch.layerFfn.filter((k) => k === 'moe').length;
  const nDense = arch.layers - nMoe;
  const dense = nDense > 0 ? layerActivation(arch, false, choices) : null;
  const moe = nMoe > 0 ? layerActivation(arch, true, choices) : null;
  const modelBytes = nDense * (dense?.totalBytes ?? 0) + nMoe * (moe?.totalBytes ?? 0);
  return { dense, moe, meanBytes: modelBytes / arch.layers, modelBytes };
}
