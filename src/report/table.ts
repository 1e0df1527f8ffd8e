/** Plain-text tables for terminal reports (no colour, no dependencies: also used in the browser). */

export type Align = 'left' | 'right';

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string, i: number) =>
    (align?.[i] ?? 'left') === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
  const line = (cells: readonly string[]) => cells.map((c, i) => pad(c ?? '', i)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Numbers for humans: thousands separators for integers, `digits` significant digits otherwise. */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString('en-US');
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e15)) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
}

/** Bytes with decimal units (1 KB = 1000 B), as DESIGN.md requires. */
export function formatBytes(bytes: number, digits = 4): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${formatNumber(Number(v.toPrecision(digits)), digits)} ${units[u]}`;
}

/** Seconds in the most readable unit. */
export function formatSeconds(s: number, digits = 4): string {
  const abs = Math.abs(s);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${Number((s * 1e9).toPrecision(digits))} ns`;
  if (abs < 1e-3) return `${Number((s * 1e6).toPrecision(digits))} µs`;
  if (abs < 1) return `${Number((s * 1e3).toPrecision(digits))} ms`;
  return `${Number(s.toPrecision(digits))} s`;
}
