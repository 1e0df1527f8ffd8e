import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decompose } from './components.js';
import { FlowSetBuilder, type FlowSet } from './flows.js';
import { MaxMinSolver } from './maxmin.js';
import { IDLE, RateSolver, RUNNING } from './solver.js';

function build(paths: Array<Array<[number, number]>>): FlowSet {
  const b = new FlowSetBuilder();
  for (const p of paths) {
    b.add(0, 1, 1);
    for (const [l, c] of p) b.use(l, c);
  }
  return b.finish();
}

/** Cold reference rates of the given flows. */
function reference(fs: FlowSet, cap: Float64Array, flows: number[]): Float64Array {
  const rate = new Float64Array(fs.count);
  new MaxMinSolver(cap.length).solve(Int32Array.from(flows), flows.length, fs, cap, rate);
  return rate;
}

const instance = fc.record({
  caps: fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 1, maxLength: 10 }),
  flows: fc.array(fc.array(fc.tuple(fc.nat(), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
  unit: fc.boolean(),
  round: fc.array(fc.nat(3), { minLength: 40, maxLength: 40 }),
});

describe('rate solver (components, buckets, warm restarts)', () => {
  it('a GPU→NIC link faster than the NIC port it feeds is dominated and dropped; the port stays', () => {
    // link 0: 64 (PCIe) feeding link 1: 50 (NIC port); link 2 carries a second flow on the port only.
    const fs = build([[[0, 1], [1, 1]], [[1, 1], [2, 1]]]);
    const cm = decompose(fs, Float64Array.of(64, 50, 50));
    expect(cm.slotOf[0]).toBe(-1);
    expect(cm.slotOf[1]).toBeGreaterThanOrEqual(0);
    // link 2 (50) is dominated by link 1 (50): every flow on it crosses link 1 at the same capacity
    expect(cm.slotOf[2]).toBe(-1);
    expect(cm.count).toBe(1);
    // two equal links carrying the same flows: exactly one is kept
    const twin = decompose(build([[[0, 1], [1, 1]]]), Float64Array.of(5, 5));
    expect((twin.slotOf[0] >= 0 ? 1 : 0) + (twin.slotOf[1] >= 0 ? 1 : 0)).toBe(1);
  });

  it('property: cold solves, then warm restarts after rounds of removals, give the reference rates', () => {
    fc.assert(
      fc.property(instance, ({ caps: c, flows: fl, unit, round }) => {
        const cap = Float64Array.from(c);
        const fs = build(fl.map((p) => p.map(([l, k]) => [l % cap.length, unit ? 1 : k] as [number, number])));
        const cm = decompose(fs, cap);
        const solver = new RateSolver(fs, cap, cm);
        const act = new Int32Array(cm.flowAt.length);
        const count = new Int32Array(cm.count);
        for (let p = 0; p < cm.flowAt.length; p++) {
          const comp = cm.compOf[cm.flowAt[p]];
          act[cm.flowStart[comp] + count[comp]++] = p;
          solver.flag[p] = RUNNING;
        }
        let running = Array.from({ length: fs.count }, (_, f) => f).filter((f) => cm.compOf[f] >= 0);
        const kStar = new Int32Array(cm.count);
        for (let r = 0; r <= 4 && running.length > 0; r++) {
          for (let comp = 0; comp < cm.count; comp++) {
            if (count[comp] > 0 && (r === 0 || kStar[comp] < 0x7fffffff)) solver.solve(comp, act, cm.flowStart[comp], count[comp], r === 0 ? 0 : kStar[comp], r === 0);
          }
          const ref = reference(fs, cap, running);
          for (const f of running) {
            const got = solver.rate[cm.posOf[f]];
            expect(Math.abs(got - ref[f])).toBeLessThanOrEqual(1e-9 * ref[f] + 1e-300);
          }
          // Flow f leaves after round round[f]: mark it finished and note the first step each component lost.
          kStar.fill(0x7fffffff);
          for (const f of running) {
            if (round[f % round.length] !== r) continue;
            const p = cm.posOf[f];
            const comp = cm.compOf[f];
            kStar[comp] = Math.min(kStar[comp], solver.state[p]);
            solver.flag[p] = IDLE;
            solver.retire(comp);
          }
          running = running.filter((f) => round[f % round.length] !== r);
          for (let comp = 0; comp < cm.count; comp++) {
            let m = 0;
            for (let k = 0; k < count[comp]; k++) {
              const p = act[cm.flowStart[comp] + k];
              if (solver.flag[p] !== IDLE) act[cm.flowStart[comp] + m++] = p;
            }
            count[comp] = m;
            if (m === 0) solver.clear(comp);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
