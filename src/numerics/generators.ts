/**
 * Seeded test tensors (row-major rows × cols, float32). Every generator takes an Rng so runs are reproducible.
 *
 * - gaussian: N(0, 1). laplace: scale 1/√2 (unit variance). studentT: ν = 3 (heavy tails), via normal / √(χ²/ν).
 * - lognormal: sign × exp(N(0, 1)) — magnitudes spread over decades, random sign.
 * - activation: rows are tokens, columns channels; N(0,1) × a per-token scale exp(N(0, 0.5²)) × a per-channel
 *   gain that is 1 except for a few outlier channels (1%, at least one) with gains log-uniform in 10..100×,
 *   like the residual-stream activations LLM quantization papers describe.
 * - uniform: U(0, 1) (GEMM test data); normal: alias of gaussian.
 */
import { InputError, type Rng } from '../core/index.js';

export const DISTRIBUTIONS = ['gaussian', 'normal', 'laplace', 'student-t', 'lognormal', 'activation', 'uniform'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export function checkDistribution(name: string, field = '--dist'): Distribution {
  if (!(DISTRIBUTIONS as readonly string[]).includes(name)) throw new InputError(field, name, `one of ${DISTRIBUTIONS.join(', ')}`);
  return name as Distribution;
}

function chiSquare(rng: Rng, nu: number): number {
  let s = 0;
  for (let i = 0; i < nu; i++) {
    const z = rng.normal();
    s += z * z;
  }
  return s;
}

export function generate(dist: Distribution, rows: number, cols: number, rng: Rng): Float32Array {
  const n = rows * cols;
  const out = new Float32Array(n);
  switch (dist) {
    case 'gaussian':
    case 'normal':
      for (let i = 0; i < n; i++) out[i] = rng.normal();
      break;
    case 'uniform':
      for (let i = 0; i < n; i++) out[i] = rng.next();
      break;
    case 'laplace':
      for (let i = 0; i < n; i++) {
        const u = rng.next() - 0.5;
        out[i] = -(Math.SQRT1_2 * Math.sign(u) * Math.log(Math.max(1 - 2 * Math.abs(u), 2 ** -53)));
      }
      break;
    case 'student-t':
      for (let i = 0; i < n; i++) out[i] = rng.normal() / Math.sqrt(chiSquare(rng, 3) / 3);
      break;
    case 'lognormal':
      for (let i = 0; i < n; i++) out[i] = (rng.next() < 0.5 ? -1 : 1) * Math.exp(rng.normal());
      break;
    case 'activation': {
      const gain = new Float64Array(cols).fill(1);
      const outliers = Math.max(1, Math.round(cols * 0.01));
      const chosen = rng.shuffle(Array.from({ length: cols }, (_, i) => i)).slice(0, outliers);
      for (const c of chosen) gain[c] = 10 * 10 ** rng.next();
      for (let r = 0; r < rows; r++) {
        const tokenScale = Math.exp(0.5 * rng.normal());
        for (let c = 0; c < cols; c++) out[r * cols + c] = rng.normal() * tokenScale * gain[c];
      }
      break;
    }
  }
  return out;
}
