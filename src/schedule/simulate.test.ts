import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { checkSchedule } from './legality.js';
import { generateSchedule } from './generate.js';
import { OP_B, OP_F, OP_FB, OP_W, SCHEDULE_METHODS, type ScheduleMethod } from './ops.js';
import { busiestRankPhases, rankPhases } from './phases.js';
import { peakActivationWeight, peakActivations, simulate } from './simulate.js';
import { pairS, resolveTimes } from './times.js';

describe('timeline simulator', () => {
  it('GPipe with one micro-batch: makespan = Σ F + Σ B + 2(P−1)(latency + bytes/bandwidth)', () => {
    const P = 5;
    const fS = [1, 2, 3, 4, 5];
    const bS = [2, 3, 4, 5, 6];
    const tl = simulate(generateSchedule('gpipe', P, 1), { fS, bS, p2pLatencyS: 0.25, p2pBytesPerS: 100, activationBytes: 50 });
    expect(tl.makespanS).toBeCloseTo(15 + 20 + 2 * 4 * 0.75, 12);
  });

  it('GPipe with p2p latency c: bubble = (P−1)(F+B+2c); 1F1B pays at least that', () => {
    for (const P of [2, 4, 8]) {
      const t = { fS: 1, bS: 2, p2pLatencyS: 0.125 };
      expect(simulate(generateSchedule('gpipe', P, 3 * P), t).bubbleS).toBeCloseTo((P - 1) * (3 + 0.25), 12);
      expect(simulate(generateSchedule('1f1b', P, 3 * P), t).bubbleS).toBeGreaterThanOrEqual((P - 1) * (3 + 0.25) - 1e-12);
    }
  });

  it('per-stage times: the slowest stage sets the 1F1B steady rate', () => {
    // stage 2 twice as slow: makespan ≥ M·(F2+B2)
    const tl = simulate(generateSchedule('1f1b', 4, 32), { fS: [1, 1, 2, 1], bS: [2, 2, 4, 2] });
    expect(tl.makespanS).toBeGreaterThanOrEqual(32 * 6);
    expect(tl.busyS[2]).toBe(32 * 6);
    expect(tl.busyS[0]).toBe(32 * 3);
  });

  it('overlapped pair: max(f+b, fComm+bComm) by default, or the override', () => {
    const t = resolveTimes({ fS: [1, 2], bS: [2, 3], wS: 1, fCommS: [4, 0], bCommS: [1, 5] }, 2);
    expect(pairS(t, 0, 1)).toBe(9); // comm 4 + 5 > compute 1 + 3
    expect(pairS(t, 1, 0)).toBe(4); // compute 2 + 2 > comm 0 + 1
    expect(pairS(resolveTimes({ fS: 1, bS: 2, fbS: (a, b) => 10 * a + b }, 2), 1, 0)).toBe(10);
    expect(t.fOp[0]).toBe(5);
    expect(t.bZbOp[1]).toBe(3 - 1 + 5);
  });

  it('weighted peak activations: unit weights give the counts; DualPipe rank r weighs stages r and P−1−r', () => {
    const s = generateSchedule('dualpipe', 8, 32);
    expect(Array.from(peakActivationWeight(s, new Float64Array(8).fill(1)))).toEqual(Array.from(peakActivations(s)));
    // weight only stage 0: rank 0 holds stream 0's stage 0, rank 7 stream 1's stage 0
    const w = peakActivationWeight(s, [1, 0, 0, 0, 0, 0, 0, 0]);
    expect(w[0]).toBeGreaterThan(0);
    expect(w[7]).toBe(w[0]);
    expect(Array.from(w.slice(1, 7))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects negative, NaN and inconsistent times with InputError', () => {
    expect(() => resolveTimes({ fS: -1, bS: 1 }, 2)).toThrow(InputError);
    expect(() => resolveTimes({ fS: NaN, bS: 1 }, 2)).toThrow(InputError);
    expect(() => resolveTimes({ fS: [1], bS: 1 }, 2)).toThrow(/one value per stage/);
    expect(() => resolveTimes({ fS: 1, bS: 1, wS: 2 }, 2)).toThrow(/at most the full backward/);
    expect(() => resolveTimes({ fS: 1, bS: 1, p2pBytesPerS: 0 }, 2)).toThrow(InputError);
  });

  it('property: every op starts after its inputs and its rank’s previous op; busy sums; phases sum to the makespan', () => {
    const methods = SCHEDULE_METHODS;
    fc.assert(
      fc.property(
        fc.constantFrom(...methods),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (method: ScheduleMethod, half, extra, [f, b, wFrac, fb], lat) => {
          const P = 2 * half;
          const M = 2 * P + 2 * extra;
          const s = generateSchedule(method, P, M, { vstages: 2 });
          expect(checkSchedule(s).ok).toBe(true);
          const S = s.stages;
          const fS = Array.from({ length: S }, (_, i) => f * (1 + (i % 3) / 4));
          const bS = fS.map((x) => x * (1 + b / 3));
          const wS = bS.map((x) => (x * wFrac) / 3);
          const tl = simulate(s, { fS, bS, wS, fbS: fb, p2pLatencyS: lat });
          const fEnd = new Map<number, number>();
          const bEnd = new Map<number, number>();
          for (let r = 0; r < P; r++) {
            const o = s.ranks[r];
            for (let i = 0; i < o.length; i++) {
              if (i > 0) expect(tl.startS[r][i]).toBeGreaterThanOrEqual(tl.endS[r][i - 1]);
              const k = o.kind[i];
              if (k === OP_F || k === OP_FB) fEnd.set(o.mb[i] * S + o.stage[i], tl.endS[r][i]);
              if (k === OP_B) bEnd.set(o.mb[i] * S + o.stage[i], tl.endS[r][i]);
              if (k === OP_FB) bEnd.set(o.mb2[i] * S + o.stage2[i], tl.endS[r][i]);
            }
          }
          for (let r = 0; r < P; r++) {
            const o = s.ranks[r];
            let busy = 0;
            for (let i = 0; i < o.length; i++) {
              const k = o.kind[i];
              busy += tl.endS[r][i] - tl.startS[r][i];
              const st = o.stage[i];
              const cell = o.mb[i] * S + st;
              const place = s.rankOfStage[s.mbStream[o.mb[i]]];
              if ((k === OP_F || k === OP_FB) && st > 0)
                expect(tl.startS[r][i]).toBeGreaterThanOrEqual((fEnd.get(cell - 1) ?? Infinity) + (place[st - 1] === r ? 0 : lat) - 1e-9);
              if (k === OP_B && st < S - 1)
                expect(tl.startS[r][i]).toBeGreaterThanOrEqual((bEnd.get(cell + 1) ?? Infinity) + (place[st + 1] === r ? 0 : lat) - 1e-9);
              if (k === OP_W) expect(tl.startS[r][i]).toBeGreaterThanOrEqual(bEnd.get(cell) ?? Infinity);
            }
            expect(busy).toBeCloseTo(tl.busyS[r], 9);
            const ph = rankPhases(tl, r);
            expect(ph.warmupS + ph.steadyS + ph.cooldownS + ph.wTailS + ph.idleS).toBeCloseTo(tl.makespanS, 9);
            expect(ph.idleS).toBeCloseTo(tl.bubblePerRankS[r], 9);
          }
          expect(tl.bubbleS).toBeCloseTo(Math.max(...tl.bubblePerRankS), 12);
          expect(busiestRankPhases(tl).idleS).toBeCloseTo(tl.makespanS - Math.max(...tl.busyS), 9);
        },
      ),
      { numRuns: 40, seed: 1 },
    );
  });
});
