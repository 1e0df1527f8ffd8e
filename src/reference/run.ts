/**
 * One call behind `coplane run`: open a checkpoint, build the model from a config (HF or DeepSeek args),
 * generate greedily (optionally with MTP speculative decoding) and collect the probes.
 */
import { InputError } from '../core/index.js';
import type { ByteSource } from '../io/index.js';
import type { AttnMode } from './cache.js';
import { Checkpoint } from './checkpoint.js';
import { parseRefConfig, type RefConfig } from './config.js';
import { greedyGenerate, mtpGenerate, type GenerateResult, type MtpResult } from './generate.js';
import { DeepSeekModel } from './model.js';
import { ActivationRecorder, RoutingHistogram, activationsToSafetensors, observers, probeKvCache, type KvCacheProbe } from './probes.js';

export interface RunOptions {
  promptTokens: number[];
  maxNew: number;
  attn: AttnMode;
  mtp: boolean;
  keepLogits: boolean;
  dumpActivations: boolean;
}

export interface RunReport {
  config: RefConfig;
  tokens: number[];
  /** Logits that chose each generated token (prefill's last position first), when keepLogits. */
  logits: Float32Array[];
  mtp: Pick<MtpResult, 'drafts' | 'accepted' | 'acceptance'> | null;
  mainPasses: number;
  nearTies: number;
  kvCache: KvCacheProbe;
  /** GEMM and attention FLOPs counted over the whole run (matmul convention of model/). */
  countedMatmulFlops: number;
  countedOtherFlops: number;
  routing: { layer: number; counts: number[] }[];
  /** A safetensors file of MoE dispatch/combine inputs, when dumpActivations. */
  activations: Uint8Array | null;
  warnings: string[];
}

export async function runReference(source: ByteSource, configJson: unknown, configName: string, opts: RunOptions): Promise<RunReport> {
  const cfg = parseRefConfig(configJson, configName);
  const warnings: string[] = [];
  for (const t of opts.promptTokens)
    if (!Number.isSafeInteger(t) || t < 0 || t >= cfg.vocabSize) throw new InputError('--prompt-tokens', t, `token ids from 0 to ${cfg.vocabSize - 1} (vocab_size of ${configName})`);
  const ck = await Checkpoint.open(source, cfg.nLayers);
  if (opts.mtp && !ck.has('mtp.0.eh_proj.weight'))
    throw new InputError(`${ck.name} tensor mtp.0.eh_proj.weight (HF: model.layers.${cfg.nLayers}.eh_proj.weight)`, undefined, 'an MTP module in the checkpoint for --mtp');
  const weights = await ck.loadWeights(cfg, opts.mtp ? 1 : 0);
  const model = new DeepSeekModel(cfg, weights);
  const hist = new RoutingHistogram(cfg.nRoutedExperts);
  const rec = opts.dumpActivations ? new ActivationRecorder(cfg.dim) : undefined;
  const observer = observers(hist, rec);
  const total = opts.promptTokens.length + opts.maxNew;
  if (total > cfg.maxSeqLen) warnings.push(`prompt + new tokens = ${total} exceeds the configured max sequence length ${cfg.maxSeqLen}`);
  const genOpts = { maxNew: opts.maxNew, mode: opts.attn, keepLogits: opts.keepLogits, observer };
  const m: MtpResult | null = opts.mtp ? mtpGenerate(model, opts.promptTokens, genOpts) : null;
  const gen: GenerateResult = m ?? greedyGenerate(model, opts.promptTokens, genOpts);
  if (gen.nearTies > 0) warnings.push(`${gen.nearTies} generated token(s) won by a top-2 logit gap below 1e-5: float rounding elsewhere could pick another token`);
  const kvCache = probeKvCache(model.session(1, 1, opts.attn));
  return {
    config: cfg,
    tokens: gen.tokens,
    logits: gen.logits,
    mtp: m ? { drafts: m.drafts, accepted: m.accepted, acceptance: m.acceptance } : null,
    mainPasses: gen.mainPasses,
    nearTies: gen.nearTies,
    kvCache,
    countedMatmulFlops: model.counter.matmulFlops,
    countedOtherFlops: model.counter.otherFlops,
    routing: hist.toJson(),
    activations: rec ? activationsToSafetensors(rec.activations, { producer: 'coplane run', config: configName }) : null,
    warnings,
  };
}
