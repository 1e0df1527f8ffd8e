/**
 * FP8 GEMM accumulation emulator (reference/system.md §2, "Accumulation").
 *
 * Data: A (m×k) and B (k×n) drawn from uniform(0,1) or N(0,1) and quantized to E4M3. The tensor core sees raw
 * FP8 values; scales are applied outside it:
 * - without promotion (and when N_C does not divide 128): per-tensor scales, applied once to the final sum —
 *   a plain FP8 GEMM;
 * - with promotion every N_C | 128 elements: DeepSeek-V3's fine-grained scales (A per 1×128 tile along k,
 *   B per 128×128 block), multiplied into each partial sum as it is promoted.
 * The reference is the float64 sum of the products of the *dequantized* operands (raw FP8 products and their
 * block sums are exact in float64), so the measured error is the accumulation's alone.
 *
 * Tensor-core model (`accum: 'fp22'`): products go in groups of 32 (one WGMMA k-step); each group is aligned
 * to its largest exponent by right shifts that keep `bits` fraction bits (13, or 14) and truncate the rest
 * (toward zero); the aligned integers are summed exactly and added to an FP22 accumulator (1 sign, 8 exponent,
 * 13 mantissa bits) whose result is truncated to 13 mantissa bits (its exponent range is not modelled: the
 * data never leaves it). With `accInAlign` the running accumulator takes part in the alignment too (it is
 * shifted with the products, so small products lose more bits). With `promote` = N_C > 0, every N_C elements
 * of k the partial sum × scale is added into an FP32 register (one rounding, as an FMA) and the tensor-core
 * accumulator restarts from zero. `accum: 'fp32'` replaces the FP22 path by FP32 adds with RNE.
 *
 * Errors: maxRelErr / meanRelErr are |emulated − reference| / |reference| over the m×n outputs with
 * |reference| ≥ 1e-3 × max|reference| (metrics.ts).
 */
import { InputError, Rng } from '../core/index.js';
import { exponentOf, pow2 } from './bits.js';
import { decodeMinifloat } from './codec.js';
import { E4M3 } from './formats.js';
import { generate } from './generators.js';
import { type ErrorMetrics, errorMetrics } from './metrics.js';
import { quantizeScaled } from './scaling.js';
import { TILE_128X128, TILE_1X128, TILE_TENSOR } from './tiles.js';

export const WGMMA_K = 32;
export const FP22_MANTISSA_BITS = 13;

export type AccumKind = 'fp22' | 'fp32';
export type GemmDist = 'uniform' | 'normal';

export interface AccumVariant {
  accum: AccumKind;
  /** Fraction bits kept when aligning a group of products (13 default; 14 as an option). */
  bits: number;
  /** Whether the running accumulator takes part in the alignment. */
  accInAlign: boolean;
  /** Promote to FP32 every `promote` elements of k (a multiple of 32); 0 = never. */
  promote: number;
}

export interface GemmOptions {
  m: number;
  n: number;
  k: number;
  dist: GemmDist;
  seed: number;
  variant: AccumVariant;
}

export interface GemmResult {
  /** Which scales the operands carry (block scales need promotion inside one 128-block). */
  scaling: GemmScaling;
  maxRelErr: number;
  meanRelErr: number;
  metrics: ErrorMetrics;
  /** One line saying which data and error definition produced the numbers. */
  definition: string;
}

export const DEFAULT_VARIANT: AccumVariant = { accum: 'fp22', bits: 13, accInAlign: false, promote: 0 };

export function variantName(v: AccumVariant): string {
  if (v.accum === 'fp32') return 'fp32';
  return `fp22-b${v.bits}-${v.accInAlign ? 'acc-in-align' : 'acc-outside'}${v.promote ? `-promote${v.promote}` : ''}`;
}

/** Truncate toward zero to `mant` mantissa bits (a register with mant explicit bits + the implicit one). */
export function truncMantissa(x: number, mant: number): number {
  if (x === 0) return 0;
  const e = exponentOf(x);
  return Math.trunc(x * pow2(mant - e)) * pow2(e - mant);
}

function checkVariant(v: AccumVariant): void {
  if (v.accum !== 'fp22' && v.accum !== 'fp32') throw new InputError('--accum', v.accum, 'one of fp22, fp32');
  if (!Number.isInteger(v.bits) || v.bits < 1 || v.bits > 40) throw new InputError('--bits', v.bits, 'an integer number of fraction bits from 1 to 40 (13 or 14 for Hopper)');
  if (!Number.isInteger(v.promote) || v.promote < 0 || v.promote % WGMMA_K !== 0)
    throw new InputError('--promote', v.promote, `0 (never) or a positive multiple of ${WGMMA_K}`);
}

/** K elements covered by one block scale (A's 1×128 tiles, B's 128×128 blocks). */
export const SCALE_BLOCK_K = 128;

/**
 * Dot product of raw FP8 values a[aOff..aOff+k) and b[bOff..bOff+k) through the tensor-core model, scaled by
 * `scale`: one number (per-tensor scales, applied to the final sum — or at each promotion), or one combined
 * scale sA·sB per 128-element block of k (applied at promotion; `promote` must then divide 128).
 */
