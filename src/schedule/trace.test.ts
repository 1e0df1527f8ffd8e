import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateSchedule } from './generate.js';
import { simulate } from './simulate.js';
import { chromeTrace, ganttChart } from './trace.js';

/** The Trace Event Format subset we emit (complete "X" events and "M" metadata), as Perfetto reads it. */
const Event = z.discriminatedUnion('ph', [
  z.object({
    ph: z.literal('X'),
    name: z.string().min(1),
    cat: z.string().min(1),
    pid: z.number().int().nonnegative(),
    tid: z.number().int().nonnegative(),
    ts: z.number().nonnegative(),
    dur: z.number().nonnegative(),
    args: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  }),
  z.object({
    ph: z.literal('M'),
    name: z.enum(['process_name', 'thread_name', 'thread_sort_index']),
    pid: z.number().int().nonnegative(),
    tid: z.number().int().nonnegative(),
    args: z.union([z.object({ name: z.string() }), z.object({ sort_index: z.number().int() })]),
  }),
]);
const Trace = z.object({ traceEvents: z.array(Event).min(1), displayTimeUnit: z.enum(['ms', 'ns']), otherData: z.record(z.string(), z.union([z.string(), z.number()])) });

describe('Chrome trace', () => {
  const tl = simulate(generateSchedule('dualpipe', 8, 20), { fS: 1e-3, bS: 2e-3, wS: 1e-3, fbS: 2.5e-3 });
  const trace = JSON.parse(JSON.stringify(chromeTrace(tl))) as unknown;

  it('is valid trace JSON with one named track per rank', () => {
    const t = Trace.parse(trace);
    const names = t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    expect(names.map((e) => [e.tid, (e.args as { name: string }).name])).toEqual(Array.from({ length: 8 }, (_, r) => [r, `rank ${r}`]));
    const x = t.traceEvents.filter((e) => e.ph === 'X');
    expect([...new Set(x.map((e) => e.tid))].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('holds every compute op once, in µs, not overlapping on a track, ending at the makespan', () => {
    const t = Trace.parse(trace);
    const x = t.traceEvents.filter((e): e is Extract<typeof e, { ph: 'X' }> => e.ph === 'X');
    let ops = 0;
    for (const o of tl.schedule.ranks) for (let i = 0; i < o.length; i++) if (o.kind[i] <= 3) ops++;
    expect(x.length).toBe(ops);
    for (let r = 0; r < 8; r++) {
      const ev = x.filter((e) => e.tid === r).sort((a, b) => a.ts - b.ts);
      for (let i = 1; i < ev.length; i++) expect(ev[i].ts).toBeGreaterThanOrEqual(ev[i - 1].ts + ev[i - 1].dur - 1e-6);
    }
    expect(Math.max(...x.map((e) => e.ts + e.dur))).toBeCloseTo(tl.makespanS * 1e6, 6);
    expect(x.filter((e) => e.cat === 'overlapped').every((e) => /^F\d+&B\d+$/.test(e.name))).toBe(true);
  });

  it('Gantt chart: one row per rank, fixed width, legend', () => {
    const g = ganttChart(tl, 60).split('\n');
    expect(g.length).toBe(9);
    for (let r = 0; r < 8; r++) expect(g[r]).toMatch(new RegExp(`^rank ${r} \\|[FBbWX.]{60}\\|$`));
  });
});
