import { expect, it } from 'vitest';
import { formatPaperReport } from './paperFormat.js';
import type { PaperRow } from './paperTypes.js';

it('prints one table line per row, then each quantity, claim and note', () => {
  const rows: PaperRow[] = [
    { id: 'a.kv', source: 'paper Table 1', quantity: 'KV bytes', unit: 'B', paper: 70272, ours: 70272, deltaPct: 0, tolerance: { kind: 'exact' }, status: 'exact', note: '' },
    { id: 'b.claim', source: 'paper §3', quantity: 'LogFMT-8 beats E4M3', unit: 'dB', paper: { claim: 'more accurate' }, ours: null, deltaPct: null, tolerance: { kind: 'exact' }, status: 'claim-holds', note: 'SNR 40 vs 38' },
  ];
  const text = formatPaperReport(rows);
  const lines = text.split('\n');
  expect(lines[2]).toMatch(/^a\.kv\s+70,272\s+70,272\s+B\s+\+0\.00%\s+exact$/);
  expect(lines[3]).toMatch(/^b\.claim\s+claim\s+holds\s+dB\s+claim-holds$/);
  expect(text).toContain('2 rows: 1 exact, 1 claim-holds');
  expect(text).toContain('b.claim — LogFMT-8 beats E4M3 (paper §3)\n    paper claims: more accurate\n    SNR 40 vs 38');
});
