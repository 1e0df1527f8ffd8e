import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/index.js';
import { runCli } from '../testIo.js';

const dir = mkdtempSync(join(tmpdir(), 'coplane-model-'));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const llama = {
  model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8,
  intermediate_size: 14336, vocab_size: 128256,
};

async function expectOneLineError(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('coplane model', () => {
  it('deepseek-v3 --json: the contract fields', async () => {
    const r = await runCli(['model', 'deepseek-v3', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      command: 'model',
      attention: 'mla',
      paramsTotal: 671_026_419_200,
      paramsActive: 37_552_297_472,
      kvCacheBytesPerToken: 70_272,
      paramsMtp: 11_610_068_224,
    });
    expect(doc.trainFlopsPerToken / 1e9).toBeCloseTo(250.46, 2);
    expect(doc.trainFlopsPerToken).toBeCloseTo(3 * doc.forwardFlopsPerToken, -2);
    expect(doc.training.memory.expertReplicas).toBe(2);
  });

  it('--kv-dtype fp8 and --seq change the figures', async () => {
    const r = await runCli(['model', 'deepseek-v3', '--kv-dtype', 'fp8', '--seq', '8192', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.kvCacheBytesPerToken).toBe(656 * 61);
    expect(doc.seqLen).toBe(8192);
    expect(doc.flops.causal.meanContextTokens).toBe(4096.5);
  });

  it('text output has the sections and the worked example', async () => {
    const r = await runCli(['model', 'deepseek-v3']);
    expect(r.code).toBe(0);
    for (const s of ['== Parameters ==', '== KV cache per token ==', '== FLOPs per token ==', '== Memory ==', '== Worked example ==']) expect(r.stdout).toContain(s);
    expect(r.stdout).toContain('(512 + 64) × 61 layers × 2 B = 70,272 B');
    expect(r.stdout).toContain('671,026,419,200');
    expect(r.stdout).toContain('8 B × (');
  });

  it('the no-argument report prints the DeepSeek-V3 analysis, its worked example, then the paper report', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    const model = r.stdout.indexOf('coplane model — deepseek-v3');
    const example = r.stdout.indexOf('== Worked example ==');
    const paper = r.stdout.indexOf('== Paper comparison ==');
    expect(model).toBeGreaterThan(0);
    expect(example).toBeGreaterThan(model);
    expect(paper).toBeGreaterThan(example);
  });

  it('reads a config.json file', async () => {
    const p = file('llama.json', JSON.stringify(llama));
    const r = await runCli(['model', p, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.attention).toBe('gqa');
    expect(doc.paramsTotal).toBe(8_030_261_248);
  });

  it('bad inputs: one line, exit 2', async () => {
    await expectOneLineError(['model', join(dir, 'missing.json')], /cannot read file \(ENOENT\)/);
    await expectOneLineError(['model', 'gpt-5'], /model: expected a config\.json file or one of the presets deepseek-v3, deepseek-v2.*got "gpt-5"/);
    const rng = new Rng(1);
    const noise = new Uint8Array(10_000_000);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.nextU32() & 0xff;
    await expectOneLineError(['model', file('noise.bin.json', noise)], /noise\.bin\.json: file is 10000000 bytes/);
    await expectOneLineError(['model', file('bad.json', '{"model_type": "llama",\n  "hidden_size": }')], /bad\.json(:2:\d+)?: not valid JSON/);
    await expectOneLineError(['model', file('list.json', '[1, 2]')], /\(root\): expected a JSON object/);
    await expectOneLineError(['model', file('nolayers.json', JSON.stringify({ ...llama, num_hidden_layers: undefined }))], /nolayers\.json num_hidden_layers: expected a positive integer .*got nothing/);
    await expectOneLineError(['model', file('neg.json', JSON.stringify({ ...llama, num_attention_heads: -3 }))], /neg\.json num_attention_heads: expected a positive integer .*got -3/);
    await expectOneLineError(['model', file('frac.json', JSON.stringify({ ...llama, intermediate_size: 14336.5 }))], /intermediate_size: .*got 14336\.5/);
    await expectOneLineError(['model', file('type.json', JSON.stringify({ ...llama, vocab_size: '128256' }))], /vocab_size: .*got "128256"/);
    await expectOneLineError(['model', 'deepseek-v3', '--seq', '0'], /--seq: expected an integer from 1/);
    await expectOneLineError(['model', 'deepseek-v3', '--kv-dtype', 'int4'], /--kv-dtype: expected one of bf16, fp8, fp32, got "int4"/);
    await expectOneLineError(['model'], /missing required argument/);
  });
});
