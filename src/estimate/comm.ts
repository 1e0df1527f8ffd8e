/**
 * Communication times the estimators need, behind one small interface so that the source can be the flow-level
 * network simulator (netsim + collectives, on the scenario's fabric) or the closed forms below. Identical
 * requests are answered once and reused (`CachedComm`); `simulations` counts what was actually computed.
 */

/** An expert-parallel all-to-all (one direction) of one micro-batch. */
export interface EpExchangeRequest {
  direction: 'dispatch' | 'combine';
  /**
   * GPUs whose exchanges run at once and are simulated together: one pipeline stage's (its EP groups); every
   * stage carries identical traffic, so one stage is simulated and reused for all.
   */
  gpus: number;
  /** GPUs of one EP group (the exchange runs in every group at once; groups do not share NICs). */
  ep: number;
  gpusPerNode: number;
  tokensPerGpu: number;
  /** Expert destinations per token (top-k; + 1 when the shared expert is served as a routed one). */
  expertsPerToken: number;
  /** Expert slots in the EP group (routed + redundant + shared replicas). */
  expertSlots: number;
  /** Max nodes per token (node-limited routing); 0 = no limit. */
  nodeLimit: number;
  /**
   * true: DeepEP's normal kernels — a token crosses the scale-out network once per destination node, to the
   * GPU with the same in-node index, then NVLink forwards it (training, prefill). false: low-latency kernels —
   * one message per destination expert GPU (decode).
   */
  dedupPerNode: boolean;
  /** Bytes per token on the wire (hidden × bytes per element, incl. scales and metadata). */
  bytesPerToken: number;
}

export interface EpExchangeResult {
  timeS: number;
  /** Scale-out (IB/RoCE) bytes each GPU sends, mean. */
  scaleOutBytesPerGpu: number;
  /** NVLink bytes each GPU sends, mean (forwarding and same-node destinations). */
  nvlinkBytesPerGpu: number;
  /** Mean scale-out messages per token (distinct remote nodes with dedup, remote experts without). */
  scaleOutCopiesPerToken: number;
  source: string;
}

export type CollectiveKind = 'allreduce' | 'reducescatter' | 'allgather';

export interface CollectiveRequest {
  kind: CollectiveKind;
  ranks: number;
  /** nccl-tests size: the total buffer. */
  sizeBytes: number;
  /** Where the ranks are: inside one NVLink domain, or one GPU per node on the same rail/plane. */
  scope: 'nvlink' | 'scaleout';
}

export interface CollectiveResult {
  timeS: number;
  source: string;
}

export interface CommProvider {
  readonly name: string;
  epExchange(req: EpExchangeRequest): EpExchangeResult;
  collective(req: CollectiveRequest): CollectiveResult;
  /** Network computations actually run (simulations for netsim, closed-form evaluations otherwise). */
  readonly simulations: number;
}

/** Links as the closed forms see them. */
export interface LinkRates {
  scaleOutBytesPerS: number;
  nvlinkBytesPerS: number;
  /** One-way latency of a scale-out exchange (endpoint + switch hops). */
  scaleOutLatencyS: number;
  nvlinkLatencyS: number;
  /** GPUs per NVLink domain (8 for HGX, 72 for NVL72). */
  scaleUpDomainGpus: number;
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.log(n - i) - Math.log(i + 1);
  return s;
}

/**
 * Expected scale-out copies per token under uniform routing over `nodes` nodes of `slotsPerNode` expert slots,
 * `k` distinct experts per token, the sender's node excluded:
 * - dedup with node limit M: the token's experts span M nodes chosen uniformly → M · (nodes − 1)/nodes;
 * - dedup without a limit: (nodes − 1) · P(a given node gets ≥ 1 of the k experts) = (nodes − 1)(1 − C(E−s, k)/C(E, k));
 * - no dedup: one copy per remote expert → k · (nodes − 1)/nodes.
 */
