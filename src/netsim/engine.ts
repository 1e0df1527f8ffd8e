/**
 * Event-driven flow-level simulation. Flows become active when their start time has come and their
 * dependencies have completed; active flows share links max-min fairly; rates are recomputed when flows
 * start or drain (drains within `mergeRelTol` of the next event merged into one recomputation). Only the
 * components (flows linked through shared binding links, components.ts) touched by an event are recomputed:
 * max-min allocations of disjoint components are independent, so this is exact. A component that only lost
 * flows since its last solve is re-filled from the first step that held a removed flow (solver.ts, warm
 * restart). A flow completes `latencyS` after its last byte drains; dependants start then.
 *
 * Per-flow dynamic state lives at the flow's position (components.ts) and each component lists its running
 * flows in position order, so the passes over a whole component read memory in order. A warm restart
 * (solver.ts) re-fills only the steps from the first one that lost a flow; then only those flows get new drain
 * times — remaining bytes are recovered from the old rate and drain time, r·(drain − t) — and the component's
 * next drain is the minimum of the kept steps' minima (kept per step) and the new ones. When more than a
 * quarter of the running flows would be re-filled anyway, the solve is cold (sequential passes, no drift).
 */
import { decompose } from './components.js';
import type { FlowSet } from './flows.js';
import { MinHeap } from './heap.js';
import { IDLE, RateSolver, RUNNING } from './solver.js';

export interface SimOptions {
  /** Per-link capacity, bytes/s (after failures and degradation); default the graph's. */
  capacityBytesPerS: Float64Array;
  /** Drains due within this relative time of the next event are processed together (default 1e-9). */
  mergeRelTol?: number;
  /** Record each link's peak load (bytes/s) over the run (for checks; costs one pass per recomputation). */
  trackPeakLoad?: boolean;
}

export const FlowStatus = { Done: 0, Unroutable: 1, Blocked: 2, Stalled: 3 } as const;

export interface SimResult {
  /** Time the last completed flow completed, seconds. */
  makespanS: number;
  /** Per flow: when it became active, when its last byte drained, when it completed (NaN if it never ran). */
  readyS: Float64Array;
  drainS: Float64Array;
  finishS: Float64Array;
  /** Per flow: FlowStatus. */
  status: Uint8Array;
  /** Bytes carried by each link (Σ bytes × coefficient over completed flows). */
  linkBytes: Float64Array;
  /** Peak load per link (bytes/s), when trackPeakLoad was set. */
  peakLoadBytesPerS: Float64Array | null;
  recomputations: number;
  events: number;
  /** Link-usage entries visited by the rate solver, summed over recomputations. */
  solverWork: number;
  unroutable: number;
  blocked: number;
  stalled: number;
}

/**
 * Flows with no dependencies that can run, in (start time, id) order: a queue instead of a heap of millions;
 * null when that is every flow in id order (the common case: no array of a flow count).
 */
function startOrder(fs: FlowSet, dead: Uint8Array | null): Int32Array | null {
  const { count: n, startS, depOffset } = fs;
  let all = dead === null;
  for (let f = 1; f <= n && all; f++) if (depOffset[f] !== depOffset[f - 1] || (f < n && startS[f] < startS[f - 1])) all = false;
  if (all) return null;
  const q = new Int32Array(n);
  let m = 0;
  let sorted = true;
  let last = -Infinity;
  for (let f = 0; f < n; f++) {
    if ((dead && dead[f]) || depOffset[f] !== depOffset[f + 1]) continue;
    q[m++] = f;
    if (startS[f] < last) sorted = false;
    last = startS[f];
  }
  const out = m === n ? q : q.slice(0, m);
  if (!sorted) out.sort((a, b) => startS[a] - startS[b] || a - b);
  return out;
}

