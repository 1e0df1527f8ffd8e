import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, Rng } from '../core/index.js';
import { bytesPerElement } from './bytes.js';
import { LOG_2_POW_32, decodeLogFmt, encodeLogFmt, fakeQuantizeLogFmt, logFmtBytes, logFmtIntervals, logFmtKExact, logFmtLevels, logFmtMeta } from './logfmt.js';

const ulp32 = (x: number) => {
  const a = Math.abs(Math.fround(x));
  if (a === 0) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
};

/** Tiles of 128 whose first two values pin the metadata (min, max) and whose other 126 are samples. */
function pinnedTiles(samples: Float64Array, amin: number, amax: number): Float32Array {
  const per = 126;
  const tiles = Math.ceil(samples.length / per);
  const x = new Float32Array(tiles * 128);
  for (let t = 0; t < tiles; t++) {
    x[t * 128] = amin;
    x[t * 128 + 1] = amax;
    for (let j = 0; j < per; j++) {
      const i = t * per + j;
      x[t * 128 + 2 + j] = i < samples.length ? samples[i] : amin;
    }
  }
  return x;
}

function sampleStats(x: Float32Array, y: Float32Array, n: number) {
  let sumErr = 0;
  let sumX = 0;
  let count = 0;
  for (let t = 0; t * 128 < x.length; t++)
    for (let j = 2; j < 128; j++) {
      const i = t * 128 + j;
      if (count >= n) break;
      sumErr += y[i] - x[i];
      sumX += Math.abs(x[i]);
      count++;
    }
  return { sumErr, sumX, count };
}

describe('LogFMT basics', () => {
  it('0 ↔ code 0, also −0 and zeros inside a non-zero tile', () => {
    const x = new Float32Array(128);
    x[3] = -0;
    x[5] = 2.5;
    x[6] = -1;
    const enc = encodeLogFmt(x, { rows: 1, cols: 128 }, { bits: 8 });
    expect(enc.codes[0]).toBe(0);
    expect(enc.codes[3]).toBe(0);
    const y = decodeLogFmt(enc);
    expect(Object.is(y[0], 0)).toBe(true);
    expect(Object.is(y[3], 0)).toBe(true);
    expect(enc.codes[5]).toBe(127); // max: K = 2^(n−1) − 1, positive
    expect(enc.codes[6]).toBe(0x80 | 1); // min, negative
  });
  it('all-zero tile: metadata (0, 0), codes 0, decodes to zeros', () => {
    const enc = encodeLogFmt(new Float32Array(256), { rows: 2, cols: 128 }, { bits: 8 });
    expect([...enc.meta]).toEqual([0, 0, 0, 0]);
    expect(enc.codes.every((c) => c === 0)).toBe(true);
    expect(decodeLogFmt(enc).every((v) => v === 0)).toBe(true);
  });
  it('constant tile: step 0, every non-zero value K = 1, decoded within float32 rounding', () => {
    const x = new Float32Array(128).fill(-3.25);
    x[7] = 0;
    const enc = encodeLogFmt(x, { rows: 1, cols: 128 }, { bits: 10 });
    expect(enc.meta[0]).toBe(enc.meta[1]);
    const y = decodeLogFmt(enc);
    for (let i = 0; i < 128; i++) {
      if (i === 7) expect(y[i]).toBe(0);
      else {
        expect(enc.codes[i]).toBe(0x200 | 1);
        expect(Math.abs(y[i] + 3.25)).toBeLessThanOrEqual(3.25 * 4 * 2 ** -23);
      }
    }
  });
  it('clamps the range to 2^32 and rounds values below the clamped min linearly between 0 and min', () => {
    const x = new Float32Array(128).fill(1);
    const m = logFmtMeta(1e-30, 1);
    expect(m.logMin).toBeCloseTo(-LOG_2_POW_32, 5);
    const minLevel = Math.exp(m.logMin);
    x[0] = 1e-30; // far below: → 0
    x[1] = Math.fround(minLevel * 0.49); // below half the min level → 0
    x[2] = Math.fround(minLevel * 0.51); // above half → min level (K = 1)
    x[3] = Math.fround(-minLevel * 0.75);
    const enc = encodeLogFmt(x, { rows: 1, cols: 128 }, { bits: 8 });
    expect(enc.meta[0]).toBe(m.logMin);
    expect([enc.codes[0], enc.codes[1], enc.codes[2], enc.codes[3]]).toEqual([0, 0, 1, 0x81]);
    expect(enc.codes[4]).toBe(127);
  });
  it('bytes: n bits + 2 × FP32 per tile', () => {
    expect(bytesPerElement('logfmt8', 128)).toBe(1.0625);
    expect(bytesPerElement('logfmt10', 128)).toBe(1.3125);
    const enc = encodeLogFmt(new Float32Array(1024).fill(1), { rows: 8, cols: 128 }, { bits: 8 });
    expect(logFmtBytes(enc)).toBe(1024 + 8 * 8);
  });
  it('n outside 4..16 is an InputError', () => {
    expect(() => encodeLogFmt(new Float32Array(128), { rows: 1, cols: 128 }, { bits: 3 })).toThrow(InputError);
    expect(() => encodeLogFmt(new Float32Array(128), { rows: 1, cols: 128 }, { bits: 17 })).toThrow(InputError);
  });
  it('a tile that does not divide the shape is an InputError', () => {
    expect(() => encodeLogFmt(new Float32Array(100), { rows: 1, cols: 100 }, { bits: 8 })).toThrow(/divides the tensor shape 1x100/);
  });
});

