/**
 * Max-min fair rates per component by progressive filling (water-filling), on the layout of components.ts.
 * All unfrozen flows rise together at one level λ; binding link l saturates at λ_l = residual / (sum of the
 * unfrozen flows' coefficients); the link with the lowest λ_l freezes its unfrozen flows at λ_l (one *step*).
 * Freezing a flow at λ ≤ λ_l only raises another link's λ_l, so a lazy min-heap (re-check the key on pop) finds
 * each bottleneck.
 *
 * Per-link flow lists ("buckets") are kept between solves of a component and rebuilt only when flows have
 * started since (or when half their entries belong to finished flows). When every coefficient is 1 and a flow
 * crosses at most 8 binding links, each bucket entry carries the flow's other links inline (16-bit component-
 * local link indices), so freezing a flow touches no per-flow memory but its bit, step and rate — the solve
 * then streams through the buckets instead of chasing each flow's usage list.
 *
 * Each component keeps its active flows in freeze order (`order`, grouped by step). Warm restart: if since the
 * last solve flows have only been removed, the first step that lost a flow is k*; the steps before k* froze
 * links no removed flow crossed, at the same λ_l (their loads and coefficients are unchanged, and links that
 * lost flows only have higher λ_l), so the new filling repeats them exactly. The solver therefore undoes only
 * the steps from k* on — it adds their flows' old rates back to the link residuals left by the last solve —
 * and re-fills those flows: a solve that keeps most steps costs in proportion to the rest, not to the component.
 * A solve after flows started is cold (residuals reset to capacity, every flow re-filled).
 */
import type { Components } from './components.js';
import type { FlowSet } from './flows.js';
import { MinHeap } from './heap.js';

/** Per-position flags: not running, running. */
export const IDLE = 0;
export const RUNNING = 1;

const NO_LINK = 0xffff;
const INLINE_MAX_USES = 8;

export class RateSolver {
  /** Per position: IDLE or RUNNING. */
  readonly flag: Uint8Array;
  /**
   * One bit per position: still to freeze in the current solve (all clear between solves). The freeze loop reads
   * it for every bucket entry, so it is a bitset — an eighth of a byte array, it stays in cache.
   */
  private readonly unfrozen: Uint32Array;
  /** Per position: the step that froze the flow (of the last solve that froze it). */
  readonly state: Int32Array;
  /** Per position: the max-min rate of the last solve (bytes/s). */
  readonly rate: Float64Array;
  /**
   * Per component, at flowStart[c]: the flows of the last solve in freeze order (orderLen[c] of them; finished
   * ones stay until re-filled away).
   */
  readonly order: Int32Array;
  readonly orderLen: Int32Array;
  /** Step k of component c covers order[stepStart[stepBase(c) + k] .. stepStart[stepBase(c) + k + 1]). */
  readonly stepStart: Int32Array;
  readonly nSteps: Int32Array;
  /** Link-usage entries visited, summed over solves. */
  work = 0;

  private readonly fs: FlowSet;
  private readonly cm: Components;
  private readonly capS: Float64Array;
  private readonly rem: Float64Array;
  private readonly coef: Float64Array;
  private readonly cnt: Int32Array;
  private readonly bBeg: Int32Array;
  private readonly bEnd: Int32Array;
  private readonly bPos: Array<Int32Array | null>;
  private readonly bOther: Array<Uint16Array | null>;
  private readonly loc: Array<Uint16Array | null>;
  private readonly bLive: Float64Array;
  private readonly bDead: Float64Array;
  private readonly heap: MinHeap;

  constructor(fs: FlowSet, cap: Float64Array, cm: Components) {
    this.fs = fs;
    this.cm = cm;
    const P = cm.flowAt.length;
    const S = cm.linkAt.length;
    this.flag = new Uint8Array(P);
    this.unfrozen = new Uint32Array((P + 31) >>> 5);
    this.state = new Int32Array(P);
    this.rate = new Float64Array(P);
    this.order = new Int32Array(P);
    this.orderLen = new Int32Array(cm.count);
    // At most one step per binding link, plus the end marker.
    this.stepStart = new Int32Array(S + cm.count);
    this.nSteps = new Int32Array(cm.count);
    this.capS = new Float64Array(S);
    for (let s = 0; s < S; s++) this.capS[s] = cap[cm.linkAt[s]];
    this.rem = new Float64Array(S);
    this.coef = new Float64Array(S);
    this.cnt = new Int32Array(S);
    this.bBeg = new Int32Array(S);
    this.bEnd = new Int32Array(S);
    this.bPos = new Array<Int32Array | null>(cm.count).fill(null);
    this.bOther = new Array<Uint16Array | null>(cm.count).fill(null);
    this.loc = new Array<Uint16Array | null>(cm.count).fill(null);
    this.bLive = new Float64Array(cm.count);
    this.bDead = new Float64Array(cm.count);
    this.heap = new MinHeap(64);
  }

