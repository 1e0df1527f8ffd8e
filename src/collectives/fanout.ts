/**
 * How many GPUs per node a token can be forwarded to over NVLink "at no extra cost" (paper §3: NVLink ≈ 3.2× IB,
 * so ~3.2 experts per node). Simulated, not computed: two nodes exchange tokens DeepEP-style (IB to the
 * same-index GPU, then NVLink to k other GPUs, the last one fractional), and bisection finds the largest k for
 * which the exchange still takes the IB-only time (within 0.1%).
 */
import { Traffic } from '../netsim/index.js';
import { buildCluster } from '../topology/index.js';

export interface FanoutSpec {
  nvlinkBytesPerS: number;
  nicBytesPerS: number;
  gpusPerNode?: number;
  bytesPerGpu?: number;
}

function exchangeTime(g: ReturnType<typeof buildCluster>, gpn: number, k: number, bytes: number): number {
  const t = new Traffic(g, { gpuInitiated: true, latency: { gpuInitiatedEndpointS: 0 } });
  const legs = new Int32Array(gpn);
  const legBytes = new Float64Array(gpn);
  for (let a = 0; a < 2; a++) {
    for (let i = 0; i < gpn; i++) {
      const src = g.endpoints[a * gpn + i];
      const b = 1 - a;
      const hub = g.endpoints[b * gpn + i];
      let n = 0;
      for (let j = 1; j <= Math.ceil(k) && j < gpn; j++) {
        legs[n] = g.endpoints[b * gpn + ((i + j) % gpn)];
        legBytes[n] = bytes * Math.min(1, k - (j - 1));
        n++;
      }
      t.relay(src, hub, bytes, legs, legBytes, n, true);
    }
  }
  return t.run().result.makespanS;
}

export function fanoutAtLineRate(s: FanoutSpec): number {
  const gpn = s.gpusPerNode ?? 8;
  const bytes = s.bytesPerGpu ?? 64e6;
  const g = buildCluster({ fabric: 'mpft', gpus: 2 * gpn, planes: gpn, node: { gpusPerNode: gpn, nvlinkBytesPerS: s.nvlinkBytesPerS, nicBytesPerS: s.nicBytesPerS }, linkLatencyS: 0 });
  const ibOnly = exchangeTime(g, gpn, 0, bytes);
  let lo = 0;
  let hi = gpn - 1;
  if (exchangeTime(g, gpn, hi, bytes) <= ibOnly * 1.001) return hi;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (exchangeTime(g, gpn, mid, bytes) <= ibOnly * 1.001) lo = mid;
    else hi = mid;
  }
  return lo;
}
