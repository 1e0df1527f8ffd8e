import { describe, expect, it } from 'vitest';
import { comparePaper, paperEntries } from '../report/index.js';
import { paperRows } from './paperRows.js';

describe('Table 3 paper rows', () => {
  it('every cell: counts exact, cost within 3 %, FT2/FT3 cost cells marked fitted', () => {
    const rows = paperRows();
    const entries = paperEntries().filter((e) => e.id.startsWith('t3.'));
    expect(rows.map((r) => r.id).sort()).toEqual(entries.map((e) => e.id).sort());
    const compared = comparePaper(entries, rows);
    for (const r of compared) {
      if (r.id === 't3.claim.mpft-cost') {
        expect(r.status).toBe('claim-holds');
        expect(r.ours).toBeCloseTo(4390 / 7500, 9);
        continue;
      }
      if (r.unit === 'count') expect(r.status, r.id).toBe('exact');
      else if (r.id.startsWith('t3.ft2.') || r.id.startsWith('t3.ft3.')) expect(r.status, r.id).toBe('fitted');
      else expect(['exact', 'within'], r.id).toContain(r.status);
      if (r.unit !== 'count') expect(Math.abs(r.deltaPct!)).toBeLessThanOrEqual(3);
    }
  });
});