export function emulatedDot(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  k: number,
  v: AccumVariant,
  scale: number | Float64Array = 1,
  scratch = new Float64Array(WGMMA_K),
): number {
  const perBlock = typeof scale !== 'number';
  const fp32 = v.accum === 'fp32';
  let acc32 = 0;
  let acc = 0;
  for (let g = 0; g < k; g += WGMMA_K) {
    const len = Math.min(WGMMA_K, k - g);
    if (fp32) {
      for (let i = 0; i < len; i++) acc = Math.fround(acc + a[aOff + g + i] * b[bOff + g + i]);
    } else {
      let pmax = 0;
      for (let i = 0; i < len; i++) {
        const p = a[aOff + g + i] * b[bOff + g + i];
        scratch[i] = p;
        const ap = p < 0 ? -p : p;
        pmax = ap > pmax ? ap : pmax;
      }
      const aacc = acc < 0 ? -acc : acc;
      const top = v.accInAlign && aacc > pmax ? aacc : pmax;
      if (top > 0) {
        const e = exponentOf(top);
        const inv = pow2(v.bits - e);
        let sum = 0;
        for (let i = 0; i < len; i++) sum += Math.trunc(scratch[i] * inv);
        if (v.accInAlign) sum += Math.trunc(acc * inv);
        const aligned = sum * pow2(e - v.bits);
        acc = truncMantissa(v.accInAlign ? aligned : acc + aligned, FP22_MANTISSA_BITS);
      }
    }
    const done = g + len;
    if (v.promote && (done % v.promote === 0 || done === k)) {
      const s = perBlock ? scale[Math.floor((done - 1) / SCALE_BLOCK_K)] : scale;
      acc32 = Math.fround(acc32 + acc * s);
      acc = 0;
    }
  }
  if (v.promote) return acc32;
  return Math.fround(acc * (perBlock ? scale[0] : scale));
}

export type GemmScaling = 'tensor' | 'block';

/** Block scales (1×128 for A, 128×128 for B) need every promotion interval inside one 128-block of k. */
export function scalingFor(v: AccumVariant): GemmScaling {
  return v.promote > 0 && SCALE_BLOCK_K % v.promote === 0 ? 'block' : 'tensor';
}

export interface GemmOperands {
  /** Raw E4M3 values of A (m×k) and Bᵀ (n×k), before scaling. */
  a: Float32Array;
  bt: Float32Array;
  /** FP32 scales: per tensor (length 1) or A per (row, k-block) and Bᵀ per (128-row block, k-block). */
  aScales: Float32Array;
  btScales: Float32Array;
  kBlocks: number;
}

/** Draw A and Bᵀ (same draws for either scaling) and quantize them to E4M3. */
export function gemmOperands(m: number, n: number, k: number, dist: GemmDist, seed: number, scaling: GemmScaling): GemmOperands {
  const rng = new Rng(seed);
  const xa = generate(dist, m, k, rng);
  const xb = generate(dist, n, k, rng);
  const qa = quantizeScaled(xa, { rows: m, cols: k }, E4M3, scaling === 'block' ? TILE_1X128 : TILE_TENSOR, { partial: true });
  const qb = quantizeScaled(xb, { rows: n, cols: k }, E4M3, scaling === 'block' ? TILE_128X128 : TILE_TENSOR, { partial: true });
  return {
    a: decodeMinifloat(E4M3, qa.codes),
    bt: decodeMinifloat(E4M3, qb.codes),
    aScales: qa.scales,
    btScales: qb.scales,
    kBlocks: scaling === 'block' ? Math.ceil(k / SCALE_BLOCK_K) : 1,
  };
}

export function runGemm(opts: GemmOptions): GemmResult {
  const { m, n, k, dist, seed, variant } = opts;
  for (const [f, v] of [['--m', m], ['--n', n], ['--k', k]] as const)
    if (!Number.isSafeInteger(v) || v < 1) throw new InputError(f, v, 'a positive integer');
  if (m * n * k > 2 ** 31) throw new InputError('--m × --n × --k', m * n * k, 'at most 2^31 multiply-adds');
  if (dist !== 'uniform' && dist !== 'normal') throw new InputError('--dist', dist, 'one of uniform, normal');
  checkVariant(variant);
  const scaling = scalingFor(variant);
  const { a, bt, aScales, btScales, kBlocks } = gemmOperands(m, n, k, dist, seed, scaling);
  const ref = new Float64Array(m * n);
  const emu = new Float64Array(m * n);
  const scratch = new Float64Array(WGMMA_K);
  const pair = new Float64Array(kBlocks);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const jb = scaling === 'block' ? Math.floor(j / SCALE_BLOCK_K) : 0;
      let r = 0;
      for (let kb = 0; kb < kBlocks; kb++) {
        const s = Math.fround(aScales[scaling === 'block' ? i * kBlocks + kb : 0] * btScales[jb * kBlocks + kb]);
        pair[kb] = s;
        const k0 = scaling === 'block' ? kb * SCALE_BLOCK_K : 0;
        const k1 = scaling === 'block' ? Math.min(k, k0 + SCALE_BLOCK_K) : k;
        let blockSum = 0; // raw FP8 products and their partial sums are exact in float64
        for (let t = k0; t < k1; t++) blockSum += a[i * k + t] * bt[j * k + t];
        r += s * blockSum;
      }
      ref[i * n + j] = r;
      emu[i * n + j] = emulatedDot(a, i * k, bt, j * k, k, variant, scaling === 'block' ? pair : pair[0], scratch);
    }
  }
  const metrics = errorMetrics(ref, emu);
  return {
    maxRelErr: metrics.relErrMax,
    meanRelErr: metrics.relErrMean,
    metrics,
    scaling,
    definition:
      `${m}x${k} · ${k}x${n}, ${dist === 'uniform' ? 'uniform(0,1)' : 'N(0,1)'} data (seed ${seed}) quantized to E4M3 with ` +
      `${scaling === 'block' ? '1x128 (A) / 128x128 (B) block scales' : 'per-tensor scales'} applied ${variant.promote ? `at each promotion (every ${variant.promote})` : 'to the final sum'}; ` +
      `error = |emulated − reference| / |reference| over outputs with |reference| ≥ 1e-3·max, reference = float64 sum of the products of the dequantized FP8 operands`,
  };
}
