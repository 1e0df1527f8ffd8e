/**
 * Tensor names: DeepSeek's inference state-dict names are canonical here. Hugging Face names
 * (`model.layers.N.self_attn.q_a_proj.weight`, …) are mapped onto them with DeepSeek's own convert.py
 * table; the HF MTP layer (`model.layers.{n_layers + k}`: enorm, hnorm, eh_proj, shared_head.{norm,head},
 * embed_tokens) becomes `mtp.k.…`. FP8 block scales (`weight_scale_inv` in HF, `scale` in DeepSeek's form)
 * map to `<linear>.scale`.
 */
const PARTS: Record<string, string> = {
  self_attn: 'attn',
  mlp: 'ffn',
  input_layernorm: 'attn_norm',
  post_attention_layernorm: 'ffn_norm',
  q_proj: 'wq',
  q_a_proj: 'wq_a',
  q_a_layernorm: 'q_norm',
  q_b_proj: 'wq_b',
  kv_a_proj_with_mqa: 'wkv_a',
  kv_a_layernorm: 'kv_norm',
  kv_b_proj: 'wkv_b',
  o_proj: 'wo',
  gate_proj: 'w1',
  down_proj: 'w2',
  up_proj: 'w3',
  e_score_correction_bias: 'bias',
  weight_scale_inv: 'scale',
  embed_tokens: 'embed',
  lm_head: 'head',
};

/** Canonical name of a checkpoint tensor name (DeepSeek names pass through unchanged). */
export function canonicalName(name: string, nLayers: number): string {
  let n = name;
  if (n.startsWith('model.')) n = n.slice(6);
  const parts = n.split('.').map((p) => PARTS[p] ?? p);
  // shared_head.{norm,head} of the HF MTP layer
  const sh = parts.indexOf('shared_head');
  if (sh >= 0) parts.splice(sh, 1);
  if (parts[0] === 'layers' && /^\d+$/.test(parts[1] ?? '')) {
    const idx = Number(parts[1]);
    if (idx >= nLayers) return ['mtp', String(idx - nLayers), ...parts.slice(2)].join('.');
  }
  return parts.join('.');
}

/** The scale tensor's canonical name for a weight (`x.weight` → `x.scale`). */
export function scaleNameOf(weightName: string): string {
  return weightName.replace(/\.weight$/, '.scale');
}

const TO_HF: Record<string, string> = Object.fromEntries(
  Object.entries(PARTS).filter(([hf]) => hf !== 'embed_tokens' && hf !== 'lm_head' && hf !== 'weight_scale_inv').map(([hf, ds]) => [ds, hf]),
);

/** The Hugging Face name of a canonical tensor name (the inverse of `canonicalName`). */
export function hfTensorName(name: string, nLayers: number): string {
  if (name === 'embed.weight') return 'model.embed_tokens.weight';
  if (name === 'head.weight') return 'lm_head.weight';
  if (name === 'norm.weight') return 'model.norm.weight';
  const p = name.split('.');
  const map = (parts: string[]) => parts.map((x, i) => (i === parts.length - 1 && x === 'scale' ? 'weight_scale_inv' : (TO_HF[x] ?? x)));
  if (p[0] === 'mtp') {
    const rest = p.slice(2);
    const body = rest[0] === 'norm' || rest[0] === 'head' ? ['shared_head', ...rest] : map(rest);
    return ['model', 'layers', String(nLayers + Number(p[1])), ...body].join('.');
  }
  return ['model', ...map(p)].join('.');
}
