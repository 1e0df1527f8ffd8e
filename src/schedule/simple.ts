/**
 * GPipe, 1F1B, interleaved 1F1B and ZB-H1 generators: one stream of micro-batches entering at rank 0.
 */
import { SimpleEmitter } from './emit.js';
import type { RankOps, Schedule, ScheduleMethod } from './ops.js';

function identityPlacement(P: number): Int32Array {
  const a = new Int32Array(P);
  for (let i = 0; i < P; i++) a[i] = i;
  return a;
}

function single(method: ScheduleMethod, P: number, stages: number, M: number, rankOfStage: Int32Array, ranks: RankOps[], paramCopies: number, chunks: number): Schedule {
  return { method, devices: P, stages, microBatches: M, streams: 1, mbStream: new Uint8Array(M), rankOfStage: [rankOfStage], paramCopies, chunksPerDevice: chunks, ranks };
}

/** GPipe: every forward, then every backward (full B, no deferred W). */
export function gpipe(P: number, M: number): Schedule {
  const place = identityPlacement(P);
  const ranks: RankOps[] = [];
  for (let r = 0; r < P; r++) {
    const e = new SimpleEmitter(r, place, 4 * M + 4);
    for (let m = 0; m < M; m++) e.f(m, r);
    for (let m = 0; m < M; m++) e.b(m, r);
    ranks.push(e.ops.finish());
  }
  return single('gpipe', P, P, M, place, ranks, 1, 1);
}

/** 1F1B: rank r runs min(P−r−1, M) warm-up forwards, then alternates F and B, then drains the Bs. */
export function oneFOneB(P: number, M: number): Schedule {
  const place = identityPlacement(P);
  const ranks: RankOps[] = [];
  for (let r = 0; r < P; r++) {
    const e = new SimpleEmitter(r, place, 4 * M + 4);
    const warm = Math.min(P - r - 1, M);
    for (let m = 0; m < warm; m++) e.f(m, r);
    for (let i = 0; i < M - warm; i++) {
      e.f(warm + i, r);
      e.b(i, r);
    }
    for (let i = M - warm; i < M; i++) e.b(i, r);
    ranks.push(e.ops.finish());
  }
  return single('1f1b', P, P, M, place, ranks, 1, 1);
}

/**
 * ZB-H1 (zero bubble, 1F1B memory): the 1F1B order of F and B, every B computes only the input
 * gradient, and rank r keeps up to r weight gradients W pending (oldest first). That fills the
 * cool-down gaps of 1F1B while the in-flight activations stay at most (P − r) + r = P.
 */
export function zb1p(P: number, M: number): Schedule {
  const place = identityPlacement(P);
  const ranks: RankOps[] = [];
  for (let r = 0; r < P; r++) {
    const e = new SimpleEmitter(r, place, 5 * M + 4);
    const warm = Math.min(P - r - 1, M);
    let nextW = 0;
    let bDone = 0;
    const backward = (m: number) => {
      e.b(m, r, true);
      bDone++;
      while (bDone - nextW > r) e.w(nextW++, r);
    };
    for (let m = 0; m < warm; m++) e.f(m, r);
    for (let i = 0; i < M - warm; i++) {
      e.f(warm + i, r);
      backward(i);
    }
    for (let i = M - warm; i < M; i++) backward(i);
    while (nextW < M) e.w(nextW++, r);
    ranks.push(e.ops.finish());
  }
  return single('zb1p', P, P, M, place, ranks, 1, 1);
}

/**
 * Interleaved 1F1B (Megatron-LM): v model chunks per device, stage c·P + r on rank r. Micro-batches go
 * in G = ⌊M/P⌋ groups of near-equal size g ≥ P (Megatron's groups of exactly P need P | M; a trailing group
 * smaller than P would stall the ring, and one larger than the warm-up deadlocks); within a group each rank
 * runs chunk 0 for the whole group, then chunk 1, …; backwards visit the chunks in reverse. Rank r runs
 * 2(P−r−1) + (v−1)·g₀ warm-up forwards (g₀ the first group), then alternates one forward and one backward,
 * then drains. With uniform times the bubble is (P−1)(F+B) in chunk times for every M ≥ P.
 */
export function interleaved(P: number, v: number, M: number): Schedule {
  const S = P * v;
  const place = new Int32Array(S);
  for (let s = 0; s < S; s++) place[s] = s % P;
  // The k-th forward (and backward) of every rank: micro-batch and chunk.
  const total = M * v;
  const orderMb = new Int32Array(total);
  const orderChunk = new Int32Array(total);
  // G = ⌊M/P⌋ groups of near-equal size (each ≥ P): sizes ⌈M/G⌉ first, then ⌊M/G⌋.
  const G = Math.max(1, Math.floor(M / P));
  const big = M % G;
  const small = Math.floor(M / G);
  const firstGroup = big > 0 ? small + 1 : small;
  let k = 0;
  let g0 = 0;
  for (let g = 0; g < G; g++) {
    const g1 = g0 + small + (g < big ? 1 : 0);
    for (let c = 0; c < v; c++)
      for (let m = g0; m < g1; m++) {
        orderMb[k] = m;
        orderChunk[k] = c;
        k++;
      }
    g0 = g1;
  }
  const ranks: RankOps[] = [];
  for (let r = 0; r < P; r++) {
    const e = new SimpleEmitter(r, place, 4 * total + 4);
    const warm = Math.min(2 * (P - r - 1) + (v - 1) * firstGroup, total);
    const fwd = (i: number) => e.f(orderMb[i], orderChunk[i] * P + r);
    const bwd = (i: number) => e.b(orderMb[i], (v - 1 - orderChunk[i]) * P + r);
    for (let i = 0; i < warm; i++) fwd(i);
    for (let i = 0; i < total - warm; i++) {
      fwd(warm + i);
      bwd(i);
    }
    for (let i = total - warm; i < total; i++) bwd(i);
    ranks.push(e.ops.finish());
  }
  return single('interleaved', P, S, M, place, ranks, v, v);
}
