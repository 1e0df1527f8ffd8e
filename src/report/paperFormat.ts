import type { PaperRow, PaperValue } from './paperTypes.js';
import { formatNumber, formatTable } from './table.js';

function paperCell(v: PaperValue): string {
  if (typeof v === 'number') return formatNumber(v, 6);
  if ('claim' in v) return 'claim';
  return `${formatNumber(v.min, 6)}–${formatNumber(v.max, 6)}`;
}

function oursCell(r: PaperRow): string {
  if (r.ours !== null) return formatNumber(r.ours, 6);
  if (r.status === 'claim-holds') return 'holds';
  if (r.status === 'claim-fails') return 'fails';
  return '—';
}

/**
 * The human-readable `coplane paper` report: a compact table (one line per number), then for each row
 * what the quantity is, the paper's claim when it is one, and how we computed ours.
 */
export function formatPaperReport(rows: readonly PaperRow[]): string {
  const body = rows.map((r) => [
    r.id,
    paperCell(r.paper),
    oursCell(r),
    r.unit,
    r.deltaPct === null ? '' : `${r.deltaPct >= 0 ? '+' : ''}${r.deltaPct.toFixed(2)}%`,
    r.status,
  ]);
  const table = formatTable(['id', 'paper', 'ours', 'unit', 'delta', 'status'], body, [
    'left', 'right', 'right', 'left', 'right', 'left',
  ]);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  const details: string[] = [];
  for (const r of rows) {
    details.push(`${r.id} — ${r.quantity} (${r.source})`);
    if (typeof r.paper === 'object' && 'claim' in r.paper) details.push(`    paper claims: ${r.paper.claim}`);
    if (r.note) details.push(`    ${r.note}`);
  }
  return [table, '', `${rows.length} rows: ${summary}`, '', 'Rows:', ...details].join('\n');
}
