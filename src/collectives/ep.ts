/**
 * Expert-parallel dispatch and combine traffic on a cluster (DeepSeek-V3 §3, DeepEP).
 *
 * `deepep` (normal kernels, node-limited): a token goes over the scale-out fabric once per destination node, to
 * the GPU with the sender's in-node index (same plane/rail), and is forwarded over NVLink to every GPU there that
 * hosts one of its experts (once per GPU); tokens for the sender's own node go over NVLink directly. The
 * IB → NVLink relay is pipelined (netsim Traffic.relay). Combine is the reverse: NVLink gather to that GPU,
 * reduced there, then one transfer back per node.
 * `naive` (DeepEP's low-latency kernels, the paper's §2.3.2 assumption): one transfer per (token, expert),
 * each with `metadataBytes` extra, routed directly (PXN over NVLink when the destination is on another plane).
 *
 * Per phase: `timeS` (makespan), physical scale-out bytes sent per GPU (on its NIC uplink; mean and max),
 * `rdmaLogicalBytesPerS` = DeepEP's convention: (token, destination node) pairs including the sender's own node
 * × bytes per token ÷ time, per GPU; NVLink bytes per GPU ÷ time; `exposedS` = time not hidden by the
 * `overlapS` of compute the caller can overlap (default none).
 */
import { InputError, checkNonNegativeInt, checkPositiveInt } from '../core/index.js';
import {
  expertWeights,
  gateRoutingCounts,
  countsFromSelections,
  placeExperts,
  routingSummary,
  sampleRoutingCounts,
  type AffinitySpec,
  type RoutingCounts,
} from '../moe/index.js';
import { Traffic, topLinks, type Failure, type FlowSet, type Forwarding, type LinkUse, type RoutingMode, type SimResult } from '../netsim/index.js';
import type { Graph } from '../topology/index.js';
import { checkGpus, rankLayout, type RankLayout } from './cluster.js';

export const EP_MODES = ['deepep', 'naive'] as const;
export type EpMode = (typeof EP_MODES)[number];

/** FP8 (1 B/element) with one FP32 scale per 1×128 tile: 7,392 B for a 7168-d token. */
export function fp8TokenBytes(hidden: number): number {
  return hidden + Math.ceil(hidden / 128) * 4;
}
export function bf16TokenBytes(hidden: number): number {
  return 2 * hidden;
}

export interface EpSpec {
  graph: Graph;
  /** GPUs taking part (the first ranks); default all endpoints. */
  gpus?: number;
  /** EP group size; gpus / ep groups run concurrently; default gpus. */
  ep?: number;
  tokensPerGpu: number;
  hidden?: number;
  topK?: number;
  experts?: number;
  /** Nodes a token may reach (0 = no limit); default 4. */
  maxNodes?: number;
  mode?: EpMode;
  dispatchBytesPerToken?: number;
  combineBytesPerToken?: number;
  /** Extra bytes per (token, expert) transfer in naive mode (DeepEP low-latency: 16). */
  metadataBytes?: number;
  redundantExperts?: number;
  affinity?: AffinitySpec;
  /** Explicit selections [rows × topK] (from a trace); token t of group rank s uses row (s·T + t) mod rows. */
  selections?: Int32Array;
  /** `sampler` (fast, counts only) or `gate` (DeepSeek's gate on synthetic logits). */
  router?: 'sampler' | 'gate';
  routing?: RoutingMode;
  forwarding?: Forwarding;
  failures?: readonly Failure[] | string;
  seed?: number;
  /** GPU-initiated transfers (default true: DeepEP uses IBGDA). */
  gpuInitiated?: boolean;
  /** Compute the caller overlaps with each phase, seconds (for exposedS). */
  overlapS?: number;
  /** Drains within this relative time are merged into one rate recomputation (default 1e-3: on EP64 with 256
   * tokens/GPU it shortens times by 0.04% (DeepEP) to 0.1% (naive) against 1e-9, at 2–6× fewer recomputations). */
  mergeRelTol?: number;
  /** Called with progress in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Return the simulated flow sets (for benchmarks). */
  keepFlows?: boolean;
}

export interface EpPhase {
  timeS: number;
  rdmaBytesPerGpu: number;
  rdmaBytesPerGpuMax: number;
  rdmaBytesPerS: number;
  rdmaBytesPerSMax: number;
  rdmaLogicalBytesPerS: number;
  nvlinkBytesPerS: number;
  exposedS: number;
  flows: number;
  recomputations: number;
  unroutable: number;
  bottleneck: LinkUse[];
}

