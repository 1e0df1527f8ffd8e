/**
 * This module's rows for `coplane paper` (published values live only in data/paper/numerics.json).
 *
 * - FP8 GEMM at K = 4096 for each accumulation variant, without promotion (paper: "nearly 2%" maximum
 *   relative error, distribution and definition unpublished) and with promotion every N_C = 128 (claim: the
 *   fix; holds when the error drops ≥ 10×). Data: 32×4096 · 4096×32, uniform(0,1), seed 1; per-tensor scales
 *   without promotion, 1×128 / 128×128 block scales applied at each promotion (gemm.ts).
 * - LogFMT-8 vs E4M3/E5M2 and LogFMT-10 vs BF16 on an activation-like 64×7168 tensor (seed 1), 1×128 tiles,
 *   compared by SNR. The paper's claims are about training loss; per-tensor error only approximates them.
 *   "About as accurate" is read as: SNR within 6 dB of BF16's (RMSE within a factor 2).
 * - EP dispatch bytes per token: FP8 with 1×128 FP32 scales vs BF16 for hidden size 7168.
 */
import { Rng, type OurRow } from '../core/index.js';
import { bytesPerElement } from './bytes.js';
import { compareFormats } from './compare.js';
import { type AccumVariant, runGemm, variantName } from './gemm.js';
import { generate } from './generators.js';
import { TILE_1X128 } from './tiles.js';

export const PAPER_GEMM = { m: 32, n: 32, k: 4096, seed: 1, promote: 128 } as const;
export const GEMM_VARIANTS: readonly AccumVariant[] = [
  { accum: 'fp22', bits: 13, accInAlign: false, promote: 0 },
  { accum: 'fp22', bits: 13, accInAlign: true, promote: 0 },
  { accum: 'fp22', bits: 14, accInAlign: false, promote: 0 },
  { accum: 'fp22', bits: 14, accInAlign: true, promote: 0 },
];
export const LOGFMT_CLAIM_SHAPE = { rows: 64, cols: 7168 } as const;
export const LOGFMT10_SNR_BAND_DB = 6;
export const DISPATCH_HIDDEN = 7168;

const pct = (x: number) => Number((x * 100).toPrecision(4));

export function gemmPaperRows(): OurRow[] {
  const { m, n, k, seed, promote } = PAPER_GEMM;
  const runs = GEMM_VARIANTS.map((v) => ({
    v,
    base: runGemm({ m, n, k, dist: 'uniform', seed, variant: v }),
    promoted: runGemm({ m, n, k, dist: 'uniform', seed, variant: { ...v, promote } }),
  }));
  // reported, not tuned: which variant's error is closest to the paper's "nearly 2%" (log distance)
  const nearest = runs.reduce((a, b) => (Math.abs(Math.log(b.base.maxRelErr / 0.02)) < Math.abs(Math.log(a.base.maxRelErr / 0.02)) ? b : a));
  const rows: OurRow[] = [];
  for (const { v, base, promoted } of runs) {
    const ratio = base.maxRelErr / promoted.maxRelErr;
    const id = variantName(v);
    rows.push({
      id: `numerics.gemm.k4096.${id}`,
      ours: pct(base.maxRelErr),
      note:
        `Variant ${id}, no promotion: max relative error ${pct(base.maxRelErr)}% (mean ${pct(base.meanRelErr)}%); ${base.definition}. ` +
        `Not tuned toward 2%; of the ${runs.length} variants ${variantName(nearest.v)} lands nearest (${pct(nearest.base.maxRelErr)}%).`,
    });
    rows.push({
      id: `numerics.gemm.k4096.${id}.nc128`,
      ours: pct(promoted.maxRelErr),
      claimHolds: ratio >= 10,
      note: `Promotion to FP32 every ${promote}: max relative error ${pct(promoted.maxRelErr)}%, ${ratio.toFixed(1)}× lower than without (claim holds when ≥ 10×); same draws, ${promoted.definition}.`,
    });
  }
  return rows;
}

export function logFmtPaperRows(): OurRow[] {
  const { rows, cols } = LOGFMT_CLAIM_SHAPE;
  const x = generate('activation', rows, cols, new Rng(1));
  const r = compareFormats(x, { rows, cols }, { formats: ['logfmt8', 'e4m3', 'e5m2', 'logfmt10', 'bf16'], tile: TILE_1X128 });
  const snr = Object.fromEntries(r.map((row) => [row.format, row.snrDb]));
  const d = (v: number) => v.toFixed(2);
  const diff10 = snr.logfmt10 - snr.bf16;
  const data = `activation-like ${rows}x${cols} tensor (outlier channels 10–100×, per-token scales; seed 1), 1×128 tiles`;
  return [
    {
      id: 'numerics.logfmt8.vs-fp8',
      ours: Number(d(snr.logfmt8)),
      claimHolds: snr.logfmt8 > snr.e4m3 && snr.logfmt8 > snr.e5m2,
      note: `SNR dB on ${data}: LogFMT-8 ${d(snr.logfmt8)}, E4M3 ${d(snr.e4m3)}, E5M2 ${d(snr.e5m2)}. The paper's claim is about training loss; per-tensor error only approximates it.`,
    },
    {
      id: 'numerics.logfmt10.vs-bf16',
      ours: Number(d(diff10)),
      claimHolds: Math.abs(diff10) <= LOGFMT10_SNR_BAND_DB,
      note: `SNR dB on ${data}: LogFMT-10 ${d(snr.logfmt10)}, BF16 ${d(snr.bf16)} (difference ${d(diff10)} dB; "about as accurate" read as within ±${LOGFMT10_SNR_BAND_DB} dB). The paper's claim is about training loss; per-tensor error only approximates it.`,
    },
  ];
}

export function dispatchPaperRows(): OurRow[] {
  const fp8 = DISPATCH_HIDDEN * bytesPerElement('e4m3', 128);
  const bf16 = DISPATCH_HIDDEN * bytesPerElement('bf16');
  const saving = (1 - fp8 / bf16) * 100;
  return [
    {
      id: 'numerics.dispatch.fp8-saving',
      ours: Number(saving.toFixed(2)),
      note: `A ${DISPATCH_HIDDEN}-value token: FP8 ${fp8} B (7168 B + ${DISPATCH_HIDDEN / 128} FP32 scales) vs BF16 ${bf16} B = ${saving.toFixed(2)}% less; the paper rounds to 50%.`,
    },
  ];
}

export function paperRows(): OurRow[] {
  return [...gemmPaperRows(), ...logFmtPaperRows(), ...dispatchPaperRows()];
}
