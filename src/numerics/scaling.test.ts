import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, Rng } from '../core/index.js';
import { bytesPerElement, parseFormatName } from './bytes.js';
import { decodeScalar } from './codec.js';
import { E4M3, E5M2 } from './formats.js';
import { generate } from './generators.js';
import { dequantizeScaled, fakeQuantizeScaled, quantizeScaled, scaleFor } from './scaling.js';
import { TILE_128X128, TILE_1X128, TILE_ROW, TILE_TENSOR, makeTiling, parseTile } from './tiles.js';
import { ceilPow2, decodeUe8m0, encodeUe8m0 } from './ue8m0.js';

describe('tiles', () => {
  it('parses tile names and counts tiles', () => {
    expect(parseTile('1x128')).toEqual(TILE_1X128);
    expect(parseTile('128×128')).toEqual(TILE_128X128);
    expect(parseTile('tensor')).toEqual(TILE_TENSOR);
    expect(parseTile('row')).toEqual(TILE_ROW);
    expect(() => parseTile('1x')).toThrow(InputError);
    expect(() => parseTile('0x128')).toThrow(InputError);
    const t = makeTiling({ rows: 256, cols: 512 }, TILE_128X128);
    expect([t.nTileRows, t.nTileCols, t.count]).toEqual([2, 4, 8]);
    expect(makeTiling({ rows: 3, cols: 384 }, TILE_1X128).count).toBe(9);
    expect(makeTiling({ rows: 7, cols: 7 }, TILE_TENSOR).count).toBe(1);
  });
  it('a tile that does not divide the shape is an InputError unless partial', () => {
    expect(() => makeTiling({ rows: 4, cols: 200 }, TILE_1X128)).toThrow(/divides the tensor shape 4x200/);
    const t = makeTiling({ rows: 300, cols: 200 }, TILE_128X128, { partial: true });
    expect([t.nTileRows, t.nTileCols]).toEqual([3, 2]);
  });
});

describe('fine-grained scaling', () => {
  it('scale = max(amax, 1e-4) / 448 as FP32; pow2 rounds it up', () => {
    expect(scaleFor(448, E4M3)).toBe(1);
    expect(scaleFor(0, E4M3)).toBe(Math.fround(1e-4 / 448));
    expect(scaleFor(57344 * 3, E5M2)).toBe(3);
    expect(scaleFor(449, E4M3, { pow2: true })).toBe(2);
    expect(scaleFor(448, E4M3, { pow2: true })).toBe(1);
  });
  it('UE8M0 encodes 2^ceil(log2 s)', () => {
    expect(encodeUe8m0(1)).toBe(127);
    expect(encodeUe8m0(1.0000001)).toBe(128);
    expect(encodeUe8m0(0.75)).toBe(127);
    expect(decodeUe8m0(encodeUe8m0(3))).toBe(4);
    expect(ceilPow2(2 ** -20)).toBe(2 ** -20);
    expect(Number.isNaN(decodeUe8m0(255))).toBe(true);
    fc.assert(fc.property(fc.double({ min: 1e-30, max: 1e30, noNaN: true }), (s) => {
      const p = ceilPow2(s);
      return p >= s && p / 2 < s;
    }));
  });
  it('1x128 tiles: one scale per tile, the tile max maps to ±448, error within half an E4M3 step', () => {
    const rng = new Rng(3);
    const shape = { rows: 4, cols: 256 };
    const x = generate('activation', shape.rows, shape.cols, rng);
    const q = quantizeScaled(x, shape, E4M3, TILE_1X128);
    expect(q.scales.length).toBe(8);
    const y = dequantizeScaled(q);
    for (let t = 0; t < 8; t++) {
      let amax = 0;
      for (let i = 0; i < 128; i++) amax = Math.max(amax, Math.abs(x[t * 128 + i]));
      expect(q.scales[t]).toBe(Math.fround(amax / 448));
      for (let i = 0; i < 128; i++) {
        const v = x[t * 128 + i];
        const code = q.codes[t * 128 + i];
        expect(Math.abs(decodeScalar(E4M3, code & 0x7f))).toBeLessThanOrEqual(448);
        // relative step of E4M3 is 2^-3; absolute step at the subnormal end is 2^-9 · scale
        const tol = Math.max(Math.abs(v) * 2 ** -4, 2 ** -10 * q.scales[t]) * (1 + 1e-6);
        expect(Math.abs(y[t * 128 + i] - v)).toBeLessThanOrEqual(tol);
      }
    }
  });
  it('128x128 blocks with partial edges, and per-tensor / per-row scales', () => {
    const rng = new Rng(4);
    const shape = { rows: 130, cols: 260 };
    const x = generate('gaussian', shape.rows, shape.cols, rng);
    const q = quantizeScaled(x, shape, E4M3, TILE_128X128, { partial: true });
    expect(q.scales.length).toBe(2 * 3);
    const pt = quantizeScaled(x, shape, E4M3, TILE_TENSOR);
    expect(pt.scales.length).toBe(1);
    const pr = quantizeScaled(x, shape, E4M3, TILE_ROW);
    expect(pr.scales.length).toBe(130);
    expect(() => quantizeScaled(x, shape, E4M3, TILE_128X128)).toThrow(InputError);
  });
  it('the fused fake-quantizer equals dequantize(quantize(x)) for every tile shape, format and scale kind', () => {
    const rng = new Rng(8);
    const shape = { rows: 256, cols: 384 };
    const x = generate('student-t', shape.rows, shape.cols, rng);
    for (const f of [E4M3, E5M2])
      for (const tile of [TILE_1X128, TILE_128X128, TILE_ROW, TILE_TENSOR])
        for (const pow2 of [false, true]) {
          const a = fakeQuantizeScaled(x, shape, f, tile, { pow2 });
          const b = dequantizeScaled(quantizeScaled(x, shape, f, tile, { pow2 }));
          let diff = 0;
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
          expect(diff).toBe(0);
        }
  });
  it('power-of-two scales give exact dequantization of representable values', () => {
    const x = Float32Array.from({ length: 128 }, (_, i) => (i % 2 ? -1 : 1) * 2 ** ((i % 9) - 4));
    const y = fakeQuantizeScaled(x, { rows: 1, cols: 128 }, E4M3, TILE_1X128, { pow2: true });
    expect([...y]).toEqual([...x]);
  });
});

describe('bytes per element', () => {
  it('FP8 with FP32 1x128 scales, BF16, LogFMT and the dispatch token', () => {
    expect(bytesPerElement('e4m3', 128)).toBe(1.03125);
    expect(bytesPerElement('e4m3', 128, 1)).toBe(1 + 1 / 128);
    expect(bytesPerElement('e4m3', { rows: 128, cols: 128 })).toBe(1 + 4 / 16384);
    expect(bytesPerElement('bf16')).toBe(2);
    expect(bytesPerElement('e5m6')).toBe(1.5);
    expect(bytesPerElement('fp32')).toBe(4);
    expect(bytesPerElement('logfmt8', 128)).toBe(1.0625);
    expect(7168 * bytesPerElement('e4m3', 128)).toBe(7392);
    expect(7168 * bytesPerElement('bf16')).toBe(14336);
    expect(() => parseFormatName('e3m4')).toThrow(InputError);
    expect(() => parseFormatName('logfmt20')).toThrow(/n from 4 to 16/);
  });
});
