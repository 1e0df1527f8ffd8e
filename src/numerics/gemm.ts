/**
 * FP8 GEMM accumulation emulator (reference/system.md §2, "Accumulation").
 *
 * Data: A (m×k) and B (k×n) drawn from uniform(0,1) or N(0,1), quantized to E4M3 with DeepSeek-V3's
 * fine-grained scales (A per 1×128 tile along k, B per 128×128 block; partial edge tiles allowed) and
 * dequantized. The products of these dequantized operands are the emulator's input; the reference is their
 * float64 sum, so the measured error is the accumulation's alone, not the quantization's. (Folding the scales
 * into the products is a simplification: the hardware applies them at promotion.)
 *
 * Tensor-core model (`accum: 'fp22'`): products go in groups of 32 (one WGMMA k-step); each group is aligned
 * to its largest exponent by right shifts that keep `bits` fraction bits (13, or 14) and truncate the rest
 * (toward zero); the aligned integers are summed exactly and added to an FP22 accumulator (1 sign, 8 exponent,
 * 13 mantissa bits) whose result is truncated to 13 mantissa bits. With `accInAlign` the running accumulator
 * takes part in the alignment too (it is shifted with the products, so small products lose more bits).
 * With `promote` = N_C > 0, every N_C elements of k the FP22 partial sum is added into an FP32 register
 * (round to nearest even) and the tensor-core accumulator restarts from zero.
 * `accum: 'fp32'` accumulates every product in FP32 with RNE (a CUDA-core baseline).
 *
 * Errors: maxRelErr / meanRelErr are |emulated − reference| / |reference| over the m×n outputs with
 * |reference| ≥ 1e-3 × max|reference| (metrics.ts).
 */
import { InputError, Rng } from '../core/index.js';
import { exponentOf, pow2 } from './bits.js';
import { E4M3 } from './formats.js';
import { generate } from './generators.js';
import { type ErrorMetrics, errorMetrics } from './metrics.js';
import { fakeQuantizeScaled } from './scaling.js';
import { TILE_128X128, TILE_1X128 } from './tiles.js';

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

/** Dot product of a[aOff..aOff+k) and b[bOff..bOff+k) through the tensor-core model. */
export function emulatedDot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, k: number, v: AccumVariant, scratch = new Float64Array(WGMMA_K)): number {
  if (v.accum === 'fp32') {
    let acc = 0;
    for (let i = 0; i < k; i++) acc = Math.fround(acc + a[aOff + i] * b[bOff + i]);
    return acc;
  }
  let acc32 = 0;
  let acc = 0;
  for (let g = 0; g < k; g += WGMMA_K) {
    const len = Math.min(WGMMA_K, k - g);
    let pmax = 0;
    for (let i = 0; i < len; i++) {
      const p = a[aOff + g + i] * b[bOff + g + i];
      scratch[i] = p;
      const ap = p < 0 ? -p : p;
      if (ap > pmax) pmax = ap;
    }
    const aacc = acc < 0 ? -acc : acc;
    const top = v.accInAlign && aacc > pmax ? aacc : pmax;
    if (top > 0) {
      const e = exponentOf(top);
      const inv = pow2(v.bits - e);
      let s = 0;
      for (let i = 0; i < len; i++) s += Math.trunc(scratch[i] * inv);
      if (v.accInAlign) s += Math.trunc(acc * inv);
      const sum = s * pow2(e - v.bits);
      acc = truncMantissa(v.accInAlign ? sum : acc + sum, FP22_MANTISSA_BITS);
    }
    if (v.promote && (g + len) % v.promote === 0) {
      acc32 = Math.fround(acc32 + acc);
      acc = 0;
    }
  }
  return v.promote ? Math.fround(acc32 + acc) : acc;
}

/** Quantized operands: A (m×k) and Bᵀ (n×k), both dequantized from E4M3 with 1×128 / 128×128 scales. */
export function gemmOperands(m: number, n: number, k: number, dist: GemmDist, seed: number): { a: Float32Array; bt: Float32Array } {
  const rng = new Rng(seed);
  const a = fakeQuantizeScaled(generate(dist, m, k, rng), { rows: m, cols: k }, E4M3, TILE_1X128, { partial: true });
  const bt = fakeQuantizeScaled(generate(dist, n, k, rng), { rows: n, cols: k }, E4M3, TILE_128X128, { partial: true });
  return { a, bt };
}

export function runGemm(opts: GemmOptions): GemmResult {
  const { m, n, k, dist, seed, variant } = opts;
  for (const [f, v] of [['--m', m], ['--n', n], ['--k', k]] as const)
    if (!Number.isSafeInteger(v) || v < 1) throw new InputError(f, v, 'a positive integer');
  if (m * n * k > 2 ** 31) throw new InputError('--m × --n × --k', m * n * k, 'at most 2^31 multiply-adds');
  if (dist !== 'uniform' && dist !== 'normal') throw new InputError('--dist', dist, 'one of uniform, normal');
  checkVariant(variant);
  const { a, bt } = gemmOperands(m, n, k, dist, seed);
  const ref = new Float64Array(m * n);
  const emu = new Float64Array(m * n);
  const scratch = new Float64Array(WGMMA_K);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * bt[j * k + t];
      ref[i * n + j] = s;
      emu[i * n + j] = emulatedDot(a, i * k, bt, j * k, k, variant, scratch);
    }
  }
  const metrics = errorMetrics(ref, emu);
  return {
    maxRelErr: metrics.relErrMax,
    meanRelErr: metrics.relErrMean,
    metrics,
    definition:
      `${m}x${k} · ${k}x${n}, ${dist === 'uniform' ? 'uniform(0,1)' : 'N(0,1)'} data (seed ${seed}) quantized to E4M3 (1x128 / 128x128 scales); ` +
      `error = |emulated − float64 sum of the dequantized products| / |reference| over outputs with |reference| ≥ 1e-3·max`,
  };
}
