/**
 * SwiGLU feed-forward: dense `w2(silu(w1 x) · w3 x)`, and DeepSeekMoE: the gate routes each token to k
 * routed experts; outputs are weighted and summed in expert-index order (as DeepSeek's MoE.forward loops
 * over experts), then the shared experts' output is added.
 */
import { routeLogits, type GateResult, type GateSpec } from '../moe/index.js';
import { linear, siluMulInPlace, type OpCounter } from '../tensor/index.js';
import type { MlpWeights, MoeWeights } from './weights.js';

export function mlpForward(w: MlpWeights, x: Float32Array, rows: number, dim: number, counter: OpCounter): Float32Array {
  const a = linear(x, rows, dim, w.w1, w.inter, undefined, counter);
  const b = linear(x, rows, dim, w.w3, w.inter, undefined, counter);
  siluMulInPlace(a, b, rows * w.inter, counter);
  return linear(a, rows, w.inter, w.w2, dim, undefined, counter);
}

/** What an MoE layer hands to observers: the routing and the combine inputs (per-choice expert outputs). */
export interface MoeTrace {
  route: GateResult;
  /** The normalised FFN input, [tokens, dim] (what dispatch sends). */
  dispatchIn: Float32Array;
  /** Expert outputs before weighting, [tokens, k, dim] (what combine receives). */
  combineIn: Float32Array;
}

export function moeForward(
  w: MoeWeights,
  spec: GateSpec,
  x: Float32Array,
  rows: number,
  dim: number,
  counter: OpCounter,
  trace?: (t: MoeTrace) => void,
): Float32Array {
  const nE = w.experts.length;
  const k = spec.topK;
  const logits = linear(x, rows, dim, w.gate, nE, undefined, counter);
  const route = routeLogits(logits, rows, spec, w.bias ?? undefined);
  const y = new Float32Array(rows * dim);
  const combineIn = trace ? new Float32Array(rows * k * dim) : null;
  // tokens per expert, in token order
  const counts = new Int32Array(nE);
  for (let i = 0; i < rows * k; i++) counts[route.indices[i]]++;
  for (let e = 0; e < nE; e++) {
    const n = counts[e];
    if (n === 0) continue;
    const xe = new Float32Array(n * dim);
    const who = new Int32Array(n);
    const slot = new Int32Array(n);
    let m = 0;
    for (let t = 0; t < rows; t++)
      for (let j = 0; j < k; j++)
        if (route.indices[t * k + j] === e) {
          xe.set(x.subarray(t * dim, (t + 1) * dim), m * dim);
          who[m] = t;
          slot[m++] = j;
        }
    const ye = mlpForward(w.experts[e], xe, n, dim, counter);
    for (let i = 0; i < n; i++) {
      const t = who[i];
      const wt = route.weights[t * k + slot[i]];
      for (let d = 0; d < dim; d++) y[t * dim + d] += Math.fround(ye[i * dim + d] * wt);
      if (combineIn) combineIn.set(ye.subarray(i * dim, (i + 1) * dim), (t * k + slot[i]) * dim);
    }
    counter.otherFlops += 2 * n * dim;
  }
  if (w.shared) {
    const z = mlpForward(w.shared, x, rows, dim, counter);
    for (let i = 0; i < rows * dim; i++) y[i] += z[i];
    counter.otherFlops += rows * dim;
  }
  if (trace && combineIn) trace({ route, dispatchIn: x, combineIn });
  return y;
}