  private inline(c: number): number {
    const cm = this.cm;
    const slots = cm.linkStart[c + 1] - cm.linkStart[c];
    return cm.unitCoef[c] && cm.maxUses[c] <= INLINE_MAX_USES && slots < NO_LINK ? cm.maxUses[c] - 1 : -1;
  }

  /** Index of component c's step 0 in stepStart (and in per-step arrays of the same layout). */
  stepBase(c: number): number {
    return this.cm.linkStart[c] + c;
  }

  /** Component c has no running flow left: forget its order. */
  clear(c: number): void {
    this.orderLen[c] = 0;
    this.nSteps[c] = 0;
  }

  /** Count a finished flow of component c (its bucket entries are dead; buckets are rebuilt when half are). */
  retire(c: number): void {
    this.bDead[c]++;
  }

  /**
   * Inline components: each position's binding links as component-local indices, maxUses per position (padded
   * with NO_LINK), so the passes over a component's flows read one small array in order.
   */
  private local(c: number): Uint16Array {
    const have = this.loc[c];
    if (have) return have;
    const { useOffset, useLink } = this.fs;
    const { slotOf, flowAt, flowStart, linkStart, maxUses } = this.cm;
    const W = maxUses[c];
    const p0 = flowStart[c];
    const ls = linkStart[c];
    const loc = new Uint16Array((flowStart[c + 1] - p0) * W).fill(NO_LINK);
    for (let p = p0; p < flowStart[c + 1]; p++) {
      const f = flowAt[p];
      let j = (p - p0) * W;
      for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
        const s = slotOf[useLink[u]];
        if (s >= 0) loc[j++] = s - ls;
      }
    }
    this.loc[c] = loc;
    return loc;
  }

  /** Buckets of the running flows among order[a0 .. a0 + n). */
  private build(c: number, act: Int32Array, a0: number, n: number): void {
    const { useOffset, useLink } = this.fs;
    const { slotOf, flowAt, flowStart } = this.cm;
    const ls = this.cm.linkStart[c];
    const le = this.cm.linkStart[c + 1];
    const { bBeg, bEnd } = this;
    const w = this.inline(c);
    const loc = w >= 0 ? this.local(c) : null;
    const W = w + 1;
    const p0 = flowStart[c];
    for (let s = ls; s < le; s++) bEnd[s] = 0;
    let total = 0;
    let live = 0;
    for (let k = 0; k < n; k++) {
      const p = act[a0 + k];
      if (this.flag[p] === IDLE) continue;
      live++;
      if (loc) {
        for (let j = (p - p0) * W, jEnd = j + W; j < jEnd && loc[j] !== NO_LINK; j++) { bEnd[ls + loc[j]]++; total++; }
      } else {
        const f = flowAt[p];
        for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
          const s = slotOf[useLink[u]];
          if (s >= 0) { bEnd[s]++; total++; }
        }
      }
    }
    let off = 0;
    for (let s = ls; s < le; s++) {
      bBeg[s] = off;
      off += bEnd[s];
      bEnd[s] = bBeg[s];
    }
    // Rebuilds reuse the arrays (fresh memory costs page faults, more than the fill itself).
    const old = this.bPos[c];
    const bp = old && old.length >= total ? old : new Int32Array(total);
    const oldO = this.bOther[c];
    const bo = w > 0 ? (oldO && oldO.length >= total * w ? oldO : new Uint16Array(total * w)) : null;
    for (let k = 0; k < n; k++) {
      const p = act[a0 + k];
      if (this.flag[p] === IDLE) continue;
      if (loc) {
        const j0 = (p - p0) * W;
        for (let j = j0, jEnd = j0 + W; j < jEnd && loc[j] !== NO_LINK; j++) {
          const e = bEnd[ls + loc[j]]++;
          bp[e] = p;
          if (bo) {
            // The flow's other links, padded.
            let o = e * w;
            for (let i = j0; i < jEnd; i++) if (i !== j) bo[o++] = loc[i];
          }
        }
      } else {
        const f = flowAt[p];
        for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
          const s = slotOf[useLink[u]];
          if (s >= 0) bp[bEnd[s]++] = p;
        }
      }
    }
    this.bPos[c] = bp;
    this.bOther[c] = bo;
    this.bLive[c] = live;
    this.bDead[c] = 0;
  }

  /**
   * Solve component c, whose running flows are act[a0 .. a0 + nAct) (ascending positions where possible). Warm
   * (kStar > 0, flows only removed since the last solve): keep the steps before kStar, the first step that lost
   * a flow. Cold (kStar = 0): fill every running flow. `rebuild`: flows started, the buckets are stale.
   * Afterwards order[from .. flowStart[c] + orderLen[c]) holds the re-filled flows, from = flowStart[c] when cold,
   * else stepStart[stepBase(c) + kStar].
   */
  solve(c: number, act: Int32Array, a0: number, nAct: number, kStar: number, rebuild: boolean): void {
    const { useOffset, useLink, useCoef } = this.fs;
    const { slotOf, flowAt } = this.cm;
    const { flag, unfrozen, state, rate, rem, coef, cnt, capS, order, stepStart } = this;
    const ls = this.cm.linkStart[c];
    const le = this.cm.linkStart[c + 1];
    const o0 = this.cm.flowStart[c];
    const sb = this.stepBase(c);
    const cold = kStar === 0;
    const from = cold ? o0 : stepStart[sb + kStar];
    if (rebuild || !this.bPos[c] || this.bDead[c] * 2 > this.bLive[c]) this.build(c, act, a0, nAct);
    const w = this.inline(c);
    if (cold) {
      for (let s = ls; s < le; s++) {
        rem[s] = capS[s];
        coef[s] = 0;
        cnt[s] = 0;
      }
    }
    let work = 0;
    let running = from - o0;
    const loc = w >= 0 ? this.local(c) : null;
    const W = w + 1;
    // Cold: count the running flows, in position order. Warm: undo the re-filled steps (their flows' old rates
    // go back to the residuals, finished flows included) and count the running ones among them.
    const list = cold ? act : order;
    const i0 = cold ? a0 : from;
    const i1 = cold ? a0 + nAct : o0 + this.orderLen[c];
    for (let i = i0; i < i1; i++) {
      const p = list[i];
      const r = rate[p];
      const run = flag[p] !== IDLE;
      if (run) {
        unfrozen[p >>> 5] |= 1 << (p & 31);
        running++;
      } else if (cold) continue;
      const undo = !cold;
      if (loc) {
        for (let j = (p - o0) * W, jEnd = j + W; j < jEnd; j++) {
          const o = loc[j];
          if (o === NO_LINK) break;
          if (undo) rem[ls + o] += r;
          if (run) coef[ls + o] = ++cnt[ls + o];
        }
        work += W;
      } else {
        const f = flowAt[p];
        for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
          const s = slotOf[useLink[u]];
          if (s < 0) continue;
          const a = useCoef ? useCoef[u] : 1;
          if (undo) rem[s] += a * r;
          if (run) {
            cnt[s]++;
            coef[s] += a;
          }
        }
        work += useOffset[f + 1] - useOffset[f];
      }
    }
    const heap = this.heap;
    heap.clear();
    for (let s = ls; s < le; s++) if (cnt[s] > 0) heap.append(rem[s] > 0 ? rem[s] / coef[s] : 0, s);
    heap.heapify();
    const bp = this.bPos[c] as Int32Array;
    const bo = this.bOther[c];
    const { bBeg, bEnd } = this;
    let step = kStar;
    let wpos = from;
    while (heap.size > 0) {
      const key = heap.peekKey();
      const s = heap.pop();
      if (cnt[s] === 0) continue;
      const level = rem[s] > 0 ? rem[s] / coef[s] : 0;
      if (level > key * (1 + 1e-13) + 1e-300) {
        heap.push(level, s);
        continue;
      }
      stepStart[sb + step] = wpos;
      const e0 = bBeg[s];
      const e1 = bEnd[s];
      work += e1 - e0;
      if (w >= 0) {
        // Unit coefficients: coef = count; the other links come inline.
        for (let e = e0; e < e1; e++) {
          const p = bp[e];
          const bit = 1 << (p & 31);
          if ((unfrozen[p >>> 5] & bit) === 0) continue;
          unfrozen[p >>> 5] ^= bit;
          state[p] = step;
          rate[p] = level;
          order[wpos++] = p;
          rem[s] -= level;
          coef[s] -= 1;
          cnt[s]--;
          if (bo) {
            for (let j = e * w, jEnd = j + w; j < jEnd; j++) {
              const o = bo[j];
              if (o === NO_LINK) break;
              const s2 = ls + o;
              rem[s2] -= level;
              coef[s2] -= 1;
              cnt[s2]--;
            }
          }
        }
      } else {
        for (let e = e0; e < e1; e++) {
          const p = bp[e];
          const bit = 1 << (p & 31);
          if ((unfrozen[p >>> 5] & bit) === 0) continue;
          unfrozen[p >>> 5] ^= bit;
          state[p] = step;
          rate[p] = level;
          order[wpos++] = p;
          const f = flowAt[p];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
            const s2 = slotOf[useLink[u]];
            if (s2 < 0) continue;
            const a = useCoef ? useCoef[u] : 1;
            rem[s2] -= a * level;
            if (--cnt[s2] === 0) coef[s2] = 0;
            else coef[s2] -= a;
          }
          work += useOffset[f + 1] - useOffset[f];
        }
      }
      step++;
    }
    // Every running flow crosses a finite binding link (components.ts), so every one froze.
    if (wpos !== o0 + running) throw new Error(`rate solver: ${o0 + running - wpos} flows of component ${c} did not freeze`);
    stepStart[sb + step] = wpos;
    this.nSteps[c] = step;
    this.orderLen[c] = wpos - o0;
    this.work += work;
  }
}
