/**
 * Closed forms of reference/system.md §5, for uniform chunk times. PP there counts *stages*; `devices`
 * here counts devices, so for DualPipeV PP = 2·devices and for interleaved the chunk times are those of
 * one virtual stage (F, B of a device's whole share are v times larger).
 *
 * - GPipe (PP−1)(F+B); 1F1B (PP−1)(F+B); ZB1P (PP−1)(F+B−2W);
 * - interleaved, v virtual stages per device: (P−1)(F_dev+B_dev)/v = (P−1)(F+B) with per-chunk F, B;
 * - DualPipe and DualPipeV: (PP/2−1)(F&B+B−3W).
 *
 * The simulator (bubble = makespan − busy, max over ranks) reproduces them exactly, and the tests assert it:
 * - GPipe, 1F1B, interleaved: for any F and B (and any M ≥ P);
 * - ZB1P: whenever W ≤ F and 2W ≤ B — every deferred W then fits a gap that 1F1B would leave idle; larger W
 *   spills past the last backward and the bubble grows (the formula would even reach zero or below);
 * - DualPipe and DualPipeV: whenever the input-gradient part of a backward takes as long as a forward
 *   (B − W = F), W ≤ F, and B ≤ F&B ≤ F + B — the regime the table is drawn for (e.g. F = 1, B = 2, W = 1,
 *   F&B = 2.5). There the correction is zero. Outside it the difference is not one closed form (it depends on
 *   which of the steps' waits binds), so the simulated timeline is the answer and the table an approximation.
 *
 * Peak activations (micro-batch × stage units, max over devices): PP for 1F1B and ZB1P, PP+1 for
 * DualPipe and DualPipeV (stages, so 2·devices+1 for DualPipeV), M for GPipe, and for interleaved
 * (v−1)·g + 2(P−1) + 1 where g is the first micro-batch group (⌈M/⌊M/P⌋⌉ micro-batches).
 */
import type { ScheduleMethod } from './ops.js';

export interface ClosedFormInput {
  method: ScheduleMethod;
  devices: number;
  microBatches: number;
  vstages?: number;
  fS: number;
  bS: number;
  wS: number;
  /** overlapped pair; default F + B */
  fbS?: number;
}

export interface ClosedForm {
  stages: number;
  bubbleS: number;
  /** stage parameter sets per device */
  paramCopies: number;
  /** peak live activations per device, micro-batch × stage units */
  activations: number;
  formula: string;
  /** When the simulated bubble equals `bubbleS` (uniform times, no communication). */
  regime: string;
}

const ANY = 'any F and B';

export function stagesOf(method: ScheduleMethod, devices: number, vstages = 2): number {
  if (method === 'dualpipev') return 2 * devices;
  if (method === 'interleaved') return devices * vstages;
  return devices;
}

export function closedForm(c: ClosedFormInput): ClosedForm {
  const P = c.devices;
  const v = c.vstages ?? 2;
  const { fS: F, bS: B, wS: W } = c;
  const FB = c.fbS ?? F + B;
  const PP = stagesOf(c.method, P, v);
  switch (c.method) {
    case 'gpipe':
      return { stages: PP, bubbleS: (PP - 1) * (F + B), paramCopies: 1, activations: c.microBatches, formula: '(PP−1)(F+B)', regime: ANY };
    case '1f1b':
      return { stages: PP, bubbleS: (PP - 1) * (F + B), paramCopies: 1, activations: PP, formula: '(PP−1)(F+B)', regime: ANY };
    case 'zb1p':
      return { stages: PP, bubbleS: (PP - 1) * (F + B - 2 * W), paramCopies: 1, activations: PP, formula: '(PP−1)(F+B−2W)', regime: 'W ≤ F and 2W ≤ B' };
    case 'interleaved': {
      const M = c.microBatches;
      const g = Math.ceil(M / Math.max(1, Math.floor(M / P)));
      return {
        stages: PP,
        bubbleS: ((P - 1) * (v * F + v * B)) / v,
        paramCopies: v,
        activations: Math.min((v - 1) * g + 2 * (P - 1) + 1, M * v),
        formula: '(P−1)(F+B)/v, F and B of a device share (v chunks)',
        regime: ANY,
      };
    }
    case 'dualpipe':
    case 'dualpipev':
      return { stages: PP, bubbleS: (PP / 2 - 1) * (FB + B - 3 * W), paramCopies: 2, activations: PP + 1, formula: '(PP/2−1)(F&B+B−3W)', regime: 'B − W = F, W ≤ F and B ≤ F&B ≤ F + B' };
  }
}
