/**
 * KV cache per token, summed over layers.
 *
 * - MHA / GQA / MQA: K and V of every KV head: 2 · kvHeads · headDim elements per layer.
 * - MLA latent (absorbed inference): RMSNorm(c_kv) and the rotated shared RoPE key:
 *   (kvLoraRank + qkRopeHeadDim) elements per layer. DeepSeek-V3 BF16: (512 + 64) · 2 B · 61 = 70,272 B.
 * - MLA naive: the up-projected per-head K (nope + rope) and V: heads · (headDim + vHeadDim) elements per layer.
 * - FP8 for MLA latent follows FlashMLA's layout: kvLoraRank FP8 values + one FP32 scale per 128 of them +
 *   the RoPE part kept in BF16: 512 + 4·4 + 64·2 = 656 B per token and layer. FP8 for every other cache
 *   is one byte per element (a per-tensor scale is negligible per token).
 * - `includeMtp`: a served MTP module keeps its own cache, one more layer of the same kind.
 */
import { InputError } from '../core/index.js';
import type { ModelArch } from './arch.js';

export type KvDtype = 'bf16' | 'fp8' | 'fp32';
export const KV_DTYPES: readonly KvDtype[] = ['bf16', 'fp8', 'fp32'];
export type MlaCacheMode = 'latent' | 'naive';

export interface KvCacheOptions {
  dtype: KvDtype;
  /** MLA only: cache the compressed latent (default) or the naive per-head K and V. */
  mlaMode?: MlaCacheMode;
  /** Add the MTP modules' layers (default false). */
  includeMtp?: boolean;
}

const ELEMENT_BYTES: Record<KvDtype, number> = { bf16: 2, fp8: 1, fp32: 4 };
/** FlashMLA's FP8 cache: one FP32 scale per 128 latent values. */
const FLASHMLA_TILE = 128;

/** Bytes of KV cache one token adds to one attention layer. */
export function kvCacheBytesPerTokenPerLayer(arch: ModelArch, opts: KvCacheOptions): number {
  const bytes = ELEMENT_BYTES[opts.dtype];
  if (bytes === undefined) throw new InputError('dtype', opts.dtype, `one of ${KV_DTYPES.join(', ')}`);
  const a = arch.attention;
  if (a.kind !== 'mla') return 2 * a.kvHeads * a.headDim * bytes;
  if ((opts.mlaMode ?? 'latent') === 'naive') return a.heads * (a.headDim + a.vHeadDim) * bytes;
  if (opts.dtype === 'fp8') return a.kvLoraRank + Math.ceil(a.kvLoraRank / FLASHMLA_TILE) * 4 + a.qkRopeHeadDim * 2;
  return (a.kvLoraRank + a.qkRopeHeadDim) * bytes;
}

export function kvCacheBytesPerToken(arch: ModelArch, opts: KvCacheOptions): number {
  const layers = arch.layers + (opts.includeMtp ? arch.mtpLayers : 0);
  return layers * kvCacheBytesPerTokenPerLayer(arch, opts);
}

/** KV cache for `batch` sequences of `contextTokens` each. */
export function kvCacheBytes(arch: ModelArch, batch: number, contextTokens: number, dtype: KvDtype, opts: Omit<KvCacheOptions, 'dtype'> = {}): number {
  if (!Number.isSafeInteger(batch) || batch < 0) throw new InputError('batch', batch, 'a non-negative integer');
  if (!Number.isSafeInteger(contextTokens) || contextTokens < 0) throw new InputError('contextTokens', contextTokens, 'a non-negative integer');
  return batch * contextTokens * kvCacheBytesPerToken(arch, { ...opts, dtype });
}
