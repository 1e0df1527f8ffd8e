/**
 * Chunk times for the timeline simulator — the API the training estimator fills in.
 *
 * Per stage s (arrays of length `stages`, or one number for every stage):
 * - `fS[s]`, `bS[s]`, `wS[s]`: compute time of a forward, a full backward (input + weight gradients) and
 *   of the weight-gradient part alone (0 ≤ w ≤ b);
 * - `fCommS[s]`, `bCommS[s]`: communication inside the chunk that the chunk cannot hide by itself (expert-
 *   parallel dispatch/combine all-to-all), default 0.
 *
 * Durations of ops on stage s:
 *   F = f + fComm;   B = b + bComm;   B with deferred W (zero bubble) = b − w + bComm;   W = w;
 *   overlapped pair F(sf) & B(sb) = max(f[sf] + b[sb], fComm[sf] + bComm[sb])
 * — the compute of one chunk hides the communication of the other, so the pair costs the larger of the
 * compute-stream sum and the communication-stream sum. `fbS` overrides the pair time: one number, or a
 * function of the two stages.
 *
 * Point to point between stages on different ranks: a transfer takes
 *   p2pLatencyS + activationBytes[s] / p2pBytesPerS
 * (activationBytes[s] is what stage s hands to stage s+1; the gradient going back is the same size),
 * starting when the producing op ends. Links are not shared-capacity modelled. Same-rank hand-overs are free.
 */
import { InputError } from '../core/index.js';

export type PerStage = number | ArrayLike<number>;

export interface ChunkTimes {
  fS: PerStage;
  bS: PerStage;
  wS?: PerStage;
  fCommS?: PerStage;
  bCommS?: PerStage;
  fbS?: number | ((fStage: number, bStage: number) => number);
  p2pLatencyS?: number;
  p2pBytesPerS?: number;
  activationBytes?: PerStage;
}

/** ChunkTimes expanded to per-stage arrays (validated). */
export interface StageTimes {
  stages: number;
  /** standalone F duration: f + fComm */
  fOp: Float64Array;
  /** full B duration: b + bComm */
  bOp: Float64Array;
  /** B whose weight gradient is deferred: b − w + bComm */
  bZbOp: Float64Array;
  /** W duration */
  wOp: Float64Array;
  fCompute: Float64Array;
  bCompute: Float64Array;
  fComm: Float64Array;
  bComm: Float64Array;
  fbS: number | ((fStage: number, bStage: number) => number) | undefined;
  /** transfer time across the boundary s → s+1 when the two stages are on different ranks */
  xferS: Float64Array;
}

function expand(field: string, v: PerStage | undefined, stages: number, dflt: number): Float64Array {
  const out = new Float64Array(stages);
  if (v === undefined) {
    out.fill(dflt);
    return out;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new InputError(field, v, 'a non-negative finite time');
    out.fill(v);
    return out;
  }
  if (v.length !== stages) throw new InputError(field, `${v.length} values`, `one value per stage (${stages})`);
  for (let s = 0; s < stages; s++) {
    const x = v[s];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new InputError(`${field}[${s}]`, x, 'a non-negative finite number');
    out[s] = x;
  }
  return out;
}

export function resolveTimes(t: ChunkTimes, stages: number): StageTimes {
  const f = expand('fS', t.fS, stages, 0);
  const b = expand('bS', t.bS, stages, 0);
  const w = expand('wS', t.wS, stages, 0);
  const fc = expand('fCommS', t.fCommS, stages, 0);
  const bc = expand('bCommS', t.bCommS, stages, 0);
  const bytes = expand('activationBytes', t.activationBytes, stages, 0);
  const lat = t.p2pLatencyS ?? 0;
  if (!Number.isFinite(lat) || lat < 0) throw new InputError('p2pLatencyS', lat, 'a non-negative finite time');
  const bw = t.p2pBytesPerS ?? Infinity;
  if (Number.isNaN(bw) || bw <= 0) throw new InputError('p2pBytesPerS', bw, 'a positive bandwidth');
  if (typeof t.fbS === 'number' && (!Number.isFinite(t.fbS) || t.fbS < 0)) throw new InputError('fbS', t.fbS, 'a non-negative finite time');
  for (let s = 0; s < stages; s++)
    if (w[s] > b[s]) throw new InputError(`wS[${s}]`, w[s], `at most the full backward time bS (${b[s]})`);
  const fOp = new Float64Array(stages);
  const bOp = new Float64Array(stages);
  const bZbOp = new Float64Array(stages);
  const xferS = new Float64Array(stages);
  for (let s = 0; s < stages; s++) {
    fOp[s] = f[s] + fc[s];
    bOp[s] = b[s] + bc[s];
    bZbOp[s] = b[s] - w[s] + bc[s];
    xferS[s] = lat + (bytes[s] > 0 ? bytes[s] / bw : 0);
  }
  return { stages, fOp, bOp, bZbOp, wOp: w, fCompute: f, bCompute: b, fComm: fc, bComm: bc, fbS: t.fbS, xferS };
}

/** Duration of an overlapped pair: forward of stage sf with backward of stage sb. */
export function pairS(t: StageTimes, sf: number, sb: number): number {
  const o = t.fbS;
  if (typeof o === 'number') return o;
  if (o) return o(sf, sb);
  return Math.max(t.fCompute[sf] + t.bCompute[sb], t.fComm[sf] + t.bComm[sb]);
}

/** Uniform times: every stage F, B, W; `fb` the overlapped pair (default F + B). */
export function uniformTimes(f: number, b: number, w: number, fb?: number): ChunkTimes {
  return fb === undefined ? { fS: f, bS: b, wS: w } : { fS: f, bS: b, wS: w, fbS: fb };
}
