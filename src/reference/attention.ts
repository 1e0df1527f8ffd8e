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
  if (cache.mode === 'naive') {
    const kvb = linear(latent, T, r, w.wkvB, H * (dn + dv), undefined, counter);
    const kw = cache.aWidth;
    const vw = cache.bWidth;
    for (let b = 0; b < batch; b++)
      for (let s = 0; s < seq; s++) {
        const t = b * seq + s;
        const row = b * cap + start + s;
        for (let h = 0; h < H; h++) {
          const ko = row * kw + h * dq;
          const src = (t * H + h) * (dn + dv);
          for (let d = 0; d < dn; d++) cache.a[ko + d] = kvb[src + d];
          for (let d = 0; d < dr; d++) cache.a[ko + dn + d] = kpe[t * dr + d];
          for (let d = 0; d < dv; d++) cache.b[row * vw + h * dv + d] = kvb[src + dn + d];
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
            for (let d = 0; d < dq; d++) acc += q[qo + d] * cache.a[ko + d];
            probs[u] = Math.fround(acc) * scale;
          }
          softmaxInPlace(probs, 0, ctx, counter);
          const oo = (t * H + h) * dv;
          for (let d = 0; d < dv; d++) {
            let acc = 0;
            for (let u = 0; u < ctx; u++) acc += probs[u] * cache.b[(b * cap + u) * vw + h * dv + d];
            out[oo + d] = acc;
          }
          counter.matmulFlops += 2 * ctx * (dq + dv);
          counter.bytesRead += 4 * ctx * (dq + dv);
        }
      }
  } else {
    for (let b = 0; b < batch; b++)
      for (let s = 0; s < seq; s++) {
        const t = b * seq + s;
        const row = b * cap + start + s;
        cache.a.set(latent.subarray(t * r, (t + 1) * r), row * r);
        cache.b.set(kpe.subarray(t * dr, (t + 1) * dr), row * dr);
      }
    const qAbs = new Float64Array(r);
    const lat = new Float64Array(r);
    for (let b = 0; b < batch; b++)
      for (let s = 0; s < seq; s++) {
        const t = b * seq + s;
        const ctx = start + s + 1;
        for (let h = 0; h < H; h++) {
          const qo = (t * H + h) * dq;
          const wb = h * (dn + dv) * r;
          // fold W_uk into the query: qAbs[c] = Σ_d q_nope[d] · W_kvb[h, d, c]
          qAbs.fill(0);
          for (let d = 0; d < dn; d++) {
            const qd = q[qo + d];
            const wo = wb + d * r;
            for (let c = 0; c < r; c++) qAbs[c] += qd * w.wkvB[wo + c];
          }
          for (let c = 0; c < r; c++) qAbs[c] = Math.fround(qAbs[c]);
          for (let u = 0; u < ctx; u++) {
            const lo = (b * cap + u) * r;
            const po = (b * cap + u) * dr;
            let a1 = 0;
            for (let c = 0; c < r; c++) a1 += qAbs[c] * cache.a[lo + c];
            let a2 = 0;
            for (let d = 0; d < dr; d++) a2 += q[qo + dn + d] * cache.b[po + d];
            probs[u] = (Math.fround(a1) + Math.fround(a2)) * scale;
          }
          softmaxInPlace(probs, 0, ctx, counter);
          lat.fill(0);
          for (let u = 0; u < ctx; u++) {
            const p = probs[u];
            const lo = (b * cap + u) * r;
            for (let c = 0; c < r; c++) lat[c] += p * cache.a[lo + c];
          }
          for (let c = 0; c < r; c++) lat[c] = Math.fround(lat[c]);
          // apply W_uv after attention: out[d] = Σ_c lat[c] · W_kvb[h, dn + d, c]
          const oo = (t * H + h) * dv;
          for (let d = 0; d < dv; d++) {
            const wo = wb + (dn + d) * r;
            let acc = 0;
            for (let c = 0; c < r; c++) acc += lat[c] * w.wkvB[wo + c];
            out[oo + d] = acc;
          }
          counter.matmulFlops += 2 * dn * r + 2 * ctx * (r + dr) + 2 * ctx * r + 2 * r * dv;
          counter.bytesRead += 4 * (ctx * (r + dr) + r * (dn + dv));
        }
      }
  }
  return linear(out, T, H * dv, w.wo, dim, undefined, counter);
}
