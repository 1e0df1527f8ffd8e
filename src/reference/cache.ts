/**
 * Per-layer KV cache for B sequences of up to `capacity` positions. Naive MLA caches the full per-head keys
 * (qk_nope + qk_rope) and values (v); absorbed MLA caches only the normalised latent c_kv (kv_lora_rank) and
 * the rotated shared k_rope (qk_rope_head_dim). Float32 storage: 4 bytes per value.
 */
import type { RefConfig } from './config.js';

export type AttnMode = 'naive' | 'absorb';

export class LayerCache {
  /** naive: [B, cap, H, dn+dr]; absorb: [B, cap, r] (latent) */
  readonly a: Float32Array;
  /** naive: [B, cap, H, dv]; absorb: [B, cap, dr] (rotated k_rope) */
  readonly b: Float32Array;
  /** Values per token in `a` and `b`. */
  readonly aWidth: number;
  readonly bWidth: number;

  constructor(
    cfg: RefConfig,
    readonly mode: AttnMode,
    readonly batch: number,
    readonly capacity: number,
  ) {
    const h = cfg.nHeads;
    this.aWidth = mode === 'naive' ? h * (cfg.qkNopeHeadDim + cfg.qkRopeHeadDim) : cfg.kvLoraRank;
    this.bWidth = mode === 'naive' ? h * cfg.vHeadDim : cfg.qkRopeHeadDim;
    this.a = new Float32Array(batch * capacity * this.aWidth);
    this.b = new Float32Array(batch * capacity * this.bWidth);
  }

  /** Measured from the allocated buffers: bytes this layer holds per cached token of one sequence. */
  get bytesPerToken(): number {
    return (this.a.byteLength + this.b.byteLength) / (this.batch * this.capacity);
  }

  /** Values per token (for the 576-per-token check of absorbed V3). */
  get valuesPerToken(): number {
    return this.aWidth + this.bWidth;
  }
}