export function expectedScaleOutCopies(nodes: number, slotsPerNode: number, k: number, nodeLimit: number, dedup: boolean): number {
  if (nodes <= 1) return 0;
  const remoteShare = (nodes - 1) / nodes;
  if (!dedup) return k * remoteShare;
  if (nodeLimit > 0 && nodeLimit < nodes) return Math.min(nodeLimit, k) * remoteShare;
  const E = nodes * slotsPerNode;
  if (k > E - slotsPerNode) return nodes - 1;
  const pMiss = Math.exp(logChoose(E - slotsPerNode, k) - logChoose(E, k));
  return (nodes - 1) * (1 - pMiss);
}

/** Closed forms: each GPU's NIC and NVLink port carry its own bytes (non-blocking fabric, symmetric traffic). */
export class AnalyticComm implements CommProvider {
  readonly name = 'closed-form';
  private count = 0;
  constructor(readonly rates: LinkRates) {}

  get simulations(): number {
    return this.count;
  }

  epExchange(req: EpExchangeRequest): EpExchangeResult {
    this.count++;
    const r = this.rates;
    const perDomain = Math.min(r.scaleUpDomainGpus, req.ep);
    const nodes = Math.max(1, Math.ceil(req.ep / perDomain));
    const slotsPerNode = req.expertSlots / nodes;
    const copies = expectedScaleOutCopies(nodes, slotsPerNode, req.expertsPerToken, req.nodeLimit, req.dedupPerNode);
    const scaleOut = req.tokensPerGpu * copies * req.bytesPerToken;
    // NVLink: every expert copy that lands on a GPU other than the one that received the token.
    const nvCopies = req.expertsPerToken * (1 - 1 / perDomain) - (req.dedupPerNode ? 0 : copies * (1 - 1 / perDomain));
    const nvlink = req.tokensPerGpu * Math.max(0, nvCopies) * req.bytesPerToken;
    const t = Math.max(scaleOut / r.scaleOutBytesPerS + (scaleOut > 0 ? r.scaleOutLatencyS : 0), nvlink / r.nvlinkBytesPerS + (nvlink > 0 ? r.nvlinkLatencyS : 0));
    return { timeS: t, scaleOutBytesPerGpu: scaleOut, nvlinkBytesPerGpu: nvlink, scaleOutCopiesPerToken: copies, source: this.name };
  }

  collective(req: CollectiveRequest): CollectiveResult {
    this.count++;
    const n = req.ranks;
    if (n <= 1 || req.sizeBytes <= 0) return { timeS: 0, source: this.name };
    const bw = req.scope === 'nvlink' ? this.rates.nvlinkBytesPerS : this.rates.scaleOutBytesPerS;
    const lat = req.scope === 'nvlink' ? this.rates.nvlinkLatencyS : this.rates.scaleOutLatencyS;
    const factor = req.kind === 'allreduce' ? (2 * (n - 1)) / n : (n - 1) / n;
    const steps = req.kind === 'allreduce' ? 2 * (n - 1) : n - 1;
    return { timeS: (factor * req.sizeBytes) / bw + steps * lat, source: this.name };
  }
}

/** Memoizes any provider: identical requests are computed once. */
export class CachedComm implements CommProvider {
  private readonly ep = new Map<string, EpExchangeResult>();
  private readonly coll = new Map<string, CollectiveResult>();
  constructor(readonly inner: CommProvider) {}
  get name(): string {
    return this.inner.name;
  }
  get simulations(): number {
    return this.inner.simulations;
  }
  epExchange(req: EpExchangeRequest): EpExchangeResult {
    const key = JSON.stringify(req);
    let r = this.ep.get(key);
    if (!r) {
      r = this.inner.epExchange(req);
      this.ep.set(key, r);
    }
    return r;
  }
  collective(req: CollectiveRequest): CollectiveResult {
    const key = JSON.stringify(req);
    let r = this.coll.get(key);
    if (!r) {
      r = this.inner.collective(req);
      this.coll.set(key, r);
    }
    return r;
  }
}
