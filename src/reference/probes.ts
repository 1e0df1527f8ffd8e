/**
 * Probes on a running model: KV cache bytes measured from the allocated caches, FLOPs counted during a
 * forward pass, both beside model/'s formulas; routing histograms per MoE layer; activation dumps.
 *
 * FLOP mapping to model/ (`flopsPerToken`, forward, causal): the counter's GEMM FLOPs of a prefill of S
 * tokens from position 0 with logits at every position equal S × forwardFlops exactly in naive mode —
 * the formula's attention term 2·H·(dq+dv)·(S+1)/2 per token is the naive QKᵀ and P·V work, and its GEMM
 * term the same activated weights (router and head included, embedding excluded). In absorbed mode the
 * projections are the same (W_kvb is applied as W_uk to the query and W_uv to the output: the same
 * H·(dn+dv)·r multiply-adds), but attention runs in the latent space: 2·H·(2r+dr) per key instead of
 * 2·H·(dq+dv).
 */
import { writeSafetensors } from '../io/index.js';
import { flopsPerToken, kvCacheBytesPerTokenPerLayer, parseHfConfig, type ModelArch } from '../model/index.js';
import { expertHistogram } from '../moe/index.js';
import type { AttnMode } from './cache.js';
import { hfConfigOf, type RefConfig } from './config.js';
import type { MoeTrace } from './ffn.js';
import type { ForwardObserver, Session } from './model.js';

/** model/'s architecture description of a reference config (through its HF config form). */
export function archOf(cfg: RefConfig): ModelArch {
  return parseHfConfig(hfConfigOf(cfg), 'reference config');
}

export interface KvCacheProbe {
  mode: AttnMode;
  /** Measured bytes per token for each layer (main layers, then MTP modules). */
  perLayerBytes: number[];
  /** Values per token per layer (576 for absorbed DeepSeek-V3). */
  valuesPerTokenPerLayer: number;
  measuredBytesPerToken: number;
  /** model/'s kvCacheBytesPerToken for the same layers, dtype fp32 and the same MLA mode. */
  formulaBytesPerToken: number;
}

export function probeKvCache(session: Session): KvCacheProbe {
  const all = [...session.caches, ...session.mtpCaches];
  const perLayerBytes = all.map((c) => c.bytesPerToken);
  const arch = archOf(session.model.cfg);
  const perLayer = kvCacheBytesPerTokenPerLayer(arch, { dtype: 'fp32', mlaMode: session.mode === 'naive' ? 'naive' : 'latent' });
  return {
    mode: session.mode,
    perLayerBytes,
    valuesPerTokenPerLayer: all[0].valuesPerToken,
    measuredBytesPerToken: perLayerBytes.reduce((a, b) => a + b, 0),
    formulaBytesPerToken: perLayer * all.length,
  };
}

/** Closed form of the counter's GEMM FLOPs for a forward of `seq` tokens per sequence from `start`. */
export function expectedForwardFlops(cfg: RefConfig, mode: AttnMode, batch: number, seq: number, start: number, logitRows: number): number {
  const arch = archOf(cfg);
  const perTokenGemm = flopsPerToken(arch, { seqLen: 1, causal: false }).forward.gemmFlops - 2 * cfg.vocabSize * cfg.dim;
  const { nHeads: H, qkNopeHeadDim: dn, qkRopeHeadDim: dr, vHeadDim: dv, kvLoraRank: r } = cfg;
  const perKey = mode === 'naive' ? 2 * H * (dn + dr + dv) : 2 * H * (2 * r + dr);
  let keys = 0;
  for (let s = 0; s < seq; s++) keys += start + s + 1;
  return batch * (seq * perTokenGemm + cfg.nLayers * perKey * keys) + logitRows * 2 * cfg.vocabSize * cfg.dim;
}

/** model/'s forward FLOPs per token for a causal sequence of `seq` tokens (naive-MLA attention convention). */
export function formulaForwardFlopsPerToken(cfg: RefConfig, seq: number): number {
  return flopsPerToken(archOf(cfg), { seqLen: seq, causal: true }).forwardFlops;
}

/** Per MoE layer: how many token-choices each expert received. */
export class RoutingHistogram implements ForwardObserver {
  readonly counts = new Map<number, Float64Array>();
  constructor(readonly nExperts: number) {}
  moe(layer: number, t: MoeTrace): void {
    let h = this.counts.get(layer);
    if (!h) this.counts.set(layer, (h = new Float64Array(this.nExperts)));
    expertHistogram(t.route.indices, this.nExperts, h);
  }
  /** Layers in order with plain-number counts (for JSON). */
  toJson(): { layer: number; counts: number[] }[] {
    return [...this.counts.entries()].sort((a, b) => a[0] - b[0]).map(([layer, c]) => ({ layer, counts: Array.from(c) }));
  }
}

/** A named float32 activation and its shape. */
export interface Activation {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * Collects MoE dispatch inputs and combine inputs of every call: `layers.L.call.C.dispatch_in` [tokens, dim]
 * and `layers.L.call.C.combine_in` [tokens·k, dim] (the expert outputs before weighting).
 */
export class ActivationRecorder implements ForwardObserver {
  readonly activations: Activation[] = [];
  private readonly calls = new Map<number, number>();
  constructor(readonly dim: number) {}
  moe(layer: number, t: MoeTrace): void {
    const c = this.calls.get(layer) ?? 0;
    this.calls.set(layer, c + 1);
    const tokens = t.dispatchIn.length / this.dim;
    this.activations.push(
      { name: `layers.${layer}.call.${c}.dispatch_in`, shape: [tokens, this.dim], data: Float32Array.from(t.dispatchIn) },
      { name: `layers.${layer}.call.${c}.combine_in`, shape: [t.combineIn.length / this.dim, this.dim], data: t.combineIn },
    );
  }
}

/** Fan one forward's events out to several observers. */
export function observers(...list: (ForwardObserver | undefined)[]): ForwardObserver {
  const active = list.filter((o): o is ForwardObserver => o !== undefined);
  return { moe: (layer, t) => active.forEach((o) => o.moe?.(layer, t)) };
}

/** Serialise activations as a safetensors file of F32 tensors (readable by `coplane numerics compare --from`). */
export function activationsToSafetensors(list: readonly Activation[], metadata?: Record<string, string>): Uint8Array {
  return writeSafetensors(
    list.map((a) => ({ name: a.name, dtype: 'F32', shape: a.shape, data: new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength) })),
    metadata,
  );
}
