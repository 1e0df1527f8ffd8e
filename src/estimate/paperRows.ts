/**
 * estimate's contribution to `coplane paper`: the §2.3.2 decode bound computed from its stated assumptions
 * (data/paper/decode-bound.json holds the printed values, compared in report/).
 */
import type { OurRow } from '../core/index.js';
import { PAPER_BOUND_IB, PAPER_BOUND_NVL72, paperBoundDecode } from './paperBound.js';

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

export function paperRows(): OurRow[] {
  return [...paperBoundRows()];
}