export function simulateFlows(fs: FlowSet, opts: SimOptions): SimResult {
  const n = fs.count;
  const cap = opts.capacityBytesPerS;
  const L = cap.length;
  const mergeRelTol = opts.mergeRelTol ?? 1e-9;
  const { useOffset, useLink, useCoef, bytes, latencyS, depOffset, deps, startS } = fs;

  const cm = decompose(fs, cap);
  const nComp = cm.count;
  const { compOf, posOf, flowStart } = cm;
  const solver = new RateSolver(fs, cap, cm);
  const { flag, state, rate, order, orderLen, stepStart, nSteps } = solver;
  const P = cm.flowAt.length;
  // Per position: remaining bytes when the flow was last re-filled (or started), and when its last byte drains.
  const remB = new Float64Array(P);
  const drainAt = new Float64Array(P);
  // Per step (solver.stepBase layout): the earliest drain among its flows, and the minimum over earlier steps.
  const stepMin = new Float64Array(solver.stepStart.length);
  const prefMin = new Float64Array(solver.stepStart.length);
  // Per component: its running flows act[flowStart[c] .. + actCount[c]) in position order, the first step a
  // removal invalidated (NONE = none; 0 after starts), whether flows started, the earliest drain.
  const NONE = 0x7fffffff;
  const act = new Int32Array(P);
  const actCount = new Int32Array(nComp);
  const kStar = new Int32Array(nComp).fill(NONE);
  const started = new Uint8Array(nComp);
  const compNext = new Float64Array(nComp).fill(Infinity);
  const dirty = new Uint8Array(nComp);
  const dirtyList = new Int32Array(nComp);
  let nDirty = 0;

  // Dependants (reverse of deps), only when there are dependencies.
  const hasDeps = deps.length > 0;
  const depCount = hasDeps ? new Int32Array(n) : null;
  const dOff = hasDeps ? new Int32Array(n + 1) : null;
  const dependants = hasDeps ? new Int32Array(deps.length) : null;
  if (depCount && dOff && dependants) {
    for (let f = 0; f < n; f++) {
      depCount[f] = depOffset[f + 1] - depOffset[f];
      for (let k = depOffset[f]; k < depOffset[f + 1]; k++) dOff[deps[k] + 1]++;
    }
    for (let f = 0; f < n; f++) dOff[f + 1] += dOff[f];
    const dFill = dOff.slice(0, n);
    for (let f = 0; f < n; f++) for (let k = depOffset[f]; k < depOffset[f + 1]; k++) dependants[dFill[deps[k]]++] = f;
  }

  const readyS = new Float64Array(n).fill(NaN);
  const drainS = new Float64Array(n).fill(NaN);
  const finishS = new Float64Array(n).fill(NaN);
  const status = new Uint8Array(n).fill(FlowStatus.Blocked);
  const readyKey = hasDeps ? Float64Array.from(startS) : null;

  // Unroutable flows and everything that depends on them never run.
  let unroutable = 0;
  let blocked = 0;
  let dead: Uint8Array | null = null;
  for (let f = 0; f < n; f++) {
    if (!fs.unroutable[f]) continue;
    dead ??= new Uint8Array(n);
    dead[f] = 1;
    unroutable++;
    status[f] = FlowStatus.Unroutable;
  }
  if (dead && dOff && dependants) {
    const stack: number[] = [];
    for (let f = 0; f < n; f++) if (dead[f]) stack.push(f);
    while (stack.length) {
      const f = stack.pop() as number;
      for (let k = dOff[f]; k < dOff[f + 1]; k++) {
        const g = dependants[k];
        if (!dead[g]) { dead[g] = 1; stack.push(g); }
      }
    }
  }

  const queue = startOrder(fs, dead);
  const qLen = queue ? queue.length : n;
  let qHead = 0;
  const startHeap = new MinHeap(64);
  const finHeap = new MinHeap(Math.min(n + 4, 1 << 16));

  const peak = opts.trackPeakLoad ? new Float64Array(L) : null;
  const load = opts.trackPeakLoad ? new Float64Array(L) : null;
  let recomputations = 0;
  let events = 0;
  let stalled = 0;
  let makespan = 0;

  const markDirty = (c: number): void => {
    if (!dirty[c]) { dirty[c] = 1; dirtyList[nDirty++] = c; }
  };
  const complete = (f: number, when: number): void => {
    drainS[f] = when;
    const fin = when + latencyS[f];
    if (dOff && dOff[f] < dOff[f + 1]) {
      finHeap.push(fin, f);
      return;
    }
    // Nothing waits for f: it is done now.
    finishS[f] = fin;
    status[f] = FlowStatus.Done;
    if (fin > makespan) makespan = fin;
  };
  const activate = (f: number, when: number): void => {
    readyS[f] = when;
    const c = compOf[f];
    if (bytes[f] === 0 || c < 0) {
      complete(f, when);
      return;
    }
    const p = posOf[f];
    remB[p] = bytes[f];
    drainAt[p] = Infinity;
    rate[p] = 0;
    flag[p] = RUNNING;
    act[flowStart[c] + actCount[c]++] = p;
    started[c] = 1;
    kStar[c] = 0;
    markDirty(c);
  };

  for (;;) {
    let tDrain = Infinity;
    for (let c = 0; c < nComp; c++) if (compNext[c] < tDrain) tDrain = compNext[c];
    const tQueue = qHead < qLen ? startS[queue ? queue[qHead] : qHead] : Infinity;
    const tNext = Math.min(tDrain, tQueue, startHeap.peekKey(), finHeap.peekKey());
    if (tNext === Infinity) break;
    events++;
    const thr = tNext + mergeRelTol * Math.abs(tNext);
    const t = tNext;
    // Drains due by thr: the flow leaves; a removal cuts the component's kept prefix at the flow's step.
    for (let c = 0; c < nComp; c++) {
      if (!(compNext[c] <= thr)) continue;
      const a0 = flowStart[c];
      let m = 0;
      for (let k = 0; k < actCount[c]; k++) {
        const p = act[a0 + k];
        if (!(drainAt[p] <= thr)) {
          act[a0 + m++] = p;
          continue;
        }
        if (state[p] < kStar[c]) kStar[c] = state[p];
        flag[p] = IDLE;
        solver.retire(c);
        const f = cm.flowAt[p];
        complete(f, Math.max(drainAt[p], readyS[f]));
      }
      actCount[c] = m;
      compNext[c] = Infinity;
      markDirty(c);
    }
    let changed = true;
    while (changed) {
      changed = false;
      while (finHeap.size > 0 && finHeap.peekKey() <= thr) {
        const when = finHeap.peekKey();
        const f = finHeap.pop();
        finishS[f] = when;
        status[f] = FlowStatus.Done;
        if (when > makespan) makespan = when;
        if (depCount && dOff && dependants && readyKey) {
          for (let k = dOff[f]; k < dOff[f + 1]; k++) {
            const g = dependants[k];
            if (when > readyKey[g]) readyKey[g] = when;
            if (--depCount[g] === 0) startHeap.push(readyKey[g], g);
          }
        }
        changed = true;
      }
      while (qHead < qLen && startS[queue ? queue[qHead] : qHead] <= thr) {
        const f = queue ? queue[qHead] : qHead;
        qHead++;
        activate(f, startS[f]);
        changed = true;
      }
      while (startHeap.size > 0 && startHeap.peekKey() <= thr) {
        const when = startHeap.peekKey();
        const f = startHeap.pop();
        activate(f, when);
        changed = true;
      }
    }
    for (let k = 0; k < nDirty; k++) {
      const c = dirtyList[k];
      dirty[c] = 0;
      compNext[c] = Infinity;
      const a0 = flowStart[c];
      const m = actCount[c];
      if (m === 0) {
        solver.clear(c);
        kStar[c] = NONE;
        started[c] = 0;
        continue;
      }
      const o0 = flowStart[c];
      const sb = solver.stepBase(c);
      if (kStar[c] === NONE) {
        // Nothing left or joined (an artificial window-end event): the rates stand.
        compNext[c] = prefMin[sb + nSteps[c]];
        continue;
      }
      let k0 = kStar[c];
      if (k0 !== 0 && (o0 + orderLen[c] - stepStart[sb + k0]) * 4 > m) k0 = 0;
      // Remaining bytes at t of the flows about to be re-filled, from the rate they drained at.
      if (k0 === 0) {
        for (let j = a0; j < a0 + m; j++) {
          const p = act[j];
          if (rate[p] > 0) remB[p] = rate[p] * (drainAt[p] - t);
        }
      } else {
        for (let i = stepStart[sb + k0]; i < o0 + orderLen[c]; i++) {
          const p = order[i];
          if (flag[p] !== IDLE && rate[p] > 0) remB[p] = rate[p] * (drainAt[p] - t);
        }
      }
      solver.solve(c, act, a0, m, k0, started[c] === 1);
      recomputations++;
      kStar[c] = NONE;
      started[c] = 0;
      // New drain times and per-step minima of the re-filled flows; prefix minima from the first new step on.
      if (k0 === 0) {
        stepMin.fill(Infinity, sb, sb + nSteps[c]);
        for (let j = a0; j < a0 + m; j++) {
          const p = act[j];
          const r = rate[p];
          const d = r > 0 ? t + remB[p] / r : Infinity;
          drainAt[p] = d;
          if (d < stepMin[sb + state[p]]) stepMin[sb + state[p]] = d;
        }
        prefMin[sb] = Infinity;
      } else {
        for (let k = k0; k < nSteps[c]; k++) {
          let mn = Infinity;
          for (let i = stepStart[sb + k]; i < stepStart[sb + k + 1]; i++) {
            const p = order[i];
            const r = rate[p];
            const d = r > 0 ? t + remB[p] / r : Infinity;
            drainAt[p] = d;
            if (d < mn) mn = d;
          }
          stepMin[sb + k] = mn;
        }
      }
      for (let k = k0; k < nSteps[c]; k++) prefMin[sb + k + 1] = Math.min(prefMin[sb + k], stepMin[sb + k]);
      const next = prefMin[sb + nSteps[c]];
      // At most one solve per component per merge window: drains the new rates bring inside this window wait
      // for the component's next event (they still complete at their own drain time).
      compNext[c] = next > t && next <= thr ? thr * (1 + 1e-15) : next;
      if (peak && load) {
        const oEnd = o0 + orderLen[c];
        for (let i = o0; i < oEnd; i++) {
          const f = cm.flowAt[order[i]];
          const r = rate[order[i]];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) load[useLink[u]] += (useCoef ? useCoef[u] : 1) * r;
        }
        for (let i = o0; i < oEnd; i++) {
          const f = cm.flowAt[order[i]];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) if (load[useLink[u]] > peak[useLink[u]]) peak[useLink[u]] = load[useLink[u]];
        }
        for (let i = o0; i < oEnd; i++) {
          const f = cm.flowAt[order[i]];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) load[useLink[u]] = 0;
        }
      }
    }
    nDirty = 0;
  }
  // Whatever is still active never drains (a dead link): stalled, never waited for.
  for (let c = 0; c < nComp; c++) {
    for (let j = flowStart[c]; j < flowStart[c] + actCount[c]; j++) {
      const p = act[j];
      if (flag[p] === IDLE) continue;
      status[cm.flowAt[p]] = FlowStatus.Stalled;
      stalled++;
    }
  }

  for (let f = 0; f < n; f++) if (status[f] === FlowStatus.Blocked) blocked++;
  const linkBytes = new Float64Array(L);
  for (let f = 0; f < n; f++) {
    if (status[f] !== FlowStatus.Done) continue;
    for (let u = useOffset[f]; u < useOffset[f + 1]; u++) linkBytes[useLink[u]] += bytes[f] * (useCoef ? useCoef[u] : 1);
  }
  return {
    makespanS: makespan,
    readyS,
    drainS,
    finishS,
    status,
    linkBytes,
    peakLoadBytesPerS: peak,
    recomputations,
    events,
    solverWork: solver.work,
    unroutable,
    blocked,
    stalled,
  };
}
