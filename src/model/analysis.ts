/**
 * Everything `coplane model` reports about one architecture, in one structure (the CLI only formats it).
 */
import type { ModelArch } from './arch.js';
import { activationBytesPerTokenPerLayer, BF16_ACTIVATION_CHOICES, DEEPSEEK_ACTIVATION_CHOICES, type ActivationBytes } from './activations.js';
import { flopsPerToken, type FlopsPerToken } from './flops.js';
import { kvCacheBytes, kvCacheBytesPerToken, kvCacheBytesPerTokenPerLayer, type KvDtype } from './kvCache.js';
import { trainingMemoryPerGpu, weightBytes, type TrainingMemory, type TrainingPlan } from './memory.js';
import { countParams, type ParamCounts } from './params.js';

/** DeepSeek-V3's training deployment (system.md §3): 2,048 GPUs, DualPipe over 16 stages, EP64, ZeRO-1. */
export const DEEPSEEK_V3_TRAINING_PLAN: TrainingPlan = { gpus: 2048, pp: 16, ep: 64, zero: 1, dualPipe: true, microBatchTokens: 4096 };

export interface AnalyzeOptions {
  seqLen?: number;
  kvDtype?: KvDtype;
  /** Training plan for the memory section (default: DeepSeek-V3's, when it fits the model). */
  plan?: TrainingPlan;
  /** Batch × context for the KV-cache example (default 32 sequences × 4096 tokens). */
  kvBatch?: number;
  kvContextTokens?: number;
}

export interface ModelAnalysis {
  arch: ModelArch;
  seqLen: number;
  kvDtype: KvDtype;
  params: ParamCounts;
  kv: {
    bytesPerToken: number;
    bytesPerTokenPerLayer: number;
    bytesPerTokenWithMtp: number;
    bf16BytesPerToken: number;
    fp8BytesPerToken: number;
    /** MLA only: per-head K and V cache (null otherwise). */
    naiveBf16BytesPerToken: number | null;
    batch: number;
    contextTokens: number;
    batchBytes: number;
  };
  flops: { causal: FlopsPerToken; nonCausal: FlopsPerToken; causalWithMtp: FlopsPerToken };
  weights: { bf16Bytes: number; fp8Bytes: number; fp32Bytes: number; bf16WithMtpBytes: number };
  activations: { deepseek: ActivationBytes; bf16: ActivationBytes };
  training: { plan: TrainingPlan; memory: TrainingMemory } | { plan: TrainingPlan; memory: null; reason: string };
}

/**
 * The default plan adapted to a model: with fewer routed experts than EP ranks (Mixtral's 8 vs EP64), EP is
 * the largest divisor of the expert count that also divides the data-parallel degree.
 */
function adaptPlan(arch: ModelArch, plan: TrainingPlan): TrainingPlan {
  const m = arch.moe;
  if (!m || m.routedExperts % plan.ep === 0) return plan;
  const dp = plan.dp ?? plan.gpus / plan.pp;
  let ep = Math.min(plan.ep, m.routedExperts);
  while (ep > 1 && (m.routedExperts % ep !== 0 || dp % ep !== 0)) ep--;
  return { ...plan, ep };
}

function planFits(arch: ModelArch, plan: TrainingPlan): string | null {
  if (plan.pp > arch.layers) return `${arch.layers} layers cannot fill ${plan.pp} pipeline stages`;
  if (arch.moe && arch.moe.routedExperts % plan.ep !== 0) return `${arch.moe.routedExperts} routed experts do not divide over EP${plan.ep}`;
  return null;
}

export function analyzeModel(arch: ModelArch, opts: AnalyzeOptions = {}): ModelAnalysis {
  const seqLen = opts.seqLen ?? 4096;
  const kvDtype = opts.kvDtype ?? 'bf16';
  const batch = opts.kvBatch ?? 32;
  const contextTokens = opts.kvContextTokens ?? 4096;
  const plan = opts.plan ?? adaptPlan(arch, DEEPSEEK_V3_TRAINING_PLAN);
  const misfit = planFits(arch, plan);
  return {
    arch,
    seqLen,
    kvDtype,
    params: countParams(arch),
    kv: {
      bytesPerToken: kvCacheBytesPerToken(arch, { dtype: kvDtype }),
      bytesPerTokenPerLayer: kvCacheBytesPerTokenPerLayer(arch, { dtype: kvDtype }),
      bytesPerTokenWithMtp: kvCacheBytesPerToken(arch, { dtype: kvDtype, includeMtp: true }),
      bf16BytesPerToken: kvCacheBytesPerToken(arch, { dtype: 'bf16' }),
      fp8BytesPerToken: kvCacheBytesPerToken(arch, { dtype: 'fp8' }),
      naiveBf16BytesPerToken: arch.attention.kind === 'mla' ? kvCacheBytesPerToken(arch, { dtype: 'bf16', mlaMode: 'naive' }) : null,
      batch,
      contextTokens,
      batchBytes: kvCacheBytes(arch, batch, contextTokens, kvDtype),
    },
    flops: {
      causal: flopsPerToken(arch, { seqLen, causal: true }),
      nonCausal: flopsPerToken(arch, { seqLen, causal: false }),
      causalWithMtp: flopsPerToken(arch, { seqLen, causal: true, includeMtp: true }),
    },
    weights: {
      bf16Bytes: weightBytes(arch, 'bf16'),
      fp8Bytes: weightBytes(arch, 'fp8-block128'),
      fp32Bytes: weightBytes(arch, 'fp32'),
      bf16WithMtpBytes: weightBytes(arch, 'bf16', { includeMtp: true }),
    },
    activations: {
      deepseek: activationBytesPerTokenPerLayer(arch, DEEPSEEK_ACTIVATION_CHOICES),
      bf16: activationBytesPerTokenPerLayer(arch, BF16_ACTIVATION_CHOICES),
    },
    training: misfit === null ? { plan, memory: trainingMemoryPerGpu(arch, plan) } : { plan, memory: null, reason: misfit },
  };
}
