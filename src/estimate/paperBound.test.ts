import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { PAPER_BOUND_IB, PAPER_BOUND_NVL72, paperBoundDecode } from './paperBound.js';
import { paperRows } from './paperRows.js';

describe('paper-bound decode (§2.3.2)', () => {
  it('reproduces the printed figures from the stated assumptions', () => {
    const ib = paperBoundDecode(PAPER_BOUND_IB);
    expect(ib.bytesPerExchange).toBe(6_048_000);
    expect(ib.commS * 1e6).toBeCloseTo(120.96, 10);
    expect(ib.layerS * 1e6).toBeCloseTo(241.92, 10);
    expect(Number((ib.tpotS * 1e3).toFixed(2))).toBe(14.76);
    expect(ib.tokensPerSPerUser).toBeCloseTo(67.764, 3);
    const nvl = paperBoundDecode(PAPER_BOUND_NVL72);
    expect(nvl.commS * 1e6).toBeCloseTo(6.72, 10);
    expect(Number((nvl.tpotS * 1e3).toFixed(2))).toBe(0.82);
    expect(Math.abs(nvl.tokensPerSPerUser - 1200) / 1200).toBeLessThan(0.02);
  });

  it('hidden 7168 instead of 7000 gives 123.9 µs', () => {
    expect(paperBoundDecode({ ...PAPER_BOUND_IB, hiddenElements: 7168 }).commS * 1e6).toBeCloseTo(123.86, 2);
  });

  it('time scales linearly in bytes and inversely in bandwidth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 1000 }), (tokens, gbps) => {
        const r = paperBoundDecode({ ...PAPER_BOUND_IB, tokensPerDevice: tokens, linkBytesPerS: gbps * 1e9 });
        expect(r.commS).toBeCloseTo((3 * tokens * 9 * 7000) / (gbps * 1e9), 15);
        expect(r.tpotS).toBeCloseTo(r.commS * 2 * 61, 15);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects nonsense inputs', () => {
    expect(() => paperBoundDecode({ ...PAPER_BOUND_IB, linkBytesPerS: 0 })).toThrow(InputError);
    expect(() => paperBoundDecode({ ...PAPER_BOUND_IB, layers: 1.5 })).toThrow(InputError);
  });

  it('paper rows: ids and values', () => {
    const rows = new Map(paperRows().map((r) => [r.id, r.ours]));
    expect(rows.get('decode-bound.comm.ib')).toBeCloseTo(120.96, 9);
    expect(rows.get('decode-bound.tpot.nvl72')).toBeCloseTo(0.81984, 9);
  });
});
