/**
 * Numerics throughput, each beside a plain JavaScript index-loop copy of the same Float32Array in the same run
 * (ratio = copy time / case time, i.e. throughput as a fraction of a copy's):
 *  - FP8 E4M3 quantize + dequantize with 1×128 tiles and FP32 scales (target ≥ 0.15);
 *  - LogFMT-8 encode + decode with 1×128 tiles (target ≥ 0.03).
 * Data: an activation-like 32×7168 tensor (seed 1; 0.9 MB, so both sides run from cache and many repetitions
 * fit in a short time — best-of timing stays meaningful on a loaded 2-core machine).
 */
import { Rng } from '../src/core/index.js';
import { E4M3, TILE_1X128, fakeQuantizeLogFmt, fakeQuantizeScaled, generate } from '../src/numerics/index.js';
import { bestOf, rssBytes, type BenchCase, type BenchLine } from './harness.js';

const ROWS = 32;
const COLS = 7168;

function copyLoop(src: Float32Array, dst: Float32Array): number {
  for (let i = 0; i < src.length; i++) dst[i] = src[i];
  return dst[src.length - 1];
}

function line(name: string, x: Float32Array, run: (out: Float32Array) => void, target: number): BenchLine {
  const out = new Float32Array(x.length);
  const copyDst = new Float32Array(x.length);
  for (let i = 0; i < 10; i++) {
    copyLoop(x, copyDst);
    run(out);
  }
  const copy = bestOf(40, () => copyLoop(x, copyDst));
  const c = bestOf(40, () => run(out));
  const ratio = copy.timeS / c.timeS;
  return {
    name,
    timeS: c.timeS,
    rssBytes: rssBytes(),
    figures: {
      elements: String(x.length),
      copyMs: copy.timeS * 1000,
      nsPerElement: (c.timeS / x.length) * 1e9,
      throughputVsCopy: ratio,
    },
    budget: { text: `throughput ≥ ${target} × copy`, ok: ratio >= target },
  };
}

export const numericsBench: BenchCase = {
  module: 'numerics',
  run() {
    const x = generate('activation', ROWS, COLS, new Rng(1));
    const shape = { rows: ROWS, cols: COLS };
    return [
      line('FP8 E4M3 1x128 quantize+dequantize (32x7168)', x, (out) => void fakeQuantizeScaled(x, shape, E4M3, TILE_1X128, {}, out), 0.15),
      line('LogFMT-8 1x128 encode+decode (32x7168)', x, (out) => void fakeQuantizeLogFmt(x, shape, { bits: 8 }, out), 0.03),
    ];
  },
};
