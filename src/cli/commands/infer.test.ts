import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

describe('coplane infer --paper-bound', () => {
  it('prints the §2.3.2 figures', async () => {
    const r = await runCli(['infer', '--paper-bound']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('120.96 µs');
    expect(r.stdout).toContain('241.92 µs');
    expect(r.stdout).toContain('14.76 ms');
    expect(r.stdout).toContain('6.72 µs');
    expect(r.stdout).toContain('819.8 µs');
  });

  it('--json carries the assumptions and both cases', async () => {
    const r = await runCli(['infer', '--paper-bound', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('infer');
    expect(doc.tpotS).toBeCloseTo(0.01475712, 12);
    expect(doc.assumptions).toMatchObject({ hiddenElements: 7000, tokensPerDevice: 32, expertsPerToken: 9, linkBytesPerS: 50e9, layers: 61 });
    expect(doc.cases.map((c: { name: string }) => c.name)).toEqual(['h800-ib-400g', 'gb200-nvl72']);
    expect(doc.cases[1].commS).toBeCloseTo(6.72e-6, 15);
  });

  it('flags change the assumptions; bad flags exit 2 with one line', async () => {
    const r = await runCli(['infer', '--paper-bound', '--json', '--link', '400Gbps', '--hidden', '7168']);
    expect(JSON.parse(r.stdout).commS).toBeCloseTo((3 * 32 * 9 * 7168) / 50e9, 15);
    const bad = await runCli(['infer', '--paper-bound', '--link', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^coplane: --link: expected/);
  });
});

describe('coplane infer <scenario>', () => {
  it('decode: prints TPOT and the steps from the paper bound; --json has the contract fields', async () => {
    const r = await runCli(['infer', 'deepseek-v3-decode-ep144']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('TPOT');
    expect(r.stdout).toContain("paper's bound");
    const j = JSON.parse((await runCli(['infer', 'deepseek-v3-decode-ep144', '--json'])).stdout);
    for (const k of ['tpotS', 'tokensPerSPerUser', 'tokensPerSPerGpu', 'tokensPerSPerNode', 'ttftS', 'assumptions']) expect(j).toHaveProperty(k);
    expect(j.ttftS).toBeNull();
    expect(Array.isArray(j.warnings)).toBe(true);
  });

  it('prefill: TTFT; bad deployments exit 2 with one line', async () => {
    const r = await runCli(['infer', 'deepseek-v3-prefill-ep32', '--json']);
    expect(JSON.parse(r.stdout).ttftS).toBeGreaterThan(0);
    const bad = await runCli(['infer', 'deepseek-v3-decode-ep144', '--set', 'inference.ep=100']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const none = await runCli(['infer']);
    expect(none.code).toBe(2);
  });
});

describe('coplane infer <scenario> --paper-bound', () => {
  it("takes the deployment's tokens, experts, link and layers as the bound's inputs", async () => {
    const r = await runCli(['infer', 'deepseek-v3-decode-ep320', '--paper-bound', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.commS).toBeCloseTo(120.96e-6, 15);
    expect(doc.cases[0].name).toBe('deepseek-v3-decode-ep320');
    const nvl = JSON.parse((await runCli(['infer', 'deepseek-v3-decode-gb200-nvl72', '--paper-bound', '--json'])).stdout);
    expect(nvl.commS).toBeCloseTo(6.72e-6, 15);
    const bad = await runCli(['infer', 'deepseek-v3-prefill-ep32', '--paper-bound']);
    expect(bad.code).toBe(2);
  });
});
