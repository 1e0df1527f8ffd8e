import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../../io/index.js';
import { float32ToBf16Array } from '../../numerics/index.js';
import { hfConfigOf, hfTensorName, randomWeights, syntheticConfig, tensorSpecs } from '../../reference/index.js';
import { runCli } from '../testIo.js';

const GOLDEN = join(import.meta.dirname, '../../../test/golden');
const CKPT = join(GOLDEN, 'tiny-v3.safetensors');
const CFG = join(GOLDEN, 'tiny-v3.json');
const golden = JSON.parse(readFileSync(CFG, 'utf8')) as { tokens: number[][]; logits: { absorb: { prefill: number[][] } } };
const dir = mkdtempSync(join(tmpdir(), 'coplane-run-'));

function relErr(a: number[], b: number[]): number {
  let d = 0;
  let m = 0;
  a.forEach((v, i) => {
    d = Math.max(d, Math.abs(v - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  });
  return d / m;
}

describe('coplane run', () => {
  it('runs the golden checkpoint: prefill logits match DeepSeek within 1e-4, tokens and probes in JSON', async () => {
    const prompt = golden.tokens[0].slice(0, 8).join(',');
    const r = await runCli(['run', CKPT, '--config', CFG, '--prompt-tokens', prompt, '--max-new', '3', '--logits', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tokens).toHaveLength(3);
    expect(j.steps).toHaveLength(3);
    expect(relErr(j.steps[0].logits, golden.logits.absorb.prefill[0])).toBeLessThan(1e-4);
    expect(j.tokens[0]).toBe(j.steps[0].logits.indexOf(Math.max(...j.steps[0].logits)));
    expect(j.kvCache.valuesPerTokenPerLayer).toBe(40);
    expect(j.kvCache.measuredBytesPerToken).toBe(3 * 40 * 4);
    expect(j.kvCache.formulaBytesPerToken).toBe(j.kvCache.measuredBytesPerToken);
    expect(j.routing.map((h: { layer: number }) => h.layer)).toEqual([1, 2]);
  });

  it('naive and absorbed attention choose the same tokens; dumps activations as safetensors', async () => {
    const dump = join(dir, 'acts.safetensors');
    const base = ['run', CKPT, '--config', CFG, '--prompt-tokens', '5,6,7', '--max-new', '4', '--json'];
    const a = JSON.parse((await runCli([...base, '--attn', 'naive', '--dump-activations', dump])).stdout);
    const b = JSON.parse((await runCli([...base, '--attn', 'absorb'])).stdout);
    expect(a.tokens).toEqual(b.tokens);
    expect(a.kvCache.valuesPerTokenPerLayer).toBe(4 * (24 + 16));
    const bytes = readFileSync(dump);
    const headerLen = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLen).toString('utf8'));
    expect(header['layers.1.call.0.combine_in']).toMatchObject({ dtype: 'F32', shape: [3 * 4, 64] });
  });

  it('runs a BF16 checkpoint with HF names and config, with MTP speculative decoding giving the greedy tokens', async () => {
    const cfg = syntheticConfig({ vocab_size: 8, n_layers: 2 });
    const { tensors } = randomWeights(cfg, { seed: 5, mtp: 1, std: 0.4 });
    const shapes = new Map(tensorSpecs(cfg, 1).map((t) => [t.name, t.shape]));
    const entries = [...tensors].map(([name, data]) => ({ name: hfTensorName(name, 2), dtype: 'BF16', shape: shapes.get(name)!, data: new Uint8Array(float32ToBf16Array(data).buffer) }));
    const ckpt = join(dir, 'hf.safetensors');
    const cfgFile = join(dir, 'config.json');
    writeFileSync(ckpt, writeSafetensors(entries));
    writeFileSync(cfgFile, JSON.stringify({ ...hfConfigOf(cfg), num_nextn_predict_layers: 1 }));
    const base = ['run', ckpt, '--config', cfgFile, '--prompt-tokens', '1,2,3', '--max-new', '12', '--json'];
    const plain = JSON.parse((await runCli(base)).stdout);
    const mtp = await runCli([...base, '--mtp']);
    expect(mtp.code).toBe(0);
    const j = JSON.parse(mtp.stdout);
    expect(j.tokens).toEqual(plain.tokens);
    expect(j.mtp.drafts).toBe(j.mainPasses - 1);
    expect(j.mtp.acceptance).toBe(j.mtp.accepted / j.mtp.drafts);
    expect(j.mainPasses).toBeLessThan(plain.mainPasses + 1);
    expect(j.kvCache.bytesPerTokenPerLayer).toHaveLength(3); // 2 layers + the MTP layer
  });

  it('prints one line and exits 2 on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['--prompt-tokens', '1,x'], /--prompt-tokens/],
      [['--prompt-tokens', '1,999'], /--prompt-tokens: expected token ids from 0 to 511/],
      [['--prompt-tokens', '1', '--attn', 'flash'], /--attn/],
      [['--prompt-tokens', '1', '--mtp'], /tensor mtp\.0\.eh_proj\.weight/],
    ];
    for (const [extra, re] of cases) {
      const r = await runCli(['run', CKPT, '--config', CFG, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });

  it('names the tensor when the config does not match the checkpoint, and rejects a truncated file', async () => {
    const cfg2 = join(dir, 'wrong.json');
    const args = (JSON.parse(readFileSync(CFG, 'utf8')) as { model_args: Record<string, unknown> }).model_args;
    writeFileSync(cfg2, JSON.stringify({ ...args, kv_lora_rank: 16 }));
    const r = await runCli(['run', CKPT, '--config', cfg2, '--prompt-tokens', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^coplane: .*tiny-v3\.safetensors tensor layers\.0\.attn\.wkv_a\.weight shape: expected \[24, 64\] \(from the config\), got \[40,64\]\n$/);
    const cut = join(dir, 'cut.safetensors');
    const whole = readFileSync(CKPT);
    writeFileSync(cut, whole.subarray(0, whole.length - 1000));
    const t = await runCli(['run', cut, '--config', CFG, '--prompt-tokens', '1']);
    expect(t.code).toBe(2);
    expect(t.stdout).toBe('');
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(/cut\.safetensors: malformed safetensors: tensor 'head\.weight'/);
  });
});
