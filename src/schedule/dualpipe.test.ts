import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dualPipe, dualPipeV } from './dualpipe.js';
import { OP_B, OP_COMMIT, OP_F, OP_FB, OP_NAMES, OP_W, type Schedule } from './ops.js';
import { opCounts, rankPhases } from './phases.js';
import { simulate } from './simulate.js';

type Rec = Record<string, unknown>;
interface GoldenCase {
  pp: number;
  chunks: number;
  ranks: Rec[][];
  step_counts: Record<string, number>[];
  counts: { ops: Record<string, number> }[];
}
const GOLDEN = join(import.meta.dirname, '..', '..', 'test', 'golden');
const load = (name: string) => JSON.parse(readFileSync(join(GOLDEN, name), 'utf8')) as { cases: GoldenCase[] };

/** Our ops in the golden file's vocabulary (local phase, stream phase, micro-batch index in its stream). */
function records(s: Schedule, r: number): Rec[] {
  const dual = s.method === 'dualpipe';
  const N = dual ? s.microBatches / 2 : s.microBatches;
  const second = dual && r >= s.devices / 2 ? 1 : 0;
  const gphaseOf = (mb: number, stage: number) => (dual ? s.mbStream[mb] : stage < s.devices ? 0 : 1);
  const desc = (mb: number, stage: number) => {
    const g = gphaseOf(mb, stage);
    return { phase: g ^ second, gphase: g, mb: mb - (dual ? g * N : 0) };
  };
  const ops = s.ranks[r];
  const out: Rec[] = [];
  for (let i = 0; i < ops.length; i++) {
    const k = ops.kind[i];
    const step = ops.step[i];
    if (k === OP_COMMIT) out.push({ op: 'commit', n: ops.peer[i], step });
    else if (k === OP_FB) {
      const f = desc(ops.mb[i], ops.stage[i]);
      const b = desc(ops.mb2[i], ops.stage2[i]);
      out.push({ op: 'FB', f_phase: f.phase, f_gphase: f.gphase, f_mb: f.mb, b_phase: b.phase, b_gphase: b.gphase, b_mb: b.mb, step });
    } else if (k === OP_B) out.push({ op: 'B', ...desc(ops.mb[i], ops.stage[i]), zb: ops.zb[i] === 1, step });
    else if (k === OP_F || k === OP_W) out.push({ op: OP_NAMES[k], ...desc(ops.mb[i], ops.stage[i]), step });
    else out.push({ op: OP_NAMES[k], ...desc(ops.mb[i], ops.stage[i]), peer: ops.peer[i], step });
  }
  return out;
}

describe('DualPipe reproduces DeepSeek’s per-rank op sequences', () => {
  const golden = load('dualpipe-schedules.json');
  it('has the six recorded cases', () => expect(golden.cases.length).toBe(6));
  for (const c of golden.cases) {
    it(`pp=${c.pp} chunks=${c.chunks}: every rank, op for op`, () => {
      const s = dualPipe(c.pp, c.chunks);
      for (let r = 0; r < c.pp; r++) expect(records(s, r)).toEqual(c.ranks[r]);
    });
  }
});

describe('DualPipeV reproduces DeepSeek’s per-rank op sequences', () => {
  const golden = load('dualpipev-schedules.json');
  it('has the five recorded cases', () => expect(golden.cases.length).toBe(5));
  for (const c of golden.cases) {
    it(`pp=${c.pp} chunks=${c.chunks}: every rank, op for op`, () => {
      const s = dualPipeV(c.pp, c.chunks);
      for (let r = 0; r < c.pp; r++) expect(records(s, r)).toEqual(c.ranks[r]);
    });
  }
});

