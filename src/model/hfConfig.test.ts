import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, InputError } from '../core/index.js';
import { parseSpecText } from '../spec/index.js';
import { parseHfConfig } from './hfConfig.js';
import { MODEL_PRESET_NAMES, modelPreset, modelPresetConfig } from './presets.js';

const v3 = modelPresetConfig('deepseek-v3') as Record<string, unknown>;
const llama8b = modelPresetConfig('llama-3-8b') as Record<string, unknown>;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('parseHfConfig: the shipped configs', () => {
  it('reads every preset', () => {
    for (const name of MODEL_PRESET_NAMES) expect(modelPreset(name).name).toBe(name);
  });

  it('DeepSeek-V3: MLA with low-rank queries, 3 dense + 58 MoE layers, one MTP module', () => {
    const a = modelPreset('deepseek-v3');
    expect(a.attention).toEqual({
      kind: 'mla', heads: 128, kvHeads: 128, headDim: 192, vHeadDim: 128, qLoraRank: 1536, kvLoraRank: 512,
      qkNopeHeadDim: 128, qkRopeHeadDim: 64, qkvBias: false, outBias: false,
    });
    expect(a.layerFfn.slice(0, 4)).toEqual(['dense', 'dense', 'dense', 'moe']);
    expect(a.layerFfn.filter((k) => k === 'moe')).toHaveLength(58);
    expect(a.moe).toMatchObject({ routedExperts: 256, sharedExperts: 1, topK: 8, expertIntermediate: 2048, sharedIntermediate: 2048, nGroup: 8, topkGroup: 4, scoring: 'sigmoid', routedScalingFactor: 2.5, normTopkProb: true, selectionBias: true });
    expect(a.mtpLayers).toBe(1);
    expect(a.mtpFfn).toBe('moe');
    expect(a.rope).toMatchObject({ scalingType: 'yarn', scalingFactor: 40, originalMaxPositions: 4096, mscaleAllDim: 1 });
  });

  it('DeepSeek-V2: softmax routing, 2 shared experts, no selection bias, no MTP', () => {
    const a = modelPreset('deepseek-v2');
    expect(a.moe).toMatchObject({ routedExperts: 160, sharedExperts: 2, topK: 6, scoring: 'softmax', selectionBias: false, routedScalingFactor: 16, normTopkProb: false, topkGroup: 3 });
    expect(a.layerFfn[0]).toBe('dense');
    expect(a.mtpLayers).toBe(0);
  });

  it('DeepSeek-V2-Lite: q_lora_rank null means a plain q_proj (rank 0)', () => {
    expect(modelPreset('deepseek-v2-lite').attention.qLoraRank).toBe(0);
    expect(parseHfConfig({ ...v3, q_lora_rank: 0 }).attention.qLoraRank).toBe(0);
  });

  it('Qwen2: q/k/v biases implied by the model type, recorded as an assumption', () => {
    const a = modelPreset('qwen2.5-72b');
    expect(a.attention).toMatchObject({ kind: 'gqa', heads: 64, kvHeads: 8, headDim: 128, qkvBias: true, outBias: false });
    expect(a.assumptions.join(' ')).toMatch(/Qwen2: q\/k\/v projections have biases/);
  });

  it('Llama attention_bias puts biases on q/k/v and o; kinds follow the KV head count', () => {
    expect(parseHfConfig({ ...llama8b, attention_bias: true }).attention).toMatchObject({ qkvBias: true, outBias: true });
    expect(modelPreset('llama-2-7b').attention.kind).toBe('mha');
    expect(modelPreset('llama-3-8b').attention.kind).toBe('gqa');
    expect(parseHfConfig({ ...llama8b, num_key_value_heads: 1 }).attention.kind).toBe('mqa');
    expect(parseHfConfig({ ...llama8b, num_key_value_heads: undefined }).attention.kvHeads).toBe(32);
    expect(parseHfConfig({ ...llama8b, head_dim: 64 }).attention.headDim).toBe(64);
  });

  it('Mixtral: every layer MoE, softmax top-2 renormalised, no shared expert', () => {
    const a = modelPreset('mixtral-8x7b');
    expect(a.layerFfn.every((k) => k === 'moe')).toBe(true);
    expect(a.moe).toMatchObject({ routedExperts: 8, topK: 2, expertIntermediate: 14336, sharedExperts: 0, sharedIntermediate: 0, normTopkProb: true });
  });

  it('Qwen2-MoE: shared expert with a gate, decoder_sparse_step and mlp_only_layers', () => {
    const a = parseHfConfig({
      model_type: 'qwen2_moe', hidden_size: 2048, num_hidden_layers: 6, num_attention_heads: 16, num_key_value_heads: 16, vocab_size: 1000,
      intermediate_size: 5632, moe_intermediate_size: 1408, shared_expert_intermediate_size: 5632, num_experts: 60, num_experts_per_tok: 4,
      decoder_sparse_step: 2, mlp_only_layers: [3],
    });
    expect(a.layerFfn).toEqual(['dense', 'moe', 'dense', 'dense', 'dense', 'moe']);
    expect(a.moe).toMatchObject({ sharedExperts: 1, sharedIntermediate: 5632, sharedExpertGate: true, expertIntermediate: 1408 });
    expect(a.attention.qkvBias).toBe(true);
  });

  it('an unknown model_type is read as a Llama-style decoder and says so', () => {
    const a = parseHfConfig({ ...llama8b, model_type: 'granite' });
    expect(a.family).toBe('granite');
    expect(a.assumptions.some((s) => s.includes('not a known model_type'))).toBe(true);
  });
});

