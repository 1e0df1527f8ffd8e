import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

describe('coplane schedule', () => {
  it('DualPipe PP = 16, 64 micro-batches: JSON fields, simulated bubble equals the closed form', async () => {
    const r = await runCli(['schedule', 'dualpipe', '--pp', '16', '--micro', '64', '--f', '1', '--b', '2', '--w', '1', '--fb', '2.5', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j.command).toBe('schedule');
    expect(j.stages).toBe(16);
    expect(j.bubbleS).toBe(10.5);
    expect(j.closedFormBubbleS).toBe(10.5);
    expect(j.makespanS).toBe(179);
    expect(j.peakActivations).toBe(17);
    expect(j.paramCopies).toBe(2);
  });

  it('states the number of stages (DualPipeV: 2 per device; interleaved: vstages per device)', async () => {
    const v = await runCli(['schedule', 'dualpipev', '--pp', '8', '--micro', '32']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/DualPipeV on 8 devices, 16 stages, 32 micro-batches/);
    const i = JSON.parse((await runCli(['schedule', 'interleaved', '--pp', '4', '--micro', '8', '--vstages', '3', '--json'])).stdout) as Record<string, number>;
    expect(i.stages).toBe(12);
    expect(i.bubbleS).toBe(9);
    expect(i.paramCopies).toBe(3);
  });

  it('prints a Gantt chart with one row per rank', async () => {
    const r = await runCli(['schedule', 'zb1p', '--pp', '4', '--micro', '8', '--gantt', '--width', '54']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('rank '));
    expect(rows.length).toBe(4);
    expect(rows[0]).toBe('rank 0 |FFFFFFFF......bbWWFFbbWWFFbbWWFFbbWWFFbbWWbbWWbbWWbbWW|');
    expect(rows[3]).toBe('rank 3 |......FFbbFFbbFFbbFFbbWWFFbbWWFFbbWWFFbbWWFFbbWWWWWWWW|');
  });

  it('writes a Chrome trace atomically: valid trace JSON, one track per rank', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coplane-sched-'));
    const file = join(dir, 'dp.json');
    const r = await runCli(['schedule', 'dualpipe', '--pp', '8', '--micro', '16', '--trace', file]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['dp.json']);
    const t = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { ph: string; name: string; tid: number; ts?: number; dur?: number }[] };
    expect(t.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.tid)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const x = t.traceEvents.filter((e) => e.ph === 'X');
    expect(new Set(x.map((e) => e.tid)).size).toBe(8);
    // 16 micro-batches × 8 stages: F, B halves; FB events count once; plus W
    expect(x.every((e) => Number.isFinite(e.ts) && Number.isFinite(e.dur) && (e.dur ?? -1) >= 0)).toBe(true);
  });

  it('warns when the times leave the closed form’s exact regime', async () => {
    const ok = JSON.parse((await runCli(['schedule', 'zb1p', '--pp', '8', '--micro', '16', '--json'])).stdout) as { warnings: string[] };
    expect(ok.warnings).toEqual([]);
    const r = JSON.parse((await runCli(['schedule', 'zb1p', '--pp', '8', '--micro', '16', '--w', '1.5', '--json'])).stdout) as { warnings: string[]; bubbleS: number; closedFormBubbleS: number };
    expect(r.closedFormBubbleS).toBe(0);
    expect(r.bubbleS).toBeGreaterThan(0);
    expect(r.warnings).toEqual([expect.stringMatching(/exact for uniform times without communication when W ≤ F and 2W ≤ B/)]);
  });

  it.each([
    [['dualpipe', '--pp', '3', '--micro', '12'], /--pp.*even/],
    [['dualpipe', '--pp', '4', '--micro', '6'], /--micro.*≥ 2·pp/],
    [['dualpipev', '--pp', '4', '--micro', '7'], /--micro.*2·pp/],
    [['zb1p', '--pp', '8', '--micro', '4'], /--micro/],
    [['1f1b', '--pp', '4', '--micro', '8', '--f', '-1'], /--f/],
    [['1f1b', '--pp', '4', '--micro', '8', '--b', 'NaN'], /--b/],
    [['1f1b', '--pp', '4', '--micro', '8', '--w', '3'], /--w/],
    [['pipedream', '--pp', '4', '--micro', '8'], /method/],
    [['1f1b', '--pp', '0', '--micro', '8'], /--pp/],
  ])('rejects %j with one line and exit 2', async (args, re) => {
    const r = await runCli(['schedule', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').length).toBe(1);
    expect(r.stderr).toMatch(re);
  });
});