describe('LogFMT levels', () => {
  it('levels are strictly increasing for every n and the ends are the metadata', () => {
    for (let n = 4; n <= 16; n++) {
      const lv = logFmtLevels(n, -5.5, 2.25);
      expect(lv.length).toBe(2 ** (n - 1));
      expect(lv[0]).toBe(0);
      let violations = 0;
      for (let k = 1; k < lv.length; k++) if (!(lv[k] > lv[k - 1])) violations++;
      expect(violations).toBe(0);
      expect(lv[1]).toBe(Math.exp(-5.5));
      expect(lv[lv.length - 1]).toBeCloseTo(Math.exp(2.25), 12);
    }
  });
  it('unclamped tiles reproduce min and max within 1 ulp of the FP32 metadata (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 16 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 20, noNaN: true }), (n, seed, lo, span) => {
        const rng = new Rng(seed);
        const x = new Float32Array(128);
        for (let i = 0; i < 128; i++) x[i] = (rng.next() < 0.5 ? -1 : 1) * Math.exp(lo + span * rng.next());
        let amin = Infinity;
        let amax = 0;
        let iMin = 0;
        let iMax = 0;
        for (let i = 0; i < 128; i++) {
          const a = Math.abs(x[i]);
          if (a < amin) [amin, iMin] = [a, i];
          if (a > amax) [amax, iMax] = [a, i];
        }
        const enc = encodeLogFmt(x, { rows: 1, cols: 128 }, { bits: n });
        const y = decodeLogFmt(enc);
        const kMask = 2 ** (n - 1) - 1;
        // (when the step is below an FP32 ulp of ln(max), the max may land on the level next to K = max: still within 1 ulp)
        const okMin = Math.abs(Math.log(Math.abs(y[iMin])) - Math.log(amin)) <= ulp32(Math.log(amin)) + 2 ** -23;
        const okMax = Math.abs(Math.log(Math.abs(y[iMax])) - Math.log(amax)) <= ulp32(Math.log(amax)) + 2 ** -23;
        // decoded values are monotone in K
        let mono = true;
        const order = Array.from({ length: 128 }, (_, i) => i).sort((a, b) => (enc.codes[a] & kMask) - (enc.codes[b] & kMask));
        for (let i = 1; i < 128; i++) if (Math.abs(y[order[i]]) < Math.abs(y[order[i - 1]])) mono = false;
        return okMin && okMax && mono;
      }),
      { numRuns: 200 },
    );
  });
});

describe('LogFMT fast encoder equals the exact nearest-level encoder', () => {
  it('on random tiles of several distributions, n = 4..16, both roundings', () => {
    const rng = new Rng(7);
    let checked = 0;
    for (const rounding of ['linear', 'log'] as const)
      for (let n = 4; n <= 16; n++)
        for (let rep = 0; rep < 6; rep++) {
          const x = new Float32Array(512);
          for (let i = 0; i < x.length; i++) {
            const kind = rep % 3;
            x[i] = kind === 0 ? rng.normal() : kind === 1 ? Math.exp(8 * rng.normal()) * (rng.next() < 0.5 ? -1 : 1) : rng.next() < 0.1 ? 0 : rng.normal() * 1e-3;
          }
          const enc = encodeLogFmt(x, { rows: 4, cols: 128 }, { bits: n, rounding });
          for (let i = 0; i < x.length; i++) {
            const t = Math.floor(i / 128);
            const k = logFmtKExact(Math.abs(x[i]), n, enc.meta[2 * t], enc.meta[2 * t + 1], rounding);
            expect(enc.codes[i] & (2 ** (n - 1) - 1)).toBe(k);
            checked++;
          }
        }
    expect(checked).toBe(2 * 13 * 6 * 512);
  });
  it('on values exactly at the linear midpoints between levels (the hard cases)', () => {
    const n = 8;
    const x = new Float32Array(128);
    x[0] = 1;
    x[1] = Math.exp(10);
    const meta = logFmtMeta(1, Math.fround(Math.exp(10)));
    const lv = logFmtLevels(n, meta.logMin, meta.logMax);
    for (let j = 2; j < 128; j++) x[j] = (lv[j - 1] + lv[j]) / 2;
    const enc = encodeLogFmt(x, { rows: 1, cols: 128 }, { bits: n });
    for (let j = 0; j < 128; j++) expect(enc.codes[j]).toBe(logFmtKExact(x[j], n, enc.meta[0], enc.meta[1]));
  });
});

