import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

describe('coplane train', () => {
  it('prints the default scenario breakdown', async () => {
    const r = await runCli(['train', 'deepseek-v3-train-2048-mpft']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const s of ['warm-up forwards', 'steady F&B overlap', 'bubble', 'DP sync + optimizer', 'tokens per day', 'MFU']) expect(r.stdout).toContain(s);
  });

  it('--json carries the contract fields and the assumptions', async () => {
    const r = await runCli(['train', 'deepseek-v3-train-2048-mpft', '--json', '--set', 'parallelism.schedule=zb1p']);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('train');
    for (const k of ['stepTimeS', 'tokensPerDay', 'tflopsPerGpuCausal', 'tflopsPerGpuNonCausal', 'mfuCausal', 'mfuNonCausal', 'memoryBytesPerGpu', 'assumptions']) expect(doc).toHaveProperty(k);
    expect(Object.keys(doc.breakdown).sort()).toEqual(['b1S', 'bubbleS', 'f1S', 'optimizerS', 'steadyS', 'w1S']);
    expect(doc.assumptions.parallelism.schedule).toBe('zb1p');
    expect(doc.assumptions.calibration.hbmEfficiency).toBe(0.75);
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  it('bad scenarios exit 2 with one line', async () => {
    for (const args of [
      ['train', 'no-such-scenario'],
      ['train', 'deepseek-v3-train-2048-mpft', '--set', 'parallelism.ep=48'],
      ['train', 'deepseek-v3-train-2048-mpft', '--set', 'model=gpt-9'],
      ['train', 'deepseek-v3-train-2048-mpft', '--set', 'hardware=tpu'],
      ['train', 'deepseek-v3-train-2048-mpft', '--set', 'parallelism.partition=uniform'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('default report sections', () => {
  it('training and decode summaries with their warnings, tagged by scenario', async () => {
    const { defaultEstimateSections } = await import('./train.js');
    let err = '';
    const s = await defaultEstimateSections({ stdout: () => undefined, stderr: (t) => void (err += t), stderrIsTty: false, cwd: process.cwd() });
    expect(s.text).toContain('== Training step (deepseek-v3-train-2048-mpft) ==');
    expect(s.text).toContain('== Decode (deepseek-v3-decode-ep320) ==');
    expect(s.text).toContain('TPOT');
    expect(Object.keys(s.fields)).toEqual(['train', 'decode']);
    expect(s.warnings.some((w) => w.startsWith('deepseek-v3-decode-ep320: KV cache does not fit'))).toBe(true);
    expect(err).toBe('');
  });
});

describe('determinism', () => {
  it('the same scenario and seed give byte-identical JSON', async () => {
    const a = await runCli(['train', 'llama-3.1-405b-train-2048-mpft', '--json']);
    const b = await runCli(['train', 'llama-3.1-405b-train-2048-mpft', '--json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});
