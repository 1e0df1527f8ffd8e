/**
 * Kernel time by roofline: time = max(FLOPs / (peak × compute efficiency), bytes / (HBM bandwidth × memory
 * efficiency)), both scaled by the share of SMs left to computation. The efficiencies are calibrated ONLY to
 * the kernel-level anchors of system.md §3 (DeepSeek's own kernels on H800), never to end-to-end results:
 *
 * - GEMM_LARGE_EFFICIENCY = 1454 / 1979 = 0.7347: the midpoint of DeepGEMM's 1358–1550 TFLOP/s for large FP8
 *   shapes over the 1979 TFLOP/s FP8 peak. Applied to BF16 GEMMs too (no BF16 anchor: an assumption).
 * - HBM_EFFICIENCY = 0.75 (2.51 TB/s of 3.35): DeepGEMM's small-M GEMMs (M = 64–128, 206–645 TFLOP/s) are
 *   weight-read bound; 0.75 is a round value for which every DeepSeek-V3 GEMM shape at M = 64 and 128 lands
 *   inside that band (compute.test.ts checks it). Used for every memory-bound kernel except MLA decoding.
 * - MLA_DECODE_HBM_EFFICIENCY = 3000 / 3350 = 0.8955: FlashMLA's memory-bound 3000 GB/s.
 * - ATTENTION_EFFICIENCY = 620 / 989 = 0.6269: the midpoint of FlashMLA's compute-bound 580–660 TFLOP/s (BF16).
 *   There is no published anchor for training or prefill attention on H800 (system.md §7): using the decoding
 *   kernel's figure there is an assumption, listed in every result that uses it.
 * - Tiles: tensor-core GEMMs compute in row blocks of GEMM_TILE_M = 64 tokens; a partial block costs a whole one.
 */

/** Calibrated efficiencies (fractions of the vendor peak); a scenario may override them. */
export interface Calibration {
  gemmLargeEfficiency: number;
  hbmEfficiency: number;
  mlaDecodeHbmEfficiency: number;
  attentionEfficiency: number;
}

export const GEMM_LARGE_EFFICIENCY = (1358 + 1550) / 2 / 1979;
export const HBM_EFFICIENCY = 0.75;
export const MLA_DECODE_HBM_EFFICIENCY = 3000 / 3350;
export const ATTENTION_EFFICIENCY = (580 + 660) / 2 / 989;
export const GEMM_TILE_M = 64;

export const DEFAULT_CALIBRATION: Calibration = {
  gemmLargeEfficiency: GEMM_LARGE_EFFICIENCY,
  hbmEfficiency: HBM_EFFICIENCY,
  mlaDecodeHbmEfficiency: MLA_DECODE_HBM_EFFICIENCY,
  attentionEfficiency: ATTENTION_EFFICIENCY,
};

/** Where each calibrated constant comes from (printed in `assumptions`). */
export const CALIBRATION_SOURCES: Record<keyof Calibration, string> = {
  gemmLargeEfficiency: 'DeepGEMM FP8 large shapes 1358–1550 TFLOP/s on H800 (midpoint 1454 / 1979 peak)',
  hbmEfficiency: 'DeepGEMM M = 64–128 at 206–645 TFLOP/s (weight-read bound): 0.75 of HBM puts every V3 GEMM shape in the band',
  mlaDecodeHbmEfficiency: 'FlashMLA memory-bound 3000 GB/s of 3.35 TB/s',
  attentionEfficiency: 'FlashMLA compute-bound 580–660 TFLOP/s (midpoint 620 / 989 BF16 peak); no training-attention anchor exists',
};

/** What a kernel runs on: peak rates and the SM share left after communication kernels. */
export interface Device {
  bf16FlopsPerS: number;
  fp8FlopsPerS: number;
  hbmBytesPerS: number;
  /** Fraction of SMs available to computation: (SMs − SMs held by communication) / SMs. */
  smFraction: number;
  cal: Calibration;
}

export type GemmFormat = 'fp8' | 'bf16';

/** Bytes per element of a GEMM operand in a format: FP8 carries 1×128 FP32 scales (activations) or 128×128 (weights). */
const FP8_ACT_BYTES = 1 + 4 / 128;
const FP8_WEIGHT_BYTES = 1 + 4 / (128 * 128);

export interface KernelTime {
  timeS: number;
  flops: number;
  bytes: number;
  /** Which roof bound the kernel. */
  bound: 'compute' | 'memory';
}

function roof(flops: number, flopRate: number, bytes: number, byteRate: number): KernelTime {
  const c = flops / flopRate;
  const m = bytes / byteRate;
  return c >= m ? { timeS: c, flops, bytes, bound: 'compute' } : { timeS: m, flops, bytes, bound: 'memory' };
}

/**
 * `groups` independent GEMMs of [m × k] · [k × n] (a grouped GEMM when groups > 1, e.g. one per local expert),
 * output in BF16. Weights are read once per group.
 */
export function gemmTime(dev: Device, m: number, n: number, k: number, format: GemmFormat, groups = 1): KernelTime {
  if (m <= 0 || n <= 0 || k <= 0 || groups <= 0) return { timeS: 0, flops: 0, bytes: 0, bound: 'memory' };
  const flops = 2 * m * n * k * groups;
  const paddedM = Math.ceil(m / GEMM_TILE_M) * GEMM_TILE_M;
  const peak = format === 'fp8' ? dev.fp8FlopsPerS : dev.bf16FlopsPerS;
  const actB = format === 'fp8' ? FP8_ACT_BYTES : 2;
  const wB = format === 'fp8' ? FP8_WEIGHT_BYTES : 2;
  const bytes = groups * (m * k * actB + k * n * wB + m * n * 2);
  const rate = peak * dev.cal.gemmLargeEfficiency * dev.smFraction * (m / paddedM);
  return roof(flops, rate, bytes, dev.hbmBytesPerS * dev.cal.hbmEfficiency * dev.smFraction);
}

/** Attention core (QKᵀ, softmax, P·V) in BF16 with `flops` FLOPs and `bytes` of HBM traffic. */
export function attentionTime(dev: Device, flops: number, bytes: number, decode: boolean): KernelTime {
  const memEff = decode ? dev.cal.mlaDecodeHbmEfficiency : dev.cal.hbmEfficiency;
  return roof(flops, dev.bf16FlopsPerS * dev.cal.attentionEfficiency * dev.smFraction, bytes, dev.hbmBytesPerS * memEff * dev.smFraction);
}

/** A memory-bound kernel (norms, activations, residual adds, quantization, optimizer) moving `bytes`. */
export function memoryTime(dev: Device, bytes: number): KernelTime {
  return { timeS: bytes / (dev.hbmBytesPerS * dev.cal.hbmEfficiency * dev.smFraction), flops: 0, bytes, bound: 'memory' };
}
