/**
 * Communication from the flow-level network simulator: the scenario's cluster is built once (topology/),
 * EP dispatch/combine run through collectives' `simulateEp` (DeepEP's node-limited relays for training and
 * prefill, one message per (token, expert) for decode), collectives through `simulateCollective`.
 * One `simulateEp` call yields both directions for a byte size, so a training step's four all-to-alls need two.
 * A data-parallel collective whose ranks are one GPU per node on other nodes but fewer than a node's GPUs (the
 * expert replicas: 2 for V3) cannot be placed on the first ranks of the graph; it falls back to the closed form.
 * So does a decode all-to-all of more than NAIVE_SIM_MAX_GPUS GPUs: one flow per (sender, receiver) pair, each
 * sprayed over every spine (adaptive routing) — 20,592 flows at EP144, 102,080 at EP320 — costs about 1 s and
 * 7 s of simulation at a 1e-3 merge tolerance, and a decode estimate needs about a dozen such exchanges (EP320:
 * 36 s in all, measured 2026-11-28), too slow for an interactive `coplane infer`;
 * the symmetric exchange is NIC-bound on a non-blocking fabric, which is what the closed form computes
 * (netComm.test.ts compares the two at 32 GPUs).
 */
export const NAIVE_SIM_MAX_GPUS = 32;
import { simulateCollective, simulateEp, type EpResult } from '../collectives/index.js';
import { buildCluster, NVL72_NODE, type Graph } from '../topology/index.js';
import { AnalyticComm, expectedScaleOutCopies, type CollectiveRequest, type CollectiveResult, type CommProvider, type EpExchangeRequest, type EpExchangeResult, type LinkRates } from './comm.js';
import type { Hardware } from './hardware.js';
import type { Scenario } from './scenario.js';

export interface NetsimCommOptions {
  /** Called after each simulation with the running count (progress display). */
  onSimulation?: (count: number) => void;
  seed?: number;
}

export class NetsimComm implements CommProvider {
  readonly name = 'netsim';
  private count = 0;
  private graphCache: Graph | null = null;
  private readonly epCache = new Map<string, EpResult>();
  private readonly fallback: AnalyticComm;

  constructor(
    readonly scenario: Scenario,
    readonly hw: Hardware,
    readonly rates: LinkRates,
    readonly opts: NetsimCommOptions = {},
  ) {
    this.fallback = new AnalyticComm(rates);
  }

  /** Network simulations actually run (closed-form fallbacks are not simulations and are not counted). */
  get simulations(): number {
    return this.count;
  }

  /** The scenario's cluster: the fabric with GPU nodes whose NVLink and NIC run at the scenario's rates. */
  graph(): Graph {
    if (this.graphCache) return this.graphCache;
    const c = this.scenario.cluster;
    const nvl72 = c.fabric === 'nvl72';
    const base = nvl72 ? NVL72_NODE : undefined;
    this.graphCache = buildCluster({
      fabric: c.fabric === 'nvl72' ? 'ft2' : c.fabric,
      radix: c.radix,
      ...(c.planes !== undefined && !nvl72 ? { planes: c.planes } : {}),
      gpus: c.gpus,
      node: {
        ...(base ?? {}),
        gpusPerNode: nvl72 ? Math.max(c.gpus, 1) : this.hw.gpusPerNode,
        nvlinkBytesPerS: this.rates.nvlinkBytesPerS,
        nicBytesPerS: this.rates.scaleOutBytesPerS,
      },
      linkBytesPerS: this.rates.scaleOutBytesPerS,
      linkLatencyS: c.hopLatency,
    });
    return this.graphCache;
  }

  epExchange(req: EpExchangeRequest): EpExchangeResult {
    if (!req.dedupPerNode && req.gpus > NAIVE_SIM_MAX_GPUS) {
      const r = this.fallback.epExchange(req);
      return { ...r, source: `closed-form (per-expert all-to-all over ${req.gpus} GPUs exceeds the ${NAIVE_SIM_MAX_GPUS}-GPU simulation budget)` };
    }
    const key = JSON.stringify({ ...req, direction: undefined });
    let r = this.epCache.get(key);
    if (!r) {
      const g = this.graph();
      const gpus = Math.min(req.gpus, Math.floor(g.endpoints.length / req.ep) * req.ep);
      r = simulateEp({
        graph: g,
        gpus,
        ep: req.ep,
        tokensPerGpu: req.tokensPerGpu,
        topK: req.expertsPerToken,
        experts: req.expertSlots,
        maxNodes: req.nodeLimit,
        mode: req.dedupPerNode ? 'deepep' : 'naive',
        dispatchBytesPerToken: req.bytesPerToken,
        combineBytesPerToken: req.bytesPerToken,
        metadataBytes: 0,
        routing: 'adaptive',
        seed: this.opts.seed ?? 1,
      });
      this.epCache.set(key, r);
      this.count += r.simulations;
      this.opts.onSimulation?.(this.simulations);
    }
    const p = req.direction === 'dispatch' ? r.dispatch : r.combine;
    const perDomain = Math.min(this.rates.scaleUpDomainGpus, req.ep);
    const nodes = Math.max(1, Math.ceil(req.ep / perDomain));
    return {
      timeS: p.timeS,
      scaleOutBytesPerGpu: p.rdmaBytesPerGpu,
      nvlinkBytesPerGpu: p.nvlinkBytesPerS * p.timeS,
      // What the sampled routing gave, per token (measured bytes ÷ bytes per token).
      scaleOutCopiesPerToken: req.tokensPerGpu > 0 ? p.rdmaBytesPerGpu / (req.tokensPerGpu * req.bytesPerToken) : expectedScaleOutCopies(nodes, req.expertSlots / nodes, req.expertsPerToken, req.nodeLimit, req.dedupPerNode),
      source: this.name,
    };
  }

  collective(req: CollectiveRequest): CollectiveResult {
    const g = this.graph();
    const gpn = Math.min(this.rates.scaleUpDomainGpus, g.endpoints.length);
    const placeable = req.scope === 'nvlink' ? req.ranks <= gpn : req.ranks >= gpn && req.ranks % gpn === 0;
    if (req.ranks <= 1 || req.sizeBytes <= 0) return { timeS: 0, source: this.name };
    if (!placeable || req.ranks > g.endpoints.length) return this.fallback.collective(req);
    // NCCL-style rings, one per NIC rail (collectives' default for these operations).
    const r = simulateCollective({ graph: g, op: req.kind, sizeBytes: req.sizeBytes, gpus: req.ranks, routing: 'adaptive', seed: this.opts.seed ?? 1 });
    this.count++;
    this.opts.onSimulation?.(this.simulations);
    return { timeS: r.timeS, source: this.name };
  }
}
