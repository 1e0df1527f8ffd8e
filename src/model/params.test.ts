import { describe, expect, it } from 'vitest';
import { parseHfConfig } from './hfConfig.js';
import { countParams } from './params.js';
import { modelPreset } from './presets.js';

/**
 * Published checkpoint totals. Source for each: the parameter count the Hugging Face model page shows for
 * the repository, which the Hub reads from the safetensors metadata (all tensors of the checkpoint, printed to
 * 3 significant figures), for deepseek-ai/DeepSeek-V3 (685B: main model + MTP layer 61, which stores its own
 * copies of the embedding and head), deepseek-ai/DeepSeek-V2 (236B), deepseek-ai/DeepSeek-V2-Lite (15.7B),
 * Qwen/Qwen2.5-72B (72.7B), Qwen/Qwen2-7B (7.62B), meta-llama/Llama-3.1-405B (406B; 405.85B per the issue),
 * meta-llama/Meta-Llama-3-8B (8.03B), meta-llama/Llama-2-7b-hf (6.74B), mistralai/Mistral-7B-v0.1 (7.24B),
 * mistralai/Mixtral-8x7B-v0.1 (46.7B). The criterion is 0.5%.
 */
const PUBLISHED_CHECKPOINT_TOTAL: Record<string, number> = {
  'deepseek-v3': 685e9,
  'deepseek-v2': 236e9,
  'deepseek-v2-lite': 15.7e9,
  'qwen2.5-72b': 72.7e9,
  'qwen2-7b': 7.62e9,
  'llama-3.1-405b': 405.85e9,
  'llama-3-8b': 8.03e9,
  'llama-2-7b': 6.74e9,
  'mistral-7b': 7.24e9,
  'mixtral-8x7b': 46.7e9,
};

/**
 * Exact totals written out from the tensor shapes (independently of tensors.ts): per layer
 * attention + 2 norms + FFN, times layers, + embedding + head + final norm.
 */
function gqaTotal(h: number, L: number, heads: number, kv: number, hd: number, inter: number, vocab: number, qkvBias: boolean): number {
  const attn = 2 * h * heads * hd + 2 * h * kv * hd + (qkvBias ? heads * hd + 2 * kv * hd : 0);
  return L * (attn + 3 * h * inter + 2 * h) + 2 * vocab * h + h;
}

const EXACT: Record<string, number> = {
  'llama-3.1-405b': gqaTotal(16384, 126, 128, 8, 128, 53248, 128256, false),
  'llama-3-8b': gqaTotal(4096, 32, 32, 8, 128, 14336, 128256, false),
  'llama-2-7b': gqaTotal(4096, 32, 32, 32, 128, 11008, 32000, false),
  'mistral-7b': gqaTotal(4096, 32, 32, 8, 128, 14336, 32000, false),
  'qwen2.5-72b': gqaTotal(8192, 80, 64, 8, 128, 29568, 152064, true),
  'qwen2-7b': gqaTotal(3584, 28, 28, 4, 128, 18944, 152064, true),
  // Mixtral: GQA attention + router 8·h + 8 experts of 3·h·14336 per layer.
  'mixtral-8x7b': 32 * (2 * 4096 * 4096 + 2 * 4096 * 1024 + 8 * 4096 + 8 * 3 * 4096 * 14336 + 2 * 4096) + 2 * 32000 * 4096 + 4096,
};

describe('countParams: exact totals', () => {
  it('dense and Mixtral models match the closed forms', () => {
    for (const [name, total] of Object.entries(EXACT)) expect(countParams(modelPreset(name)).total, name).toBe(total);
  });

  it('DeepSeek-V3 layer by layer: 671,026,419,200 main + 11,610,068,224 MTP', () => {
    const h = 7168;
    const attn = h * 1536 + 1536 + 1536 * 128 * 192 + h * 576 + 512 + 512 * 128 * 256 + 128 * 128 * h; // 187,107,328
    const dense = attn + 2 * h + 3 * h * 18432;
    const moe = attn + 2 * h + 256 * 3 * h * 2048 + 3 * h * 2048 + 256 * h + 256;
    const p = countParams(modelPreset('deepseek-v3'));
    expect(attn).toBe(187_107_328);
    expect(p.total).toBe(3 * dense + 58 * moe + 2 * 129280 * h + h);
    expect(p.total).toBe(671_026_419_200);
    expect(p.mtp.unique).toBe(2 * h + 2 * h * h + moe + h);
    expect(p.mtp.unique).toBe(11_610_068_224);
    expect(p.checkpointTotal).toBe(p.total + p.mtp.unique + 2 * 129280 * h);
    expect(Math.abs(p.total / 671e9 - 1)).toBeLessThan(0.01);
    expect(p.perLayer[3].total).toBe(moe);
    expect(p.perLayer[0].total).toBe(dense);
  });

  it('DeepSeek-V3 activated: 37.55B with embedding and head, 36.63B without embedding, 35.70B without both', () => {
    const p = countParams(modelPreset('deepseek-v3'));
    expect(p.active).toBe(37_552_297_472);
    expect(p.activeWithoutEmbedding).toBe(p.active - 129280 * 7168);
    expect(p.activeNonEmbedding).toBe(p.active - 2 * 129280 * 7168);
    // Routed experts: top-8 of 256 in each of the 58 MoE layers.
    expect(p.activeByRole.routedExperts).toBe(58 * 8 * 3 * 7168 * 2048);
  });

  it('DeepSeek-V2 and V2-Lite (plain q_proj, 64 experts)', () => {
    expect(countParams(modelPreset('deepseek-v2')).total).toBe(235_741_434_880);
    const h = 2048;
    const attn = h * 16 * 192 + h * 576 + 512 + 512 * 16 * 256 + 16 * 128 * h;
    const dense = attn + 2 * h + 3 * h * 10944;
    const moe = attn + 2 * h + 64 * 3 * h * 1408 + 2 * 3 * h * 1408 + 64 * h;
    expect(countParams(modelPreset('deepseek-v2-lite')).total).toBe(dense + 26 * moe + 2 * 102400 * h + h);
  });

  it('every preset is within 0.5% of its published checkpoint total', () => {
    for (const [name, published] of Object.entries(PUBLISHED_CHECKPOINT_TOTAL)) {
      const ours = countParams(modelPreset(name)).checkpointTotal;
      expect(Math.abs(ours / published - 1), `${name}: ${ours}`).toBeLessThan(0.005);
    }
  });
});

