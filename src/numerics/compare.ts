/**
 * Quantization error table: one tensor through several formats, each row with its bytes per element
 * (metadata included) and the error metrics of metrics.ts.
 *
 * - FP8 formats (e4m3, e5m2, fnuz variants): scaled per tile (scale = max(amax, 1e-4) / format max, FP32 scale).
 * - bf16, fp16, e5m6: direct cast, round to nearest even, no scale (overflow gives inf as in hardware).
 * - logfmtN: LogFMT-N per tile (logfmt.ts).
 * - fp32: the identity (a zero-error row for reference).
 */
import { InputError } from '../core/index.js';
import { decodeMinifloat, encodeMinifloat } from './codec.js';
import { LOGFMT_METADATA_BYTES, type ParsedFormat, parseFormatName } from './bytes.js';
import { formatByName, formatInfo } from './formats.js';
import { type LogFmtRounding, fakeQuantizeLogFmt } from './logfmt.js';
import { type ErrorMetrics, errorMetrics } from './metrics.js';
import { fakeQuantizeScaled } from './scaling.js';
import { type Shape2D, type TileSpec, makeTiling, tileElements, tileName } from './tiles.js';

export const DEFAULT_COMPARE_FORMATS = ['e4m3', 'e5m2', 'logfmt8', 'logfmt10', 'bf16'] as const;

export interface CompareRow extends ErrorMetrics {
  format: string;
  /** The tile the format's metadata covers, or 'none' for a direct cast. */
  tile: string;
  bytesPerElement: number;
}

export interface CompareOptions {
  formats: readonly string[];
  tile: TileSpec;
  /** Power-of-two (UE8M0) scales for FP8 formats. */
  pow2?: boolean;
  logRounding?: LogFmtRounding;
}

/** Parse a comma-separated format list (throws InputError naming the bad entry). */
export function parseFormatList(list: string, field = '--formats'): ParsedFormat[] {
  const parts = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new InputError(field, list, 'a comma-separated list of formats');
  return parts.map((p) => parseFormatName(p, field));
}

export function quantizeWith(p: ParsedFormat, x: Float32Array, shape: Shape2D, opts: CompareOptions): { y: Float32Array; tile: string; bytesPerElement: number } {
  switch (p.kind) {
    case 'fp32':
      return { y: x.slice(), tile: 'none', bytesPerElement: 4 };
    case 'cast': {
      const f = formatByName(p.name);
      return { y: decodeMinifloat(f, encodeMinifloat(f, x)), tile: 'none', bytesPerElement: formatInfo(f).bits / 8 };
    }
    case 'scaled': {
      const f = formatByName(p.name);
      const tiling = makeTiling(shape, opts.tile);
      const scaleBytes = opts.pow2 ? 1 : 4;
      return {
        y: fakeQuantizeScaled(x, shape, f, opts.tile, { pow2: opts.pow2 }),
        tile: tileName(opts.tile),
        bytesPerElement: 1 + scaleBytes / tileElements(tiling),
      };
    }
    case 'logfmt': {
      const tiling = makeTiling(shape, opts.tile);
      return {
        y: fakeQuantizeLogFmt(x, shape, { bits: p.bits, tile: opts.tile, rounding: opts.logRounding }),
        tile: tileName(opts.tile),
        bytesPerElement: p.bits / 8 + LOGFMT_METADATA_BYTES / tileElements(tiling),
      };
    }
  }
}

export function compareFormats(x: Float32Array, shape: Shape2D, opts: CompareOptions): CompareRow[] {
  makeTiling(shape, opts.tile); // reject a tile that does not divide the shape before any work
  const parsed = opts.formats.map((f) => parseFormatName(f, '--formats'));
  return parsed.map((p) => {
    const { y, tile, bytesPerElement } = quantizeWith(p, x, shape, opts);
    return { format: p.name, tile, bytesPerElement, ...errorMetrics(x, y) };
  });
}
