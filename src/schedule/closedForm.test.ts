import { describe, expect, it } from 'vitest';
import { closedForm } from './closedForm.js';
import { generateSchedule } from './generate.js';
import type { ScheduleMethod } from './ops.js';
import { simulate } from './simulate.js';

/** Even PP from 2 to 64, micro-batches {2PP, 2PP+2, 4PP}. */
const GRID: [number, number][] = [];
for (let P = 2; P <= 64; P += 2) for (const M of [2 * P, 2 * P + 2, 4 * P]) GRID.push([P, M]);

const T = { fS: 1, bS: 2, wS: 1 };

function sweep(method: ScheduleMethod, fbS?: number, vstages?: number, maxP = 64) {
  const bad: string[] = [];
  for (const [P, M] of GRID) {
    if (P > maxP) continue;
    const s = generateSchedule(method, P, M, { vstages });
    const tl = simulate(s, { ...T, fbS });
    const cf = closedForm({ method, devices: P, microBatches: M, vstages, ...T, fbS });
    const got = { stages: s.stages, bubble: tl.bubbleS, act: tl.peakActivations, params: tl.paramCopies };
    const want = { stages: cf.stages, bubble: cf.bubbleS, act: cf.activations, params: cf.paramCopies };
    if (Math.abs(got.bubble - want.bubble) > 1e-9 || got.act !== want.act || got.params !== want.params || got.stages !== want.stages)
      bad.push(`P=${P} M=${M}: got ${JSON.stringify(got)}, closed form ${JSON.stringify(want)}`);
  }
  return bad;
}

describe('simulated bubble, activations and parameter copies equal the closed forms (uniform times, no communication)', () => {
  it('grid has 96 cases', () => expect(GRID.length).toBe(96));
  it('GPipe: (PP−1)(F+B)', () => expect(sweep('gpipe')).toEqual([]));
  it('1F1B: (PP−1)(F+B), PP activations, 1× params', () => expect(sweep('1f1b')).toEqual([]));
  it('ZB1P: (PP−1)(F+B−2W), PP activations, 1× params', () => expect(sweep('zb1p')).toEqual([]));
  it('interleaved, v = 2: (P−1)(F+B)/v with device-share times', () => expect(sweep('interleaved', undefined, 2)).toEqual([]));
  it('DualPipe, F&B = 2.5: (PP/2−1)(F&B+B−3W), PP+1 activations, 2× params', () => expect(sweep('dualpipe', 2.5)).toEqual([]));
  it('DualPipeV (PP = 2·devices stages), F&B = 2.5: (PP/2−1)(F&B+B−3W), PP+1 activations, 2× params', () =>
    expect(sweep('dualpipev', 2.5)).toEqual([]));
  it('DualPipe and DualPipeV: the correction is zero over B ≤ F&B ≤ F+B (F&B = 2 and 3, PP ≤ 32)', () => {
    expect(sweep('dualpipe', 2, undefined, 32)).toEqual([]);
    expect(sweep('dualpipe', 3, undefined, 32)).toEqual([]);
    expect(sweep('dualpipev', 2, undefined, 32)).toEqual([]);
    expect(sweep('dualpipev', 3, undefined, 32)).toEqual([]);
  });
  it('DualPipe and DualPipeV: also exact at F = 1.5, B = 2, W = 0.5 (B − W = F), F&B ∈ {2, 3.5}, PP ≤ 16', () => {
    for (const fbS of [2, 3.5])
      for (const [P, M] of GRID.filter(([P]) => P <= 16))
        for (const method of ['dualpipe', 'dualpipev'] as const) {
          const t = { fS: 1.5, bS: 2, wS: 0.5, fbS };
          const got = simulate(generateSchedule(method, P, M), t).bubbleS;
          expect(got, `${method} P=${P} M=${M} F&B=${fbS}`).toBeCloseTo(closedForm({ method, devices: P, microBatches: M, ...t }).bubbleS, 9);
        }
  });
  it('interleaved with v = 4 on a smaller grid', () => {
    for (const [P, M] of GRID.filter(([P]) => P <= 16)) {
      const tl = simulate(generateSchedule('interleaved', P, M, { vstages: 4 }), { fS: 0.25, bS: 0.5, wS: 0.25 });
      expect(tl.bubbleS).toBeCloseTo((P - 1) * (1 + 2) / 4, 9);
    }
  });
  it('closed-form values at one point', () => {
    const c = (method: ScheduleMethod, devices: number) => closedForm({ method, devices, microBatches: 64, fS: 1, bS: 2, wS: 1, fbS: 2.5 });
    expect(c('1f1b', 16).bubbleS).toBe(45);
    expect(c('zb1p', 16).bubbleS).toBe(15);
    expect(c('dualpipe', 16).bubbleS).toBe(10.5);
    expect(c('dualpipev', 8).bubbleS).toBe(10.5);
    expect(c('dualpipev', 8).stages).toBe(16);
    expect(c('dualpipe', 16).activations).toBe(17);
  });
});
