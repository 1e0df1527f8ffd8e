/**
 * Rotary position embedding with YaRN frequency scaling, as DeepSeek's inference code builds it: inverse
 * frequencies base^(-2j/d) in float32; when YaRN is active, pairs below the correction range keep their
 * frequency, pairs above it are divided by `factor`, with a linear ramp in between. Rotation acts on
 * interleaved pairs (2j, 2j+1) as complex numbers.
 */
import type { OpCounter } from './counters.js';
import { NULL_COUNTER } from './counters.js';

export interface RopeSpec {
  /** Rotated dimension (qk_rope_head_dim); even. */
  dim: number;
  theta: number;
  /** Whether YaRN scaling is applied. */
  yarn: boolean;
  factor: number;
  originalSeqLen: number;
  betaFast: number;
  betaSlow: number;
  /** Multiplier on cos/sin (HF's yarn mscale / mscale_all_dim ratio; 1 in DeepSeek's code). */
  cosSinScale?: number;
}

function correctionDim(numRotations: number, dim: number, base: number, maxSeqLen: number): number {
  return (dim * Math.log(maxSeqLen / (numRotations * 2 * Math.PI))) / (2 * Math.log(base));
}

/** The [low, high] pair range of the YaRN ramp. */
export function yarnCorrectionRange(spec: RopeSpec): [number, number] {
  const low = Math.floor(correctionDim(spec.betaFast, spec.dim, spec.theta, spec.originalSeqLen));
  const high = Math.ceil(correctionDim(spec.betaSlow, spec.dim, spec.theta, spec.originalSeqLen));
  return [Math.max(low, 0), Math.min(high, spec.dim - 1)];
}

/** Inverse frequency of each of the dim/2 pairs, float32 as torch computes them. */
export function ropeInvFreqs(spec: RopeSpec): Float32Array {
  const half = spec.dim / 2;
  const f = new Float32Array(half);
  const base = Math.fround(spec.theta);
  for (let j = 0; j < half; j++) f[j] = Math.fround(1 / Math.fround(Math.pow(base, Math.fround((2 * j) / spec.dim))));
  if (!spec.yarn) return f;
  const [low, hi] = yarnCorrectionRange(spec);
  const high = low === hi ? hi + 0.001 : hi;
  const factor = Math.fround(spec.factor);
  for (let j = 0; j < half; j++) {
    const ramp = Math.min(1, Math.max(0, Math.fround(Math.fround(j - low) / Math.fround(high - low))));
    const smooth = Math.fround(1 - ramp);
    const scaled = Math.fround(Math.fround(f[j] / factor) * Math.fround(1 - smooth));
    f[j] = Math.fround(scaled + Math.fround(f[j] * smooth));
  }
  return f;
}

/** cos and sin tables [positions, dim/2] (float32), like DeepSeek's precomputed complex table. */
export function ropeTable(spec: RopeSpec, positions: number): { cos: Float32Array; sin: Float32Array } {
  const inv = ropeInvFreqs(spec);
  const half = spec.dim / 2;
  const scale = spec.cosSinScale ?? 1;
  const cos = new Float32Array(positions * half);
  const sin = new Float32Array(positions * half);
  for (let t = 0; t < positions; t++)
    for (let j = 0; j < half; j++) {
      const a = Math.fround(t * inv[j]);
      cos[t * half + j] = Math.cos(a) * scale;
      sin[t * half + j] = Math.sin(a) * scale;
    }
  return { cos, sin };
}

/** Rotate the `dim` values at x[off ..] for position `pos`: pair (a, b) → (a·c − b·s, a·s + b·c). */
export function applyRope(
  x: Float32Array,
  off: number,
  dim: number,
  cos: Float32Array,
  sin: Float32Array,
  pos: number,
  counter: OpCounter = NULL_COUNTER,
): void {
  const half = dim / 2;
  const t = pos * half;
  for (let j = 0; j < half; j++) {
    const a = x[off + 2 * j];
    const b = x[off + 2 * j + 1];
    const c = cos[t + j];
    const s = sin[t + j];
    x[off + 2 * j] = a * c - b * s;
    x[off + 2 * j + 1] = a * s + b * c;
  }
  counter.otherFlops += dim * 3;
}
