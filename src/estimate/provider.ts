/**
 * The communication provider for a scenario: link rates from the scenario (or the hardware's achievable
 * rates) and latencies from the fabric. `closed-form` answers from comm.ts's formulas.
 */
import { countFabric, fabricCost } from '../topology/index.js';
import { AnalyticComm, CachedComm, type CommProvider, type LinkRates } from './comm.js';
import { hardwarePreset } from './hardware.js';
import type { Scenario } from './scenario.js';
import { NetsimComm, type NetsimCommOptions } from './netComm.js';

/** Switch hops of a scale-out path between nodes: 2 within a leaf... 4 through a spine (two-layer), 6 three-layer. */
function scaleOutHops(fabric: Scenario['cluster']['fabric']): number {
  if (fabric === 'ft3') return 6;
  if (fabric === 'nvl72') return 0;
  return 4;
}

/** NVLink end-to-end latency (paper Table 5: 3.33 µs) and the IB endpoint overhead (2.8 µs same-leaf − 2 hops). */
export const NVLINK_E2E_LATENCY_S = 3.33e-6;
export const IB_ENDPOINT_OVERHEAD_S = 2.8e-6 - 2 * 0.45e-6;

export function linkRatesOf(s: Scenario): LinkRates {
  const hw = hardwarePreset(s.hardware);
  return {
    scaleOutBytesPerS: s.cluster.nicBandwidth ?? hw.nicAchievableBytesPerS,
    nvlinkBytesPerS: s.cluster.nvlinkBandwidth ?? hw.nvlinkAchievableBytesPerS,
    scaleOutLatencyS: IB_ENDPOINT_OVERHEAD_S + scaleOutHops(s.cluster.fabric) * s.cluster.hopLatency,
    nvlinkLatencyS: NVLINK_E2E_LATENCY_S,
    scaleUpDomainGpus: s.cluster.fabric === 'nvl72' ? s.cluster.gpus : hw.scaleUpDomainGpus,
  };
}

export const COMM_MODES = ['netsim', 'closed-form'] as const;
export type CommMode = (typeof COMM_MODES)[number];

/** The network simulator on the scenario's fabric (default), or the closed forms of comm.ts. */
export function commForScenario(s: Scenario, mode: CommMode = 'netsim', opts: NetsimCommOptions = {}): CommProvider {
  const rates = linkRatesOf(s);
  if (mode === 'closed-form') return new CachedComm(new AnalyticComm(rates));
  return new CachedComm(new NetsimComm(s, hardwarePreset(s.hardware), rates, { seed: s.seed, ...opts }));
}

export interface FabricSummary {
  fabric: string;
  endpoints: number;
  switches: number;
  links: number;
  tiers: number;
  /** Switch hops of the longest scale-out path (the family's nominal diameter). */
  diameterHops: number;
  /** topology/'s cost model (switch and cable prices fitted on Table 3's FT2/FT3). */
  costUsd: number;
  costPerEndpointUsd: number;
}

/** Size and cost of the scenario's scale-out fabric as deployed for its GPUs (null for one NVL72 domain). */
export function fabricSummary(s: Scenario): FabricSummary | null {
  const c = s.cluster;
  if (c.fabric === 'nvl72') return null;
  const counts = countFabric({ fabric: c.fabric, radix: c.radix, gpus: c.gpus, ...(c.planes !== undefined ? { planes: c.planes } : {}) });
  const cost = fabricCost(counts);
  return {
    fabric: c.fabric,
    endpoints: counts.endpoints,
    switches: counts.switches,
    links: counts.links,
    tiers: counts.tiers,
    diameterHops: counts.diameterFormula,
    costUsd: cost.costUsd,
    costPerEndpointUsd: cost.costPerEndpointUsd,
  };
}
