import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dualPipe, dualPipeV } from './dualpipe.js';
import { OP_B, OP_COMMIT, OP_F, OP_FB, OP_NAMES, OP_W, type Schedule } from './ops.js';

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
