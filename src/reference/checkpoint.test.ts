import { describe, expect, it } from 'vitest';
import { FormatError, InputError } from '../core/index.js';
import { bytesSource, writeSafetensors } from '../io/index.js';
import { e4m3ToFloat32Array, float32ToBf16Array, float32ToE4m3Array, float32ToFp16Array, bf16ToFloat32Array } from '../numerics/index.js';
import { Checkpoint, DeepSeekModel, canonicalName, hfTensorName, randomWeights, syntheticConfig, tensorSpecs } from './index.js';

const cfg = syntheticConfig({ n_layers: 2 });
const f32 = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('tensor names', () => {
  it('maps HF names (incl. the MTP layer) onto DeepSeek state-dict names', () => {
    expect(canonicalName('model.layers.3.self_attn.kv_a_proj_with_mqa.weight', 61)).toBe('layers.3.attn.wkv_a.weight');
    expect(canonicalName('model.layers.5.mlp.gate.e_score_correction_bias', 61)).toBe('layers.5.ffn.gate.bias');
    expect(canonicalName('model.layers.5.mlp.experts.7.down_proj.weight_scale_inv', 61)).toBe('layers.5.ffn.experts.7.w2.scale');
    expect(canonicalName('model.layers.61.eh_proj.weight', 61)).toBe('mtp.0.eh_proj.weight');
    expect(canonicalName('model.layers.61.shared_head.norm.weight', 61)).toBe('mtp.0.norm.weight');
    expect(canonicalName('model.layers.61.mlp.shared_experts.up_proj.weight', 61)).toBe('mtp.0.ffn.shared_experts.w3.weight');
    expect(canonicalName('layers.1.ffn.gate.bias', 3)).toBe('layers.1.ffn.gate.bias');
    for (const s of tensorSpecs(cfg, 1)) expect(canonicalName(hfTensorName(s.name, 2), 2)).toBe(s.name);
    expect(hfTensorName('layers.4.ffn.experts.2.w1.scale', 61)).toBe('model.layers.4.mlp.experts.2.gate_proj.weight_scale_inv');
    expect(hfTensorName('mtp.0.norm.weight', 61)).toBe('model.layers.61.shared_head.norm.weight');
  });
});

