/**
 * LogFMT-nBit (DeepSeek, ISCA 2025; reference/system.md §2), n = 4..16, per tile (1×128 by default).
 *
 * Per tile: a = |x|; lmax = ln(max a), lmin = ln(min non-zero a) clamped to ≥ lmax − ln(2^32).
 * Code = sign bit (bit n−1) + (n−1)-bit K. K = 0 is zero; K = 1..L+1 (L = 2^(n−1) − 2) are the levels
 * exp(lmin + step·(K−1)) with step = (lmax − lmin) / L, so K = 1 is min and K = 2^(n−1) − 1 is max.
 *
 * Rules coplane fixes (the paper leaves them open):
 * - Metadata: ln(min) and ln(max) as 2 × FP32 per tile (8 B; LogFMT-8 on 1×128 = 1.0625 B/element). This
 *   carries the same information as (min, step) — step = (max − min) / L is derived — but reproduces both
 *   ends to FP32 rounding; encoding uses the FP32-rounded values, so encoder and decoder agree exactly.
 * - Rounding: to the nearer of the two neighbouring levels exp(lmin + step·k), compared in linear space in
 *   float64 (ties to the larger);
 *   `rounding: 'log'` rounds t = (ln a − lmin)/step to the nearest integer instead (ties up), for comparison.
 * - Values below the (clamped) min level round in linear space between 0 and the min level
 *   (a ≥ min/2 → K = 1, else K = 0), in both rounding modes.
 * - All-zero tile: metadata (0, 0), every code 0. Constant tile (max = min): step 0, every non-zero value K = 1.
 * - Zero and −0 encode as code 0; decoded values are float32.
 *
 * The fast encoder takes ln once per element (a table-based ln of the float32 bits, fastLog.ts, error < 1e-13)
 * and compares the fractional level position with the linear-space midpoint ln((1 + e^s)/2)/s; within 1e-6
 * of that midpoint (or for steps below 1e-7) it falls back to the exact level comparison, so its codes equal
 * the exact encoder's (checked in the tests). Decoding: see decodeLogFmt.
 */
import { InputError } from '../core/index.js';
import { LOGFMT_MAX_BITS, LOGFMT_METADATA_BYTES, LOGFMT_MIN_BITS } from './bytes.js';
import { lnFloat32Bits } from './fastLog.js';
import { type Shape2D, type TileSpec, type Tiling, TILE_1X128, makeTiling, tileElements, tileSegments } from './tiles.js';

export const LOG_2_POW_32 = 32 * Math.LN2;

export type LogFmtRounding = 'linear' | 'log';

export interface LogFmtOptions {
  bits: number;
  tile?: TileSpec;
  rounding?: LogFmtRounding;
  partial?: boolean;
}

export interface LogFmtEncoded {
  bits: number;
  tiling: Tiling;
  rounding: LogFmtRounding;
  /** Sign in bit n−1, K in the low n−1 bits. */
  codes: Uint16Array;
  /** Per tile: [ln min, ln max] as FP32. */
  meta: Float32Array;
}

export function checkLogFmtBits(bits: number, field = 'bits'): number {
  if (!Number.isInteger(bits) || bits < LOGFMT_MIN_BITS || bits > LOGFMT_MAX_BITS)
    throw new InputError(field, bits, `an integer n from ${LOGFMT_MIN_BITS} to ${LOGFMT_MAX_BITS}`);
  return bits;
}

/** Number of step intervals L = 2^(n−1) − 2 (levels K = 1..L+1). */
export function logFmtIntervals(bits: number): number {
  return 2 ** (bits - 1) - 2;
}

/** Per-tile metadata from the tile's smallest non-zero and largest magnitude (0 when none). */
export function logFmtMeta(aminNonZero: number, amax: number): { logMin: number; logMax: number } {
  if (!(amax > 0)) return { logMin: 0, logMax: 0 };
  const logMax = Math.fround(Math.log(amax));
  const logMin = Math.fround(Math.min(logMax, Math.max(Math.log(aminNonZero), logMax - LOG_2_POW_32)));
  return { logMin, logMax };
}

/** Decoded magnitudes of every K (index K; index 0 is 0), in float64. */
export function logFmtLevels(bits: number, logMin: number, logMax: number): Float64Array {
  const L = logFmtIntervals(bits);
  const step = (logMax - logMin) / L;
  const lv = new Float64Array(L + 2);
  for (let k = 1; k <= L + 1; k++) lv[k] = Math.exp(logMin + step * (k - 1));
  return lv;
}