describe('countParams: attention and FFN kinds', () => {
  const base = { model_type: 'llama', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 8, intermediate_size: 128, vocab_size: 100 };
  const body = (p: ReturnType<typeof countParams>) => p.total - 2 * 100 * 64 - 64;

  it('MHA, GQA and MQA differ only in the k/v projections', () => {
    const mha = countParams(parseHfConfig({ ...base, num_key_value_heads: 8 }));
    const gqa = countParams(parseHfConfig({ ...base, num_key_value_heads: 2 }));
    const mqa = countParams(parseHfConfig({ ...base, num_key_value_heads: 1 }));
    expect(body(mha)).toBe(2 * (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64));
    expect(mha.attention - gqa.attention).toBe(2 * 2 * 64 * (64 - 16));
    expect(gqa.attention - mqa.attention).toBe(2 * 2 * 64 * (16 - 8));
  });

  it('tied embeddings store no head but still run the head GEMM', () => {
    const p = countParams(parseHfConfig({ ...base, tie_word_embeddings: true }));
    expect(p.head).toBe(0);
    expect(p.activeByRole.head).toBe(100 * 64);
    expect(p.total).toBe(p.embedding + p.attention + p.denseFfn + p.norms);
  });

  it('MLA with and without a query low-rank projection', () => {
    const mla = {
      model_type: 'deepseek_v3', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, intermediate_size: 96,
      kv_lora_rank: 16, qk_nope_head_dim: 8, qk_rope_head_dim: 4, v_head_dim: 8,
    };
    const plain = countParams(parseHfConfig({ ...mla, q_lora_rank: null }));
    const lora = countParams(parseHfConfig({ ...mla, q_lora_rank: 24 }));
    const kv = 64 * 20 + 16 * 4 * 16 + 4 * 8 * 64; // kv_a, kv_b, o
    expect(plain.attention).toBe(2 * (64 * 4 * 12 + kv));
    expect(lora.attention).toBe(2 * (64 * 24 + 24 * 4 * 12 + kv));
    expect(lora.norms - plain.norms).toBe(2 * 24);
    // attention_bias: q_a_proj, kv_a_proj_with_mqa and o_proj get biases; a plain q_proj does not.
    expect(countParams(parseHfConfig({ ...mla, q_lora_rank: 24, attention_bias: true })).attention - lora.attention).toBe(2 * (24 + 20 + 64));
    expect(countParams(parseHfConfig({ ...mla, q_lora_rank: null, attention_bias: true })).attention - plain.attention).toBe(2 * (20 + 64));
  });

  it('DeepSeek MoE: dense first layers, shared experts, router with selection bias', () => {
    const cfg = {
      model_type: 'deepseek_v3', hidden_size: 32, num_hidden_layers: 4, num_attention_heads: 2, vocab_size: 50, intermediate_size: 80,
      kv_lora_rank: 8, qk_nope_head_dim: 4, qk_rope_head_dim: 2, v_head_dim: 4, q_lora_rank: 8,
      n_routed_experts: 8, n_shared_experts: 2, moe_intermediate_size: 16, num_experts_per_tok: 2, n_group: 4, topk_group: 2,
      first_k_dense_replace: 1, moe_layer_freq: 2, num_nextn_predict_layers: 1,
    };
    const a = parseHfConfig(cfg);
    expect(a.layerFfn).toEqual(['dense', 'dense', 'moe', 'dense']);
    const p = countParams(a);
    expect(p.denseFfn).toBe(3 * 3 * 32 * 80);
    expect(p.routedExperts).toBe(8 * 3 * 32 * 16);
    expect(p.sharedExperts).toBe(3 * 32 * 32);
    expect(p.router).toBe(8 * 32 + 8);
    expect(p.activeByRole.routedExperts).toBe(2 * 3 * 32 * 16);
    // MTP block: layer index 4 is MoE under the same rule.
    expect(a.mtpFfn).toBe('moe');
    expect(p.mtp.byRole.routedExperts).toBe(8 * 3 * 32 * 16);
    expect(p.mtp.byRole.mtpProj).toBe(2 * 32 * 32);
  });

  it('Mixtral-8x7B: 46.70B total, 12.88B activated (top-2 of 8)', () => {
    const p = countParams(modelPreset('mixtral-8x7b'));
    expect(p.active).toBe(p.total - 32 * 6 * 3 * 4096 * 14336);
  });
});
