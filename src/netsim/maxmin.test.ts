import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowSetBuilder, type FlowSet } from './flows.js';
import { MaxMinSolver } from './maxmin.js';

function solveAll(fs: FlowSet, cap: Float64Array): Float64Array {
  const rate = new Float64Array(fs.count);
  const list = Int32Array.from({ length: fs.count }, (_, i) => i);
  new MaxMinSolver(cap.length).solve(list, fs.count, fs, cap, rate);
  return rate;
}

function flows(paths: Array<Array<[number, number]>>): FlowSet {
  const b = new FlowSetBuilder();
  for (const p of paths) {
    b.add(0, 1, 1);
    for (const [l, c] of p) b.use(l, c);
  }
  return b.finish();
}

describe('max-min fair rates (progressive filling)', () => {
  it('textbook: one long flow over two links, one short flow on each', () => {
    const r = solveAll(flows([[[0, 1], [1, 1]], [[0, 1]], [[1, 1]]]), Float64Array.of(1, 1));
    expect(Array.from(r)).toEqual([0.5, 0.5, 0.5]);
  });

  it('textbook: the tighter link freezes first, the other flow takes the rest', () => {
    const r = solveAll(flows([[[0, 1], [1, 1]], [[0, 1]], [[1, 1]]]), Float64Array.of(10, 4));
    expect(Array.from(r)).toEqual([2, 8, 2]);
  });

  it('textbook: three flows on a chain of three links (Bertsekas–Gallager)', () => {
    // links cap 1,1,1; flow 0 over all, flows 1..3 one link each → all 0.5
    const r = solveAll(flows([[[0, 1], [1, 1], [2, 1]], [[0, 1]], [[1, 1]], [[2, 1]]]), Float64Array.of(1, 1, 1));
    expect(Array.from(r)).toEqual([0.5, 0.5, 0.5, 0.5]);
    // with link 2 of capacity 3: flow 3 gets 2.5
    const r2 = solveAll(flows([[[0, 1], [1, 1], [2, 1]], [[0, 1]], [[1, 1]], [[2, 1]]]), Float64Array.of(1, 1, 3));
    expect(Array.from(r2)).toEqual([0.5, 0.5, 0.5, 2.5]);
  });

  it('a split flow loads each path with its fraction', () => {
    // flow 0 split 50/50 over links 0 and 1 (cap 1 each), flow 1 on link 0 only
    const r = solveAll(flows([[[0, 0.5], [1, 0.5]], [[0, 1]]]), Float64Array.of(1, 1));
    // level λ: link 0: 0.5λ + λ = 1 → λ = 2/3 for both
    expect(r[0]).toBeCloseTo(2 / 3, 14);
    expect(r[1]).toBeCloseTo(2 / 3, 14);
  });

  it('a flow on no finite link is unconstrained', () => {
    const r = solveAll(flows([[], [[0, 1]]]), Float64Array.of(5));
    expect(r[0]).toBe(Infinity);
    expect(r[1]).toBe(5);
  });

  it('property: no link over capacity, and every flow crosses a saturated link where its rate is the largest', () => {
    const inst = fc
      .record({
        caps: fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
        flows: fc.array(fc.array(fc.tuple(fc.nat(), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 25 }),
        unitCoef: fc.boolean(),
      })
      .map(({ caps, flows: fl, unitCoef }) => ({
        caps: Float64Array.from(caps),
        paths: fl.map((p) => p.map(([l, c]) => [l % caps.length, unitCoef ? 1 : c] as [number, number])),
      }));
    fc.assert(
      fc.property(inst, ({ caps, paths }) => {
        const fs = flows(paths);
        const r = solveAll(fs, caps);
        const load = new Float64Array(caps.length);
        const maxRate = new Float64Array(caps.length);
        for (let f = 0; f < fs.count; f++)
          for (let u = fs.useOffset[f]; u < fs.useOffset[f + 1]; u++) {
            load[fs.useLink[u]] += (fs.useCoef ? fs.useCoef[u] : 1) * r[f];
            maxRate[fs.useLink[u]] = Math.max(maxRate[fs.useLink[u]], r[f]);
          }
        for (let l = 0; l < caps.length; l++) expect(load[l]).toBeLessThanOrEqual(caps[l] * (1 + 1e-9));
        for (let f = 0; f < fs.count; f++) {
          let ok = false;
          for (let u = fs.useOffset[f]; u < fs.useOffset[f + 1]; u++) {
            const l = fs.useLink[u];
            if (load[l] >= caps[l] * (1 - 1e-9) && r[f] >= maxRate[l] * (1 - 1e-9)) ok = true;
          }
          expect(ok).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
