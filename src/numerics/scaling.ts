/**
 * Fine-grained scaled quantization (DeepSeek-V3 FP8 recipe): per tile, scale = max(amax, floor) / format max
 * (floor 1e-4 on amax), optionally rounded up to a power of two (UE8M0); codes = RNE(x / scale), saturating;
 * dequantized = value(code) × scale. Scales are kept as FP32 (what travels with the data).
 */
import { allocCodes, type CodeArray, decodeTable, encodeF32BitsInto, encodeMinifloat, fastPathOk, pairTable } from './codec.js';
import { type MinifloatFormat, formatInfo } from './formats.js';
import { type Shape2D, type TileSpec, type Tiling, makeTiling, tileSegments } from './tiles.js';
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
  const seg = tileSegments(tiling);
  for (let s = 0; s < seg.count; s++) {
    const t = seg.tile[s];
    const off = seg.offset[s];
    const end = off + seg.length[s];
    let m = out[t];
    for (let i = off; i < end; i++) {
      const a = Math.abs(x[i]);
      m = a > m ? a : m;
    }
    out[t] = m;
  }
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
  const seg = tileSegments(tiling);
  for (let k = 0; k < seg.count; k++) {
    const s = scales[seg.tile[k]];
    const off = seg.offset[k];
    const end = off + seg.length[k];
    for (let i = off; i < end; i++) scaled[i] = x[i] / s;
  }
  const codes = encodeMinifloat(format, scaled, allocCodes(format, x.length), { saturate: true });
  return { format, tiling, codes, scales };
}

export function dequantizeScaled(q: ScaledTensor, out: Float32Array = new Float32Array(q.codes.length)): Float32Array {
  const lut = decodeTable(q.format);
  const codes = q.codes;
  const seg = tileSegments(q.tiling);
  for (let k = 0; k < seg.count; k++) {
    const s = q.scales[seg.tile[k]];
    const off = seg.offset[k];
    const end = off + seg.length[k];
    for (let i = off; i < end; i++) out[i] = lut[codes[i]] * s;
  }
  return out;
}

/** x / sc rounded to float32, encoded through the pair table and decoded, for one segment (no code array). */
function fakeSegmentPair(x: Float32Array, dst: Float32Array, off: number, len: number, sc: number, scratch: Float32Array, sbits: Int32Array, lut: Float64Array, pair: Uint8Array | Uint16Array): void {
  for (let j = 0; j < len; j++) scratch[j] = x[off + j] / sc;
  for (let j = 0; j < len; j++) {
    const u = sbits[j];
    dst[off + j] = lut[pair[((u >>> 15) & 0x1fffe) | (((u & 0xffff) + 0xffff) >>> 16)]] * sc;
  }
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
  const sbits = new Int32Array(scratch.buffer);
  const codes = allocCodes(format, segLen);
  const lut = decodeTable(format);
  const pair = pairTable(format, true);
  const run = (off: number, len: number, sc: number) => {
    if (pair) fakeSegmentPair(x, dst, off, len, sc, scratch, sbits, lut, pair);
    else {
      for (let j = 0; j < len; j++) scratch[j] = x[off + j] / sc;
      encodeF32BitsInto(info, bits, len, codes, 0, true);
      for (let j = 0; j < len; j++) dst[off + j] = lut[codes[j]] * sc;
    }
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
          m = a > m ? a : m;
        }
        run(off, len, opts.pow2 ? scaleFor(m, format, opts) : Math.fround(Math.max(m, floor) / fmax));
      }
    return dst;
  }
  const amax = tileAmax(x, tiling);
  const scales = new Float64Array(tiling.count);
  for (let t = 0; t < tiling.count; t++) scales[t] = scaleFor(amax[t], format, opts);
  const seg = tileSegments(tiling);
  for (let k = 0; k < seg.count; k++) run(seg.offset[k], seg.length[k], scales[seg.tile[k]]);
  return dst;
}