export interface EpResult {
  dispatch: EpPhase;
  combine: EpPhase;
  groups: number;
  ep: number;
  nodesPerToken: number;
  gpusPerToken: number;
  expertsPerNode: number;
  simulations: number;
  routingS: number;
  simulateS: number;
  warnings: string[];
  /** With keepFlows: the dispatch and combine flow sets. */
  flowSets?: FlowSet[];
}

interface Resolved {
  graph: Graph;
  gpus: number;
  ep: number;
  groups: number;
  T: number;
  hidden: number;
  topK: number;
  experts: number;
  maxNodes: number;
  mode: EpMode;
  dBytes: number;
  cBytes: number;
  meta: number;
}

function resolve(s: EpSpec): Resolved {
  const gpus = checkGpus(s.graph, s.gpus);
  const ep = checkPositiveInt('ep', s.ep ?? gpus);
  if (gpus % ep !== 0) throw new InputError('ep', ep, `a divisor of the ${gpus} GPUs`);
  const T = checkNonNegativeInt('tokens', s.tokensPerGpu);
  const hidden = checkPositiveInt('hidden', s.hidden ?? 7168);
  const topK = checkPositiveInt('topK', s.topK ?? 8);
  const experts = checkPositiveInt('experts', s.experts ?? 256);
  const maxNodes = checkNonNegativeInt('maxNodes', s.maxNodes ?? 4);
  const mode = s.mode ?? 'deepep';
  if (!(EP_MODES as readonly string[]).includes(mode)) throw new InputError('mode', mode, `one of ${EP_MODES.join(', ')}`);
  const dBytes = s.dispatchBytesPerToken ?? fp8TokenBytes(hidden);
  const cBytes = s.combineBytesPerToken ?? bf16TokenBytes(hidden);
  if (!(dBytes > 0)) throw new InputError('dispatchBytesPerToken', dBytes, 'a positive size');
  if (!(cBytes > 0)) throw new InputError('combineBytesPerToken', cBytes, 'a positive size');
  const meta = s.metadataBytes ?? (mode === 'naive' ? 16 : 0);
  if (!(meta >= 0)) throw new InputError('metadataBytes', meta, 'a non-negative size');
  return { graph: s.graph, gpus, ep, groups: gpus / ep, T, hidden, topK, experts, maxNodes, mode, dBytes, cBytes, meta };
}

/** Routing counts for one EP group. */
function groupCounts(s: EpSpec, r: Resolved, gpn: number, group: number): RoutingCounts {
  const placement = placeExperts({ experts: r.experts, ep: r.ep, gpusPerNode: gpn, redundant: s.redundantExperts ?? 0 });
  if (s.selections) return countsFromSelections(placement, s.selections, r.topK, r.T);
  const weights = expertWeights(s.affinity ?? { kind: 'uniform' }, r.experts, s.seed ?? 1);
  const seed = ((s.seed ?? 1) * 1000003 + group) | 0;
  const spec = { placement, topK: r.topK, maxNodes: r.maxNodes, weights, tokensPerGpu: r.T, seed };
  return s.router === 'gate' ? gateRoutingCounts(spec) : sampleRoutingCounts(spec);
}

function buildPhase(s: EpSpec, r: Resolved, lay: RankLayout, counts: RoutingCounts[], dispatch: boolean): Traffic {
  const gpn = Math.min(lay.gpusPerNode, r.ep);
  const nodesPerGroup = Math.max(1, r.ep / gpn);
  const t = new Traffic(r.graph, {
    routing: s.routing,
    seed: s.seed,
    forwarding: s.forwarding,
    failures: s.failures,
    gpuInitiated: s.gpuInitiated ?? true,
    mergeRelTol: s.mergeRelTol ?? 1e-3,
  }, r.gpus * (nodesPerGroup + gpn), r.gpus * (nodesPerGroup + gpn) * 8);
  const B = dispatch ? r.dBytes : r.cBytes;
  const legs = new Int32Array(gpn);
  const legBytes = new Float64Array(gpn);
  for (let g = 0; g < r.groups; g++) {
    const c = counts[g];
    const base = g * r.ep;
    const node = (i: number): number => Math.floor(i / gpn);
    for (let i = 0; i < r.ep; i++) {
      const src = lay.node[base + i];
      if (r.mode === 'naive') {
        for (let j = 0; j < r.ep; j++) {
          const pairs = c.pairs[i * r.ep + j];
          if (j === i || pairs === 0) continue;
          const bytes = pairs * (B + (dispatch ? r.meta : 0));
          if (dispatch) t.send(src, lay.node[base + j], bytes, 0, g);
          else t.send(lay.node[base + j], src, bytes, 0, g);
        }
        continue;
      }
      for (let n = 0; n < nodesPerGroup; n++) {
        const tokens = c.nodeTokens[i * c.nodes + n];
        if (tokens === 0) continue;
        if (n === node(i)) {
          for (let j = n * gpn; j < (n + 1) * gpn; j++) {
            const tk = c.gpuTokens[i * r.ep + j];
            if (j === i || tk === 0) continue;
            if (dispatch) t.send(src, lay.node[base + j], tk * B, 0, g);
            else t.send(lay.node[base + j], src, tk * B, 0, g);
          }
          continue;
        }
        const hubRank = n * gpn + (i % gpn);
        let k = 0;
        for (let j = n * gpn; j < (n + 1) * gpn; j++) {
          const tk = c.gpuTokens[i * r.ep + j];
          if (tk === 0) continue;
          legs[k] = lay.node[base + j];
          legBytes[k] = tk * B;
          k++;
        }
        t.relay(src, lay.node[base + hubRank], tokens * B, legs, legBytes, k, dispatch, 0, g);
      }
    }
  }
  return t;
}

