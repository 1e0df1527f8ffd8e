import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareRow, comparePaper } from './paper.js';
import { PAPER_FILES, paperEntries } from './paperData.js';
import { paperReport } from './collect.js';
import type { PaperEntry } from './paperTypes.js';

const entry = (over: Partial<PaperEntry>): PaperEntry => ({
  id: 'x',
  source: 'paper Table 1',
  quantity: 'q',
  unit: 'B',
  paper: 100,
  tolerance: { kind: 'relPct', pct: 3 },
  ...over,
});

describe('paper comparison status', () => {
  it('exact, within, outside by tolerance', () => {
    expect(compareRow(entry({}), { id: 'x', ours: 100 }).status).toBe('exact');
    expect(compareRow(entry({}), { id: 'x', ours: 102.9 }).status).toBe('within');
    const out = compareRow(entry({}), { id: 'x', ours: 104 });
    expect(out.status).toBe('outside');
    expect(out.deltaPct).toBeCloseTo(4, 12);
  });

  it('exact at the printed precision', () => {
    const e = entry({ paper: 4.66, tolerance: { kind: 'exact', decimals: 2 } });
    expect(compareRow(e, { id: 'x', ours: 327680 / 70272 }).status).toBe('exact');
    expect(compareRow(e, { id: 'x', ours: 4.67 }).status).toBe('outside');
  });

  it('a paper slip is flagged, not matched', () => {
    const e = entry({ paper: 7.28, tolerance: { kind: 'exact', decimals: 2 }, slip: '516096/70272 = 7.34' });
    const r = compareRow(e, { id: 'x', ours: 516096 / 70272 });
    expect(r.status).toBe('paper-slip');
    expect(r.note).toMatch(/7\.34/);
  });

  it('ranges, claims, fitted and missing rows', () => {
    const range = entry({ paper: { min: 0.8, max: 0.9 }, tolerance: { kind: 'range' } });
    expect(compareRow(range, { id: 'x', ours: 0.85 }).status).toBe('within');
    expect(compareRow(range, { id: 'x', ours: 0.95 }).status).toBe('outside');
    const claim = entry({ paper: { claim: 'LogFMT-8 beats E4M3' } });
    expect(compareRow(claim, { id: 'x', ours: null, claimHolds: true }).status).toBe('claim-holds');
    expect(compareRow(claim, { id: 'x', ours: 0.1, claimHolds: false }).status).toBe('claim-fails');
    expect(compareRow(entry({}), { id: 'x', ours: 100, fitted: true }).status).toBe('fitted');
    expect(compareRow(entry({}), undefined).status).toBe('not-reproduced');
  });

  it('rejects rows that name no entry or appear twice', () => {
    expect(() => comparePaper([entry({})], [{ id: 'y', ours: 1 }])).toThrow(/no entry/);
    expect(() => comparePaper([entry({})], [{ id: 'x', ours: 1 }, { id: 'x', ours: 2 }])).toThrow(/twice/);
  });
});

const PaperEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.\-_]*$/),
    source: z.string().min(1),
    quantity: z.string().min(1),
    unit: z.string(),
    paper: z.union([
      z.number(),
      z.object({ min: z.number(), max: z.number() }).strict(),
      z.object({ claim: z.string().min(1) }).strict(),
    ]),
    tolerance: z.union([
      z.object({ kind: z.literal('exact'), decimals: z.number().int().nonnegative().optional() }).strict(),
      z.object({ kind: z.literal('relPct'), pct: z.number().positive() }).strict(),
      z.object({ kind: z.literal('range'), pct: z.number().nonnegative().optional() }).strict(),
    ]),
    slip: z.string().optional(),
  })
  .strict();

describe('data/paper', () => {
  it('every file holds valid entries with unique ids', () => {
    const ids = new Set<string>();
    for (const [file, list] of Object.entries(PAPER_FILES)) {
      for (const e of list) {
        const r = PaperEntrySchema.safeParse(e);
        expect(r.success, `${file}: ${JSON.stringify(e)} ${r.error?.message ?? ''}`).toBe(true);
        const id = (e as PaperEntry).id;
        expect(ids.has(id), `duplicate id ${id}`).toBe(false);
        ids.add(id);
      }
    }
    expect(ids.size).toBe(paperEntries().length);
  });

  it('the full report joins without unknown or duplicate rows', () => {
    const rows = paperReport();
    expect(rows.length).toBe(paperEntries().length);
  });
});
