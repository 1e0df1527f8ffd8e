import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bf16ToFloat32Array,
  decodeMinifloat,
  decodeScalar,
  e4m3ToFloat32Array,
  e5m2ToFloat32Array,
  encodeMinifloat,
  encodeScalar,
  float32ToBf16Array,
  float32ToE4m3Array,
  float32ToE5m2Array,
  float32ToFp16Array,
  fp16ToFloat32Array,
} from './codec.js';
import { BF16, E4M3, E4M3FNUZ, E5M2, E5M2FNUZ, E5M6, FP16, type MinifloatFormat, formatInfo } from './formats.js';

/** OCP FP8 spec (v1.0) values, written from the spec's tables, independent of formats.ts. */
function ocpE4m3(code: number): number {
  const s = code & 0x80 ? -1 : 1;
  const e = (code >> 3) & 0xf;
  const m = code & 7;
  if (e === 15 && m === 7) return NaN;
  return s * (e === 0 ? 2 ** -6 * (m / 8) : 2 ** (e - 7) * (1 + m / 8));
}
function ocpE5m2(code: number): number {
  const s = code & 0x80 ? -1 : 1;
  const e = (code >> 2) & 0x1f;
  const m = code & 3;
  if (e === 31) return m === 0 ? s * Infinity : NaN;
  return s * (e === 0 ? 2 ** -14 * (m / 4) : 2 ** (e - 15) * (1 + m / 4));
}

/**
 * Independent reference rounding: the sorted list of finite magnitudes plus one virtual value past the
 * maximum; nearest by float64 distance, ties to the even code; past the maximum = overflow.
 */
function makeRef(f: MinifloatFormat, valueOf: (mag: number) => number, maxMag: number, overflowIsInf: boolean) {
  const vals = new Float64Array(maxMag + 2);
  for (let c = 0; c <= maxMag; c++) vals[c] = valueOf(c);
  vals[maxMag + 1] = 2 * vals[maxMag] - vals[maxMag - 1];
  const signVal = 2 ** (f.expBits + f.manBits);
  const info = formatInfo(f);
  return (x: number, saturate: boolean): number | 'nan' => {
    if (Number.isNaN(x)) return 'nan';
    const neg = x < 0 || Object.is(x, -0);
    const a = Math.abs(x);
    let mag: number;
    if (a === Infinity) mag = maxMag + 1;
    else {
      let lo = 0;
      let hi = maxMag + 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (vals[mid] <= a) lo = mid;
        else hi = mid;
      }
      if (vals[lo] === a || lo === maxMag + 1) mag = lo;
      else {
        const dl = a - vals[lo];
        const dh = vals[lo + 1] - a;
        mag = dl < dh ? lo : dh < dl ? lo + 1 : lo % 2 === 0 ? lo : lo + 1;
      }
    }
    if (mag > maxMag) {
      if (saturate) mag = maxMag;
      else if (overflowIsInf) mag = info.infCode;
      else return 'nan';
    }
    return neg ? mag + signVal : mag;
  };
}

const pos = (g: (c: number) => number) => (mag: number) => g(mag);
const ieeeVal = (E: number, M: number, B: number) => (mag: number) => {
  const e = Math.floor(mag / 2 ** M);
  const m = mag % 2 ** M;
  return e === 0 ? 2 ** (1 - B) * (m / 2 ** M) : 2 ** (e - B) * (1 + m / 2 ** M);
};

const CASES: Array<{ f: MinifloatFormat; ref: ReturnType<typeof makeRef>; enc: (a: Float32Array, o?: undefined, p?: { saturate: boolean }) => ArrayLike<number> }> = [
  { f: E4M3, ref: makeRef(E4M3, pos(ocpE4m3), 0x7e, false), enc: float32ToE4m3Array },
  { f: E5M2, ref: makeRef(E5M2, pos(ocpE5m2), 0x7b, true), enc: float32ToE5m2Array },
  { f: BF16, ref: makeRef(BF16, ieeeVal(8, 7, 127), 0x7f7f, true), enc: float32ToBf16Array },
  { f: FP16, ref: makeRef(FP16, ieeeVal(5, 10, 15), 0x7bff, true), enc: float32ToFp16Array },
];

