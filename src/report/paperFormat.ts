import type { PaperRow, PaperValue } from './paperTypes.js';
import { formatNumber, formatTable } from './table.js';

function paperCell(v: PaperValue): string {
  if (typeof v === 'number') return formatNumber(v, 6);
  if ('claim' in v) return `claim: ${v.claim}`;
  return `${formatNumber(v.min, 6)}–${formatNumber(v.max, 6)}`;
}

/** The human-readable `coplane paper` table, grouped by source, with notes under it. */
export function formatPaperReport(rows: readonly PaperRow[]): string {
  const body = rows.map((r) => [
    r.id,
    r.quantity,
    r.unit,
    paperCell(r.paper),
    formatNumber(r.ours, 6),
    r.deltaPct === null ? '' : `${r.deltaPct >= 0 ? '+' : ''}${r.deltaPct.toFixed(2)}%`,
    r.status,
  ]);
  const table = formatTable(['id', 'quantity', 'unit', 'paper', 'ours', 'delta', 'status'], body, [
    'left', 'left', 'left', 'right', 'right', 'right', 'left',
  ]);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.id}: ${r.note}`);
  return [table, '', `${rows.length} rows: ${summary}`, ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}
