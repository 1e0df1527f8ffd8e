/**
 * Bytes per element on the wire or in memory, including per-tile metadata:
 * - FP8 (e4m3, e5m2 and their fnuz variants): 1 B + one scale per tile (FP32 by default, 1 B for UE8M0);
 *   1×128 tiles with FP32 scales give 1 + 4/128 = 1.03125 B.
 * - bf16, fp16: 2 B; e5m6: 1.5 B (12 bits, packed); fp32: 4 B — cast directly, no scale.
 * - logfmtN (N = 4..16): N/8 B + min and step as 2 × FP32 per tile: LogFMT-8 on 1×128 = 1.0625 B.
 */
import { InputError } from '../core/index.js';
import { formatByName, formatInfo, NAMED_FORMATS } from './formats.js';

export const LOGFMT_MIN_BITS = 4;
export const LOGFMT_MAX_BITS = 16;
/** Per-tile LogFMT metadata: min and step, each an FP32. */
export const LOGFMT_METADATA_BYTES = 8;

export type ParsedFormat =
  | { kind: 'fp32'; name: 'fp32' }
  | { kind: 'cast'; name: string }
  | { kind: 'scaled'; name: string }
  | { kind: 'logfmt'; name: string; bits: number };

const ALLOWED = `fp32, ${NAMED_FORMATS.map((f) => f.name).join(', ')}, logfmt4..logfmt16`;

/** Parse a format name as used by `numerics compare --formats` (case-insensitive). */
export function parseFormatName(name: string, field = 'format'): ParsedFormat {
  const key = name.trim().toLowerCase();
  if (key === 'fp32' || key === 'float32') return { kind: 'fp32', name: 'fp32' };
  const m = /^logfmt-?(\d+)$/.exec(key);
  if (m) {
    const bits = Number(m[1]);
    if (bits < LOGFMT_MIN_BITS || bits > LOGFMT_MAX_BITS)
      throw new InputError(field, name, `LogFMT with n from ${LOGFMT_MIN_BITS} to ${LOGFMT_MAX_BITS} (logfmt4..logfmt16)`);
    return { kind: 'logfmt', name: `logfmt${bits}`, bits };
  }
  let f;
  try {
    f = formatByName(key, field);
  } catch {
    throw new InputError(field, name, `one of ${ALLOWED}`);
  }
  return formatInfo(f).bits <= 8 ? { kind: 'scaled', name: f.name } : { kind: 'cast', name: f.name };
}

/**
 * Bytes per element of `format` with one set of metadata per tile of `tile` values (a count, or a rows × cols
 * shape: 128 or {rows: 1, cols: 128} for 1×128 tiles; Infinity for a per-tensor scale whose cost is negligible). `scaleBytes` is the size of one FP8 scale.
 */
export function bytesPerElement(format: string, tile: number | { rows: number; cols: number } = 128, scaleBytes = 4): number {
  const tileElements = typeof tile === 'number' ? tile : tile.rows * tile.cols;
  if (!(tileElements > 0)) throw new InputError('tileElements', tileElements, 'a positive number of elements per tile');
  const p = parseFormatName(format);
  switch (p.kind) {
    case 'fp32':
      return 4;
    case 'cast':
      return formatInfo(formatByName(p.name)).bits / 8;
    case 'scaled':
      return 1 + scaleBytes / tileElements;
    case 'logfmt':
      return p.bits / 8 + LOGFMT_METADATA_BYTES / tileElements;
  }
}