/** Exact K for one magnitude: nearest decoded level in linear space (or log space), by the rules above. */
export function logFmtKExact(a: number, bits: number, logMin: number, logMax: number, rounding: LogFmtRounding = 'linear'): number {
  if (a === 0 || !(logMax > logMin || logMax === logMin)) return 0;
  const L = logFmtIntervals(bits);
  const step = (logMax - logMin) / L;
  const lv1 = Math.exp(logMin);
  if (a < lv1) return a >= lv1 / 2 ? 1 : 0;
  if (step === 0) return 1;
  if (rounding === 'log') {
    const k = Math.floor((Math.log(a) - logMin) / step + 0.5);
    return Math.min(L, Math.max(0, k)) + 1;
  }
  // binary search for the last level ≤ a, then compare with the next one in linear space
  let lo = 0;
  let hi = L;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Math.exp(logMin + step * mid) <= a) lo = mid;
    else hi = mid - 1;
  }
  if (lo === L) return L + 1;
  const below = Math.exp(logMin + step * lo);
  const above = Math.exp(logMin + step * (lo + 1));
  return a - below < above - a ? lo + 1 : lo + 2;
}

/** Encode one contiguous segment of a tile with given metadata (fast path); `xb` is x's bit view. */
function encodeSegment(x: Float32Array, xb: Int32Array, off: number, len: number, codes: Uint16Array, bits: number, logMin: number, logMax: number, rounding: LogFmtRounding): void {
  const L = logFmtIntervals(bits);
  const end = off + len;
  if (!(logMax >= logMin) || (logMax === 0 && logMin === 0 && allZero(x, off, len))) {
    codes.fill(0, off, end);
    return;
  }
  const step = (logMax - logMin) / L;
  const lv1 = Math.exp(logMin);
  const halfLv1 = lv1 / 2;
  const invStep = step > 0 ? 1 / step : 0;
  const thr = rounding === 'log' ? 0.5 : step > 0 ? Math.log1p(Math.expm1(step) / 2) / step : 0.5;
  const exactOnly = step < 1e-7;
  const signShift = bits - 1;
  for (let i = off; i < end; i++) {
    const u = xb[i];
    const ua = u & 0x7fffffff;
    const a = Math.abs(x[i]);
    let k: number;
    if (ua === 0) k = 0;
    else if (a < lv1) k = a >= halfLv1 ? 1 : 0;
    else if (step === 0) k = 1;
    else if (exactOnly) k = logFmtKExact(a, bits, logMin, logMax, rounding);
    else {
      const ln = ua >= 0x800000 ? lnFloat32Bits(ua) : Math.log(a);
      const t = (ln - logMin) * invStep;
      let k0 = Math.floor(t);
      let frac = t - k0;
      if (k0 < 0) {
        k0 = 0;
        frac = 0;
      }
      if (k0 >= L) k = L + 1;
      else {
        const d = frac - thr;
        // |d| ≥ 1e-6: the side of the midpoint is certain; floor(d + 1) is 1 above it, 0 below (no branch)
        k = Math.abs(d) < 1e-6 ? logFmtKExact(a, bits, logMin, logMax, rounding) : k0 + 1 + Math.floor(d + 1);
      }
    }
    codes[i] = k === 0 ? 0 : k | ((u >>> 31) << signShift);
  }
}

function allZero(x: Float32Array, off: number, len: number): boolean {
  for (let i = off; i < off + len; i++) if (x[i] !== 0) return false;
  return true;
}

