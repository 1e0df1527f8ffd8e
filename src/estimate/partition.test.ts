import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedPartition, uniformPartition, type PartitionUnit } from './partition.js';

const units = (ws: number[]): PartitionUnit[] => ws.map((w, i) => ({ name: `u${i}`, isLayer: true, weightS: w }));

function bruteMinMax(ws: number[], stages: number): number {
  let best = Infinity;
  const rec = (start: number, left: number, cur: number) => {
    if (left === 1) {
      best = Math.min(best, Math.max(cur, ws.slice(start).reduce((a, b) => a + b, 0)));
      return;
    }
    for (let end = start + 1; end <= ws.length - left + 1; end++) rec(end, left - 1, Math.max(cur, ws.slice(start, end).reduce((a, b) => a + b, 0)));
  };
  rec(0, stages, 0);
  return best;
}

describe('pipeline partition', () => {
  it('balanced: the largest stage is the brute-force optimum, every stage non-empty and contiguous', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 9 }), fc.integer({ min: 1, max: 9 }), (ws, k) => {
        const stages = Math.min(k, ws.length);
        const p = balancedPartition(units(ws), stages);
        expect(Math.max(...p.stageWeightS)).toBe(bruteMinMax(ws, stages));
        expect(p.bounds[0][0]).toBe(0);
        expect(p.bounds[stages - 1][1]).toBe(ws.length);
        for (let s = 0; s < stages; s++) expect(p.bounds[s][1]).toBeGreaterThan(p.bounds[s][0]);
      }),
      { numRuns: 200 },
    );
  });

  it('balanced: equal weights split evenly, and 61 layers + head + MTP over 16 stages', () => {
    expect(balancedPartition(units([1, 1, 1, 1, 1, 1]), 3).layersPerStage).toEqual([2, 2, 2]);
    const u: PartitionUnit[] = [{ name: 'embedding', isLayer: false, weightS: 0.01 }, ...units(new Array(61).fill(1)), { name: 'head', isLayer: false, weightS: 2.5 }, { name: 'mtp', isLayer: false, weightS: 3.7 }];
    const p = balancedPartition(u, 16);
    expect(p.layersPerStage.reduce((a, b) => a + b, 0)).toBe(61);
    expect(Math.max(...p.stageWeightS)).toBeLessThanOrEqual(5 + 1e-9);
  });

  it('uniform: refuses layers that do not divide', () => {
    expect(uniformPartition(units(new Array(8).fill(1)), 4).layersPerStage).toEqual([2, 2, 2, 2]);
    expect(() => uniformPartition(units(new Array(61).fill(1)), 16)).toThrow(/61 layers do not divide into 16/);
  });
});
