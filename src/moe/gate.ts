/**
 * DeepSeekMoE gate: which experts each token goes to and with what weight. The same code serves the
 * reference model and the expert-parallel traffic generator (which feeds synthetic affinities).
 *
 * Follows DeepSeek's inference code (Gate.forward) in float32 arithmetic:
 *  1. scores s = sigmoid(logits) or softmax(logits);
 *  2. selection scores s' = s + bias (when a bias is given);
 *  3. group limit (nGroups > 1): group score = sum of the top-2 s' in the group when a bias is given (V3),
 *     else the max (V2); keep the best `topkGroups` groups, mask the others to −∞;
 *  4. top-k of s' in torch.topk order (descending; lower index first on ties);
 *  5. weights = unbiased s of the chosen experts, divided by their sum when `normalize`, times `routeScale`.
 */
import { InputError } from '../core/index.js';

export type GateScoreFunc = 'sigmoid' | 'softmax';

export interface GateSpec {
  nExperts: number;
  topK: number;
  /** Expert groups (1 = no group limit). */
  nGroups: number;
  /** Groups kept per token. */
  topkGroups: number;
  scoreFunc: GateScoreFunc;
  routeScale: number;
  /** Divide the chosen weights by their sum (DeepSeek's code: only for sigmoid scoring). */
  normalize: boolean;
  /** Group score rule; default top-2 sum when a bias is given, else max (DeepSeek's code). */
  groupScore?: 'top2sum' | 'max';
}

export interface GateResult {
  /** [tokens × topK] expert ids, in selection order. */
  indices: Int32Array;
  /** [tokens × topK] combine weights aligned with `indices`. */
  weights: Float32Array;
}

const f = Math.fround;

export function checkGateSpec(spec: GateSpec): void {
  const { nExperts, topK, nGroups, topkGroups } = spec;
  if (!Number.isSafeInteger(nExperts) || nExperts < 1) throw new InputError('gate.nExperts', nExperts, 'a positive integer');
  if (!Number.isSafeInteger(nGroups) || nGroups < 1 || nExperts % nGroups !== 0)
    throw new InputError('gate.nGroups', nGroups, `a positive divisor of nExperts (${nExperts})`);
  if (!Number.isSafeInteger(topkGroups) || topkGroups < 1 || topkGroups > nGroups)
    throw new InputError('gate.topkGroups', topkGroups, `an integer from 1 to nGroups (${nGroups})`);
  const reachable = (nExperts / nGroups) * topkGroups;
  if (!Number.isSafeInteger(topK) || topK < 1 || topK > reachable)
    throw new InputError('gate.topK', topK, `an integer from 1 to the experts in the kept groups (${reachable})`);
  if (spec.groupScore === 'top2sum' && nExperts / nGroups < 2)
    throw new InputError('gate.groupScore', spec.groupScore, "'max' when groups have one expert");
}

/** torch.topk order: a ranks before b when larger, NaN largest. */
function above(a: number, b: number): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  return a > b;
}

/** Top-k of x[off..off+len) into out[outOff..], torch.topk order (earlier index wins ties). */
function topk(x: Float32Array, off: number, len: number, k: number, out: Int32Array, outOff: number): void {
  let filled = 0;
  for (let i = 0; i < len; i++) {
    const v = x[off + i];
    let pos = filled;
    while (pos > 0 && above(v, x[off + out[outOff + pos - 1]])) pos--;
    if (pos >= k) continue;
    const last = filled < k ? filled : k - 1;
    for (let q = last; q > pos; q--) out[outOff + q] = out[outOff + q - 1];
    out[outOff + pos] = i;
    if (filled < k) filled++;
  }
}

