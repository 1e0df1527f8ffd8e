/**
 * Multi-head latent attention (DeepSeek-V2/V3), naive and absorbed, for B sequences of S new tokens at
 * positions start..start+S−1. Token s attends to positions ≤ start+s (causal); decode (S = 1) sees the
 * whole cache. Each (sequence, token, head) is computed on its own, in a fixed summation order, so a token's
 * output does not depend on how many tokens share the call.
 */
import { applyRope, linear, rmsNorm, softmaxInPlace, type OpCounter } from '../tensor/index.js';
import type { LayerCache } from './cache.js';
import type { RefConfig } from './config.js';
import type { AttnWeights } from './weights.js';

export interface RopeTables {
  cos: Float32Array;
  sin: Float32Array;
}

const wukCache = new WeakMap<Float32Array, Float32Array[]>();

/** W_uk of each head transposed to [r, dn] (rows = latent channels), so q_nope·W_uk is a `linear` call. Cached per weight. */
function absorbedKeyWeights(wkvB: Float32Array, H: number, dn: number, dv: number, r: number): Float32Array[] {
  let t = wukCache.get(wkvB);
  if (!t) {
    t = [];
    for (let h = 0; h < H; h++) {
      const m = new Float32Array(r * dn);
      for (let d = 0; d < dn; d++) for (let c = 0; c < r; c++) m[c * dn + d] = wkvB[(h * (dn + dv) + d) * r + c];
      t.push(m);
    }
    wukCache.set(wkvB, t);
  }
  return t;
}