describe('parseHfConfig: bad configs name the field', () => {
  it('negative head count', () => {
    expect(() => parseHfConfig({ ...llama8b, num_attention_heads: -3 })).toThrow(
      'config.json num_attention_heads: expected a positive integer (at most 16777216), got -3',
    );
  });

  it('missing, mistyped, non-integer, and inconsistent fields', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...llama8b, hidden_size: undefined }, 'hidden_size'],
      [{ ...llama8b, hidden_size: '4096' }, 'hidden_size'],
      [{ ...llama8b, num_hidden_layers: 32.5 }, 'num_hidden_layers'],
      [{ ...llama8b, vocab_size: 0 }, 'vocab_size'],
      [{ ...llama8b, num_key_value_heads: 5 }, 'num_key_value_heads'],
      [{ ...llama8b, model_type: undefined }, 'model_type'],
      [{ ...llama8b, tie_word_embeddings: 'no' }, 'tie_word_embeddings'],
      [{ ...llama8b, rope_scaling: [1] }, 'rope_scaling'],
      [{ ...llama8b, rope_theta: -1 }, 'rope_theta'],
      [{ ...v3, kv_lora_rank: -512 }, 'kv_lora_rank'],
      [{ ...v3, q_lora_rank: 1.5 }, 'q_lora_rank'],
      [{ ...v3, n_group: 7 }, 'n_group'],
      [{ ...v3, topk_group: 9 }, 'topk_group'],
      [{ ...v3, num_experts_per_tok: 300 }, 'num_experts_per_tok'],
      [{ ...v3, scoring_func: 'relu' }, 'scoring_func'],
      [{ ...v3, moe_intermediate_size: null }, 'moe_intermediate_size'],
      [{ ...v3, num_nextn_predict_layers: -1 }, 'num_nextn_predict_layers'],
    ];
    for (const [cfg, field] of cases) {
      const e = errorOf(() => parseHfConfig(cfg, 'my.json'));
      expect(e, field).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
      expect(e.message.startsWith(`my.json ${field}: expected `)).toBe(true);
      expect(e.message).not.toContain('\n');
    }
  });

  it('a non-object root', () => {
    for (const v of [null, 3, 'x', [1, 2]]) expect(() => parseHfConfig(v)).toThrow(/config\.json \(root\): expected a JSON object/);
  });

  it('fuzz: random JSON values and mutated real configs never crash, never hang', () => {
    const check = (cfg: unknown) => {
      try {
        const a = parseHfConfig(cfg);
        expect(a.layerFfn).toHaveLength(a.layers);
      } catch (e) {
        if (!(e instanceof InputError) && !(e instanceof FormatError)) throw e;
      }
    };
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300, seed: 1 });
    const bases = MODEL_PRESET_NAMES.map((n) => modelPresetConfig(n) as Record<string, unknown>);
    const mutation = fc.record({
      base: fc.integer({ min: 0, max: bases.length - 1 }),
      edits: fc.array(fc.tuple(fc.nat(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.integer({ min: -5, max: 1 << 20 }))), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ base, edits }) => {
        const cfg: Record<string, unknown> = { ...bases[base] };
        const keys = Object.keys(cfg);
        for (const [k, v] of edits) cfg[keys[k % keys.length]] = v;
        check(cfg);
      }),
      { numRuns: 500, seed: 1 },
    );
  });
});

describe('loader fuzz: text → parseSpecText → parseHfConfig', () => {
  it('random and corrupted texts give InputError or FormatError only', () => {
    const real = JSON.stringify(modelPresetConfig('deepseek-v3'), null, 2);
    const texts = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(fc.nat({ max: real.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 5 })).map(([at, cut, ins]) => real.slice(0, at) + ins + real.slice(at + cut)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          parseHfConfig(parseSpecText(text, 'fuzz.json').value, 'fuzz.json');
        } catch (e) {
          if (!(e instanceof InputError) && !(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 400, seed: 1 },
    );
  });
});
