/**
 * The model's weights as typed arrays, under DeepSeek's state-dict names (`layers.L.attn.wq_a.weight`, …;
 * MTP module k under `mtp.k.` with `enorm`, `hnorm`, `eh_proj`, its block's own names and `norm` for the
 * shared head's norm). Every linear is [out, in] (y = x·Wᵀ).
 */
import { Rng } from '../core/index.js';
import type { RefConfig } from './config.js';

export interface TensorSpec {
  name: string;
  shape: number[];
  optional: boolean;
}

export interface AttnWeights {
  /** Plain query projection (q_lora_rank 0), else null. */
  wq: Float32Array | null;
  wqA: Float32Array | null;
  qNorm: Float32Array | null;
  wqB: Float32Array | null;
  wkvA: Float32Array;
  kvNorm: Float32Array;
  wkvB: Float32Array;
  wo: Float32Array;
}

export interface MlpWeights {
  w1: Float32Array;
  w2: Float32Array;
  w3: Float32Array;
  inter: number;
}

export interface MoeWeights {
  gate: Float32Array;
  bias: Float32Array | null;
  experts: MlpWeights[];
  shared: MlpWeights | null;
}

export interface BlockWeights {
  attnNorm: Float32Array;
  attn: AttnWeights;
  ffnNorm: Float32Array;
  dense: MlpWeights | null;
  moe: MoeWeights | null;
}

export interface MtpWeights {
  enorm: Float32Array;
  hnorm: Float32Array;
  /** [dim, 2·dim]: input is concat(enorm(embedding), hnorm(hidden)), embedding first. */
  ehProj: Float32Array;
  block: BlockWeights;
  /** The shared head's norm. */
  norm: Float32Array;
  /** The MTP layer's own copy of the head, when the checkpoint has one; else the main head is used. */
  head: Float32Array | null;
}

export interface ModelWeights {
  embed: Float32Array;
  layers: BlockWeights[];
  norm: Float32Array;
  head: Float32Array;
  mtp: MtpWeights[];
}

/** Whether block `index` (main layers 0..n-1, MTP module k at n+k) has an MoE FFN. */
export function isMoeLayer(cfg: RefConfig, index: number): boolean {
  return index >= cfg.nDenseLayers;
}

function blockSpecs(cfg: RefConfig, p: string, moe: boolean): TensorSpec[] {
  const { dim, nHeads: h, qkNopeHeadDim: dn, qkRopeHeadDim: dr, vHeadDim: dv, kvLoraRank: r, qLoraRank: qr } = cfg;
  const t = (name: string, shape: number[], optional = false): TensorSpec => ({ name: p + name, shape, optional });
  const specs: TensorSpec[] = [t('attn_norm.weight', [dim])];
  if (qr === 0) specs.push(t('attn.wq.weight', [h * (dn + dr), dim]));
  else specs.push(t('attn.wq_a.weight', [qr, dim]), t('attn.q_norm.weight', [qr]), t('attn.wq_b.weight', [h * (dn + dr), qr]));
  specs.push(
    t('attn.wkv_a.weight', [r + dr, dim]),
    t('attn.kv_norm.weight', [r]),
    t('attn.wkv_b.weight', [h * (dn + dv), r]),
    t('attn.wo.weight', [dim, h * dv]),
    t('ffn_norm.weight', [dim]),
  );
  const mlp = (q: string, inter: number) => [t(`${q}w1.weight`, [inter, dim]), t(`${q}w2.weight`, [dim, inter]), t(`${q}w3.weight`, [inter, dim])];
  if (!moe) return [...specs, ...mlp('ffn.', cfg.interDim)];
  specs.push(t('ffn.gate.weight', [cfg.nRoutedExperts, dim]), t('ffn.gate.bias', [cfg.nRoutedExperts], !cfg.requireGateBias));
  for (let e = 0; e < cfg.nRoutedExperts; e++) specs.push(...mlp(`ffn.experts.${e}.`, cfg.moeInterDim));
  if (cfg.nSharedExperts > 0) specs.push(...mlp('ffn.shared_experts.', cfg.nSharedExperts * cfg.moeInterDim));
  return specs;
}

/** Every tensor the model reads, with the shape the config implies; `mtp` = MTP modules to include. */
export function tensorSpecs(cfg: RefConfig, mtp = 0): TensorSpec[] {
  const specs: TensorSpec[] = [{ name: 'embed.weight', shape: [cfg.vocabSize, cfg.dim], optional: false }];
  for (let l = 0; l < cfg.nLayers; l++) specs.push(...blockSpecs(cfg, `layers.${l}.`, isMoeLayer(cfg, l)));
  specs.push({ name: 'norm.weight', shape: [cfg.dim], optional: false }, { name: 'head.weight', shape: [cfg.vocabSize, cfg.dim], optional: false });
  for (let k = 0; k < mtp; k++) {
    const p = `mtp.${k}.`;
    specs.push(
      { name: `${p}enorm.weight`, shape: [cfg.dim], optional: false },
      { name: `${p}hnorm.weight`, shape: [cfg.dim], optional: false },
      { name: `${p}eh_proj.weight`, shape: [cfg.dim, 2 * cfg.dim], optional: false },
      { name: `${p}norm.weight`, shape: [cfg.dim], optional: false },
      { name: `${p}head.weight`, shape: [cfg.vocabSize, cfg.dim], optional: true },
      ...blockSpecs(cfg, p, isMoeLayer(cfg, cfg.nLayers + k)),
    );
  }
  return specs;
}

