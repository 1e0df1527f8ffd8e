/**
 * `coplane paper` rows for the reference/system.md §5 table. The table is symbolic; data/paper/schedule.json
 * holds its closed forms evaluated at one representative case, and here we *simulate* that case:
 * PP = 16 stages (DualPipeV: 8 devices), 64 micro-batches, chunk times F = 1, B = 2, W = 1, F&B = 2.5 — the
 * regime the table is drawn for (B − W = F, B ≤ F&B ≤ F + B; see closedForm.ts). Our closed-form value,
 * computed by closedForm(), is given in each row's note beside the simulated one.
 */
import type { OurRow } from '../core/index.js';
import { closedForm } from './closedForm.js';
import { generateSchedule } from './generate.js';
import type { ScheduleMethod } from './ops.js';
import { simulate } from './simulate.js';

export const PAPER_CASE = { stages: 16, microBatches: 64, fS: 1, bS: 2, wS: 1, fbS: 2.5 } as const;

export function paperRows(): OurRow[] {
  const { stages, microBatches, fS, bS, wS, fbS } = PAPER_CASE;
  const rows: OurRow[] = [];
  for (const method of ['1f1b', 'zb1p', 'dualpipe', 'dualpipev'] as ScheduleMethod[]) {
    const devices = method === 'dualpipev' ? stages / 2 : stages;
    const tl = simulate(generateSchedule(method, devices, microBatches), { fS, bS, wS, fbS });
    const cf = closedForm({ method, devices, microBatches, fS, bS, wS, fbS });
    const where = `simulated ${method}, ${devices} devices, ${tl.schedule.stages} stages, ${microBatches} micro-batches`;
    rows.push({
      id: `s5.bubble.${method}`,
      ours: tl.bubbleS,
      note: `${where}: bubble = max over ranks of (makespan ${tl.makespanS} − busy); closed form ${cf.formula} = ${cf.bubbleS}.`,
    });
    rows.push({ id: `s5.params.${method}`, ours: tl.paramCopies, note: `${where}: stage parameter sets held per device.` });
    rows.push({
      id: `s5.activations.${method}`,
      ours: tl.peakActivations,
      note: `${where}: peak live activations over devices (F start to W end, or B end when W is not deferred); closed form ${cf.activations}.`,
    });
  }
  return rows;
}
