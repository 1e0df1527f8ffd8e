import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../io/index.js';
import { ropeTable } from '../tensor/index.js';
import { Checkpoint, DeepSeekModel, parseRefConfig, type AttnMode, type MoeTrace } from './index.js';

const DIR = join(import.meta.dirname, '../../test/golden');
interface Golden {
  model_args: Record<string, unknown>;
  tokens: number[][];
  derived: { softmax_scale: number; freqs_cis_first_12_positions: { real: number[][]; imag: number[][] } };
  logits: Record<AttnMode, { prefill: number[][]; decode: number[][][] }>;
  routing_prefill_first_moe_layer: Record<AttnMode, { indices: number[][][]; weights: number[][][] }>;
  routing_all: { phase: string; layer: number; indices: number[][][]; weights: number[][][] }[];
}
const golden = JSON.parse(readFileSync(join(DIR, 'tiny-v3.json'), 'utf8')) as Golden;
const cfg = parseRefConfig(golden, 'tiny-v3.json');

async function loadModel(): Promise<DeepSeekModel> {
  const bytes = readFileSync(join(DIR, 'tiny-v3.safetensors'));
  const ck = await Checkpoint.open(bytesSource(new Uint8Array(bytes), 'tiny-v3.safetensors'), cfg.nLayers);
  return new DeepSeekModel(cfg, await ck.loadWeights(cfg));
}

function relErr(ours: Float32Array, ref: number[]): number {
  let md = 0;
  let mx = 0;
  for (let i = 0; i < ref.length; i++) {
    md = Math.max(md, Math.abs(ours[i] - ref[i]));
    mx = Math.max(mx, Math.abs(ref[i]));
  }
  return md / mx;
}

describe('golden tiny DeepSeek-V3 (DeepSeek inference/model.py, float32)', () => {
  it('derives the softmax scale with mscale²', () => {
    expect(cfg.yarn).toBe(true);
    expect(cfg.softmaxScale).toBeCloseTo(golden.derived.softmax_scale, 14);
  });

  it('builds the YaRN RoPE table of DeepSeek (pair 0 unscaled, pairs 1-3 divided by 40)', () => {
    const spec = { dim: 8, theta: cfg.ropeTheta, yarn: cfg.yarn, factor: cfg.ropeFactor, originalSeqLen: cfg.originalSeqLen, betaFast: cfg.betaFast, betaSlow: cfg.betaSlow };
    const { cos, sin } = ropeTable(spec, 12);
    const ref = golden.derived.freqs_cis_first_12_positions;
    let worst = 0;
    for (let t = 0; t < 12; t++)
      for (let j = 0; j < 4; j++) {
        worst = Math.max(worst, Math.abs(cos[t * 4 + j] - ref.real[t][j]), Math.abs(sin[t * 4 + j] - ref.imag[t][j]));
      }
    expect(worst).toBeLessThan(1e-6);
  });

  it('routes every gate call of the naive run exactly as the reference (layers 1-2, prefill and decode)', async () => {
    const model = await loadModel();
    const s = model.session(2, 12, 'naive');
    const calls: { layer: number; indices: number[]; weights: Float32Array }[] = [];
    const observer = { moe: (layer: number, t: MoeTrace) => calls.push({ layer, indices: Array.from(t.route.indices), weights: t.route.weights }) };
    s.forward([...golden.tokens[0].slice(0, 8), ...golden.tokens[1].slice(0, 8)], 8, 0, { observer });
    for (let i = 0; i < 4; i++) s.forward([golden.tokens[0][8 + i], golden.tokens[1][8 + i]], 1, 8 + i, { observer });
    expect(calls.map((c) => c.layer)).toEqual(golden.routing_all.map((r) => r.layer));
    let worst = 0;
    golden.routing_all.forEach((r, i) => {
      expect(calls[i].indices, `${r.phase} layer ${r.layer}`).toEqual(r.indices.flat(2));
      r.weights.flat(2).forEach((w, j) => (worst = Math.max(worst, Math.abs(calls[i].weights[j] - w))));
    });
    expect(worst).toBeLessThan(1e-6);
  });

  for (const mode of ['naive', 'absorb'] as const) {
    it(`prefill and 4 decode steps match within 1e-4 relative (${mode})`, async () => {
      const model = await loadModel();
      const s = model.session(2, 12, mode);
      const V = cfg.vocabSize;
      const traces: { layer: number; t: MoeTrace }[] = [];
      const prefill = s.forward([...golden.tokens[0].slice(0, 8), ...golden.tokens[1].slice(0, 8)], 8, 0, {
        observer: { moe: (layer, t) => traces.push({ layer, t }) },
      });
      const errs: number[] = [relErr(prefill.logits, golden.logits[mode].prefill.flat())];
      for (let i = 0; i < 4; i++) {
        const r = s.forward([golden.tokens[0][8 + i], golden.tokens[1][8 + i]], 1, 8 + i);
        errs.push(relErr(r.logits, golden.logits[mode].decode[i].flat()));
        expect(r.logits.length).toBe(2 * V);
      }
      for (const e of errs) expect(e).toBeLessThan(1e-4);
      // gate at layer 1: same experts in the same order, weights within 1e-6
      const g = golden.routing_prefill_first_moe_layer[mode];
      const l1 = traces.find((t) => t.layer === 1)!.t.route;
      expect(Array.from(l1.indices)).toEqual(g.indices.flat(2));
      const wref = g.weights.flat(2);
      for (let i = 0; i < wref.length; i++) expect(Math.abs(l1.weights[i] - wref[i])).toBeLessThan(1e-6);
    });
  }
});