/** All 2^16 upper halves × the low halves that exercise ties and sticky bits. */
function exhaustiveF32(): Float32Array {
  const lows = [0, 1, 0x7fff, 0x8000, 0x8001, 0xffff];
  const u = new Uint32Array(65536 * lows.length);
  let k = 0;
  for (let hi = 0; hi < 65536; hi++) for (const lo of lows) u[k++] = ((hi << 16) | lo) >>> 0;
  return new Float32Array(u.buffer);
}

describe('FP8 decode matches the OCP FP8 specification', () => {
  it('all 256 E4M3 codes', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const got = e4m3ToFloat32Array(codes);
    for (let c = 0; c < 256; c++) expect(Object.is(got[c], ocpE4m3(c)) || (Number.isNaN(got[c]) && Number.isNaN(ocpE4m3(c)))).toBe(true);
    expect(got[0x7e]).toBe(448);
    expect(got[0x01]).toBe(2 ** -9);
    expect(got[0x08]).toBe(2 ** -6);
    expect(Object.is(got[0x80], -0)).toBe(true);
    expect([...got].filter(Number.isNaN).length).toBe(2);
    expect(formatInfo(E4M3).maxFinite).toBe(448);
  });
  it('all 256 E5M2 codes', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const got = e5m2ToFloat32Array(codes);
    for (let c = 0; c < 256; c++) {
      const want = ocpE5m2(c);
      expect(Number.isNaN(want) ? Number.isNaN(got[c]) : Object.is(got[c], want)).toBe(true);
    }
    expect(got[0x7b]).toBe(57344);
    expect(got[0x7c]).toBe(Infinity);
    expect(got[0xfc]).toBe(-Infinity);
    expect(got[0x01]).toBe(2 ** -16);
    expect([...got].filter(Number.isNaN).length).toBe(6);
  });
  it('BF16 and FP16 decode known codes', () => {
    expect([...bf16ToFloat32Array(Uint16Array.of(0x3f80, 0xc000, 0x7f80, 0x0001, 0x7f7f))]).toEqual([1, -2, Infinity, 2 ** -133, 3.3895313892515355e38]);
    expect([...fp16ToFloat32Array(Uint16Array.of(0x3c00, 0x7bff, 0x0001, 0xfc00, 0x0400))]).toEqual([1, 65504, 2 ** -24, -Infinity, 2 ** -14]);
  });
});

describe('float32 → FP8/BF16/FP16 rounding, exhaustive over upper halves × {0,1,7FFF,8000,8001,FFFF}', () => {
  const src = exhaustiveF32();
  for (const { f, ref, enc } of CASES) {
    for (const saturate of [false, true]) {
      it(`${f.name}${saturate ? ' saturating' : ''}`, () => {
        const got = enc(src, undefined, { saturate });
        const info = formatInfo(f);
        const signVal = 2 ** (f.expBits + f.manBits);
        let bad = 0;
        let firstBad = '';
        for (let i = 0; i < src.length; i++) {
          const want = ref(src[i], saturate);
          const g = got[i];
          const ok =
            want === 'nan'
              ? Number.isNaN(decodeScalar(f, g)) && (Number.isNaN(src[i]) ? (g >= signVal) === (src[i] < 0 || new Uint32Array(src.buffer, i * 4, 1)[0] >>> 31 === 1) : true)
              : g === want;
          if (!ok) {
            if (!bad) firstBad = `x=${src[i]} got=${g} want=${String(want)}`;
            bad++;
          }
        }
        expect(firstBad).toBe('');
        expect(bad).toBe(0);
        // the float64 scalar path agrees with the float32 bit path
        const viaF64 = encodeMinifloat(f, Float64Array.from(src.subarray(0, 65536 * 6)), undefined, { saturate });
        let diff = 0;
        for (let i = 0; i < viaF64.length; i++) if (viaF64[i] !== got[i]) diff++;
        expect(diff).toBe(0);
        // short arrays take the integer bit path, long ones the pair table (≤ 6 mantissa bits): same codes
        const chunked = new Uint32Array(src.length);
        for (let o = 0; o < src.length; o += 1000) {
          const part = encodeMinifloat(f, src.subarray(o, Math.min(src.length, o + 1000)), undefined, { saturate });
          chunked.set(part, o);
        }
        let diff2 = 0;
        for (let i = 0; i < src.length; i++) if (chunked[i] !== got[i]) diff2++;
        expect(diff2).toBe(0);
        expect(info.maxFiniteCode).toBeGreaterThan(0);
      });
    }
  }
});

