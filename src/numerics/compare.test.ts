import { describe, expect, it } from 'vitest';
import { InputError, Rng } from '../core/index.js';
import { compareFormats, parseFormatList } from './compare.js';
import { generate } from './generators.js';
import { TILE_1X128, TILE_TENSOR } from './tiles.js';

describe('compareFormats', () => {
  const shape = { rows: 16, cols: 1024 };
  const x = generate('activation', shape.rows, shape.cols, new Rng(1));
  it('gives one row per format with bytes per element and ordered errors', () => {
    const rows = compareFormats(x, shape, { formats: ['fp32', 'bf16', 'e4m3', 'e5m2', 'logfmt8', 'logfmt16'], tile: TILE_1X128 });
    const by = Object.fromEntries(rows.map((r) => [r.format, r]));
    expect(rows.map((r) => r.format)).toEqual(['fp32', 'bf16', 'e4m3', 'e5m2', 'logfmt8', 'logfmt16']);
    expect(by.fp32.rmse).toBe(0);
    expect(by.fp32.tile).toBe('none');
    expect(by.bf16.bytesPerElement).toBe(2);
    expect(by.e4m3.bytesPerElement).toBe(1.03125);
    expect(by.e4m3.tile).toBe('1x128');
    expect(by.logfmt8.bytesPerElement).toBe(1.0625);
    // BF16 RNE: relative error at most half an ulp, 2^-8
    expect(by.bf16.relErrMax).toBeLessThanOrEqual(2 ** -8);
    expect(by.bf16.relErrMax).toBeGreaterThan(2 ** -9);
    // E4M3 normal range: at most 2^-4 relative
    expect(by.e4m3.relErrMax).toBeLessThanOrEqual(2 ** -4 + 1e-6);
    expect(by.e4m3.snrDb).toBeGreaterThan(by.e5m2.snrDb);
    expect(by.logfmt16.snrDb).toBeGreaterThan(by.bf16.snrDb);
    expect(by.e4m3.cosine).toBeGreaterThan(0.9999);
  });
  it('per-tensor scale costs almost nothing in bytes', () => {
    const [row] = compareFormats(x, shape, { formats: ['e4m3'], tile: TILE_TENSOR });
    expect(row.bytesPerElement).toBe(1 + 4 / (16 * 1024));
    expect(row.tile).toBe('tensor');
  });
  it('rejects unknown formats, empty lists and non-dividing tiles', () => {
    expect(() => parseFormatList('e4m3,int4')).toThrow(InputError);
    expect(() => parseFormatList(' , ')).toThrow(InputError);
    expect(() => compareFormats(x, shape, { formats: ['e4m3'], tile: { rows: 3, cols: 128 } })).toThrow(/divides/);
  });
});
