/**
 * Max-min fair rates by progressive filling (water-filling), the plain version: one solve over a list of flows,
 * nothing kept between solves. All unfrozen flows rise together at one level λ; link l saturates at
 * λ_l = (capacity − frozen load) / (sum of unfrozen coefficients); the link with the lowest λ_l freezes its flows
 * at that level. Freezing a flow at λ ≤ λ_l can only raise another link's λ_l, so a lazy min-heap (re-check the
 * key on pop) finds each bottleneck in O(log L). The simulator uses solver.ts (persistent buckets, warm
 * restarts); this one is the reference its tests compare against.
 */
import type { FlowSet } from './flows.js';
import { MinHeap } from './heap.js';

export class MaxMinSolver {
  private rem: Float64Array;
  private coef: Float64Array;
  private cnt: Int32Array;
  private fill: Int32Array;
  private start: Int32Array;
  private touched: Int32Array;
  private stamp: Int32Array;
  private epoch = 0;
  private linkFlows = new Int32Array(1024);
  private frozen = new Uint8Array(1024);
  private heap: MinHeap;

  constructor(linkCount: number) {
    this.rem = new Float64Array(linkCount);
    this.coef = new Float64Array(linkCount);
    this.cnt = new Int32Array(linkCount);
    this.fill = new Int32Array(linkCount);
    this.start = new Int32Array(linkCount);
    this.touched = new Int32Array(linkCount);
    this.stamp = new Int32Array(linkCount);
    this.heap = new MinHeap(256);
  }

  /**
   * Set `rate[f]` (bytes/s of flow f) for the flows list[0..n) sharing capacities `cap`; flows that load no
   * finite-capacity link get Infinity. Returns the number of link-usage entries visited.
   */
  solve(list: Int32Array, n: number, fs: FlowSet, cap: Float64Array, rate: Float64Array): number {
    const { useOffset, useLink, useCoef } = fs;
    const { rem, coef, cnt, fill, start, touched, stamp } = this;
    if (++this.epoch === 0x7fffffff) {
      stamp.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    let nTouched = 0;
    let uses = 0;
    for (let i = 0; i < n; i++) {
      const f = list[i];
      for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
        const l = useLink[u];
        if (stamp[l] !== epoch) {
          stamp[l] = epoch;
          touched[nTouched++] = l;
          rem[l] = cap[l];
          coef[l] = 0;
        }
        cnt[l]++;
        coef[l] += useCoef ? useCoef[u] : 1;
        uses++;
      }
    }
    if (this.linkFlows.length < uses) this.linkFlows = new Int32Array(Math.max(uses, this.linkFlows.length * 2));
    if (this.frozen.length < n) this.frozen = new Uint8Array(Math.max(n, this.frozen.length * 2));
    const linkFlows = this.linkFlows;
    const frozen = this.frozen;
    frozen.fill(0, 0, n);
    let pos = 0;
    for (let t = 0; t < nTouched; t++) {
      const l = touched[t];
      start[l] = pos;
      fill[l] = pos;
      pos += cnt[l];
    }
    for (let i = 0; i < n; i++) {
      const f = list[i];
      rate[f] = Infinity;
      for (let u = useOffset[f]; u < useOffset[f + 1]; u++) linkFlows[fill[useLink[u]]++] = i;
    }
    const heap = this.heap;
    heap.clear();
    for (let t = 0; t < nTouched; t++) {
      const l = touched[t];
      if (!Number.isFinite(cap[l]) || !(coef[l] > 0)) continue;
      heap.append(rem[l] > 0 ? rem[l] / coef[l] : 0, l);
    }
    heap.heapify();
    while (heap.size > 0) {
      const key = heap.peekKey();
      const l = heap.pop();
      if (cnt[l] === 0) continue;
      const level = rem[l] > 0 ? rem[l] / coef[l] : 0;
      if (level > key * (1 + 1e-13) + 1e-300) {
        heap.push(level, l);
        continue;
      }
      for (let k = start[l]; k < fill[l]; k++) {
        const i = linkFlows[k];
        if (frozen[i]) continue;
        frozen[i] = 1;
        const f = list[i];
        rate[f] = level;
        for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
          const l2 = useLink[u];
          const a = useCoef ? useCoef[u] : 1;
          rem[l2] -= a * level;
          if (--cnt[l2] === 0) coef[l2] = 0;
          else coef[l2] -= a;
        }
      }
    }
    for (let t = 0; t < nTouched; t++) cnt[touched[t]] = 0;
    return uses;
  }
}