export function mlaForward(
  cfg: RefConfig,
  w: AttnWeights,
  cache: LayerCache,
  x: Float32Array,
  batch: number,
  seq: number,
  start: number,
  rope: RopeTables,
  counter: OpCounter,
): Float32Array {
  const { dim, nHeads: H, qkNopeHeadDim: dn, qkRopeHeadDim: dr, vHeadDim: dv, kvLoraRank: r, normEps: eps } = cfg;
  const T = batch * seq;
  const dq = dn + dr;
  // queries
  let q: Float32Array;
  if (w.wq) q = linear(x, T, dim, w.wq, H * dq, undefined, counter);
  else {
    const qa = linear(x, T, dim, w.wqA!, cfg.qLoraRank, undefined, counter);
    rmsNorm(qa, T, cfg.qLoraRank, w.qNorm!, eps, qa, counter);
    q = linear(qa, T, cfg.qLoraRank, w.wqB!, H * dq, undefined, counter);
  }
  // keys/values: latent and shared rope key
  const kva = linear(x, T, dim, w.wkvA, r + dr, undefined, counter);
  const latent = new Float32Array(T * r);
  const kpe = new Float32Array(T * dr);
  for (let t = 0; t < T; t++) {
    latent.set(kva.subarray(t * (r + dr), t * (r + dr) + r), t * r);
    kpe.set(kva.subarray(t * (r + dr) + r, (t + 1) * (r + dr)), t * dr);
  }
  rmsNorm(latent, T, r, w.kvNorm, eps, latent, counter);
  for (let b = 0; b < batch; b++)
    for (let s = 0; s < seq; s++) {
      const t = b * seq + s;
      applyRope(kpe, t * dr, dr, rope.cos, rope.sin, start + s, counter);
      for (let h = 0; h < H; h++) applyRope(q, (t * H + h) * dq + dn, dr, rope.cos, rope.sin, start + s, counter);
    }
  const cap = cache.capacity;
  const out = new Float32Array(T * H * dv);
  const scale = cfg.softmaxScale;
  const probs = new Float32Array(start + seq);
  // locals for the hot loops
  const ca = cache.a;
  const cb = cache.b;
  const wkvB = w.wkvB;
  if (cache.mode === 'naive') {
    const kvb = linear(latent, T, r, w.wkvB, H * (dn + dv), undefined, counter);
    const kw = cache.aWidth;
    const vw = cache.bWidth;
    const vAcc = new Float64Array(dv);
    for (let b = 0; b < batch; b++)
      for (let s = 0; s < seq; s++) {
        const t = b * seq + s;
        const row = b * cap + start + s;
        for (let h = 0; h < H; h++) {
          const ko = row * kw + h * dq;
          const src = (t * H + h) * (dn + dv);
          for (let d = 0; d < dn; d++) ca[ko + d] = kvb[src + d];
          for (let d = 0; d < dr; d++) ca[ko + dn + d] = kpe[t * dr + d];
          for (let d = 0; d < dv; d++) cb[row * vw + h * dv + d] = kvb[src + dn + d];
        }
      }
    for (let b = 0; b < batch; b++)
      for (let s = 0; s < seq; s++) {
        const t = b * seq + s;
        const ctx = start + s + 1;
        for (let h = 0; h < H; h++) {
          const qo = (t * H + h) * dq;
          for (let u = 0; u < ctx; u++) {
            const ko = (b * cap + u) * kw + h * dq;
            let acc = 0;
            for (let d = 0; d < dq; d++) acc += q[qo + d] * ca[ko + d];
            probs[u] = Math.fround(acc) * scale;
          }
          softmaxInPlace(probs, 0, ctx, counter);
          const oo = (t * H + h) * dv;
          vAcc.fill(0);
          for (let u = 0; u < ctx; u++) {
            const p = probs[u];
            const vo = (b * cap + u) * vw + h * dv;
            for (let d = 0; d < dv; d++) vAcc[d] += p * cb[vo + d];
          }
          for (let d = 0; d < dv; d++) out[oo + d] = vAcc[d];
          counter.matmulFlops += 2 * ctx * (dq + dv);
          counter.bytesRead += 4 * ctx * (dq + dv);
        }
      }
  } else {
    for (let b = 0; b < batch; b++)
      for (let s = 0; s < seq; s++) {
        const t = b * seq + s;
        const row = b * cap + start + s;
        ca.set(latent.subarray(t * r, (t + 1) * r), row * r);
        cb.set(kpe.subarray(t * dr, (t + 1) * dr), row * dr);
      }
    const wukT = absorbedKeyWeights(w.wkvB, H, dn, dv, r);
    const qNope = new Float32Array(T * dn);
    const lat = new Float32Array(T * r);
    const latAcc = new Float64Array(r);
    for (let h = 0; h < H; h++) {
      // fold W_uk into the query: qAbs[t, c] = Σ_d q_nope[t, d] · W_kvb[h, d, c]
      for (let t = 0; t < T; t++) qNope.set(q.subarray((t * H + h) * dq, (t * H + h) * dq + dn), t * dn);
      const qAbs = linear(qNope, T, dn, wukT[h], r, undefined, counter);
      for (let b = 0; b < batch; b++)
        for (let s = 0; s < seq; s++) {
          const t = b * seq + s;
          const ctx = start + s + 1;
          const qo = (t * H + h) * dq + dn;
          const ao = t * r;
          for (let u = 0; u < ctx; u++) {
            const lo = (b * cap + u) * r;
            const po = (b * cap + u) * dr;
            let a1 = 0;
            for (let c = 0; c < r; c++) a1 += qAbs[ao + c] * ca[lo + c];
            let a2 = 0;
            for (let d = 0; d < dr; d++) a2 += q[qo + d] * cb[po + d];
            probs[u] = (Math.fround(a1) + Math.fround(a2)) * scale;
          }
          softmaxInPlace(probs, 0, ctx, counter);
          latAcc.fill(0);
          for (let u = 0; u < ctx; u++) {
            const p = probs[u];
            const lo = (b * cap + u) * r;
            for (let c = 0; c < r; c++) latAcc[c] += p * ca[lo + c];
          }
          for (let c = 0; c < r; c++) lat[ao + c] = latAcc[c];
          counter.matmulFlops += 2 * ctx * (r + dr) + 2 * ctx * r;
          counter.bytesRead += 4 * ctx * (r + dr);
        }
      // apply W_uv after attention: out[t, h, d] = Σ_c lat[t, c] · W_kvb[h, dn + d, c] (a contiguous [dv, r] block)
      const vo = (h * (dn + dv) + dn) * r;
      const oh = linear(lat, T, r, wkvB.subarray(vo, vo + dv * r), dv, undefined, counter);
      for (let t = 0; t < T; t++) out.set(oh.subarray(t * dv, (t + 1) * dv), (t * H + h) * dv);
    }
  }
  return linear(out, T, H * dv, w.wo, dim, undefined, counter);
}