describe('LogFMT decode', () => {
  it('the tabulated LogFMT-8 decode matches fround(exp(min + step·(K−1))) within one float32 ulp, almost always exactly', () => {
    const rng = new Rng(21);
    const x = new Float32Array(128 * 800);
    for (let i = 0; i < x.length; i++) x[i] = rng.normal() * Math.exp(3 * rng.normal());
    const enc = encodeLogFmt(x, { rows: 800, cols: 128 }, { bits: 8 });
    const y = decodeLogFmt(enc);
    let differ = 0;
    for (let i = 0; i < x.length; i++) {
      const t = Math.floor(i / 128);
      const k = enc.codes[i] & 127;
      const step = (enc.meta[2 * t + 1] - enc.meta[2 * t]) / 126;
      const want = k === 0 ? 0 : Math.fround(Math.exp(enc.meta[2 * t] + step * (k - 1))) * (enc.codes[i] & 128 ? -1 : 1);
      if (y[i] !== want) {
        differ++;
        expect(Math.abs(y[i] - want)).toBeLessThanOrEqual(ulp32(want));
      }
    }
    expect(differ).toBeLessThanOrEqual(10);
  });
});

describe('LogFMT rounding bias', () => {
  it('uniform between two adjacent levels: mean signed error is zero within noise (1e6 samples)', () => {
    const n = 8;
    const amax = Math.fround(Math.exp(6));
    const meta = logFmtMeta(1, amax);
    const lv = logFmtLevels(n, meta.logMin, meta.logMax);
    const k = 70;
    const lo = lv[k];
    const hi = lv[k + 1];
    const N = 1_000_000;
    const rng = new Rng(11);
    const s = new Float64Array(N);
    for (let i = 0; i < N; i++) s[i] = lo + (hi - lo) * rng.next();
    const x = pinnedTiles(s, 1, amax);
    const y = fakeQuantizeLogFmt(x, { rows: 1, cols: x.length }, { bits: n });
    const { sumErr, count } = sampleStats(x, y, N);
    expect(count).toBe(N);
    const sigma = (hi - lo) / 2 / Math.sqrt(3); // error is ~uniform on ±(hi−lo)/2
    expect(Math.abs(sumErr / N)).toBeLessThan((4 * sigma) / Math.sqrt(N));
  });
  it('log-uniform data: linear-space rounding bias ≈ −s²/24 (within 10%), log-space rounding the opposite sign', () => {
    const n = 6; // L = 30 intervals
    const range = 9; // s = 0.3
    const L = logFmtIntervals(n);
    const amax = Math.fround(Math.exp(range));
    const meta = logFmtMeta(1, amax);
    const step = (meta.logMax - meta.logMin) / L;
    const N = 1_000_000;
    const rng = new Rng(12);
    const s = new Float64Array(N);
    for (let i = 0; i < N; i++) s[i] = Math.exp(range * rng.next());
    const x = pinnedTiles(s, 1, amax);
    const shape = { rows: 1, cols: x.length };
    const lin = sampleStats(x, fakeQuantizeLogFmt(x, shape, { bits: n }), N);
    const log = sampleStats(x, fakeQuantizeLogFmt(x, shape, { bits: n, rounding: 'log' }), N);
    const expected = -(step * step) / 24;
    const biasLin = lin.sumErr / lin.sumX;
    const biasLog = log.sumErr / log.sumX;
    expect(Math.abs(biasLin - expected)).toBeLessThan(0.1 * Math.abs(expected));
    expect(biasLog).toBeGreaterThan(0);
    expect(Math.abs(biasLog - (step * step) / 12)).toBeLessThan(0.1 * ((step * step) / 12));
  });
});
