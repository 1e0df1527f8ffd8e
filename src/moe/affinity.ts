/**
 * Synthetic expert popularity (seeded): uniform, Zipf-skewed (weight ∝ 1/rank^s over a seeded random ranking),
 * or a few hot experts (`hot` seeded experts `factor` times as popular). Weights are normalised to mean 1.
 */
import { InputError, Rng } from '../core/index.js';

export type AffinitySpec = { kind: 'uniform' } | { kind: 'zipf'; s: number } | { kind: 'hot'; hot: number; factor: number };

export const AFFINITY_KINDS = ['uniform', 'zipf', 'hot'] as const;

/** Parse `uniform`, `zipf` / `zipf:S`, `hot` / `hot:N` / `hot:N:FACTOR`. */
export function parseAffinity(text: string, field = '--affinity'): AffinitySpec {
  const parts = text.split(':');
  const num = (i: number, dflt: number): number => {
    if (parts[i] === undefined) return dflt;
    const v = Number(parts[i]);
    if (!Number.isFinite(v) || v <= 0) throw new InputError(field, text, 'uniform, zipf[:S>0] or hot[:N[:FACTOR]]');
    return v;
  };
  if (parts[0] === 'uniform' && parts.length === 1) return { kind: 'uniform' };
  if (parts[0] === 'zipf' && parts.length <= 2) return { kind: 'zipf', s: num(1, 1) };
  if (parts[0] === 'hot' && parts.length <= 3) {
    const hot = num(1, 8);
    if (!Number.isSafeInteger(hot)) throw new InputError(field, text, 'hot:N with N a positive integer');
    return { kind: 'hot', hot, factor: num(2, 4) };
  }
  throw new InputError(field, text, 'uniform, zipf[:S>0] or hot[:N[:FACTOR]]');
}

export function expertWeights(spec: AffinitySpec, experts: number, seed = 1): Float64Array {
  const w = new Float64Array(experts).fill(1);
  if (spec.kind !== 'uniform') {
    const rng = new Rng(seed);
    const rank = rng.shuffle(Array.from({ length: experts }, (_, i) => i));
    if (spec.kind === 'zipf') for (let r = 0; r < experts; r++) w[rank[r]] = 1 / Math.pow(r + 1, spec.s);
    else {
      if (spec.hot > experts) throw new InputError('affinity.hot', spec.hot, `at most ${experts} experts`);
      for (let r = 0; r < spec.hot; r++) w[rank[r]] = spec.factor;
    }
  }
  let sum = 0;
  for (let e = 0; e < experts; e++) sum += w[e];
  for (let e = 0; e < experts; e++) w[e] *= experts / sum;
  return w;
}
