/**
 * Weight and training-state memory.
 *
 * Weights: BF16 = 2 B and FP32 = 4 B per parameter. `fp8-block128` is the layout of DeepSeek's FP8
 * checkpoints: every GEMM weight of the decoder layers (attention projections, dense FFN, experts, MTP's
 * eh_proj) is 1 B per element plus one FP32 scale per 128×128 block (edge blocks partial:
 * ceil(rows/128)·ceil(cols/128) scales); the embedding, output head, router and all vectors stay BF16.
 *
 * Training state per GPU (ZeRO-1, no tensor parallelism; system.md §2 precisions):
 *   BF16 weights (2 B) and FP32 gradients (4 B) of every parameter the GPU holds, unsharded;
 *   optimizer state = FP32 master (4 B) + two BF16 AdamW moments (2 + 2 B) = 8 B per parameter, sharded over
 *   the parameter's data-parallel replicas. With G GPUs and PP stages, each stage's dense weights
 *   (attention, norms, dense FFN, shared experts, router, embedding, head, MTP) live on dp = G/PP GPUs;
 *   a routed expert lives on one GPU of each EP group, so it has only dp/EP replicas
 *   (V3, 2,048 GPUs, PP16, EP64: 128 and 2).
 *   Activations: tokens per micro-batch × in-flight micro-batches × activation bytes of the stage's layers.
 */
import { InputError } from '../core/index.js';
import type { ModelArch } from './arch.js';
import { activationBytesPerTokenPerLayer, DEEPSEEK_ACTIVATION_CHOICES, type ActivationChoices } from './activations.js';
import { layerTensors, mtpTensors, tensorParams, type TensorSpec } from './tensors.js';

export type WeightPrecision = 'bf16' | 'fp8-block128' | 'fp32';
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ['bf16', 'fp8-block128', 'fp32'];

const FP8_BLOCK = 128;

function fp8TensorBytes(t: TensorSpec): number {
  const fp8 = t.gemm && t.role !== 'router' && t.role !== 'head' && t.role !== 'embedding';
  if (!fp8) return 2 * tensorParams(t);
  const scales = Math.ceil(t.rows / FP8_BLOCK) * Math.ceil(t.cols / FP8_BLOCK);
  return t.count * (t.rows * t.cols + 4 * scales);
}

function tensorBytes(t: TensorSpec, precision: WeightPrecision): number {
  if (precision === 'bf16') return 2 * tensorParams(t);
  if (precision === 'fp32') return 4 * tensorParams(t);
  return fp8TensorBytes(t);
}

/** Bytes of the model's weights at a precision (main model; `includeMtp` adds the MTP modules' own weights). */
export function weightBytes(arch: ModelArch, precision: WeightPrecision, opts: { includeMtp?: boolean } = {}): number {
  if (!WEIGHT_PRECISIONS.includes(precision)) throw new InputError('precision', precision, `one of ${WEIGHT_PRECISIONS.join(', ')}`);
  const perElem = precision === 'fp32' ? 4 : 2;
  const vh = arch.vocab * arch.hidden;
  let bytes = perElem * (vh + (arch.tieEmbeddings ? 0 : vh) + arch.hidden);
  const byKind = new Map<string, number>();
  for (const kind of arch.layerFfn) {
    let b = byKind.get(kind);
    if (b === undefined) {
      b = layerTensors(arch, kind).reduce((s, t) => s + tensorBytes(t, precision), 0);
      byKind.set(kind, b);
    }
    bytes += b;
  }
  if (opts.includeMtp) bytes += arch.mtpLayers * mtpTensors(arch).reduce((s, t) => s + tensorBytes(t, precision), 0);
  return bytes;
}

export interface TrainingPlan {
  gpus: number;
  pp: number;
  ep: number;
  /** Data-parallel degree; defaults to gpus / pp (no tensor parallelism). */
  dp?: number;
  zero: 1;
  /** DualPipe: rank r holds stages r and pp−1−r (two parameter copies' worth); default false. */
  dualPipe?: boolean;
  /** Train the MTP modules too (default: when the model has them); they sit on the last stage. */
  includeMtp?: boolean;
  /** Layers per stage (sum = layers); default: the balanced split of `defaultStageLayers`. */
  stageLayers?: readonly number[];
  /** Tokens per micro-batch (default 4096, one sequence). */
  microBatchTokens?: number;
  /** Micro-batches whose activations a rank holds at its peak (default pp + 1, DualPipe's figure). */
  inFlightMicroBatches?: number;
  activationChoices?: ActivationChoices;
}

export interface StageMemory {
  stage: number;
  layers: number;
  /** Parameters replicated over the dp data-parallel ranks. */
  denseParams: number;
  /** Routed-expert parameters this GPU holds (its share of the stage's experts). */
  expertParamsPerGpu: number;
}

export interface RankMemory {
  rank: number;
  stages: number[];
  weightBytes: number;
  gradBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  totalBytes: number;
}

export interface TrainingMemory {
  dp: number;
  /** Data-parallel replicas of each dense weight and of each routed expert (ZeRO-1 shards over these). */
  denseReplicas: number;
  expertReplicas: number;
  stages: StageMemory[];
  ranks: RankMemory[];
  /** The rank with the most memory. */
  peak: RankMemory;
}

/**
 * Balanced contiguous split of the layers: every stage gets floor(L/pp) or one more; the extra layers go
 * to the middle stages first, since the first stage also holds the embedding and the last the head and MTP.
 */
