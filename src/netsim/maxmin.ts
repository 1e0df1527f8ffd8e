/**
 * Max-min fair rates by progressive filling (water-filling). All unfrozen flows rise together at one level λ;
 * link l saturates at λ_l = (capacity − frozen load) / (sum of unfrozen coefficients); the link with the lowest
 * λ_l freezes its flows at that level. Freezing a flow at λ ≤ λ_l can only raise another link's λ_l, so a lazy
 * min-heap (re-check the key on pop) finds each bottleneck in O(log L).
 *
 * Warm restart (optional `FreezeOrder`): the solver records the order in which flows froze, grouped in steps
 * (one step = one bottleneck link). If since then flows have only been removed, the first step that loses a
 * flow is k*: steps before k* froze links that no removed flow crossed and flows that were not removed. In the
 * new problem those links have the same λ_l at every step before k* (their loads and coefficients are the
 * same) while links that lost flows can only have a higher λ_l, so the new filling repeats steps 1..k*−1
 * exactly. The caller passes the prefix length; the solver replays the prefix's loads (in the recorded order,
 * so link residuals match a full solve's) and fills only the remaining flows. To keep the replay short the
 * solver snapshots the link residuals every so often during a fill (every max(touched links, usage entries /
 * 128) frozen usage entries, so snapshots cost no more memory than the usage entries themselves and at most
 * 128 × touched links) and replays from the last snapshot at or before the kept prefix. Snapshots are kept
 * per segment (component).
 */
import type { FlowSet } from './flows.js';
import { MinHeap } from './heap.js';
import { ResidualSnapshots } from './snapshots.js';

/** Per-flow freeze positions, laid out per component segment (`base` = the segment's first slot). */
export interface FreezeOrder {
  /** order[base + p] = flow frozen p-th. */
  order: Int32Array;
  /** stepStart[base + p] = position (within the segment) of the first flow frozen in the same step. */
  stepStart: Int32Array;
  /** ordPos[f] = f's position within its segment, or NOT_ORDERED. */
  ordPos: Int32Array;
}

export const NOT_ORDERED = 0x7fffffff;

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
  private sub = new Int32Array(1024);
  private heap: MinHeap;
  private snaps = new Map<number, ResidualSnapshots>();
  /** Length of the freeze order after the last solve (flows frozen; Infinity-rate flows are not ordered). */
  orderLength = 0;
  /** The flows whose rates the last solve set: refilled[0 .. refilledCount) (all of the list without a prefix). */
  refilledCount = 0;
  get refilled(): Int32Array {
    return this.sub;
  }

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
   * finite-capacity link get Infinity. With `ord`, record the freeze order at `ord` slots base.. and keep the
   * first `prefix` recorded positions (whose flows must all be in the list, with their rates still in `rate`).
   * Returns the number of link-usage entries visited.
   */
  solve(list: Int32Array, n: number, fs: FlowSet, cap: Float64Array, rate: Float64Array, ord?: FreezeOrder, base = 0, prefix = 0): number {
    const { useOffset, useLink, useCoef } = fs;
    const { rem, coef, cnt, fill, start, touched, stamp } = this;
    if (++this.epoch === 0x7fffffff) {
      stamp.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    let nTouched = 0;
    let uses = 0;
    // Restore the last snapshot at or before the prefix, then replay the rest of the prefix in its order.
    let from = 0;
    let snaps: ResidualSnapshots | null = null;
    if (ord) {
      snaps = this.snaps.get(base) ?? null;
      if (!snaps) this.snaps.set(base, (snaps = new ResidualSnapshots()));
      snaps.truncate(prefix);
    }
    if (snaps && snaps.count > 0) {
      const k = snaps.count - 1;
      from = snaps.pos[k];
      const { link: cpLink, rem: cpRem } = snaps;
      for (let j = snaps.first(k); j < snaps.end(k); j++) {
        const l = cpLink[j];
        stamp[l] = epoch;
        touched[nTouched++] = l;
        rem[l] = cpRem[j];
        coef[l] = 0;
      }
    }
    if (ord && prefix > 0) {
      const { order } = ord;
      for (let p = from; p < prefix; p++) {
        const f = order[base + p];
        const level = rate[f];
        for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
          const l = useLink[u];
          if (stamp[l] !== epoch) {
            stamp[l] = epoch;
            touched[nTouched++] = l;
            rem[l] = cap[l];
            coef[l] = 0;
          }
          rem[l] -= (useCoef ? useCoef[u] : 1) * level;
          uses++;
        }
      }
    }
    // The flows still to fill, in list order.
    if (this.sub.length < n) this.sub = new Int32Array(Math.max(n, this.sub.length * 2));
    const sub = this.sub;
    let m = 0;
    if (ord && prefix > 0) {
      const ordPos = ord.ordPos;
      for (let i = 0; i < n; i++) {
        const f = list[i];
        if (ordPos[f] >= prefix) sub[m++] = f;
      }
    } else {
      for (let i = 0; i < n; i++) sub[m++] = list[i];
    }
    if (ord) for (let i = 0; i < m; i++) ord.ordPos[sub[i]] = NOT_ORDERED;
    let subUses = 0;
    for (let i = 0; i < m; i++) {
      const f = sub[i];
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
        subUses++;
      }
    }
    uses += subUses;
    if (this.linkFlows.length < subUses) this.linkFlows = new Int32Array(Math.max(subUses, this.linkFlows.length * 2));
    if (this.frozen.length < m) this.frozen = new Uint8Array(Math.max(m, this.frozen.length * 2));
    const linkFlows = this.linkFlows;
    const frozen = this.frozen;
    frozen.fill(0, 0, m);
    let pos = 0;
    for (let t = 0; t < nTouched; t++) {
      const l = touched[t];
      start[l] = pos;
      fill[l] = pos;
      pos += cnt[l];
    }
    for (let i = 0; i < m; i++) {
      const f = sub[i];
      rate[f] = Infinity;
      for (let u = useOffset[f]; u < useOffset[f + 1]; u++) linkFlows[fill[useLink[u]]++] = i;
    }
    const heap = this.heap;
    heap.clear();
    for (let t = 0; t < nTouched; t++) {
      const l = touched[t];
      if (cnt[l] === 0 || !Number.isFinite(cap[l]) || !(coef[l] > 0)) continue;
      heap.append(rem[l] > 0 ? rem[l] / coef[l] : 0, l);
    }
    heap.heapify();
    let len = prefix;
    let sinceCp = 0;
    const cpEvery = Math.max(nTouched, subUses / 128);
    while (heap.size > 0) {
      const key = heap.peekKey();
      const l = heap.pop();
      if (cnt[l] === 0) continue;
      const level = rem[l] > 0 ? rem[l] / coef[l] : 0;
      if (level > key * (1 + 1e-13) + 1e-300) {
        heap.push(level, l);
        continue;
      }
      // Freeze every unfrozen flow on l at `level` (one step of the order).
      const step = len;
      if (snaps && sinceCp >= cpEvery) {
        snaps.take(len, touched, nTouched, rem);
        sinceCp = 0;
      }
      for (let k = start[l]; k < fill[l]; k++) {
        const i = linkFlows[k];
        if (frozen[i]) continue;
        frozen[i] = 1;
        const f = sub[i];
        rate[f] = level;
        if (ord) {
          ord.order[base + len] = f;
          ord.stepStart[base + len] = step;
          ord.ordPos[f] = len;
        }
        len++;
        sinceCp += useOffset[f + 1] - useOffset[f];
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
    this.orderLength = len;
    this.refilledCount = m;
    return uses;
  }
}
