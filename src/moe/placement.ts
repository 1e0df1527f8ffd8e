/**
 * Expert placement for expert parallelism: `experts` routed experts over `ep` GPUs (experts / ep per GPU,
 * contiguous, so that expert group q of E/nodes consecutive experts lands on node q when groups = nodes), plus
 * `redundant` extra copies of the most loaded experts (DeepSeek's redundant experts), each on the least-loaded GPU
 * of another node that does not hold it yet.
 */
import { InputError, checkNonNegativeInt, checkPositiveInt } from '../core/index.js';

export interface Placement {
  experts: number;
  ep: number;
  gpusPerNode: number;
  nodes: number;
  /** Replicas of expert e: replicaGpu[replicaOffset[e] .. replicaOffset[e+1]); the first is the primary. */
  replicaOffset: Int32Array;
  replicaGpu: Int32Array;
  /** Expert slots per GPU (primaries + redundant copies). */
  slotsPerGpu: Int32Array;
}

export interface PlacementSpec {
  experts: number;
  ep: number;
  gpusPerNode: number;
  redundant?: number;
  /** Relative load per expert, to choose which experts to replicate (default uniform: the first ones). */
  load?: Float64Array;
}

export function placeExperts(spec: PlacementSpec): Placement {
  const experts = checkPositiveInt('experts', spec.experts);
  const ep = checkPositiveInt('ep', spec.ep);
  const gpn = checkPositiveInt('gpusPerNode', spec.gpusPerNode);
  const redundant = checkNonNegativeInt('redundant', spec.redundant ?? 0);
  if (experts % ep !== 0) throw new InputError('ep', ep, `a divisor of the ${experts} experts`);
  if (ep % gpn !== 0 && ep > gpn) throw new InputError('ep', ep, `a multiple of the ${gpn} GPUs per node`);
  if (redundant > experts * (ep - 1)) throw new InputError('redundant', redundant, `at most ${experts * (ep - 1)}`);
  const nodes = Math.max(1, Math.ceil(ep / gpn));
  const per = experts / ep;
  const load = spec.load ?? new Float64Array(experts).fill(1);
  const order = Array.from({ length: experts }, (_, e) => e).sort((a, b) => load[b] - load[a] || a - b);
  const extra: number[][] = Array.from({ length: experts }, () => []);
  const gpuLoad = new Float64Array(ep);
  const slots = new Int32Array(ep).fill(per);
  for (let e = 0; e < experts; e++) gpuLoad[Math.floor(e / per)] += load[e];
  for (let i = 0; i < redundant; i++) {
    const e = order[i % experts];
    const holders = [Math.floor(e / per), ...extra[e]];
    const share = load[e] / (holders.length + 1);
    let best = -1;
    for (let pass = 0; pass < 2 && best < 0; pass++) {
      for (let gpu = 0; gpu < ep; gpu++) {
        if (holders.includes(gpu)) continue;
        if (pass === 0 && holders.some((h) => Math.floor(h / gpn) === Math.floor(gpu / gpn))) continue;
        if (best < 0 || gpuLoad[gpu] < gpuLoad[best]) best = gpu;
      }
    }
    for (const h of holders) gpuLoad[h] -= load[e] / holders.length - share;
    gpuLoad[best] += share;
    slots[best]++;
    extra[e].push(best);
  }
  const replicaOffset = new Int32Array(experts + 1);
  for (let e = 0; e < experts; e++) replicaOffset[e + 1] = replicaOffset[e] + 1 + extra[e].length;
  const replicaGpu = new Int32Array(replicaOffset[experts]);
  for (let e = 0; e < experts; e++) {
    replicaGpu[replicaOffset[e]] = Math.floor(e / per);
    extra[e].forEach((g, i) => (replicaGpu[replicaOffset[e] + 1 + i] = g));
  }
  return { experts, ep, gpusPerNode: Math.min(gpn, ep), nodes, replicaOffset, replicaGpu, slotsPerGpu: slots };
}
