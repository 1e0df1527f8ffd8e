/**
 * Exact codecs between float32/float64 and any minifloat format (formats.ts): round-to-nearest-even,
 * subnormals, saturating and non-saturating overflow, NaN and infinity.
 *
 * Conventions (documented because formats differ on them):
 * - NaN encodes to the format's canonical NaN with the input's sign (payloads are not kept; `fnuz` has one NaN).
 * - Overflow (the rounded magnitude exceeds the largest finite value): non-saturating gives ±inf for `ieee`
 *   formats and NaN for `fn`/`fnuz`; saturating gives ±max finite. Saturating also maps ±inf to ±max finite
 *   (as CUDA's `__NV_SATFINITE`); NaN stays NaN.
 * - `fnuz` has no negative zero: −0 and values that round to zero encode as +0.
 *
 * Float32Array inputs go through an integer-only path on the float32 bit pattern (fast, used by the
 * quantizers); float64 inputs through an exact scalar path. Both give identical codes for float32 values.
 */
import { signBit } from './bits.js';
import { type FormatInfo, type MinifloatFormat, BF16, E4M3, E5M2, E5M6, FP16, formatInfo, magnitudeOfCode } from './formats.js';

export interface EncodeOptions {
  /** Clamp overflow (and ±inf) to ±max finite instead of producing inf/NaN. Default false. */
  saturate?: boolean;
}

export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/** The smallest unsigned typed array that holds the format's codes. */
export function allocCodes(f: MinifloatFormat, length: number): CodeArray {
  const bits = formatInfo(f).bits;
  return bits <= 8 ? new Uint8Array(length) : bits <= 16 ? new Uint16Array(length) : new Uint32Array(length);
}

/** floor(log2 a) for finite a > 0, exact (Math.log2 can be off by one next to powers of two). */
export function exactExponent(a: number): number {
  let e = Math.floor(Math.log2(a));
  const p = 2 ** e;
  if (p > a) e--;
  else if (p * 2 <= a) e++;
  return e;
}

