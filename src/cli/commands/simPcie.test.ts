import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

const a2a = (extra: string[]): string[] => ['sim', 'alltoall', '--gpus', '16', '--size', '64MiB', '--json', ...extra];

describe('coplane sim on nodes with a PCIe tree', () => {
  it('--forwarding pcie on mpft-2048-pcie is routable, slower than NVLink forwarding (inter-socket link), and none is unroutable', async () => {
    const pcie = await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--forwarding', 'pcie']));
    expect(pcie.code).toBe(0);
    expect(pcie.stderr).toBe('');
    const p = JSON.parse(pcie.stdout);
    expect(p.unroutable).toBe(0);
    expect(p.warnings).toEqual([]);
    expect(p.bottleneck[0].name).toMatch(/^cpu\d+→cpu\d+$/);
    const nv = JSON.parse((await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--forwarding', 'nvlink']))).stdout);
    expect(nv.unroutable).toBe(0);
    expect(p.timeS).toBeGreaterThan(1.4 * nv.timeS);
    const none = JSON.parse((await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--forwarding', 'none']))).stdout);
    expect(none.unroutable).toBeGreaterThan(0);
  });

  it('--pcie hgx gives a plain MPFT the same PCIe tree as the preset; --pcie none on the preset unwires it', async () => {
    const preset = JSON.parse((await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--forwarding', 'pcie']))).stdout);
    const flag = JSON.parse((await runCli(a2a(['--cluster', 'mpft', '--pcie', 'hgx', '--forwarding', 'pcie']))).stdout);
    expect(flag.timeS).toBe(preset.timeS);
    const plain = JSON.parse((await runCli(a2a(['--cluster', 'mpft', '--forwarding', 'pcie']))).stdout);
    expect(plain.unroutable).toBeGreaterThan(0);
    const unwired = JSON.parse((await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--pcie', 'none', '--forwarding', 'pcie']))).stdout);
    expect(unwired.unroutable).toBe(plain.unroutable);
  });

  it('a faster inter-socket link (--pcie cpu-link=128GB/s) moves the bottleneck off it', async () => {
    const r = JSON.parse((await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--forwarding', 'pcie', '--pcie', 'cpu-link=128GB/s']))).stdout);
    expect(r.unroutable).toBe(0);
    expect(r.bottleneck[0].name).not.toMatch(/^cpu\d+→cpu\d+$/);
  });

  it('bad PCIe spec values: one line on stderr, nothing on stdout, exit 2', async () => {
    for (const [spec, pattern] of [
      ['gpus-per-switch=3', /node\.pcie\.gpusPerSwitch: expected a divisor of the 8 GPUs per node/],
      ['switches-per-cpu=3', /node\.pcie\.switchesPerCpu/],
      ['uplink=0GB/s', /--pcie uplink/],
      ['lanes=16', /--pcie: expected none, hgx, or comma-separated items/],
    ] as const) {
      const r = await runCli(a2a(['--cluster', 'mpft-2048-pcie', '--forwarding', 'pcie', '--pcie', spec]));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
