import fc from 'fast-check';
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

describe('closed forms hold over their regimes (fast-check, uniform times, no communication)', () => {
  const t8 = fc.integer({ min: 1, max: 16 }).map((k) => k / 8);
  const pp = fc.integer({ min: 1, max: 8 }).map((h) => 2 * h);
  const extra = fc.integer({ min: 0, max: 4 });

  it('GPipe, 1F1B and interleaved (v = 2, 3): any F, B', () => {
    fc.assert(
      fc.property(pp, extra, t8, t8, fc.constantFrom(2, 3), (P, e, F, B, v) => {
        const M = 2 * P + e;
        expect(simulate(generateSchedule('gpipe', P, M), { fS: F, bS: B }).bubbleS).toBeCloseTo((P - 1) * (F + B), 9);
        expect(simulate(generateSchedule('1f1b', P, M), { fS: F, bS: B }).bubbleS).toBeCloseTo((P - 1) * (F + B), 9);
        expect(simulate(generateSchedule('interleaved', P, M, { vstages: v }), { fS: F, bS: B }).bubbleS).toBeCloseTo((P - 1) * (F + B), 9);
      }),
      { numRuns: 30, seed: 2 },
    );
  });

  it('ZB1P: (PP−1)(F+B−2W) whenever W ≤ F and 2W ≤ B (the deferred Ws fit the 1F1B gaps)', () => {
    fc.assert(
      fc.property(pp, extra, t8, t8, fc.double({ min: 0, max: 1, noNaN: true }), (P, e, F, B, u) => {
        const W = Math.min(F, B / 2) * u;
        const tl = simulate(generateSchedule('zb1p', P, 2 * P + e), { fS: F, bS: B, wS: W });
        expect(tl.bubbleS).toBeCloseTo((P - 1) * (F + B - 2 * W), 9);
      }),
      { numRuns: 30, seed: 3 },
    );
  });

  it('DualPipe and DualPipeV: (PP/2−1)(F&B+B−3W) whenever B − W = F, W ≤ F and B ≤ F&B ≤ F+B', () => {
    fc.assert(
      fc.property(pp, extra, t8, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 8 }), (P, e, F, wk, fk) => {
        const W = (F * wk) / 8;
        const B = F + W;
        const FB = B + (F * fk) / 8;
        const M = 2 * P + 2 * e;
        const t = { fS: F, bS: B, wS: W, fbS: FB };
        const want = (P / 2 - 1) * (FB + B - 3 * W);
        expect(simulate(generateSchedule('dualpipe', P, M), t).bubbleS).toBeCloseTo(want, 9);
        expect(simulate(generateSchedule('dualpipev', P / 2, M), t).bubbleS).toBeCloseTo(want, 9);
      }),
      { numRuns: 30, seed: 4 },
    );
  });
});
