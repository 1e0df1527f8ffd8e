/** Element-wise and row-wise ops on float32 rows. All math in double, results stored as float32. */
import type { OpCounter } from './counters.js';
import { NULL_COUNTER } from './counters.js';

/** RMSNorm over `rows` rows of length `dim`: y = x · rsqrt(mean(x²) + eps) · weight (PyTorch's semantics). */
export function rmsNorm(
  x: Float32Array,
  rows: number,
  dim: number,
  weight: Float32Array,
  eps: number,
  out: Float32Array = new Float32Array(rows * dim),
  counter: OpCounter = NULL_COUNTER,
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let ss = 0;
    for (let i = 0; i < dim; i++) ss += x[o + i] * x[o + i];
    const inv = Math.fround(1 / Math.sqrt(Math.fround(ss / dim) + eps));
    for (let i = 0; i < dim; i++) out[o + i] = Math.fround(x[o + i] * inv) * weight[i];
  }
  counter.otherFlops += rows * dim * 4;
  counter.bytesRead += 4 * (rows * dim + dim);
  counter.bytesWritten += 4 * rows * dim;
  return out;
}

/** In-place softmax of `len` values starting at `off`. */
export function softmaxInPlace(x: Float32Array, off: number, len: number, counter: OpCounter = NULL_COUNTER): void {
  let mx = -Infinity;
  for (let i = 0; i < len; i++) if (x[off + i] > mx) mx = x[off + i];
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const e = Math.exp(x[off + i] - mx);
    x[off + i] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let i = 0; i < len; i++) x[off + i] *= inv;
  counter.otherFlops += len * 4;
}

/** Row-wise softmax over `rows` rows of `len`. */
export function softmaxRows(x: Float32Array, rows: number, len: number, counter: OpCounter = NULL_COUNTER): Float32Array {
  for (let r = 0; r < rows; r++) softmaxInPlace(x, r * len, len, counter);
  return x;
}

export function silu(v: number): number {
  return v / (1 + Math.exp(-v));
}

/** SwiGLU core in place: a ← silu(a) · b (the gate and up projections of an FFN). */
export function siluMulInPlace(a: Float32Array, b: Float32Array, n: number, counter: OpCounter = NULL_COUNTER): Float32Array {
  for (let i = 0; i < n; i++) a[i] = Math.fround(silu(a[i])) * b[i];
  counter.otherFlops += n * 5;
  return a;
}

/** a ← a + b over n values. */
export function addInPlace(a: Float32Array, b: Float32Array, n: number, counter: OpCounter = NULL_COUNTER): Float32Array {
  for (let i = 0; i < n; i++) a[i] += b[i];
  counter.otherFlops += n;
  return a;
}

/**
 * Indices of the k largest of x[off .. off+len) in torch.topk order: descending value; among equal values the
 * lower index first; NaN counts as larger than everything (as in torch). Writes into out[outOff .. outOff+k).
 */
export function topkIndices(x: Float32Array, off: number, len: number, k: number, out: Int32Array, outOff = 0): Int32Array {
  let filled = 0;
  for (let i = 0; i < len; i++) {
    const v = x[off + i];
    // position where v goes: after every kept value that is >= v (earlier index wins ties)
    let pos = filled;
    while (pos > 0 && greater(v, x[off + out[outOff + pos - 1]])) pos--;
    if (pos >= k) continue;
    const last = filled < k ? filled : k - 1;
    for (let q = last; q > pos; q--) out[outOff + q] = out[outOff + q - 1];
    out[outOff + pos] = i;
    if (filled < k) filled++;
  }
  return out;
}

function greater(a: number, b: number): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  return a > b;
}

/** Index of the largest value (first one on ties). */
export function argmax(x: Float32Array, off = 0, len = x.length - off): number {
  let best = 0;
  for (let i = 1; i < len; i++) if (x[off + i] > x[off + best]) best = i;
  return best;
}
