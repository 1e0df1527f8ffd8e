/**
 * Fine-grained scaled quantization (DeepSeek-V3 FP8 recipe): per tile, scale = max(amax, floor) / format max
 * (floor 1e-4 on amax), optionally rounded up to a power of two (UE8M0); codes = RNE(x / scale), saturating;
 * dequantized = value(code) × scale. Scales are kept as FP32 (what travels with the data).
 */
import { allocCodes, type CodeArray, decodeTable, encodeF32BitsInto, encodeMinifloat, encodeWithPairTable, fastPathOk, pairTable } from './codec.js';
import { type MinifloatFormat, formatInfo } from './formats.js';
import { type Shape2D, type TileSpec, type Tiling, forEachTileSegment, makeTiling } from './tiles.js';
import { ceilPow2 } from './ue8m0.js';

export const AMAX_FLOOR = 1e-4;

export interface ScaleOptions {
  /** Round each scale up to a power of two (UE8M0). Default false. */
  pow2?: boolean;
  /** Floor on amax before dividing by the format max. Default 1e-4. */
  amaxFloor?: number;
  /** Allow partial edge tiles instead of requiring the tile to divide the shape. */
  partial?: boolean;
}

export interface ScaledTensor {
  format: MinifloatFormat;
  tiling: Tiling;
  codes: CodeArray;
  /** One FP32 scale per tile, tile index = tileRow × nTileCols + tileCol. */
  scales: Float32Array;
}

/** Per-tile amax of |x|. */
export function tileAmax(x: Float32Array, tiling: Tiling, out = new Float64Array(tiling.count)): Float64Array {
  out.fill(0);
  forEachTileSegment(tiling, (tile, off, len) => {
    let m = out[tile];
    for (let i = off; i < off + len; i++) {
      const a = Math.abs(x[i]);
      if (a > m) m = a;
    }
    out[tile] = m;
  });
  return out;
}

/** The FP32 scale for a tile with the given amax. */
export function scaleFor(amax: number, format: MinifloatFormat, opts: ScaleOptions = {}): number {
  const s = Math.max(amax, opts.amaxFloor ?? AMAX_FLOOR) / formatInfo(format).maxFinite;
  return Math.fround(opts.pow2 ? ceilPow2(s) : s);
}

/** Quantize a row-major tensor with one scale per tile. */
export function quantizeScaled(x: Float32Array, shape: Shape2D, format: MinifloatFormat, tile: TileSpec, opts: ScaleOptions = {}): ScaledTensor {
  if (x.length !== shape.rows * shape.cols) throw new RangeError(`quantizeScaled: ${x.length} values for shape ${shape.rows}x${shape.cols}`);
  const tiling = makeTiling(shape, tile, { partial: opts.partial });
  const amax = tileAmax(x, tiling);
  const scales = new Float32Array(tiling.count);
  for (let t = 0; t < tiling.count; t++) scales[t] = scaleFor(amax[t], format, opts);
  const scaled = new Float32Array(x.length);
  forEachTileSegment(tiling, (tile, off, len) => {
    const s = scales[tile];
    for (let i = off; i < off + len; i++) scaled[i] = x[i] / s;
  });
  const codes = encodeMinifloat(format, scaled, allocCodes(format, x.length), { saturate: true });
  return { format, tiling, codes, scales };
}

export function dequantizeScaled(q: ScaledTensor, out: Float32Array = new Float32Array(q.codes.length)): Float32Array {
  const lut = decodeTable(q.format);
  const codes = q.codes;
  forEachTileSegment(q.tiling, (tile, off, len) => {
    const s = q.scales[tile];
    for (let i = off; i < off + len; i++) out[i] = lut[codes[i]] * s;
  });
  return out;
}

/**
 * Quantize then dequantize (the value a consumer of the low-precision tensor sees). Fused per tile segment
 * through a small scratch buffer, so no full-size code array is allocated; identical results to
 * dequantizeScaled(quantizeScaled(...)).
 */
export function fakeQuantizeScaled(x: Float32Array, shape: Shape2D, format: MinifloatFormat, tile: TileSpec, opts: ScaleOptions = {}, out?: Float32Array): Float32Array {
  if (x.length !== shape.rows * shape.cols) throw new RangeError(`fakeQuantizeScaled: ${x.length} values for shape ${shape.rows}x${shape.cols}`);
  const info = formatInfo(format);
  if (!fastPathOk(format)) return dequantizeScaled(quantizeScaled(x, shape, format, tile, opts), out);
  const dst = out ?? new Float32Array(x.length);
  const tiling = makeTiling(shape, tile, { partial: opts.partial });
  const segLen = Math.min(tiling.tileCols, shape.cols);
  const scratch = new Float32Array(segLen);
  const bits = new Uint32Array(scratch.buffer);
  const codes = allocCodes(format, segLen);
  const lut = decodeTable(format);
  const pair = pairTable(format, true);
  const run = (off: number, len: number, sc: number) => {
    for (let j = 0; j < len; j++) scratch[j] = x[off + j] / sc;
    if (pair) encodeWithPairTable(pair, bits, len, codes, 0);
    else encodeF32BitsInto(info, bits, len, codes, 0, true);
    for (let j = 0; j < len; j++) dst[off + j] = lut[codes[j]] * sc;
  };
  if (tiling.tileRows === 1) {
    // one segment per tile: amax, scale and codes while the segment is in cache
    const fmax = info.maxFinite;
    const floor = opts.amaxFloor ?? AMAX_FLOOR;
    for (let r = 0; r < shape.rows; r++)
      for (let c0 = 0; c0 < shape.cols; c0 += segLen) {
        const off = r * shape.cols + c0;
        const len = Math.min(segLen, shape.cols - c0);
        let m = 0;
        for (let j = off; j < off + len; j++) {
          const a = Math.abs(x[j]);
          if (a > m) m = a;
        }
        run(off, len, opts.pow2 ? scaleFor(m, format, opts) : Math.fround(Math.max(m, floor) / fmax));
      }
    return dst;
  }
  const amax = tileAmax(x, tiling);
  const scales = new Float64Array(tiling.count);
  for (let t = 0; t < tiling.count; t++) scales[t] = scaleFor(amax[t], format, opts);
  forEachTileSegment(tiling, (t, off, len) => run(off, len, scales[t]));
  return dst;
}