describe('typed-array paths equal the exact scalar path for the other formats (exhaustive upper halves)', () => {
  const src = exhaustiveF32();
  const f64 = Float64Array.from(src);
  for (const f of [E4M3FNUZ, E5M2FNUZ, E5M6])
    for (const saturate of [false, true])
      it(`${f.name}${saturate ? ' saturating' : ''}`, () => {
        const fast = encodeMinifloat(f, src, undefined, { saturate });
        const exact = encodeMinifloat(f, f64, undefined, { saturate });
        let diff = 0;
        for (let i = 0; i < src.length; i++) if (fast[i] !== exact[i]) diff++;
        expect(diff).toBe(0);
      });
});

describe('encodeScalar against the reference on random doubles (fast-check)', () => {
  for (const { f, ref } of CASES) {
    it(f.name, () => {
      const info = formatInfo(f);
      fc.assert(
        fc.property(fc.oneof(fc.double(), fc.double({ min: -2 * info.maxFinite, max: 2 * info.maxFinite }), fc.double({ min: -4 * info.minNormal, max: 4 * info.minNormal })), fc.boolean(), (x, saturate) => {
          const want = ref(x, saturate);
          const got = encodeScalar(f, x, { saturate });
          return want === 'nan' ? Number.isNaN(decodeScalar(f, got)) : got === want;
        }),
        { numRuns: 3000 },
      );
    });
  }
});

describe('other formats', () => {
  it('E5M6 round-trips its own values and rounds ties to even', () => {
    const lut = new Float64Array(4096);
    for (let c = 0; c < 4096; c++) lut[c] = decodeScalar(E5M6, c);
    expect(formatInfo(E5M6).maxFinite).toBe(65024);
    for (let c = 0; c < 0x7c0; c++) expect(encodeScalar(E5M6, lut[c])).toBe(c);
    // halfway between 1 and 1 + 2^-6 goes to 1 (even), between 1+2^-6 and 1+2^-5 goes up
    expect(decodeScalar(E5M6, encodeScalar(E5M6, 1 + 2 ** -7))).toBe(1);
    expect(decodeScalar(E5M6, encodeScalar(E5M6, 1 + 3 * 2 ** -7))).toBe(1 + 2 ** -5);
  });
  it('E4M3FNUZ: NaN is 0x80, no negative zero, max 240', () => {
    expect(formatInfo(E4M3FNUZ).maxFinite).toBe(240);
    expect(encodeScalar(E4M3FNUZ, -0)).toBe(0);
    expect(encodeScalar(E4M3FNUZ, NaN)).toBe(0x80);
    expect(Number.isNaN(decodeScalar(E4M3FNUZ, 0x80))).toBe(true);
    expect(encodeScalar(E4M3FNUZ, 1000)).toBe(0x80);
    expect(encodeScalar(E4M3FNUZ, 1000, { saturate: true })).toBe(0x7f);
    expect(encodeScalar(E4M3FNUZ, -1e-30)).toBe(0);
  });
  it('E4M3 overflow: 464 ties to 448, above gives NaN or saturates; inf saturates to max', () => {
    expect(encodeScalar(E4M3, 464)).toBe(0x7e);
    expect(encodeScalar(E4M3, 464.0001)).toBe(0x7f);
    expect(encodeScalar(E4M3, -500, { saturate: true })).toBe(0xfe);
    expect(encodeScalar(E4M3, Infinity, { saturate: true })).toBe(0x7e);
    expect(encodeScalar(E5M2, Infinity)).toBe(0x7c);
    expect(encodeScalar(E5M2, 61440)).toBe(0x7c); // tie above max → inf (max is odd)
  });
  it('decodeMinifloat to Float64Array equals decodeScalar', () => {
    const codes = Uint16Array.from({ length: 4096 }, (_, i) => i);
    const out = decodeMinifloat(E5M6, codes, new Float64Array(4096));
    for (let c = 0; c < 4096; c++) expect(Object.is(out[c], decodeScalar(E5M6, c)) || Number.isNaN(out[c])).toBe(true);
  });
});