type Get = (name: string) => Float32Array | null;

function need(get: Get, name: string): Float32Array {
  const v = get(name);
  if (!v) throw new Error(`weight ${name} was not loaded`);
  return v;
}

function block(cfg: RefConfig, get: Get, p: string, moe: boolean): BlockWeights {
  const n = (s: string) => need(get, p + s);
  const mlp = (q: string, inter: number): MlpWeights => ({ w1: n(`${q}w1.weight`), w2: n(`${q}w2.weight`), w3: n(`${q}w3.weight`), inter });
  const plainQ = cfg.qLoraRank === 0;
  return {
    attnNorm: n('attn_norm.weight'),
    attn: {
      wq: plainQ ? n('attn.wq.weight') : null,
      wqA: plainQ ? null : n('attn.wq_a.weight'),
      qNorm: plainQ ? null : n('attn.q_norm.weight'),
      wqB: plainQ ? null : n('attn.wq_b.weight'),
      wkvA: n('attn.wkv_a.weight'),
      kvNorm: n('attn.kv_norm.weight'),
      wkvB: n('attn.wkv_b.weight'),
      wo: n('attn.wo.weight'),
    },
    ffnNorm: n('ffn_norm.weight'),
    dense: moe ? null : mlp('ffn.', cfg.interDim),
    moe: moe
      ? {
          gate: n('ffn.gate.weight'),
          bias: get(`${p}ffn.gate.bias`),
          experts: Array.from({ length: cfg.nRoutedExperts }, (_, e) => mlp(`ffn.experts.${e}.`, cfg.moeInterDim)),
          shared: cfg.nSharedExperts > 0 ? mlp('ffn.shared_experts.', cfg.nSharedExperts * cfg.moeInterDim) : null,
        }
      : null,
  };
}

/** Build the weight structure from a lookup by name (null for an absent optional tensor). */
export function assembleWeights(cfg: RefConfig, get: Get, mtp = 0): ModelWeights {
  const layers: BlockWeights[] = [];
  for (let l = 0; l < cfg.nLayers; l++) layers.push(block(cfg, get, `layers.${l}.`, isMoeLayer(cfg, l)));
  const mtps: MtpWeights[] = [];
  for (let k = 0; k < mtp; k++) {
    const p = `mtp.${k}.`;
    mtps.push({
      enorm: need(get, `${p}enorm.weight`),
      hnorm: need(get, `${p}hnorm.weight`),
      ehProj: need(get, `${p}eh_proj.weight`),
      block: block(cfg, get, p, isMoeLayer(cfg, cfg.nLayers + k)),
      norm: need(get, `${p}norm.weight`),
      head: get(`${p}head.weight`),
    });
  }
  return { embed: need(get, 'embed.weight'), layers, norm: need(get, 'norm.weight'), head: need(get, 'head.weight'), mtp: mtps };
}

/**
 * Random weights for a config (seeded): norms 1 + 0.1·N(0,1), gate bias 0.1·N(0,1), everything else
 * `std`·N(0,1) (0.02 like the golden model's init unless given). Returns the named tensors too.
 */
export function randomWeights(
  cfg: RefConfig,
  opts: { seed?: number; mtp?: number; std?: number; gateBias?: boolean } = {},
): { weights: ModelWeights; tensors: Map<string, Float32Array> } {
  const rng = new Rng(opts.seed ?? 1);
  const std = opts.std ?? 0.02;
  const tensors = new Map<string, Float32Array>();
  for (const s of tensorSpecs(cfg, opts.mtp ?? 0)) {
    if (s.name.endsWith('.head.weight') && s.name.startsWith('mtp.')) continue; // shared head
    const isBias = s.name.endsWith('gate.bias');
    if (isBias && opts.gateBias === false && s.optional) continue;
    const n = s.shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(n);
    const isNorm = /norm\.weight$/.test(s.name);
    for (let i = 0; i < n; i++) a[i] = isNorm ? 1 + 0.1 * rng.normal() : (isBias ? 0.1 : std) * rng.normal();
    tensors.set(s.name, a);
  }
  return { weights: assembleWeights(cfg, (name) => tensors.get(name) ?? null, opts.mtp ?? 0), tensors };
}