/** Round a non-negative float64 to the nearest integer, ties to even. */
export function roundHalfEven(r: number): number {
  const f = Math.floor(r);
  const d = r - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function overflowCode(info: FormatInfo, saturate: boolean): number {
  if (saturate) return info.maxFiniteCode;
  return info.format.special === 'ieee' ? info.infCode : info.nanCode;
}

/** Encode one float64 exactly (no intermediate rounding). */
export function encodeScalar(f: MinifloatFormat, x: number, opts: EncodeOptions = {}): number {
  const info = formatInfo(f);
  const saturate = opts.saturate ?? false;
  const signVal = 2 ** (f.expBits + f.manBits);
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  if (Number.isNaN(x)) return f.special === 'fnuz' ? info.nanCode : info.nanCode + (signBit(x) ? signVal : 0);
  const a = Math.abs(x);
  let mag: number;
  if (a === Infinity) {
    mag = overflowCode(info, saturate);
  } else if (a === 0) {
    mag = 0;
  } else {
    const eEff = Math.max(exactExponent(a), 1 - f.bias);
    const n = roundHalfEven(a / 2 ** (eEff - f.manBits));
    mag = (eEff + f.bias - 1) * 2 ** f.manBits + n;
    if (mag > info.maxFiniteCode) mag = overflowCode(info, saturate);
  }
  if (f.special === 'fnuz') {
    if (mag === info.nanCode) return mag;
    return neg && mag !== 0 ? mag + signVal : mag;
  }
  return neg ? mag + signVal : mag;
}

/** Decode one code to float64 (exact). */
export function decodeScalar(f: MinifloatFormat, code: number): number {
  const info = formatInfo(f);
  const signVal = 2 ** (f.expBits + f.manBits);
  if (f.special === 'fnuz' && code === info.nanCode) return NaN;
  const neg = code >= signVal;
  const mag = neg ? code - signVal : code;
  let v: number;
  if (f.special === 'ieee' && mag >= info.infCode) v = mag === info.infCode ? Infinity : NaN;
  else if (f.special === 'fn' && mag === info.nanCode) v = NaN;
  else v = magnitudeOfCode(f, mag);
  return neg ? -v : v;
}

/** Whether float32 inputs can take the integer encode path for this format. */
export function fastPathOk(f: MinifloatFormat): boolean {
  return f.expBits <= 8 && f.manBits <= 23 && f.expBits + f.manBits <= 30 && f.bias <= 127 && 1 - f.bias - f.manBits >= -149;
}

/**
 * Integer-only encode of float32 bit patterns u32[0..n) into out[outOff..outOff+n) (valid when fastPathOk);
 * all arithmetic stays in int32. Normal results use the add-half-minus-one-plus-lsb RNE trick on the whole
 * magnitude (a mantissa carry rolls into the exponent); subnormal results and specials take the slow branch.
 */
export function encodeF32BitsInto(info: FormatInfo, u32: Uint32Array, n: number, out: CodeArray, outOff: number, saturate: boolean): void {
  const f = info.format;
  const M = f.manBits | 0;
  const B = f.bias | 0;
  const shift0 = 23 - M;
  const halfM1 = shift0 > 0 ? (1 << (shift0 - 1)) - 1 : 0;
  const biasAdj = (127 - B) << M;
  const minNormalBits = (128 - B) << 23; // float32 bits of the target's smallest normal, 2^(1−B)
  const signVal = 1 << (f.expBits + M);
  const maxCode = info.maxFiniteCode | 0;
  const ovf = overflowCode(info, saturate) | 0;
  const infMag = (f.special === 'ieee' && !saturate ? info.infCode : ovf) | 0;
  const nanCode = info.nanCode | 0;
  const fnuz = f.special === 'fnuz';
  for (let i = 0; i < n; i++) {
    const u = u32[i];
    const a = u & 0x7fffffff;
    let mag: number;
    if (a >= minNormalBits && a < 0x7f800000) {
      mag = ((a + halfM1 + ((a >>> shift0) & 1)) >>> shift0) - biasAdj;
      if (mag > maxCode) mag = ovf;
    } else if (a >= 0x7f800000) {
      if (a !== 0x7f800000) {
        out[outOff + i] = fnuz || u >>> 31 === 0 ? nanCode : nanCode | signVal;
        continue;
      }
      mag = infMag;
    } else {
      // below the target's normal range: subnormal or zero (te < 1)
      const ex = a >>> 23;
      let sig = a & 0x7fffff;
      let te: number;
      if (ex === 0) te = B - 126;
      else {
        sig |= 0x800000;
        te = ex - 127 + B;
      }
      const shift = shift0 + 1 - te;
      if (shift >= 25) mag = 0;
      else {
        let m = sig >>> shift;
        const rem = sig & ((1 << shift) - 1);
        const half = 1 << (shift - 1);
        if (rem > half || (rem === half && (m & 1) === 1)) m++;
        mag = m;
      }
    }
    if (u >>> 31 === 0) out[outOff + i] = mag;
    else if (fnuz) out[outOff + i] = mag === 0 || mag === nanCode ? mag : mag | signVal;
    else out[outOff + i] = mag | signVal;
  }
}

const pairCache = new Map<MinifloatFormat, Map<boolean, Uint8Array | Uint16Array>>();

/**
 * For formats with ≤ 6 mantissa bits the RNE result depends only on the upper 16 bits of the float32 and on
 * whether the lower 16 are non-zero (the round bit sits in the upper half; the lower half only feeds the
 * sticky bit). So one table of 2 × 65,536 codes, built with the integer path, encodes any float32 exactly.
 */
export function pairTable(f: MinifloatFormat, saturate: boolean): Uint8Array | Uint16Array | null {
  const info = formatInfo(f);
  if (!fastPathOk(f) || f.manBits > 6 || info.bits > 16) return null;
  let byFormat = pairCache.get(f);
  if (!byFormat) pairCache.set(f, (byFormat = new Map()));
  let t = byFormat.get(saturate);
  if (!t) {
    const patterns = new Uint32Array(131072);
    for (let hi = 0; hi < 65536; hi++) {
      patterns[2 * hi] = (hi << 16) >>> 0;
      patterns[2 * hi + 1] = ((hi << 16) | 1) >>> 0;
    }
    t = info.bits <= 8 ? new Uint8Array(131072) : new Uint16Array(131072);
    encodeF32BitsInto(info, patterns, patterns.length, t, 0, saturate);
    byFormat.set(saturate, t);
  }
  return t;
}

/** Encode n float32 bit patterns through a pair table (see pairTable). */
export function encodeWithPairTable(table: Uint8Array | Uint16Array, u32: Uint32Array | Int32Array, n: number, out: CodeArray, outOff: number): void {
  for (let i = 0; i < n; i++) {
    const u = u32[i];
    out[outOff + i] = table[((u >>> 15) & 0x1fffe) | (((u & 0xffff) + 0xffff) >>> 16)];
  }
}

/**
 * Encode a typed array into codes of format `f`. Float32Array inputs use the integer fast path when the
 * format fits inside float32's range; everything else the exact scalar path.
 */
export function encodeMinifloat(f: MinifloatFormat, src: Float32Array | Float64Array, out?: CodeArray, opts: EncodeOptions = {}): CodeArray {
  const info = formatInfo(f);
  const dst = out ?? allocCodes(f, src.length);
  if (dst.length < src.length) throw new RangeError(`encodeMinifloat: output holds ${dst.length} codes, need ${src.length}`);
  if (src instanceof Float32Array && fastPathOk(f)) {
    const table = src.length >= 4096 ? pairTable(f, opts.saturate ?? false) : null;
    if (table) encodeWithPairTable(table, new Int32Array(src.buffer, src.byteOffset, src.length), src.length, dst, 0);
    else encodeF32BitsInto(info, new Uint32Array(src.buffer, src.byteOffset, src.length), src.length, dst, 0, opts.saturate ?? false);
  } else {
    for (let i = 0; i < src.length; i++) dst[i] = encodeScalar(f, src[i], opts);
  }
  return dst;
}

const lutCache = new WeakMap<MinifloatFormat, Float64Array>();

/** Every code's value, for formats of at most 16 bits. */
export function decodeTable(f: MinifloatFormat): Float64Array {
  let lut = lutCache.get(f);
  if (!lut) {
    const bits = formatInfo(f).bits;
    if (bits > 16) throw new RangeError(`decodeTable: ${f.name} has ${bits} bits; tables are built for ≤ 16`);
    lut = new Float64Array(2 ** bits);
    for (let c = 0; c < lut.length; c++) lut[c] = decodeScalar(f, c);
    lutCache.set(f, lut);
  }
  return lut;
}

const lut32Cache = new WeakMap<MinifloatFormat, Float32Array>();
function decodeTable32(f: MinifloatFormat): Float32Array {
  let lut = lut32Cache.get(f);
  if (!lut) {
    lut = Float32Array.from(decodeTable(f));
    lut32Cache.set(f, lut);
  }
  return lut;
}

/** Decode codes into a Float32Array (exact for formats inside float32's range) or a Float64Array. */
export function decodeMinifloat<T extends Float32Array | Float64Array = Float32Array>(f: MinifloatFormat, codes: CodeArray, out?: T): T {
  const dst = (out ?? new Float32Array(codes.length)) as T;
  if (dst.length < codes.length) throw new RangeError(`decodeMinifloat: output holds ${dst.length} values, need ${codes.length}`);
  const n = codes.length;
  if (formatInfo(f).bits <= 16) {
    const lut = dst instanceof Float32Array ? decodeTable32(f) : decodeTable(f);
    for (let i = 0; i < n; i++) dst[i] = lut[codes[i]];
  } else {
    for (let i = 0; i < n; i++) dst[i] = decodeScalar(f, codes[i]);
  }
  return dst;
}

// Named, vectorised codecs for the formats the rest of coplane reads and writes.

export function bf16ToFloat32Array(codes: Uint16Array, out?: Float32Array): Float32Array {
  const dst = out ?? new Float32Array(codes.length);
  const u = new Uint32Array(dst.buffer, dst.byteOffset, codes.length);
  for (let i = 0; i < codes.length; i++) u[i] = codes[i] << 16;
  return dst;
}
export const fp16ToFloat32Array = (codes: Uint16Array, out?: Float32Array): Float32Array => decodeMinifloat(FP16, codes, out);
export const e4m3ToFloat32Array = (codes: Uint8Array, out?: Float32Array): Float32Array => decodeMinifloat(E4M3, codes, out);
export const e5m2ToFloat32Array = (codes: Uint8Array, out?: Float32Array): Float32Array => decodeMinifloat(E5M2, codes, out);
export const e5m6ToFloat32Array = (codes: Uint16Array, out?: Float32Array): Float32Array => decodeMinifloat(E5M6, codes, out);

export const float32ToBf16Array = (src: Float32Array, out?: Uint16Array, opts?: EncodeOptions): Uint16Array =>
  encodeMinifloat(BF16, src, out ?? new Uint16Array(src.length), opts) as Uint16Array;
export const float32ToFp16Array = (src: Float32Array, out?: Uint16Array, opts?: EncodeOptions): Uint16Array =>
  encodeMinifloat(FP16, src, out ?? new Uint16Array(src.length), opts) as Uint16Array;
export const float32ToE4m3Array = (src: Float32Array, out?: Uint8Array, opts?: EncodeOptions): Uint8Array =>
  encodeMinifloat(E4M3, src, out ?? new Uint8Array(src.length), opts) as Uint8Array;
export const float32ToE5m2Array = (src: Float32Array, out?: Uint8Array, opts?: EncodeOptions): Uint8Array =>
  encodeMinifloat(E5M2, src, out ?? new Uint8Array(src.length), opts) as Uint8Array;
export const float32ToE5m6Array = (src: Float32Array, out?: Uint16Array, opts?: EncodeOptions): Uint16Array =>
  encodeMinifloat(E5M6, src, out ?? new Uint16Array(src.length), opts) as Uint16Array;

/** Round a value to the nearest value of `f` (encode + decode), in float64. */
export function roundToFormat(f: MinifloatFormat, x: number, opts?: EncodeOptions): number {
  return decodeScalar(f, encodeScalar(f, x, opts));
}
