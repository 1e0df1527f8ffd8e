import { describe, expect, it } from 'vitest';
import { InputError, Rng } from '../core/index.js';
import { checkDistribution, generate } from './generators.js';

function moments(x: Float32Array) {
  let s = 0;
  let s2 = 0;
  for (const v of x) {
    s += v;
    s2 += v * v;
  }
  return { mean: s / x.length, variance: s2 / x.length - (s / x.length) ** 2 };
}

describe('generators', () => {
  it('are deterministic per seed', () => {
    expect([...generate('activation', 4, 64, new Rng(5))]).toEqual([...generate('activation', 4, 64, new Rng(5))]);
    expect([...generate('gaussian', 1, 8, new Rng(5))]).not.toEqual([...generate('gaussian', 1, 8, new Rng(6))]);
  });
  it('gaussian, laplace: unit variance; uniform: mean 1/2; student-t: heavy tails', () => {
    const n = 200_000;
    const g = moments(generate('gaussian', 1, n, new Rng(1)));
    expect(Math.abs(g.mean)).toBeLessThan(0.01);
    expect(Math.abs(g.variance - 1)).toBeLessThan(0.02);
    const l = moments(generate('laplace', 1, n, new Rng(2)));
    expect(Math.abs(l.variance - 1)).toBeLessThan(0.03);
    const u = moments(generate('uniform', 1, n, new Rng(3)));
    expect(Math.abs(u.mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(u.variance - 1 / 12)).toBeLessThan(0.002);
    const t = generate('student-t', 1, n, new Rng(4));
    const beyond = t.filter((v) => Math.abs(v) > 5).length / n; // P(|t3| > 5) ≈ 0.0154, Gaussian ≈ 6e-7
    expect(beyond).toBeGreaterThan(0.01);
    expect(beyond).toBeLessThan(0.025);
  });
  it('activation: a few outlier channels 10–100× the others, per-token scales vary', () => {
    const rows = 512;
    const cols = 512;
    const x = generate('activation', rows, cols, new Rng(9));
    const chRms = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) chRms[c] += x[r * cols + c] ** 2 / rows;
    const rms = [...chRms].map(Math.sqrt).sort((a, b) => a - b);
    const median = rms[cols >> 1];
    const outliers = rms.filter((v) => v > 5 * median);
    expect(outliers.length).toBe(5); // 1% of 512, rounded
    for (const o of outliers) {
      expect(o / median).toBeGreaterThan(8);
      expect(o / median).toBeLessThan(120);
    }
    const tokRms = Array.from({ length: rows }, (_, r) => {
      let s = 0;
      for (let c = 0; c < cols; c++) if (chRms[c] < 25 * median * median) s += x[r * cols + c] ** 2;
      return Math.sqrt(s / cols);
    }).sort((a, b) => a - b);
    expect(tokRms[rows - 10] / tokRms[10]).toBeGreaterThan(2);
  });
  it('unknown distribution is an InputError', () => {
    expect(() => checkDistribution('cauchy')).toThrow(InputError);
  });
});
