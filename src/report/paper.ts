/**
 * `coplane paper`: join each module's own values (`paperRows()`) with the published values in
 * data/paper/*.json, compute the delta and a status. This file only compares and formats; every number
 * in `ours` was computed by the module that owns the quantity.
 */
import type { OurRow } from '../core/index.js';
import type { PaperEntry, PaperRow, PaperStatus, Tolerance } from './paperTypes.js';

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

function withinTolerance(ours: number, paper: number, tol: Tolerance): { ok: boolean; exact: boolean } {
  if (ours === paper) return { ok: true, exact: true };
  switch (tol.kind) {
    case 'exact': {
      const exact = tol.decimals !== undefined && roundTo(ours, tol.decimals) === roundTo(paper, tol.decimals);
      return { ok: exact, exact };
    }
    case 'relPct':
      return { ok: Math.abs(ours - paper) <= (Math.abs(paper) * tol.pct) / 100, exact: false };
    case 'range':
      return { ok: false, exact: false };
  }
}

export function compareRow(entry: PaperEntry, row: OurRow | undefined): PaperRow {
  const base = {
    id: entry.id,
    source: entry.source,
    quantity: entry.quantity,
    unit: entry.unit,
    paper: entry.paper,
    tolerance: entry.tolerance,
  };
  const notes: string[] = [];
  if (row?.note) notes.push(row.note);
  if (!row || (row.ours === null && row.claimHolds === undefined)) {
    return { ...base, ours: null, deltaPct: null, status: 'not-reproduced', note: notes.join(' ') || 'no computation yet' };
  }
  const paper = entry.paper;
  let status: PaperStatus;
  let deltaPct: number | null = null;
  if (typeof paper === 'object' && 'claim' in paper) {
    status = row.claimHolds ? 'claim-holds' : 'claim-fails';
  } else if (row.ours === null) {
    status = 'not-reproduced';
  } else if (typeof paper === 'object') {
    const pct = entry.tolerance.kind === 'range' ? (entry.tolerance.pct ?? 0) : 0;
    const lo = paper.min - (Math.abs(paper.min) * pct) / 100;
    const hi = paper.max + (Math.abs(paper.max) * pct) / 100;
    const mid = (paper.min + paper.max) / 2;
    deltaPct = mid !== 0 ? ((row.ours - mid) / Math.abs(mid)) * 100 : null;
    status = row.ours >= lo && row.ours <= hi ? 'within' : 'outside';
  } else {
    deltaPct = paper !== 0 ? ((row.ours - paper) / Math.abs(paper)) * 100 : null;
    const { ok, exact } = withinTolerance(row.ours, paper, entry.tolerance);
    status = exact ? 'exact' : ok ? 'within' : 'outside';
    if (!ok && entry.slip) {
      status = 'paper-slip';
      notes.push(`Paper slip: ${entry.slip}`);
    }
  }
  if (row.fitted && status !== 'not-reproduced') {
    status = 'fitted';
  }
  return { ...base, ours: row.ours, deltaPct, status, note: notes.join(' ') };
}

/**
 * Join published entries with our rows. Every row must name a known entry (a typo would otherwise
 * silently drop a comparison); entries nobody computes show as `not-reproduced`.
 */
export function comparePaper(entries: readonly PaperEntry[], rows: readonly OurRow[]): PaperRow[] {
  const byId = new Map<string, OurRow>();
  const known = new Set(entries.map((e) => e.id));
  for (const r of rows) {
    if (!known.has(r.id)) throw new Error(`paper row '${r.id}' has no entry in data/paper/*.json`);
    if (byId.has(r.id)) throw new Error(`paper row '${r.id}' is produced twice`);
    byId.set(r.id, r);
  }
  return entries.map((e) => compareRow(e, byId.get(e.id)));
}
