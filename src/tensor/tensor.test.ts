import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { OpCounter, Tensor, applyRope, argmax, linear, rmsNorm, ropeInvFreqs, ropeTable, softmaxRows, topkIndices, yarnCorrectionRange } from './index.js';

function rand(n: number, seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => r.normal());
}

describe('Tensor', () => {
  it('has row-major strides and views', () => {
    const t = new Tensor(Float32Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    expect(t.strides).toEqual([12, 4, 1]);
    expect(t.get(1, 2, 3)).toBe(23);
    expect(t.rows(1, 2).get(0, 0, 1)).toBe(13);
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(/product is 5/);
  });
});

describe('linear', () => {
  it('equals the textbook y = x·Wᵀ and counts 2·m·n·k FLOPs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 11 }), fc.integer(), (m, n, k, seed) => {
        const x = rand(m * k, seed);
        const w = rand(n * k, seed + 1);
        const c = new OpCounter();
        const y = linear(x, m, k, w, n, undefined, c);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += x[i * k + p] * w[j * k + p];
            expect(y[i * n + j]).toBe(Math.fround(s));
          }
        expect(c.matmulFlops).toBe(2 * m * n * k);
        expect(c.bytesRead).toBe(4 * (m * k + n * k));
      }),
      { numRuns: 40 },
    );
  });

  it('gives each row bitwise the same result whatever the batch around it', () => {
    const k = 37;
    const n = 5;
    const x = rand(7 * k, 3);
    const w = rand(n * k, 4);
    const all = linear(x, 7, k, w, n);
    for (let i = 0; i < 7; i++) expect(linear(x.subarray(i * k, (i + 1) * k), 1, k, w, n)).toEqual(all.subarray(i * n, (i + 1) * n));
  });
});

describe('element-wise ops', () => {
  it('RMSNorm gives unit RMS before the weight', () => {
    const x = rand(3 * 16, 5);
    const y = rmsNorm(x, 3, 16, new Float32Array(16).fill(1), 0);
    for (let r = 0; r < 3; r++) {
      let ss = 0;
      for (let i = 0; i < 16; i++) ss += y[r * 16 + i] ** 2;
      expect(ss / 16).toBeCloseTo(1, 5);
    }
  });

  it('softmax rows sum to 1 and keep order', () => {
    const x = Float32Array.from([1, 2, 3, -1000, 0, 1000]);
    softmaxRows(x, 2, 3);
    expect(x[0] + x[1] + x[2]).toBeCloseTo(1, 6);
    expect(x[2]).toBeGreaterThan(x[1]);
    expect(x[5]).toBe(1);
  });

  it('top-k follows torch.topk order: descending, lower index first on ties, NaN largest', () => {
    const out = new Int32Array(4);
    topkIndices(Float32Array.from([1, 3, 3, 0, 3, 2]), 0, 6, 4, out);
    expect(Array.from(out)).toEqual([1, 2, 4, 5]);
    topkIndices(Float32Array.from([1, NaN, 5, -Infinity]), 0, 4, 2, out);
    expect(Array.from(out.subarray(0, 2))).toEqual([1, 2]);
    expect(argmax(Float32Array.from([2, 7, 7, 1]))).toBe(1);
  });

  it('top-k equals a stable sort on random data with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 30 }), (vals, kRaw) => {
        const k = Math.min(kRaw, vals.length);
        const x = Float32Array.from(vals);
        const out = new Int32Array(k);
        topkIndices(x, 0, x.length, k, out);
        const ref = vals.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map((p) => p[1]);
        expect(Array.from(out)).toEqual(ref);
      }),
      { numRuns: 100 },
    );
  });
});

describe('RoPE with YaRN', () => {
  const spec = { dim: 64, theta: 10000, yarn: true, factor: 40, originalSeqLen: 4096, betaFast: 32, betaSlow: 1 };
  it('ramps between the correction range: fast pairs keep their frequency, slow pairs are divided by the factor', () => {
    const [low, high] = yarnCorrectionRange(spec);
    expect([low, high]).toEqual([10, 23]);
    const yarn = ropeInvFreqs(spec);
    const plain = ropeInvFreqs({ ...spec, yarn: false });
    for (let j = 0; j < 32; j++) {
      if (j <= low) expect(yarn[j]).toBe(plain[j]);
      if (j >= high) expect(Math.abs(yarn[j] / (plain[j] / 40) - 1)).toBeLessThan(1e-6);
    }
  });

  it('rotates interleaved pairs: norms kept, position 0 is the identity', () => {
    const { cos, sin } = ropeTable(spec, 5);
    const x = rand(64, 9);
    const before = Float32Array.from(x);
    applyRope(x, 0, 64, cos, sin, 0);
    expect(x).toEqual(before);
    applyRope(x, 0, 64, cos, sin, 4);
    for (let j = 0; j < 32; j++) expect(Math.hypot(x[2 * j], x[2 * j + 1])).toBeCloseTo(Math.hypot(before[2 * j], before[2 * j + 1]), 5);
  });
});