describe('checkpoint loading', () => {
  it('loads a BF16 checkpoint under HF names, MTP included, equal to the rounded weights', async () => {
    const { tensors } = randomWeights(cfg, { seed: 3, mtp: 1 });
    const rounded = new Map<string, Float32Array>();
    const entries = [...tensors].map(([name, data]) => {
      const codes = float32ToBf16Array(data);
      rounded.set(name, bf16ToFloat32Array(codes));
      return { name: hfTensorName(name, 2), dtype: 'BF16', shape: tensorSpecs(cfg, 1).find((s) => s.name === name)!.shape, data: new Uint8Array(codes.buffer) };
    });
    const ck = await Checkpoint.open(bytesSource(writeSafetensors(entries), 'hf.safetensors'), 2);
    expect(ck.mtpModules()).toBe(1);
    const w = await ck.loadWeights(cfg, 1);
    expect(w.layers[1].attn.wkvA).toEqual(rounded.get('layers.1.attn.wkv_a.weight'));
    expect(w.mtp[0].ehProj).toEqual(rounded.get('mtp.0.eh_proj.weight'));
    expect(w.layers[1].moe!.bias).toEqual(rounded.get('layers.1.ffn.gate.bias'));
    const logits = new DeepSeekModel(cfg, w).session(1, 3).forward([1, 2, 3], 3, 0).logits;
    expect(logits.every(Number.isFinite)).toBe(true);
  });

  it('decodes F16 and F64 tensors', async () => {
    const v = Float32Array.from([1.5, -2.25, 65504, 2 ** -24]);
    const f16 = float32ToFp16Array(v);
    const f64 = Float64Array.from([0.1, -3, 1e-3, 7]);
    const bytes = writeSafetensors([
      { name: 'norm.weight', dtype: 'F16', shape: [4], data: new Uint8Array(f16.buffer) },
      { name: 'layers.0.attn_norm.weight', dtype: 'F64', shape: [4], data: new Uint8Array(f64.buffer) },
    ]);
    const ck = await Checkpoint.open(bytesSource(bytes, 'h.safetensors'), 1);
    expect(Array.from((await ck.load('norm.weight', [4]))!)).toEqual([1.5, -2.25, 65504, 2 ** -24]);
    expect((await ck.load('layers.0.attn_norm.weight', [4]))!).toEqual(Float32Array.from(f64));
  });

  it('multiplies FP8 weights by their 128×128 block scales, partial edge blocks included', async () => {
    const rows = 200;
    const cols = 130;
    const w = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * (1 + (i % 7)));
    const sr = Math.ceil(rows / 128);
    const sc = Math.ceil(cols / 128);
    const scale = Float32Array.from({ length: sr * sc }, (_, i) => 0.02 * (i + 1)); // |w|/scale ≤ 350 < 448
    const q = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) q[i * cols + j] = w[i * cols + j] / scale[Math.floor(i / 128) * sc + Math.floor(j / 128)];
    const codes = float32ToE4m3Array(q);
    const bytes = writeSafetensors([
      { name: 'model.layers.0.self_attn.o_proj.weight', dtype: 'F8_E4M3', shape: [rows, cols], data: codes },
      { name: 'model.layers.0.self_attn.o_proj.weight_scale_inv', dtype: 'F32', shape: [sr, sc], data: f32(scale) },
    ]);
    const ck = await Checkpoint.open(bytesSource(bytes, 'fp8.safetensors'), 1);
    const got = (await ck.load('layers.0.attn.wo.weight', [rows, cols]))!;
    const dec = e4m3ToFloat32Array(codes);
    expect(got[0]).toBe(Math.fround(dec[0] * scale[0]));
    expect(got[199 * cols + 129]).toBe(Math.fround(dec[199 * cols + 129] * scale[3])); // bottom-right partial block
    expect(got[5 * cols + 128]).toBe(Math.fround(dec[5 * cols + 128] * scale[1]));
    let worst = 0;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(got[i] - w[i]) / Math.max(Math.abs(w[i]), 0.5));
    expect(worst).toBeLessThan(0.07); // E4M3 keeps 3 mantissa bits
  });

  it('gives one-line errors naming the tensor', async () => {
    const { tensors } = randomWeights(cfg, { seed: 1 });
    const list = [...tensors].map(([name, data]) => ({ name, dtype: 'F32', shape: tensorSpecs(cfg).find((s) => s.name === name)!.shape, data: f32(data) }));
    const open = (l: typeof list) => Checkpoint.open(bytesSource(writeSafetensors(l), 'x.safetensors'), cfg.nLayers);
    // missing tensor
    await expect((await open(list.filter((t) => t.name !== 'layers.1.attn.wo.weight'))).loadWeights(cfg)).rejects.toThrow(
      /x\.safetensors tensor layers\.1\.attn\.wo\.weight: expected a tensor of shape \[32, 16\]/,
    );
    // wrong shape
    const bad = list.map((t) => (t.name === 'norm.weight' ? { ...t, shape: [16, 2] } : t));
    await expect((await open(bad)).loadWeights(cfg)).rejects.toThrow(/tensor norm\.weight shape: expected \[32\]/);
    // undecodable dtype
    const i32 = list.map((t) => (t.name === 'embed.weight' ? { ...t, dtype: 'I32' } : t));
    await expect((await open(i32)).loadWeights(cfg)).rejects.toThrow(/tensor embed\.weight dtype: expected one of F32, F64, F16, BF16, F8_E4M3, got "I32"/);
    // config with fewer layers than the checkpoint
    const oneLayer = syntheticConfig({ n_layers: 1 });
    const ck1 = await Checkpoint.open(bytesSource(writeSafetensors(list), 'x.safetensors'), 1);
    await expect(ck1.loadWeights(oneLayer)).rejects.toThrow(/tensor layers\.1\.\S+: expected no decoder layer beyond n_layers = 1/);
    // truncated file
    const whole = writeSafetensors(list);
    await expect(Checkpoint.open(bytesSource(whole.subarray(0, whole.length - 10), 't.safetensors'), 2)).rejects.toThrow(FormatError);
    // FP8 weight without scales
    const fp8 = [{ name: 'layers.0.attn.wo.weight', dtype: 'F8_E4M3', shape: [2, 2], data: new Uint8Array(4) }];
    const ck2 = await Checkpoint.open(bytesSource(writeSafetensors(fp8), 'f.safetensors'), 1);
    await expect(ck2.load('layers.0.attn.wo.weight', [2, 2])).rejects.toThrow(InputError);
    await expect(ck2.load('layers.0.attn.wo.weight', [2, 2])).rejects.toThrow(/layers\.0\.attn\.wo\.scale/);
  });
});
