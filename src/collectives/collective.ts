/** `simulateCollective`: build a collective's flow graph on a cluster, simulate it, report nccl-tests bandwidths. */
import { InputError, checkNonNegativeFinite, checkPositiveInt } from '../core/index.js';
import { Traffic, topLinks, type Failure, type Forwarding, type LinkUse, type RoutingMode } from '../netsim/index.js';
import type { Graph } from '../topology/index.js';
import { busFactor, buildCollective, checkAlgorithm, collectiveFlowCount, COLLECTIVES, DEFAULT_ALGO, type Collective } from './algorithms.js';
import { checkGpus, rankLayout } from './cluster.js';

export interface CollectiveSpec {
  graph: Graph;
  op: Collective;
  /** nccl-tests size column: per-rank send buffer for alltoall, total buffer otherwise. */
  sizeBytes: number;
  gpus?: number;
  algo?: string;
  /** Pipelining chunks for tree and chain (default 8). */
  chunks?: number;
  routing?: RoutingMode;
  forwarding?: Forwarding;
  failures?: readonly Failure[] | string;
  seed?: number;
  gpuInitiated?: boolean;
  mergeRelTol?: number;
}

export interface CollectiveResult {
  op: Collective;
  algo: string;
  gpus: number;
  timeS: number;
  sizeBytes: number;
  /** Mean bytes each rank sends over the run. */
  perRankBytes: number;
  algBytesPerS: number;
  busBytesPerS: number;
  busFactor: number;
  flows: number;
  /** The drain-merging tolerance used (spec's, else 1e-9, or 1e-2 from COARSE_MERGE_FLOWS flows on). */
  mergeRelTol: number;
  recomputations: number;
  unroutable: number;
  bottleneck: LinkUse[];
  warnings: string[];
}

/** A collective of more flows than this (~200 B each in the simulator) is refused before anything is built. */
export const MAX_COLLECTIVE_FLOWS = 35_000_000;
/** From this many flows on, the default merge tolerance is 1e-2 (+0.2% on the 2,048-GPU all-to-all) not 1e-9. */
export const COARSE_MERGE_FLOWS = 1_000_000;
export const COARSE_MERGE_REL_TOL = 1e-2;

export function simulateCollective(spec: CollectiveSpec): CollectiveResult {
  const op = spec.op;
  if (!(COLLECTIVES as readonly string[]).includes(op)) throw new InputError('op', op, `one of ${COLLECTIVES.join(', ')}`);
  const algo = checkAlgorithm(op, spec.algo ?? DEFAULT_ALGO[op]);
  const n = checkGpus(spec.graph, spec.gpus);
  const S = checkNonNegativeFinite('size', spec.sizeBytes);
  const chunks = checkPositiveInt('chunks', spec.chunks ?? 8);
  if (algo === 'pxn' && spec.forwarding !== undefined && spec.forwarding !== 'nvlink') throw new InputError('forwarding', spec.forwarding, 'nvlink for --algo pxn (it aggregates flows as PXN over NVLink sends them)');
  const lay = rankLayout(spec.graph);
  const gpnAll = Math.min(lay.gpusPerNode, n);
  if (n > gpnAll && n % gpnAll !== 0) throw new InputError('gpus', n, `a multiple of the ${gpnAll} GPUs per node`);
  const expectedFlows = collectiveFlowCount(op, algo, n, gpnAll, chunks);
  if (expectedFlows > MAX_COLLECTIVE_FLOWS) {
    const way = op === 'alltoall' ? '--algo pxn aggregates flows per node pair and plane' : op === 'allreduce' ? 'hierarchical or tree need fewer flows' : 'use fewer GPUs';
    throw new InputError('gpus', n, `fewer GPUs: ${op} ${algo} on ${n} GPUs is ${expectedFlows} flows, above the simulator's ${MAX_COLLECTIVE_FLOWS} (${way})`);
  }
  const mergeRelTol = spec.mergeRelTol ?? (expectedFlows >= COARSE_MERGE_FLOWS ? COARSE_MERGE_REL_TOL : 1e-9);
  const traffic = new Traffic(spec.graph, {
    routing: spec.routing,
    seed: spec.seed,
    forwarding: spec.forwarding,
    failures: spec.failures,
    gpuInitiated: spec.gpuInitiated ?? false,
    mergeRelTol,
  }, Math.max(64, expectedFlows), Math.max(64, expectedFlows) * 7);
  const node = lay.node.subarray(0, n);
  buildCollective(op, algo, { traffic, node, n, gpusPerNode: gpnAll, sizeBytes: S, chunks });
  const { flows, result } = traffic.run();
  let sent = 0;
  for (let f = 0; f < flows.count; f++) sent += flows.bytes[f];
  // pxn flows carry forwarded bytes twice (NVLink to the relay, then the fabric): count what the ranks send.
  if (algo === 'pxn') sent = S * (n - 1);
  const timeS = result.makespanS;
  const alg = timeS > 0 ? S / timeS : 0;
  const factor = busFactor(op, n);
  const warnings: string[] = [];
  if (result.unroutable > 0) warnings.push(`${result.unroutable} flows have no surviving path (unroutable); ${result.blocked} more depend on them: the collective cannot complete`);
  return {
    op,
    algo,
    gpus: n,
    timeS,
    sizeBytes: S,
    perRankBytes: sent / n,
    algBytesPerS: result.unroutable > 0 ? 0 : alg,
    busBytesPerS: result.unroutable > 0 ? 0 : alg * factor,
    busFactor: factor,
    flows: flows.count,
    mergeRelTol,
    recomputations: result.recomputations,
    unroutable: result.unroutable,
    bottleneck: topLinks(spec.graph, result.linkBytes, traffic.capacity, timeS, 3),
    warnings,
  };
}