function phaseResult(s: EpSpec, r: Resolved, lay: RankLayout, counts: RoutingCounts[], t: Traffic, sim: SimResult, flows: number, dispatch: boolean): EpPhase {
  const time = sim.makespanS;
  let rdmaSum = 0;
  let rdmaMax = 0;
  let nv = 0;
  for (let k = 0; k < r.gpus; k++) {
    const up = lay.nicUp[k];
    const b = up >= 0 ? sim.linkBytes[up] : 0;
    rdmaSum += b;
    if (b > rdmaMax) rdmaMax = b;
    if (lay.nvlinkUp[k] >= 0) nv += sim.linkBytes[lay.nvlinkUp[k]];
  }
  let logical = 0;
  const B = dispatch ? r.dBytes : r.cBytes;
  for (const c of counts) for (let i = 0; i < c.nodeTokens.length; i++) logical += c.nodeTokens[i] * B;
  const per = (x: number): number => (time > 0 ? x / r.gpus / time : 0);
  return {
    timeS: time,
    rdmaBytesPerGpu: rdmaSum / r.gpus,
    rdmaBytesPerGpuMax: rdmaMax,
    rdmaBytesPerS: per(rdmaSum),
    rdmaBytesPerSMax: time > 0 ? rdmaMax / time : 0,
    rdmaLogicalBytesPerS: per(logical),
    nvlinkBytesPerS: per(nv),
    exposedS: Math.max(0, time - (s.overlapS ?? 0)),
    flows,
    recomputations: sim.recomputations,
    unroutable: sim.unroutable,
    bottleneck: topLinks(r.graph, sim.linkBytes, t.capacity, time, 3),
  };
}

/** Simulate EP dispatch and combine of N/E concurrent groups on the cluster. */
export function simulateEp(spec: EpSpec): EpResult {
  const r = resolve(spec);
  const lay = rankLayout(r.graph);
  const gpn = Math.min(lay.gpusPerNode, r.ep);
  if (r.ep > lay.gpusPerNode && r.ep % lay.gpusPerNode !== 0) throw new InputError('ep', r.ep, `a multiple of the ${lay.gpusPerNode} GPUs per node`);
  const t0 = performance.now();
  const counts: RoutingCounts[] = [];
  for (let g = 0; g < r.groups; g++) {
    counts.push(groupCounts(spec, r, gpn, g));
    spec.onProgress?.((0.5 * (g + 1)) / r.groups);
  }
  const routingS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const phases: EpPhase[] = [];
  const flowSets: FlowSet[] = [];
  for (const dispatch of [true, false]) {
    const traffic = buildPhase(spec, r, lay, counts, dispatch);
    const { flows, result } = traffic.run();
    if (spec.keepFlows) flowSets.push(flows);
    phases.push(phaseResult(spec, r, lay, counts, traffic, result, flows.count, dispatch));
    spec.onProgress?.(dispatch ? 0.75 : 1);
  }
  const simulateS = (performance.now() - t1) / 1000;
  let nodesPerToken = 0, gpusPerToken = 0, expertsPerNode = 0;
  for (const c of counts) {
    const sm = routingSummary(c);
    nodesPerToken += sm.nodesPerToken / counts.length;
    gpusPerToken += sm.gpusPerToken / counts.length;
    expertsPerNode += sm.expertsPerNode / counts.length;
  }
  const warnings: string[] = [];
  const unr = phases[0].unroutable + phases[1].unroutable;
  if (unr > 0) warnings.push(`${unr} flows have no surviving path (unroutable): their bytes were not delivered, times cover the rest`);
  return {
    dispatch: phases[0],
    combine: phases[1],
    groups: r.groups,
    ep: r.ep,
    nodesPerToken,
    gpusPerToken,
    expertsPerNode,
    simulations: 2,
    routingS,
    simulateS,
    warnings,
    ...(spec.keepFlows ? { flowSets } : {}),
  };
}
