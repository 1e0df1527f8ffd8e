/**
 * estimate's contribution to `coplane paper`: the §2.3.2 decode bound computed from its stated assumptions
 * (data/paper/decode-bound.json holds the printed values, compared in report/).
 */
import type { OurRow } from '../core/index.js';
import { modelPreset } from '../model/index.js';
import { estimateInference } from './infer.js';
import { PAPER_BOUND_IB, PAPER_BOUND_NVL72, paperBoundDecode } from './paperBound.js';
import { paperDecodeScenario } from './paperScenarios.js';
import { commForScenario } from './provider.js';

const US = 1e6;
const MS = 1e3;

export function paperBoundRows(): OurRow[] {
  const ib = paperBoundDecode(PAPER_BOUND_IB);
  const nvl = paperBoundDecode(PAPER_BOUND_NVL72);
  const how = '(1 B + 2 B) × 32 tokens × 9 experts × 7000 / link bandwidth; × 2 micro-batches; × 61 layers';
  return [
    { id: 'decode-bound.comm.ib', ours: ib.commS * US, note: `${how}; 50 GB/s. With hidden 7168 instead of 7000: ${((ib.commS * 7168) / 7000 * US).toFixed(2)} µs.` },
    { id: 'decode-bound.layer.ib', ours: ib.layerS * US },
    { id: 'decode-bound.tpot.ib', ours: ib.tpotS * MS },
    { id: 'decode-bound.tps.ib', ours: ib.tokensPerSPerUser, note: 'Communication only: latency and compute ignored, as in the paper.' },
    { id: 'decode-bound.comm.nvl72', ours: nvl.commS * US, note: `${how}; 900 GB/s (one direction of NVL72's 1.8 TB/s).` },
    { id: 'decode-bound.tpot.nvl72', ours: nvl.tpotS * MS },
    { id: 'decode-bound.tps.nvl72', ours: nvl.tokensPerSPerUser, note: 'Purely theoretical, as the paper says.' },
  ];
}

/** MTP on the report's decode deployment: tokens per step, and the full-model speedup with verification costs. */
export function mtpRows(): OurRow[] {
  const arch = modelPreset('deepseek-v3');
  const run = (a: number) => {
    const s = paperDecodeScenario(a);
    return estimateInference({ scenario: s, locate: () => s.name }, arch, { comm: commForScenario(s, 'closed-form') });
  };
  const at80 = run(0.8);
  const at85 = run(0.85);
  const at90 = run(0.9);
  const m = at85.mtp!;
  return [
    { id: 'mtp.tokens-per-step', ours: at80.mtp!.tokensPerStep, note: '1 + acceptance for one MTP module: an upper bound on the speedup.' },
    {
      id: 'mtp.speedup',
      ours: m.speedup,
      note:
        `EP320 decode, 32 sequences per GPU, 5000-token context: ${at80.mtp!.speedup.toFixed(2)}× at 80%, ${m.speedup.toFixed(2)}× at 85%, ${at90.mtp!.speedup.toFixed(2)}× at 90%. ` +
        `Below 1 + a because verifying 2 tokens per sequence doubles the absorbed-MLA attention work (compute-bound at 128 heads over a 5000-token cache) and the all-to-all bytes, and the draft adds the MTP block and a head: ` +
        `step ${(m.stepWithoutMtpS * 1e3).toFixed(1)} ms → ${(at85.stepS * 1e3).toFixed(1)} ms.`,
    },
  ];
}

export function paperRows(): OurRow[] {
  return [...paperBoundRows(), ...mtpRows()];
}
