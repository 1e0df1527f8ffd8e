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
  if (Number.isNaN(x)) return f.special === 'fnuz' ? info.nanCode : info.nanCode + (x < 0 ? signVal : 0);
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

function fastPathOk(f: MinifloatFormat): boolean {
  return f.expBits <= 8 && f.manBits <= 23 && f.bias <= 127 && 1 - f.bias - f.manBits >= -149;
}

/** Integer-only encode of float32 bit patterns (valid when fastPathOk). */
function encodeF32Bits(info: FormatInfo, u32: Uint32Array, out: CodeArray, saturate: boolean): void {
  const f = info.format;
  const M = f.manBits;
  const B = f.bias;
  const pow2M = 2 ** M;
  const signVal = 2 ** (f.expBits + M);
  const maxCode = info.maxFiniteCode;
  const ovf = overflowCode(info, saturate);
  const infMag = f.special === 'ieee' && !saturate ? info.infCode : ovf;
  const nanCode = info.nanCode;
  const fnuz = f.special === 'fnuz';
  const n = u32.length;
  for (let i = 0; i < n; i++) {
    const u = u32[i];
    const s = u >>> 31;
    const ex = (u >>> 23) & 0xff;
    let mag: number;
    if (ex === 0xff) {
      if ((u & 0x7fffff) !== 0) {
        out[i] = fnuz ? nanCode : s ? nanCode + signVal : nanCode;
        continue;
      }
      mag = infMag;
    } else {
      let sig = u & 0x7fffff;
      let te: number;
      if (ex === 0) te = B - 126;
      else {
        sig |= 0x800000;
        te = ex - 127 + B;
      }
      let shift = 23 - M;
      let base = 0;
      if (te >= 1) base = (te - 1) * pow2M;
      else shift += 1 - te;
      if (shift >= 25) mag = 0;
      else if (shift === 0) mag = base + sig;
      else {
        let m = sig >>> shift;
        const rem = sig & ((1 << shift) - 1);
        const half = 1 << (shift - 1);
        if (rem > half || (rem === half && (m & 1) === 1)) m++;
        mag = base + m;
      }
      if (mag > maxCode) mag = ovf;
    }
    if (fnuz) out[i] = mag === nanCode ? mag : s && mag !== 0 ? mag + signVal : mag;
    else out[i] = s ? mag + signVal : mag;
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
    encodeF32Bits(info, new Uint32Array(src.buffer, src.byteOffset, src.length), dst, opts.saturate ?? false);
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