/** Turn router logits [tokens × experts] into scores in place (float32 sigmoid or row softmax). */
export function gateScores(logits: Float32Array, tokens: number, nExperts: number, scoreFunc: GateScoreFunc): Float32Array {
  if (scoreFunc === 'sigmoid') {
    for (let i = 0; i < tokens * nExperts; i++) logits[i] = f(1 / (1 + Math.exp(-logits[i])));
    return logits;
  }
  for (let t = 0; t < tokens; t++) {
    const o = t * nExperts;
    let mx = -Infinity;
    for (let e = 0; e < nExperts; e++) if (logits[o + e] > mx) mx = logits[o + e];
    let sum = 0;
    for (let e = 0; e < nExperts; e++) sum += Math.exp(logits[o + e] - mx);
    for (let e = 0; e < nExperts; e++) logits[o + e] = f(Math.exp(logits[o + e] - mx) / sum);
  }
  return logits;
}

/**
 * Route `tokens` tokens given their scores s [tokens × nExperts] (already sigmoid/softmax) and an optional
 * per-expert selection bias. Batch API over typed arrays; `out` may be passed to avoid allocation.
 */
export function routeScores(
  scores: Float32Array,
  tokens: number,
  spec: GateSpec,
  bias?: Float32Array,
  out?: GateResult,
): GateResult {
  checkGateSpec(spec);
  const { nExperts: n, topK: k, nGroups: g, topkGroups: kg } = spec;
  if (scores.length < tokens * n) throw new InputError('gate.scores', scores.length, `at least tokens × nExperts = ${tokens * n} values`);
  if (bias && bias.length !== n) throw new InputError('gate.bias', bias.length, `${n} values (one per expert)`);
  const res = out ?? { indices: new Int32Array(tokens * k), weights: new Float32Array(tokens * k) };
  const perGroup = n / g;
  const rule = spec.groupScore ?? (bias ? 'top2sum' : 'max');
  const sel = new Float32Array(n);
  const groupScore = new Float32Array(g);
  const keptGroups = new Int32Array(kg);
  const keep = new Uint8Array(g);
  const top2 = new Int32Array(2);
  for (let t = 0; t < tokens; t++) {
    const o = t * n;
    for (let e = 0; e < n; e++) sel[e] = bias ? f(scores[o + e] + bias[e]) : scores[o + e];
    if (g > 1) {
      for (let q = 0; q < g; q++) {
        const go = q * perGroup;
        if (rule === 'max') {
          let mx = sel[go];
          for (let e = 1; e < perGroup; e++) if (above(sel[go + e], mx)) mx = sel[go + e];
          groupScore[q] = mx;
        } else {
          topk(sel, go, perGroup, 2, top2, 0);
          groupScore[q] = f(sel[go + top2[0]] + sel[go + top2[1]]);
        }
      }
      topk(groupScore, 0, g, kg, keptGroups, 0);
      keep.fill(0);
      for (let q = 0; q < kg; q++) keep[keptGroups[q]] = 1;
      for (let q = 0; q < g; q++) if (!keep[q]) sel.fill(-Infinity, q * perGroup, (q + 1) * perGroup);
    }
    topk(sel, 0, n, k, res.indices, t * k);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const w = scores[o + res.indices[t * k + j]];
      res.weights[t * k + j] = w;
      sum = f(sum + w);
    }
    for (let j = 0; j < k; j++) {
      let w = res.weights[t * k + j];
      if (spec.normalize) w = f(w / sum);
      res.weights[t * k + j] = f(w * spec.routeScale);
    }
  }
  return res;
}

/** Route from router logits: scores (copied, logits untouched) then `routeScores`. */
export function routeLogits(logits: Float32Array, tokens: number, spec: GateSpec, bias?: Float32Array): GateResult & { scores: Float32Array } {
  const scores = gateScores(Float32Array.from(logits.subarray(0, tokens * spec.nExperts)), tokens, spec.nExperts, spec.scoreFunc);
  return { ...routeScores(scores, tokens, spec, bias), scores };
}

/** Tokens routed to each expert (a routing histogram). */
export function expertHistogram(indices: Int32Array, nExperts: number, out: Float64Array = new Float64Array(nExperts)): Float64Array {
  for (let i = 0; i < indices.length; i++) out[indices[i]]++;
  return out;
}
