import { describe, expect, it } from 'vitest';
import entries from '../../data/paper/numerics.json' with { type: 'json' };
import { dispatchPaperRows, paperRows } from './paper.js';

describe('numerics paper rows', () => {
  const rows = paperRows();
  it('every row has a data entry and every entry a row', () => {
    expect(rows.map((r) => r.id).sort()).toEqual(entries.map((e) => e.id).sort());
  });
  it('dispatch: 7,392 B vs 14,336 B per token is 48.44% less', () => {
    const [r] = dispatchPaperRows();
    expect(r.ours).toBe(48.44);
    expect(r.note).toMatch(/7392 B/);
  });
  it('K = 4096 rows: each variant reported, promotion holds (≥ 10×) in every variant', () => {
    const nc = rows.filter((r) => r.id.endsWith('.nc128'));
    expect(nc.length).toBe(4);
    for (const r of nc) expect(r.claimHolds).toBe(true);
    const base = rows.filter((r) => r.id.startsWith('numerics.gemm') && !r.id.endsWith('.nc128'));
    expect(base.length).toBe(4);
    for (const r of base) {
      expect(r.ours).toBeGreaterThan(0);
      expect(r.note).toMatch(/uniform\(0,1\)/);
      expect(r.note).toMatch(/lands nearest/);
    }
  });
  it('LogFMT claim rows say that per-tensor error only approximates training loss', () => {
    for (const id of ['numerics.logfmt8.vs-fp8', 'numerics.logfmt10.vs-bf16']) {
      const r = rows.find((x) => x.id === id);
      expect(r?.claimHolds).toBeTypeOf('boolean');
      expect(r?.note).toMatch(/only approximates/);
    }
  });
});