describe('DualPipe per-rank counts follow the formulas (reference README invariants)', () => {
  it('golden step counts equal 2(H−h−1), h+1, H−h−1, N−P+h+1, H−h−1, h+1, H−h−1, h+1', () => {
    for (const c of load('dualpipe-schedules.json').cases) {
      const P = c.pp;
      const H = P / 2;
      const N = c.chunks / 2;
      c.step_counts.forEach((sc, r) => {
        const h = Math.min(r, P - 1 - r);
        expect(Object.values(sc)).toEqual([2 * (H - h - 1), h + 1, H - h - 1, N - P + h + 1, H - h - 1, h + 1, H - h - 1, h + 1]);
      });
    }
  });

  it('F, B, FB, W, zero-bubble B, messages and per-step compute ops for P ≤ 32', () => {
    for (let P = 2; P <= 32; P += 2)
      for (const C of [2 * P, 2 * P + 2, 4 * P]) {
        const s = dualPipe(P, C);
        const H = P / 2;
        const N = C / 2;
        for (let r = 0; r < P; r++) {
          const h = Math.min(r, P - 1 - r);
          const middle = r === H - 1 || r === H ? 1 : 0;
          const k = opCounts(s.ranks[r]);
          const fb = 2 * (N - P + h + 1) + (H - h - 1) - middle;
          const main = N - P + h + 1;
          const want = {
            FB: fb,
            F: C - fb,
            B: C - fb,
            W: P - h - 1,
            zbB: P - h - 1,
            messages: 4 * (r === 0 || r === P - 1 ? N : C),
            perStep: [0, 2 * (H - h - 1), 2 * (h + 1), 3 * (H - h - 1), 2 * main + middle, 2 * (H - h - 1), 2 * (h + 1), 2 * (H - h - 1), h + 1],
          };
          expect({ FB: k.FB, F: k.F, B: k.B, W: k.W, zbB: k.zbB, messages: k.messages, perStep: k.perStep }, `P=${P} C=${C} r=${r}`).toEqual(want);
        }
      }
  });

  it('DualPipeV: FB = 2(C−2P+r+1)+(P−r−1)−[r=P−1], F = B = 2C−FB, W = 2P−r−1', () => {
    for (let P = 1; P <= 16; P++)
      for (const C of [2 * P, 2 * P + 1, 4 * P]) {
        const s = dualPipeV(P, C);
        for (let r = 0; r < P; r++) {
          const k = opCounts(s.ranks[r]);
          const fb = 2 * (C - 2 * P + r + 1) + (P - r - 1) - (r === P - 1 ? 1 : 0);
          expect([k.FB, k.F, k.B, k.W], `P=${P} C=${C} r=${r}`).toEqual([fb, 2 * C - fb, 2 * C - fb, 2 * P - r - 1]);
        }
      }
  });

  it('DualPipeV(P, C) runs the compute ops of DualPipe(2P, 2C) ranks h and 2P−1−h', () => {
    const compute = (s: Schedule, r: number) => records(s, r).filter((x) => ['F', 'B', 'W', 'FB'].includes(x.op as string)).map((x) => ({ ...x, gphase: undefined, f_gphase: undefined, b_gphase: undefined, phase: undefined }));
    for (const [P, C] of [
      [2, 4],
      [4, 8],
      [8, 20],
    ])
      for (let h = 0; h < P; h++) {
        const v = compute(dualPipeV(P, C), h).map((x) => JSON.stringify(Object.entries(x).filter(([k]) => k !== 'mb' && k !== 'f_mb' && k !== 'b_mb' && k !== 'step')));
        const d = compute(dualPipe(2 * P, 2 * C), h).map((x) => JSON.stringify(Object.entries(x).filter(([k]) => k !== 'mb' && k !== 'f_mb' && k !== 'b_mb' && k !== 'step')));
        expect(v).toEqual(d);
      }
  });

  it('phase split of each rank (F = 1, B = 2, W = 1, F&B = 2.5) equals the step formulas and sums to the makespan', () => {
    const [F, B, W, FB] = [1, 2, 1, 2.5];
    for (const P of [2, 4, 8, 16]) {
      const C = 3 * P;
      const tl = simulate(dualPipe(P, C), { fS: F, bS: B, wS: W, fbS: FB });
      const H = P / 2;
      const N = C / 2;
      for (let r = 0; r < P; r++) {
        const h = Math.min(r, P - 1 - r);
        const middle = r === H - 1 || r === H;
        const main = N - P + h + 1;
        const ph = rankPhases(tl, r);
        const z = H - h - 1;
        // the middle ranks' first backward comes after step 4's unpaired forward
        expect(ph.warmupS).toBeCloseTo(P * F + (middle ? F : 0), 9);
        expect(ph.steadyS).toBeCloseTo(z * (B - W + W + F) + (middle ? B + (2 * main - 1) * FB : 2 * main * FB) + z * (B + FB), 9);
        expect(ph.cooldownS).toBeCloseTo((h + 1) * B + (h + 1) * (B - W) + z * (W + B - W), 9);
        expect(ph.wTailS).toBeCloseTo((h + 1) * W, 9);
        expect(ph.warmupS + ph.steadyS + ph.cooldownS + ph.wTailS + ph.idleS).toBeCloseTo(tl.makespanS, 9);
        expect(ph.idleS).toBeCloseTo(tl.bubblePerRankS[r], 9);
      }
    }
  });
});
