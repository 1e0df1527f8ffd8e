import { describe, expect, it } from 'vitest';
import { errorMetrics } from './metrics.js';

describe('errorMetrics', () => {
  it('closed-form values on a small example', () => {
    const ref = [1, -2, 4, 0.001];
    const got = [1.1, -2, 3.6, 0.5];
    const m = errorMetrics(ref, got);
    // |ref| ≥ 1e-3·4 = 0.004 excludes the last element
    expect(m.relCount).toBe(3);
    expect(m.relErrMax).toBeCloseTo(0.1, 12);
    expect(m.relErrMean).toBeCloseTo((0.1 + 0 + 0.1) / 3, 12);
    expect(m.maxErrOverMaxRef).toBeCloseTo(0.499 / 4, 12);
    const se = 0.01 + 0 + 0.16 + 0.499 ** 2;
    expect(m.rmse).toBeCloseTo(Math.sqrt(se / 4), 12);
    const sr = 1 + 4 + 16 + 1e-6;
    expect(m.snrDb).toBeCloseTo(10 * Math.log10(sr / se), 10);
    expect(m.bias).toBeCloseTo((0.1 - 0.4 + 0.499) / 7.001, 12);
    expect(m.meanSignedErr).toBeCloseTo((0.1 - 0.4 + 0.499) / 4, 12);
    const sg = 1.21 + 4 + 12.96 + 0.25;
    expect(m.cosine).toBeCloseTo((1.1 + 4 + 14.4 + 0.0005) / Math.sqrt(sr * sg), 12);
  });
  it('exact copy: zero error, infinite SNR, cosine 1', () => {
    const m = errorMetrics([1, 2, 3], [1, 2, 3]);
    expect([m.relErrMax, m.rmse, m.snrDb, m.cosine]).toEqual([0, 0, Infinity, 1]);
  });
  it('rejects length mismatch', () => {
    expect(() => errorMetrics([1], [1, 2])).toThrow(RangeError);
  });
});
