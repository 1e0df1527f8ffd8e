import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

const dir = mkdtempSync(join(tmpdir(), 'coplane-sim-'));
const goodTrace = join(dir, 'good.txt');
const badTrace = join(dir, 'bad.txt');
writeFileSync(goodTrace, '# token per line\n0 1 2 3 64 65 128 200\n5 6 7 8 9 10 11 12\n');
writeFileSync(badTrace, '0 1 2 3 64 65 128 999\n');

describe('coplane sim', () => {
  it('collective JSON carries the contract fields', async () => {
    const r = await runCli(['sim', 'allreduce', '--cluster', 'ft2', '--gpus', '16', '--size', '64MiB', '--algo', 'ring', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('sim allreduce');
    expect(j.sizeBytes).toBe(64 * 2 ** 20);
    expect(j.busBytesPerS / j.algBytesPerS).toBeCloseTo(2 * 15 / 16, 12);
    for (const k of ['timeS', 'algBytesPerS', 'busBytesPerS', 'bottleneck', 'perRankBytes']) expect(j).toHaveProperty(k);
  });

  it('ep JSON has per-phase fields; same seed, same bytes', async () => {
    const args = ['sim', 'ep', '--gpus', '32', '--tokens', '128', '--cluster', 'mpft', '--seed', '5', '--json'];
    const a = await runCli(args);
    const b = await runCli(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    for (const phase of ['dispatch', 'combine'])
      for (const k of ['timeS', 'rdmaBytesPerGpu', 'rdmaBytesPerS', 'rdmaLogicalBytesPerS', 'nvlinkBytesPerS', 'exposedS']) expect(j[phase]).toHaveProperty(k);
    expect(j.dispatch.rdmaLogicalBytesPerS).toBeGreaterThan(j.dispatch.rdmaBytesPerS);
    expect(a.stderr).toBe('');
  });

  it('--merge-tol trades recomputations for accuracy, and is checked', async () => {
    const args = ['sim', 'ep', '--cluster', 'mpft', '--gpus', '64', '--tokens', '256', '--json'];
    const exact = JSON.parse((await runCli([...args, '--merge-tol', '0'])).stdout);
    const merged = JSON.parse((await runCli([...args, '--merge-tol', '1e-2'])).stdout);
    expect(merged.dispatch.recomputations).toBeLessThan(exact.dispatch.recomputations / 2);
    expect(Math.abs(merged.dispatch.timeS / exact.dispatch.timeS - 1)).toBeLessThan(0.02);
    const bad = await runCli([...args, '--merge-tol', '0.5']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--merge-tol/);
  });

  it('text output names the bottleneck', async () => {
    const r = await runCli(['sim', 'alltoall', '--cluster', 'mrft', '--gpus', '16', '--size', '16MB']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/bottleneck: /);
  });

  it('MPFT without forwarding reports unroutable flows as a warning', async () => {
    const r = await runCli(['sim', 'alltoall', '--gpus', '16', '--size', '16MB', '--forwarding', 'none', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.unroutable).toBeGreaterThan(0);
    expect(j.warnings.join(' ')).toMatch(/unroutable/);
  });

  it('routing traces drive the EP traffic', async () => {
    const r = await runCli(['sim', 'ep', '--gpus', '64', '--tokens', '16', '--trace', goodTrace, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // alternating tokens reach 4 nodes (experts 0–3, 64–65, 128, 200) and 1 node (experts 5–12)
    expect(j.nodesPerToken).toBe(2.5);
  });

  it('a trace naming an unknown expert is one line with its file and line, exit 2', async () => {
    const r = await runCli(['sim', 'ep', '--gpus', '64', '--tokens', '16', '--trace', badTrace]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.txt:1/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['sim', 'ep', '--gpus', '100000', '--tokens', '1']],
    [['sim', 'ep', '--gpus', '16', '--tokens', '-3']],
    [['sim', 'ep', '--gpus', '16', '--tokens', '4', '--nvlink-bw', '0']],
    [['sim', 'ep', '--gpus', '16', '--tokens', '4', '--fail', 'plane:99']],
    [['sim', 'ep', '--gpus', '16', '--tokens', '4', '--trace', 'src/cli/commands/sim.test.ts']],
    [['sim', 'allreduce', '--gpus', '16']],
    [['sim', 'gossip', '--size', '1MB']],
    [['sim', 'allreduce', '--gpus', '16', '--size', '1MB', '--algo', 'bogus']],
  ])('impossible input %j: one line, exit 2', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