/** Encode a row-major tensor into LogFMT-n with per-tile metadata. */
export function encodeLogFmt(x: Float32Array, shape: Shape2D, opts: LogFmtOptions): LogFmtEncoded {
  const bits = checkLogFmtBits(opts.bits);
  const rounding = opts.rounding ?? 'linear';
  if (x.length !== shape.rows * shape.cols) throw new RangeError(`encodeLogFmt: ${x.length} values for shape ${shape.rows}x${shape.cols}`);
  const tiling = makeTiling(shape, opts.tile ?? TILE_1X128, { partial: opts.partial });
  // per-tile max and smallest non-zero |x| on the float32 bit patterns (non-negative floats order as integers)
  const xb = new Int32Array(x.buffer, x.byteOffset, x.length);
  const seg = tileSegments(tiling);
  const maxBits = new Int32Array(tiling.count);
  const minBits = new Int32Array(tiling.count).fill(0x7f800000);
  for (let s = 0; s < seg.count; s++) {
    const t = seg.tile[s];
    const off = seg.offset[s];
    const end = off + seg.length[s];
    let mx = maxBits[t];
    let mn = minBits[t];
    for (let i = off; i < end; i++) {
      const a = xb[i] & 0x7fffffff;
      mx = a > mx ? a : mx;
      const b = a === 0 ? 0x7f800000 : a;
      mn = b < mn ? b : mn;
    }
    maxBits[t] = mx;
    minBits[t] = mn;
  }
  const asFloat = new Float32Array(new Int32Array([0]).buffer);
  const asBits = new Int32Array(asFloat.buffer);
  const floatOf = (b: number) => {
    asBits[0] = b;
    return asFloat[0];
  };
  const meta = new Float32Array(2 * tiling.count);
  for (let t = 0; t < tiling.count; t++) {
    const m = logFmtMeta(floatOf(minBits[t]), floatOf(maxBits[t]));
    meta[2 * t] = m.logMin;
    meta[2 * t + 1] = m.logMax;
  }
  const codes = new Uint16Array(x.length);
  for (let s = 0; s < seg.count; s++) {
    const t = seg.tile[s];
    if (maxBits[t] !== 0) encodeSegment(x, xb, seg.offset[s], seg.length[s], codes, bits, meta[2 * t], meta[2 * t + 1], rounding);
  }
  return { bits, tiling, rounding, codes, meta };
}

/** Levels between exact exp anchors when decoding through a per-tile table. */
const ANCHOR_EVERY = 16;

/**
 * Decode to float32. When a tile holds at least as many values as there are levels (LogFMT-8 on 1×128), the
 * tile's levels are tabulated once: exp at every 16th level and multiplication by e^step in between (relative
 * deviation from exp(min + step·(K−1)) ≤ 16 × 2^-52, so the float32 result differs from the direct formula only
 * when that lands within 4e-15 of a float32 rounding boundary); otherwise each value takes one exp.
 */
export function decodeLogFmt(enc: LogFmtEncoded, out: Float32Array = new Float32Array(enc.codes.length)): Float32Array {
  const { bits, codes, meta } = enc;
  const L = logFmtIntervals(bits);
  const signShift = bits - 1;
  const kMask = (1 << signShift) - 1;
  const useTable = L + 1 <= tileElements(enc.tiling);
  const table = new Float64Array(L + 2);
  let tableTile = -1;
  const seg = tileSegments(enc.tiling);
  for (let s = 0; s < seg.count; s++) {
    const tile = seg.tile[s];
    const off = seg.offset[s];
    const end = off + seg.length[s];
    const logMin = meta[2 * tile];
    const step = (meta[2 * tile + 1] - logMin) / L;
    if (useTable) {
      if (tableTile !== tile) {
        const r = Math.exp(step);
        let v = 0;
        for (let k = 1; k <= L + 1; k++) {
          v = (k - 1) % ANCHOR_EVERY === 0 ? Math.exp(logMin + step * (k - 1)) : v * r;
          table[k] = v;
        }
        tableTile = tile;
      }
      for (let i = off; i < end; i++) {
        const c = codes[i];
        out[i] = table[c & kMask] * (1 - 2 * (c >>> signShift));
      }
    } else {
      for (let i = off; i < end; i++) {
        const c = codes[i];
        const k = c & kMask;
        // level K is exp(logMin + step·(K−1)), rounded to float32; the sign multiplies exactly
        out[i] = k === 0 ? 0 : Math.exp(logMin + step * (k - 1)) * (1 - 2 * (c >>> signShift));
      }
    }
  }
  return out;
}

/** Encode then decode. */
export function fakeQuantizeLogFmt(x: Float32Array, shape: Shape2D, opts: LogFmtOptions, out?: Float32Array): Float32Array {
  return decodeLogFmt(encodeLogFmt(x, shape, opts), out);
}

/** Bytes of an encoded tensor: n bits per element plus the per-tile metadata. */
export function logFmtBytes(enc: LogFmtEncoded): number {
  return (enc.codes.length * enc.bits) / 8 + enc.tiling.count * LOGFMT_METADATA_BYTES;
}

export function logFmtBytesPerElement(bits: number, tiling: Tiling): number {
  return bits / 8 + LOGFMT_METADATA_BYTES / tileElements(tiling);
}
