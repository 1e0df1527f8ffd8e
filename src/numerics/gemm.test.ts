import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { type AccumVariant, emulatedDot, runGemm, truncMantissa, variantName } from './gemm.js';

const V = (o: Partial<AccumVariant> = {}): AccumVariant => ({ accum: 'fp22', bits: 13, accInAlign: false, promote: 0, ...o });

describe('truncMantissa', () => {
  it('keeps 13 mantissa bits, truncating toward zero', () => {
    expect(truncMantissa(1 + 2 ** -13, 13)).toBe(1 + 2 ** -13);
    expect(truncMantissa(1 + 2 ** -14, 13)).toBe(1);
    expect(truncMantissa(-(1 + 3 * 2 ** -14), 13)).toBe(-(1 + 2 ** -13));
    expect(truncMantissa(3 * 2 ** 20 + 1, 13)).toBe(3 * 2 ** 20);
    expect(truncMantissa(0, 13)).toBe(0);
  });
});

describe('emulatedDot', () => {
  it('is exact when every partial sum fits in 14 significant bits', () => {
    const k = 4096;
    const ones = new Float32Array(k).fill(1);
    for (const v of [V(), V({ accInAlign: true }), V({ bits: 14 }), V({ promote: 128 }), V({ accum: 'fp32' })]) expect(emulatedDot(ones, 0, ones, 0, k, v)).toBe(k);
  });
  it('aligns a group to its largest product and truncates the small ones', () => {
    const a = new Float32Array(32).fill(2 ** -15);
    a[0] = 1;
    const b = new Float32Array(32).fill(1);
    // 31 products of 2^-15 lie below the 13-bit window of the largest (2^0): all truncated away
    expect(emulatedDot(a, 0, b, 0, 32, V())).toBe(1);
    // with 14 bits they still fall below 2^-14
    expect(emulatedDot(a, 0, b, 0, 32, V({ bits: 14 }))).toBe(1);
    a.fill(2 ** -13);
    a[0] = 1;
    // 31 × 2^-13 kept exactly in the group sum, then the FP22 sum 1 + 31·2^-13 fits 13 mantissa bits
    expect(emulatedDot(a, 0, b, 0, 32, V())).toBe(1 + 31 * 2 ** -13);
  });
  it('with the accumulator in the alignment, small products after a large sum are lost', () => {
    const k = 64;
    const a = new Float32Array(k).fill(2 ** -12);
    a[0] = 4;
    const b = new Float32Array(k).fill(1);
    // group 1: 4 + 31·2^-12 (window of 2^2 keeps 2^-11 steps: each 2^-12 truncated away) → 4
    // group 2 aligned to the accumulator (4): 32 products of 2^-12 are lost; outside the alignment they add 2^-7
    expect(emulatedDot(a, 0, b, 0, k, V({ accInAlign: true }))).toBe(4);
    expect(emulatedDot(a, 0, b, 0, k, V())).toBe(4 + 32 * 2 ** -12);
  });
});

describe('runGemm', () => {
  it('K = 4096: promotion every 128 lowers the max relative error ≥ 10× in every variant (uniform data)', () => {
    const results: string[] = [];
    for (const bits of [13, 14])
      for (const accInAlign of [false, true]) {
        const base = runGemm({ m: 8, n: 8, k: 4096, dist: 'uniform', seed: 1, variant: V({ bits, accInAlign }) });
        const promoted = runGemm({ m: 8, n: 8, k: 4096, dist: 'uniform', seed: 1, variant: V({ bits, accInAlign, promote: 128 }) });
        results.push(`${variantName(V({ bits, accInAlign }))}: ${base.maxRelErr} → ${promoted.maxRelErr}`);
        expect(base.scaling).toBe('tensor');
        expect(promoted.scaling).toBe('block');
        expect(base.maxRelErr / promoted.maxRelErr).toBeGreaterThanOrEqual(10);
        expect(base.maxRelErr).toBeGreaterThan(1e-3);
        // truncation only ever loses magnitude on positive data
        expect(base.metrics.bias).toBeLessThan(0);
      }
    expect(results.length).toBe(4);
  });
  it('FP32 accumulation is far more accurate than FP22; with the accumulator in the alignment a 14th bit halves the loss', () => {
    const o = { m: 8, n: 8, k: 1024, dist: 'normal' as const, seed: 2 };
    const fp32 = runGemm({ ...o, variant: V({ accum: 'fp32' }) });
    const b13 = runGemm({ ...o, variant: V() });
    expect(fp32.meanRelErr).toBeLessThan(b13.meanRelErr / 20);
    expect(b13.definition).toMatch(/N\(0,1\)/);
    const u = { ...o, dist: 'uniform' as const };
    const in13 = runGemm({ ...u, variant: V({ accInAlign: true }) });
    const in14 = runGemm({ ...u, variant: V({ accInAlign: true, bits: 14 }) });
    expect(in14.meanRelErr / in13.meanRelErr).toBeGreaterThan(0.4);
    expect(in14.meanRelErr / in13.meanRelErr).toBeLessThan(0.6);
  });
  it('block scales are applied at promotion: a scaled sum of exact products comes out exact', () => {
    const a = new Float32Array(256).fill(1);
    const b = new Float32Array(256).fill(2);
    const scale = Float64Array.of(0.5, 0.25);
    expect(emulatedDot(a, 0, b, 0, 256, V({ promote: 128 }), scale)).toBe(128 * 2 * 0.5 + 128 * 2 * 0.25);
    expect(emulatedDot(a, 0, b, 0, 256, V({ promote: 64 }), scale)).toBe(192);
    expect(emulatedDot(a, 0, b, 0, 256, V(), 0.5)).toBe(256);
  });
  it('rejects bad inputs', () => {
    const o = { m: 2, n: 2, k: 64, dist: 'uniform' as const, seed: 1 };
    expect(() => runGemm({ ...o, variant: V({ promote: 100 }) })).toThrow(InputError);
    expect(() => runGemm({ ...o, k: 0, variant: V() })).toThrow(InputError);
    expect(() => runGemm({ ...o, dist: 'cauchy' as 'uniform', variant: V() })).toThrow(InputError);
  });
});
