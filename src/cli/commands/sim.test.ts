import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

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
