/**
 * Event-driven flow-level simulation. Flows become active when their start time has come and their
 * dependencies have completed; active flows share links max-min fairly; rates are recomputed when flows
 * start or drain (drains within `mergeRelTol` of the next event merged into one recomputation). Only the
 * connected components (flows linked through shared links) touched by an event are recomputed: max-min
 * allocations of disjoint components are independent, so this is exact. A component that only lost flows since
 * its last solve is re-filled from the first freeze step that held a removed flow (maxmin.ts, warm restart):
 * the earlier steps, their flows' rates and drain times are unchanged. A flow completes `latencyS` after its
 * last byte drains; dependants start then.
 */
import type { FlowSet } from './flows.js';
import { MinHeap } from './heap.js';
import { MaxMinSolver, NOT_ORDERED, type FreezeOrder } from './maxmin.js';

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

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

export function simulateFlows(fs: FlowSet, opts: SimOptions): SimResult {
  const n = fs.count;
  const cap = opts.capacityBytesPerS;
  const L = cap.length;
  const mergeRelTol = opts.mergeRelTol ?? 1e-9;
  const { useOffset, useLink, useCoef, bytes, latencyS, depOffset, deps, startS } = fs;

  // Static components over links.
  const parent = new Int32Array(L);
  for (let l = 0; l < L; l++) parent[l] = l;
  for (let f = 0; f < n; f++) {
    const a = useOffset[f];
    if (a === useOffset[f + 1] || fs.unroutable[f]) continue;
    const r0 = find(parent, useLink[a]);
    for (let u = a + 1; u < useOffset[f + 1]; u++) {
      const r = find(parent, useLink[u]);
      if (r !== r0) parent[r] = r0;
    }
  }
  const compIdOfRoot = new Int32Array(L).fill(-1);
  const compOf = new Int32Array(n).fill(-1);
  let nComp = 0;
  const compSizeTmp: number[] = [];
  for (let f = 0; f < n; f++) {
    if (useOffset[f] === useOffset[f + 1] || fs.unroutable[f]) continue;
    const r = find(parent, useLink[useOffset[f]]);
    if (compIdOfRoot[r] < 0) {
      compIdOfRoot[r] = nComp++;
      compSizeTmp.push(0);
    }
    compOf[f] = compIdOfRoot[r];
    compSizeTmp[compOf[f]]++;
  }
  const compStart = new Int32Array(nComp + 1);
  for (let c = 0; c < nComp; c++) compStart[c + 1] = compStart[c] + compSizeTmp[c];
  const compSeg = new Int32Array(compStart[nComp]);
  const compCount = new Int32Array(nComp);
  const posInComp = new Int32Array(n);
  const compDirty = new Uint8Array(nComp);
  const dirtyList = new Int32Array(nComp);
  let nDirty = 0;

  // Dependants (reverse of deps).
  const depCount = new Int32Array(n);
  const dOff = new Int32Array(n + 1);
  for (let f = 0; f < n; f++) {
    depCount[f] = depOffset[f + 1] - depOffset[f];
    for (let k = depOffset[f]; k < depOffset[f + 1]; k++) dOff[deps[k] + 1]++;
  }
  for (let f = 0; f < n; f++) dOff[f + 1] += dOff[f];
  const dFill = dOff.slice(0, n);
  const dependants = new Int32Array(deps.length);
  for (let f = 0; f < n; f++) for (let k = depOffset[f]; k < depOffset[f + 1]; k++) dependants[dFill[deps[k]]++] = f;

  const readyS = new Float64Array(n).fill(NaN);
  const drainS = new Float64Array(n).fill(NaN);
  const finishS = new Float64Array(n).fill(NaN);
  const status = new Uint8Array(n).fill(FlowStatus.Blocked);
  // Remaining bytes are kept lazily: rem[f] at time tBase[f]; rebased only when f's component is re-solved.
  const rem = new Float64Array(n);
  const tBase = new Float64Array(n);
  const rate = new Float64Array(n);
  // The rate rem[f] has been draining at since tBase[f] (rate[] is overwritten by the solver).
  const rateUsed = new Float64Array(n);
  const drainAt = new Float64Array(n);
  const readyKey = new Float64Array(n);
  const compNext = new Float64Array(nComp).fill(Infinity);

  // Unroutable flows and everything that depends on them never run.
  let unroutable = 0;
  let blocked = 0;
  const dead = new Uint8Array(n);
  const stack: number[] = [];
  for (let f = 0; f < n; f++) if (fs.unroutable[f]) { dead[f] = 1; unroutable++; stack.push(f); }
  while (stack.length) {
    const f = stack.pop() as number;
    for (let k = dOff[f]; k < dOff[f + 1]; k++) {
      const g = dependants[k];
      if (!dead[g]) { dead[g] = 1; stack.push(g); }
    }
  }
  for (let f = 0; f < n; f++) if (fs.unroutable[f]) status[f] = FlowStatus.Unroutable;

  const startHeap = new MinHeap(Math.min(n + 4, 1 << 16));
  const finHeap = new MinHeap(Math.min(n + 4, 1 << 16));
  for (let f = 0; f < n; f++) {
    readyKey[f] = startS[f];
    if (!dead[f] && depCount[f] === 0) startHeap.push(startS[f], f);
  }

  const solver = new MaxMinSolver(L);
  // Warm restarts (see maxmin.ts): per component, the recorded freeze order and how much of it is still valid
  // (everything after a solve; cut back to the step of the earliest removed flow; nothing once a flow starts).
  const ord: FreezeOrder = { order: new Int32Array(n), stepStart: new Int32Array(n), ordPos: new Int32Array(n).fill(NOT_ORDERED) };
  const compKeep = new Int32Array(nComp);
  const peak = opts.trackPeakLoad ? new Float64Array(L) : null;
  const load = opts.trackPeakLoad ? new Float64Array(L) : null;
  let recomputations = 0;
  let events = 0;
  let solverWork = 0;
  let stalled = 0;
  let t: number;
  let makespan = 0;

  const markDirty = (c: number): void => {
    if (!compDirty[c]) { compDirty[c] = 1; dirtyList[nDirty++] = c; }
  };

  const removeActive = (f: number): void => {
    const c = compOf[f];
    const base = compStart[c];
    const q = posInComp[f];
    const lastC = compSeg[base + --compCount[c]];
    compSeg[base + q] = lastC;
    posInComp[lastC] = q;
    const p = ord.ordPos[f];
    if (p !== NOT_ORDERED && p < compKeep[c]) compKeep[c] = ord.stepStart[base + p];
    markDirty(c);
  };

  const complete = (f: number, when: number): void => {
    drainS[f] = when;
    finHeap.push(when + latencyS[f], f);
  };

  for (;;) {
    let tDrain = Infinity;
    for (let c = 0; c < nComp; c++) if (compNext[c] < tDrain) tDrain = compNext[c];
    const tNext = Math.min(tDrain, startHeap.peekKey(), finHeap.peekKey());
    if (tNext === Infinity) {
      for (let c = 0; c < nComp; c++) for (let k = 0; k < compCount[c]; k++) { status[compSeg[compStart[c] + k]] = FlowStatus.Stalled; stalled++; }
      break;
    }
    events++;
    const thr = tNext + mergeRelTol * Math.abs(tNext);
    t = tNext;
    for (let c = 0; c < nComp; c++) {
      if (!(compNext[c] <= thr)) continue;
      const base = compStart[c];
      for (let k = compCount[c] - 1; k >= 0; k--) {
        const f = compSeg[base + k];
        if (drainAt[f] <= thr) {
          rem[f] = 0;
          removeActive(f);
          complete(f, Math.max(drainAt[f], readyS[f]));
        }
      }
      compNext[c] = Infinity;
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
        for (let k = dOff[f]; k < dOff[f + 1]; k++) {
          const g = dependants[k];
          if (when > readyKey[g]) readyKey[g] = when;
          if (--depCount[g] === 0) startHeap.push(readyKey[g], g);
        }
        changed = true;
      }
      while (startHeap.size > 0 && startHeap.peekKey() <= thr) {
        const when = startHeap.peekKey();
        const f = startHeap.pop();
        readyS[f] = when;
        const c = compOf[f];
        if (bytes[f] === 0 || c < 0) {
          complete(f, when);
        } else {
          rem[f] = bytes[f];
          tBase[f] = t;
          rate[f] = 0;
          rateUsed[f] = 0;
          const base = compStart[c];
          compSeg[base + compCount[c]] = f;
          posInComp[f] = compCount[c]++;
          compKeep[c] = 0;
          markDirty(c);
        }
        changed = true;
      }
    }
    for (let k = 0; k < nDirty; k++) {
      const c = dirtyList[k];
      compDirty[c] = 0;
      compNext[c] = Infinity;
      if (compCount[c] === 0) continue;
      const seg = compSeg.subarray(compStart[c], compStart[c] + compCount[c]);
      solverWork += solver.solve(seg, compCount[c], fs, cap, rate, ord, compStart[c], compKeep[c]);
      compKeep[c] = solver.orderLength;
      recomputations++;
      // Only the re-filled flows changed rate (the kept freeze prefix keeps its rates, remaining bytes and drain
      // times): rebase their remaining bytes at the rate they had, then set their drain times.
      const changed = solver.refilled;
      for (let j = 0; j < solver.refilledCount; j++) {
        const f = changed[j];
        const r0 = rateUsed[f];
        if (r0 > 0 && r0 !== Infinity) rem[f] -= r0 * (t - tBase[f]);
        tBase[f] = t;
        const r = rate[f];
        rateUsed[f] = r;
        drainAt[f] = r === Infinity ? t : r > 0 ? t + rem[f] / r : Infinity;
      }
      let next = Infinity;
      for (let i = 0; i < seg.length; i++) {
        const d = drainAt[seg[i]];
        if (d < next) next = d;
      }
      compNext[c] = next;
      if (peak && load) {
        for (let i = 0; i < seg.length; i++) {
          const f = seg[i];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) load[useLink[u]] += useCoef[u] * rate[f];
        }
        for (let i = 0; i < seg.length; i++) {
          const f = seg[i];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
            const l = useLink[u];
            if (load[l] > peak[l]) peak[l] = load[l];
          }
        }
        for (let i = 0; i < seg.length; i++) {
          const f = seg[i];
          for (let u = useOffset[f]; u < useOffset[f + 1]; u++) load[useLink[u]] = 0;
        }
      }
    }
    nDirty = 0;
  }

  for (let f = 0; f < n; f++) if (status[f] === FlowStatus.Blocked) blocked++;
  const linkBytes = new Float64Array(L);
  for (let f = 0; f < n; f++) {
    if (status[f] !== FlowStatus.Done) continue;
    for (let u = useOffset[f]; u < useOffset[f + 1]; u++) linkBytes[useLink[u]] += bytes[f] * useCoef[u];
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
    solverWork,
    unroutable,
    blocked,
    stalled,
  };
}
