/**
 * y = x · Wᵀ for a row-major x [m, k] and W [n, k] (PyTorch's Linear layout: every weight row is one output).
 * Loop order: for each weight row, sweep 4 input rows at once, so each weight row is read once per 4 tokens
 * and both operands stream contiguously. Each output element is one dot product summed in k order in double
 * precision: the result for a row does not depend on how many rows are in the batch (decode of one token and
 * a multi-token verify pass give bitwise equal outputs).
 */
import type { OpCounter } from './counters.js';
import { NULL_COUNTER } from './counters.js';

export function linear(
  x: Float32Array,
  m: number,
  k: number,
  w: Float32Array,
  n: number,
  out: Float32Array = new Float32Array(m * n),
  counter: OpCounter = NULL_COUNTER,
): Float32Array {
  const m4 = m - (m % 4);
  for (let j = 0; j < n; j++) {
    const wo = j * k;
    let i = 0;
    for (; i < m4; i += 4) {
      const a0 = i * k;
      const a1 = a0 + k;
      const a2 = a1 + k;
      const a3 = a2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const wv = w[wo + p];
        s0 += x[a0 + p] * wv;
        s1 += x[a1 + p] * wv;
        s2 += x[a2 + p] * wv;
        s3 += x[a3 + p] * wv;
      }
      out[i * n + j] = s0;
      out[(i + 1) * n + j] = s1;
      out[(i + 2) * n + j] = s2;
      out[(i + 3) * n + j] = s3;
    }
    for (; i < m; i++) {
      const a = i * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += x[a + p] * w[wo + p];
      out[i * n + j] = s;
    }
  }
  counter.matmulFlops += 2 * m * n * k;
  counter.gemmShapes?.push(m, k, n);
  counter.bytesRead += 4 * (m * k + n * k);
  counter.bytesWritten += 4 * m * n;
  return out;
}

/** Plain dot product of two float32 ranges, summed in order in double precision. */
export function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, len: number): number {
  let s = 0;
  for (let p = 0; p < len; p++) s += a[ao + p] * b[bo + p];
  return s;
}
