/**
 * Exact routing through the gate for synthetic tokens: per token, router logits = ln(popularity) + standard
 * normal noise (seeded), then DeepSeek's gate (sigmoid scores, group-limited top-k with groups = nodes and
 * M kept groups, torch.topk tie order). Costs experts floats per token: for small runs and for checking the
 * fast sampler.
 */
import { InputError, Rng } from '../core/index.js';
import { countsFromSelections, type RoutingCounts } from './counts.js';
import { gateScores, routeScores, type GateSpec } from './gate.js';
import type { SamplerSpec } from './sampler.js';

/** The exact gate takes the same inputs as the fast sampler, so the two can be swapped and compared. */
export type GateRoutingSpec = SamplerSpec;

/** Selections [tokens × topK] for `tokens` synthetic tokens. */
export function gateSelections(spec: Omit<GateRoutingSpec, 'tokensPerGpu'>, tokens: number): Int32Array {
  const p = spec.placement;
  const E = p.experts;
  if (spec.weights.length !== E) throw new InputError('weights', spec.weights.length, `${E} values`);
  const nodes = p.nodes;
  const M = spec.maxNodes === 0 || spec.maxNodes >= nodes ? nodes : spec.maxNodes;
  const gate: GateSpec = { nExperts: E, topK: spec.topK, nGroups: nodes, topkGroups: M, scoreFunc: 'sigmoid', routeScale: 1, normalize: true, groupScore: E / nodes >= 2 ? 'top2sum' : 'max' };
  const rng = new Rng(spec.seed ?? 1);
  const logW = Float64Array.from(spec.weights, (w) => (w > 0 ? Math.log(w) : -1e4));
  const batch = 1024;
  const out = new Int32Array(tokens * spec.topK);
  const logits = new Float32Array(batch * E);
  for (let t0 = 0; t0 < tokens; t0 += batch) {
    const n = Math.min(batch, tokens - t0);
    for (let i = 0; i < n * E; i++) logits[i] = logW[i % E] + rng.normal();
    const scores = gateScores(logits.subarray(0, n * E), n, E, 'sigmoid');
    const r = routeScores(scores, n, gate);
    out.set(r.indices, t0 * spec.topK);
  }
  return out;
}

export function gateRoutingCounts(spec: GateRoutingSpec): RoutingCounts {
  const rows = spec.placement.ep * spec.tokensPerGpu;
  return countsFromSelections(spec.placement, gateSelections(spec, rows), spec.topK, spec.tokensPerGpu);
}
