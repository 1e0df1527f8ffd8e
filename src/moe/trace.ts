/**
 * Routing-trace files: one token per line, its expert ids separated by spaces or commas (exactly topK of
 * them, distinct, each < experts); blank lines and `#` comments ignored. The CLI reads the file; this parses
 * its text so the library stays free of file access.
 */
import { InputError } from '../core/index.js';

export function parseRoutingTrace(text: string, experts: number, topK: number, source = 'trace'): Int32Array {
  const rows: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (line === '') continue;
    const ids = line.split(/[\s,]+/);
    if (ids.length !== topK) throw new InputError('experts', line, `${topK} expert ids per token`, `${source}:${i + 1}`);
    const seen = new Set<number>();
    for (const id of ids) {
      const e = /^\d+$/.test(id) ? Number(id) : NaN;
      if (!(e >= 0 && e < experts)) throw new InputError('expert', id, `an expert id from 0 to ${experts - 1}`, `${source}:${i + 1}`);
      if (seen.has(e)) throw new InputError('expert', id, 'distinct experts per token', `${source}:${i + 1}`);
      seen.add(e);
      rows.push(e);
    }
  }
  if (rows.length === 0) throw new InputError('trace', source, 'at least one routed token');
  return Int32Array.from(rows);
}
