/**
 * Fine-grained scaled quantization (DeepSeek-V3 FP8 recipe): per tile, scale = max(amax, floor) / format max
 * (floor 1e-4 on amax), optionally rounded up to a power of two (UE8M0); codes = RNE(x / scale), saturating;
 * dequantized = value(code) × scale. Scales are kept as FP32 (what travels with the data).
 */
import { allocCodes, type CodeArray, decodeTable, encodeMinifloat } from './codec.js';
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

/** Quantize then dequantize (the value a consumer of the low-precision tensor sees). */
export function fakeQuantizeScaled(x: Float32Array, shape: Shape2D, format: MinifloatFormat, tile: TileSpec, opts: ScaleOptions = {}, out?: Float32Array): Float32Array {
  return dequantizeScaled(quantizeScaled(x, shape, format, tile, opts), out);
}
