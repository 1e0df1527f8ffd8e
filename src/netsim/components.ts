/**
 * Static decomposition of a flow set for the simulator. Flows that share a link (transitively) form a
 * component; max-min allocations of different components are independent. Each component gets:
 * - a contiguous range of flow *positions* (flows in ascending id order), so per-flow engine state is laid out
 *   component by component and every per-event pass over a component reads memory in order;
 * - a contiguous range of *binding* links. Links whose constraint is implied by another kept link are dropped
 *   (dominated: every flow on l also crosses m and a_lf / cap_l ≤ a_mf / cap_m, e.g. a GPU↔NIC PCIe link
 *   faster than the NIC port it feeds): removing an implied constraint leaves the feasible set, hence the
 *   max-min allocation, unchanged. Links of infinite capacity never bind either.
 */
import type { FlowSet } from './flows.js';

export interface Components {
  count: number;
  /** compOf[f] = component of flow f, −1 when the flow loads no binding link (or is unroutable). */
  compOf: Int32Array;
  /** Flows of component c at positions flowStart[c] .. flowStart[c + 1); posOf[f], flowAt[pos]. */
  flowStart: Int32Array;
  posOf: Int32Array;
  flowAt: Int32Array;
  /** Binding links of component c: linkAt[linkStart[c] .. linkStart[c + 1]); slotOf[l] = index there, −1 = not binding. */
  linkStart: Int32Array;
  linkAt: Int32Array;
  slotOf: Int32Array;
  /** Whether every usage coefficient of the component's binding links is exactly 1. */
  unitCoef: Uint8Array;
  /** The largest number of binding links of one flow of the component. */
  maxUses: Int32Array;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

export function decompose(fs: FlowSet, cap: Float64Array): Components {
  const n = fs.count;
  const L = cap.length;
  const { useOffset, useLink, useCoef, unroutable } = fs;

  // Domination (see header), checked against one candidate per link: the nearest link in its first flow's usage
  // list that satisfies the capacity condition; every later flow on l must cross that link too, with the
  // condition. Nearest first, because dominating links are adjacent on a path (GPU→NIC PCIe before NIC→leaf).
  const cand = new Int32Array(L).fill(-2);
  for (let f = 0; f < n; f++) {
    if (unroutable[f]) continue;
    const u0 = useOffset[f];
    const u1 = useOffset[f + 1];
    for (let i = u0; i < u1; i++) {
      const l = useLink[i];
      const m0 = cand[l];
      if (m0 === -1) continue;
      const aL = useCoef ? useCoef[i] : 1;
      if (m0 === -2) {
        let best = -1;
        for (let d = 1; d < u1 - u0 && best < 0; d++) {
          for (const j of [i - d, i + d]) {
            if (j < u0 || j >= u1 || best >= 0) continue;
            const m = useLink[j];
            if (Number.isFinite(cap[m]) && cap[m] * aL <= cap[l] * (useCoef ? useCoef[j] : 1)) best = m;
          }
        }
        cand[l] = best;
        continue;
      }
      let ok = false;
      for (let j = u0; j < u1; j++) if (useLink[j] === m0 && cap[m0] * aL <= cap[l] * (useCoef ? useCoef[j] : 1)) ok = true;
      if (!ok) cand[l] = -1;
    }
  }
  // Drop l when its dominator is kept (so a pair of equal links keeps one of them).
  const dropped = new Uint8Array(L);
  for (let l = 0; l < L; l++) {
    if (cand[l] === -2) continue;
    if (!Number.isFinite(cap[l]) || (cand[l] >= 0 && !dropped[cand[l]])) dropped[l] = 1;
  }
  const used = (l: number): boolean => cand[l] !== -2;

  // Components over binding links.
  const parent = new Int32Array(L);
  for (let l = 0; l < L; l++) parent[l] = l;
  for (let f = 0; f < n; f++) {
    if (unroutable[f]) continue;
    let r0 = -1;
    for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
      const l = useLink[u];
      if (dropped[l]) continue;
      const r = find(parent, l);
      if (r0 < 0) r0 = r;
      else if (r !== r0) parent[r] = r0;
    }
  }
  const compOfRoot = new Int32Array(L).fill(-1);
  const compOf = new Int32Array(n).fill(-1);
  let count = 0;
  for (let f = 0; f < n; f++) {
    if (unroutable[f]) continue;
    for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
      const l = useLink[u];
      if (dropped[l]) continue;
      const r = find(parent, l);
      if (compOfRoot[r] < 0) compOfRoot[r] = count++;
      compOf[f] = compOfRoot[r];
      break;
    }
  }

  const flowStart = new Int32Array(count + 1);
  for (let f = 0; f < n; f++) if (compOf[f] >= 0) flowStart[compOf[f] + 1]++;
  for (let c = 0; c < count; c++) flowStart[c + 1] += flowStart[c];
  const flowFill = flowStart.slice(0, count);
  const posOf = new Int32Array(n).fill(-1);
  const flowAt = new Int32Array(flowStart[count]);
  for (let f = 0; f < n; f++) {
    const c = compOf[f];
    if (c < 0) continue;
    const p = flowFill[c]++;
    posOf[f] = p;
    flowAt[p] = f;
  }

  const linkStart = new Int32Array(count + 1);
  for (let l = 0; l < L; l++) if (!dropped[l] && used(l)) linkStart[compOfRoot[find(parent, l)] + 1]++;
  for (let c = 0; c < count; c++) linkStart[c + 1] += linkStart[c];
  const linkFill = linkStart.slice(0, count);
  const linkAt = new Int32Array(linkStart[count]);
  const slotOf = new Int32Array(L).fill(-1);
  for (let l = 0; l < L; l++) {
    if (dropped[l] || !used(l)) continue;
    const s = linkFill[compOfRoot[find(parent, l)]]++;
    linkAt[s] = l;
    slotOf[l] = s;
  }

  const unitCoef = new Uint8Array(count).fill(1);
  const maxUses = new Int32Array(count);
  for (let f = 0; f < n; f++) {
    const c = compOf[f];
    if (c < 0) continue;
    let k = 0;
    for (let u = useOffset[f]; u < useOffset[f + 1]; u++) {
      if (slotOf[useLink[u]] < 0) continue;
      k++;
      if (useCoef && useCoef[u] !== 1) unitCoef[c] = 0;
    }
    if (k > maxUses[c]) maxUses[c] = k;
  }
  return { count, compOf, flowStart, posOf, flowAt, linkStart, linkAt, slotOf, unitCoef, maxUses };
}
