/**
 * Pipeline schedules at full size: generation + simulation of PP = 64 with 1,024 micro-batches (budget
 * ≤ 1 s each), beside a yardstick in the same run — one plain typed-array pass over the same number of ops
 * (read a kind, a stage and a dependency time, write start and end), the least any simulator must do.
 */
import { generateSchedule, simulate, type ScheduleMethod } from '../src/schedule/index.js';
import { bestOf, rssBytes, type BenchCase, type BenchLine } from './harness.js';

function yardstick(ops: number, stages: number): number {
  const kind = new Uint8Array(ops);
  const stage = new Int32Array(ops);
  const dep = new Float64Array(ops);
  const start = new Float64Array(ops);
  const end = new Float64Array(ops);
  const dur = new Float64Array(stages).fill(1);
  for (let i = 0; i < ops; i++) {
    kind[i] = i & 3;
    stage[i] = i % stages;
    dep[i] = i * 0.5;
  }
  let now = 0;
  for (let i = 0; i < ops; i++) {
    const s = dep[i] > now ? dep[i] : now;
    start[i] = s;
    now = s + dur[stage[i]] * (kind[i] + 1);
    end[i] = now;
  }
  return end[ops - 1] + start[ops >> 1];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function line(method: ScheduleMethod, P: number, M: number): BenchLine {
  gc();
  const run = () => simulate(generateSchedule(method, P, M), { fS: 1, bS: 2, wS: 1, fbS: 2.5 });
  const t = bestOf(3, run);
  let ops = 0;
  for (const o of t.result.schedule.ranks) ops += o.length;
  const gen = bestOf(5, () => generateSchedule(method, P, M));
  gc();
  const sim = bestOf(5, () => simulate(gen.result, { fS: 1, bS: 2, wS: 1, fbS: 2.5 }));
  yardstick(ops, t.result.schedule.stages);
  gc();
  const y = bestOf(5, () => yardstick(ops, t.result.schedule.stages));
  const budgetS = 1;
  return {
    name: `${method} pp=${P} micro=${M}: generate + simulate`,
    timeS: t.timeS,
    rssBytes: rssBytes(),
    figures: {
      ops,
      generateMs: gen.timeS * 1000,
      simulateMs: sim.timeS * 1000,
      yardstickMs: y.timeS * 1000,
      ratioVsYardstick: t.timeS / y.timeS,
      simulateVsYardstick: sim.timeS / y.timeS,
      nsPerOp: (t.timeS / ops) * 1e9,
      bubbleS: t.result.bubbleS,
    },
    budget: { text: `≤ ${budgetS} s`, ok: t.timeS <= budgetS },
  };
}

const METHODS: ScheduleMethod[] = ['dualpipe', 'dualpipev', 'zb1p', '1f1b', 'interleaved'];

export const scheduleBench: BenchCase = {
  module: 'schedule',
  run: () => {
    // untimed warm-up so that the first timed line does not pay for compilation
    for (const m of METHODS) simulate(generateSchedule(m, 8, 64), { fS: 1, bS: 2, wS: 1, fbS: 2.5 });
    return METHODS.map((m) => line(m, 64, 1024));
  },
};
