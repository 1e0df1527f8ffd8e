import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../../io/index.js';
import { runCli } from '../testIo.js';

const dir = mkdtempSync(join(tmpdir(), 'coplane-numerics-'));

async function bad(args: string[], pattern: RegExp) {
  const r = await runCli(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n').length).toBe(1);
  expect(r.stderr).toMatch(pattern);
}

describe('coplane numerics compare', () => {
  it('prints rows with the contract fields as JSON, deterministically', async () => {
    const args = ['numerics', 'compare', '--dist', 'gaussian', '--shape', '8x256', '--formats', 'e4m3,logfmt8,bf16', '--seed', '3', '--json'];
    const r = await runCli(args);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('numerics compare');
    expect(doc.seed).toBe(3);
    expect(doc.rows.map((x: { format: string }) => x.format)).toEqual(['e4m3', 'logfmt8', 'bf16']);
    for (const row of doc.rows) for (const k of ['format', 'tile', 'bytesPerElement', 'relErrMean', 'relErrMax', 'rmse', 'snrDb', 'cosine']) expect(row).toHaveProperty(k);
    expect(doc.rows[0].bytesPerElement).toBe(1.03125);
    expect((await runCli(args)).stdout).toBe(r.stdout);
  });
  it('--pow2 uses UE8M0 scales: one byte per tile', async () => {
    const r = await runCli(['numerics', 'compare', '--shape', '4x256', '--formats', 'e4m3', '--pow2', '--json']);
    expect(JSON.parse(r.stdout).rows[0].bytesPerElement).toBe(1 + 1 / 128);
  });
  it('reads a safetensors file and a raw float32 file', async () => {
    const vals = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * (1 + (i % 7)));
    const st = join(dir, 'acts.safetensors');
    writeFileSync(st, writeSafetensors([{ name: 'h', dtype: 'F32', shape: [2, 128], data: new Uint8Array(vals.buffer) }]));
    const r = await runCli(['numerics', 'compare', '--from', st, '--tensor', 'h', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).data.shape).toEqual([2, 128]);
    const raw = join(dir, 'acts.f32');
    writeFileSync(raw, new Uint8Array(vals.buffer));
    const t = await runCli(['numerics', 'compare', '--from', raw, '--shape', '2x128']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/logfmt8/);
  });
  it('wrong inputs: one line, exit 2', async () => {
    await bad(['numerics', 'compare', '--formats', 'e4m3,fp7'], /--formats: expected one of/);
    await bad(['numerics', 'compare', '--formats', 'logfmt17'], /n from 4 to 16/);
    await bad(['numerics', 'compare', '--dist', 'cauchy'], /--dist/);
    await bad(['numerics', 'compare', '--tile', '1x100'], /divides the tensor shape/);
    await bad(['numerics', 'compare', '--tile', 'banana'], /--tile/);
    const junk = join(dir, 'junk.safetensors');
    writeFileSync(junk, 'not a safetensors file at all');
    await bad(['numerics', 'compare', '--from', junk], /malformed safetensors/);
    await bad(['numerics', 'compare', '--from', join(dir, 'missing.f32')], /cannot read file/);
    await bad(['numerics', 'compare', '--dist', 'gaussian', '--from', junk], /either --dist or --from/);
  });
});

describe('coplane numerics gemm', () => {
  it('prints maxRelErr and meanRelErr with the data and error definition', async () => {
    const r = await runCli(['numerics', 'gemm', '--k', '512', '--m', '4', '--n', '4', '--promote', '128', '--bits', '14', '--acc-in-align', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.maxRelErr).toBeGreaterThan(0);
    expect(doc.meanRelErr).toBeLessThanOrEqual(doc.maxRelErr);
    expect(doc.variant).toEqual({ accum: 'fp22', bits: 14, accInAlign: true, promote: 128, name: 'fp22-b14-acc-in-align-promote128' });
    expect(doc.errorDefinition).toMatch(/float64/);
    expect(doc.scaling).toBe('block');
    const text = await runCli(['numerics', 'gemm', '--k', '256', '--m', '2', '--n', '2', '--accum', 'fp32']);
    expect(text.stdout).toMatch(/max relative error/);
  });
  it('wrong inputs: one line, exit 2', async () => {
    await bad(['numerics', 'gemm'], /--k/);
    await bad(['numerics', 'gemm', '--k', '0'], /--k/);
    await bad(['numerics', 'gemm', '--k', '64', '--accum', 'fp16'], /--accum/);
    await bad(['numerics', 'gemm', '--k', '64', '--bits', '12'], /--bits/);
    await bad(['numerics', 'gemm', '--k', '64', '--promote', '100'], /multiple of 32/);
    await bad(['numerics', 'gemm', '--k', '64', '--dist', 'activation'], /--dist/);
  });
});