export function defaultStageLayers(layers: number, pp: number): number[] {
  const base = Math.floor(layers / pp);
  let extra = layers - base * pp;
  const out = new Array<number>(pp).fill(base);
  const order = [...Array.from({ length: Math.max(0, pp - 2) }, (_, i) => i + 1), 0, pp - 1].slice(0, pp);
  for (const s of order) {
    if (extra === 0) break;
    out[s]++;
    extra--;
  }
  return out;
}

function posInt(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new InputError(field, v, 'a positive integer');
  return v;
}

export function trainingMemoryPerGpu(arch: ModelArch, plan: TrainingPlan): TrainingMemory {
  const gpus = posInt('plan.gpus', plan.gpus);
  const pp = posInt('plan.pp', plan.pp);
  const ep = posInt('plan.ep', plan.ep);
  if (plan.zero !== 1) throw new InputError('plan.zero', plan.zero, '1 (ZeRO stage 1)');
  if (gpus % pp !== 0) throw new InputError('plan.pp', pp, `a divisor of plan.gpus (${gpus})`);
  const dp = plan.dp === undefined ? gpus / pp : posInt('plan.dp', plan.dp);
  if (dp * pp !== gpus) throw new InputError('plan.dp', dp, `gpus / pp = ${gpus / pp} (no tensor parallelism)`);
  if (dp % ep !== 0) throw new InputError('plan.ep', ep, `a divisor of the data-parallel degree ${dp}`);
  if (pp > arch.layers) throw new InputError('plan.pp', pp, `at most the number of layers (${arch.layers})`);
  if (plan.dualPipe && pp % 2 !== 0) throw new InputError('plan.pp', pp, 'an even number with DualPipe');
  const stageLayers = plan.stageLayers ? [...plan.stageLayers] : defaultStageLayers(arch.layers, pp);
  if (stageLayers.length !== pp || stageLayers.some((n) => !Number.isSafeInteger(n) || n < 0) || stageLayers.reduce((a, b) => a + b, 0) !== arch.layers)
    throw new InputError('plan.stageLayers', plan.stageLayers, `${pp} non-negative integers summing to ${arch.layers}`);
  const includeMtp = plan.includeMtp ?? arch.mtpLayers > 0;
  const microTokens = plan.microBatchTokens === undefined ? 4096 : posInt('plan.microBatchTokens', plan.microBatchTokens);
  const inFlight = plan.inFlightMicroBatches === undefined ? pp + 1 : posInt('plan.inFlightMicroBatches', plan.inFlightMicroBatches);
  const act = activationBytesPerTokenPerLayer(arch, plan.activationChoices ?? DEEPSEEK_ACTIVATION_CHOICES);
  const expertReplicas = dp / ep;

  const split = (tensors: readonly TensorSpec[]) => {
    let dense = 0;
    let experts = 0;
    for (const t of tensors) {
      if (t.role === 'routedExperts') experts += tensorParams(t);
      else dense += tensorParams(t);
    }
    return { dense, experts };
  };
  const byKind = new Map(['dense', 'moe'].map((k) => [k, split(layerTensors(arch, k as 'dense' | 'moe'))]));
  const mtp = split(mtpTensors(arch));
  const vh = arch.vocab * arch.hidden;
  const stages: StageMemory[] = [];
  const stageAct: number[] = [];
  let layer = 0;
  for (let s = 0; s < pp; s++) {
    let dense = 0;
    let experts = 0;
    let actBytes = 0;
    for (let i = 0; i < stageLayers[s]; i++, layer++) {
      const kind = arch.layerFfn[layer];
      const p = byKind.get(kind);
      if (p) {
        dense += p.dense;
        experts += p.experts;
      }
      actBytes += (kind === 'moe' ? act.moe?.totalBytes : act.dense?.totalBytes) ?? 0;
    }
    if (s === 0) dense += vh;
    if (s === pp - 1) {
      dense += (arch.tieEmbeddings ? 0 : vh) + arch.hidden;
      if (includeMtp && arch.mtpLayers > 0) {
        dense += arch.mtpLayers * mtp.dense;
        experts += arch.mtpLayers * mtp.experts;
        actBytes += arch.mtpLayers * ((arch.mtpFfn === 'moe' ? act.moe?.totalBytes : act.dense?.totalBytes) ?? 0);
      }
    }
    stages.push({ stage: s, layers: stageLayers[s], denseParams: dense, expertParamsPerGpu: experts / ep });
    stageAct.push(actBytes);
  }
  const ranks: RankMemory[] = [];
  for (let r = 0; r < pp; r++) {
    const held = plan.dualPipe ? [r, pp - 1 - r] : [r];
    let dense = 0;
    let experts = 0;
    let actBytes = 0;
    for (const s of held) {
      dense += stages[s].denseParams;
      experts += stages[s].expertParamsPerGpu;
      // DualPipe's pp + 1 in-flight chunks are split over the rank's two stages: count their mean.
      actBytes += (stageAct[s] * microTokens * inFlight) / held.length;
    }
    const params = dense + experts;
    const weight = 2 * params;
    const grad = 4 * params;
    const optimizer = 8 * (dense / dp + experts / expertReplicas);
    ranks.push({ rank: r, stages: held, weightBytes: weight, gradBytes: grad, optimizerBytes: optimizer, activationBytes: actBytes, totalBytes: weight + grad + optimizer + actBytes });
  }
  const peak = ranks.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  return { dp, denseReplicas: dp, expertReplicas, stages, ranks, peak };
}
