/**
 * Inference estimates (`coplane infer`): prefill (TTFT, throughput) and decode (TPOT, tokens/s per user,
 * per GPU and per node), KV-cache capacity, and MTP speculative decoding.
 *
 * A deployment unit runs attention with TP (+ sequence parallelism) × DP and the MoE layers with EP over all
 * its GPUs, one or more expert slots per GPU (routed experts, redundant replicas, and optionally the shared
 * expert served as a routed one). Per layer each micro-batch computes (attention, router, experts) and
 * exchanges (dispatch FP8 / combine BF16); with m ≥ 2 micro-batches the compute of one hides the all-to-all of
 * the other, so a layer costs max(m · compute, m · comm); with m = 1 it costs compute + comm.
 * Decode uses MLA in its absorbed form (W_uk folded into the query, W_uv after attention), reads each
 * sequence's latent KV once per step (replicated on the attention-TP ranks, since all heads share it), and
 * DeepEP's low-latency all-to-all (one message per destination expert, no per-node dedup). Prefill uses the
 * training form of MLA (causal over the prompt) and the normal, node-deduplicated all-to-all.
 * MTP with depth d and acceptance a: each step verifies 1 + d tokens per sequence and drafts d more through
 * the MTP module; accepted tokens per step = 1 + a + … + a^d.
 */
import { kvCacheBytesPerTokenPerLayer, layerTensors, mtpTensors, type FfnKind, type ModelArch } from '../model/index.js';
import { attentionTime, gemmTime, memoryTime, type Device, type GemmFormat } from './compute.js';
import type { CommProvider } from './comm.js';
import { CachedComm } from './comm.js';
import { hardwarePreset, nvlinkBytesPerSPerDirection } from './hardware.js';
import { paperBoundDecode, PAPER_BOUND_IB, type PaperBoundInputs, type PaperBoundResult } from './paperBound.js';
import { scenarioError, type InferScenario, type LoadedScenario } from './scenario.js';
import { calibrationOf, deviceOf } from './train.js';
import { attentionCost, ffnCost, headCost, type LayerContext } from './layerCost.js';
import { wireBytesPerElement } from './wire.js';
import { InputError } from '../core/index.js';

export interface InferPlan {
  gpus: number;
  tp: number;
  dp: number;
  ep: number;
  slotsPerGpu: number;
  routedSlots: number;
  sharedSlots: number;
  expertsPerToken: number;
  /** Query tokens per sequence per step (1 + MTP depth) in decode; 1 in prefill. */
  queryTokens: number;
}

export function checkInferPlan(loaded: LoadedScenario, arch: ModelArch): InferPlan {
  const s = loaded.scenario as InferScenario;
  const inf = s.inference;
  const at = (path: string[], value: unknown, allowed: string) => scenarioError(loaded, ['inference', ...path], value, allowed);
  const hw = hardwarePreset(s.hardware);
  if (inf.gpus > s.cluster.gpus) throw at(['gpus'], inf.gpus, `at most cluster.gpus (${s.cluster.gpus})`);
  if (inf.attentionTp * inf.attentionDp !== inf.gpus) throw at(['attentionDp'], inf.attentionDp, `inference.gpus / attentionTp = ${inf.gpus / inf.attentionTp}`);
  if (inf.attentionTp > hw.scaleUpDomainGpus) throw at(['attentionTp'], inf.attentionTp, `at most the ${hw.scaleUpDomainGpus} GPUs of one NVLink domain`);
  if (inf.gpus % inf.ep !== 0) throw at(['ep'], inf.ep, `a divisor of inference.gpus (${inf.gpus})`);
  const moe = arch.moe;
  if (!moe) {
    if (inf.ep !== 1) throw at(['ep'], inf.ep, `1 (${arch.name} has no experts)`);
  }
  const routedSlots = moe ? moe.routedExperts + inf.redundantExperts : 0;
  if (inf.sharedExpert === 'routed' && inf.sharedExpertReplicas === 0) throw at(['sharedExpertReplicas'], 0, 'a positive number of GPUs hosting the shared expert when it is served as a routed one');
  const sharedSlots = inf.sharedExpert === 'routed' ? inf.sharedExpertReplicas : 0;
  if (moe && (routedSlots + sharedSlots) % inf.ep !== 0)
    throw at(['ep'], inf.ep, `a divisor of the ${routedSlots + sharedSlots} expert slots (${moe.routedExperts} routed + ${inf.redundantExperts} redundant${sharedSlots ? ` + ${sharedSlots} shared replicas` : ''})`);
  if (inf.mtp && arch.mtpLayers < inf.mtp.depth) throw at(['mtp', 'depth'], inf.mtp.depth, `at most the model's ${arch.mtpLayers} MTP modules`);
  if (inf.phase === 'prefill' && inf.mtp) throw at(['mtp'], inf.mtp, 'no MTP block in a prefill scenario (MTP speeds up decoding)');
  const hwSms = hw.sms;
  if (s.compute.commSms >= hwSms) throw scenarioError(loaded, ['compute', 'commSms'], s.compute.commSms, `fewer than the ${hwSms} SMs`);
  return {
    gpus: inf.gpus,
    tp: inf.attentionTp,
    dp: inf.attentionDp,
    ep: inf.ep,
    slotsPerGpu: moe ? (routedSlots + sharedSlots) / inf.ep : 0,
    routedSlots,
    sharedSlots,
    expertsPerToken: moe ? moe.topK + (sharedSlots > 0 ? 1 : 0) : 0,
    queryTokens: inf.phase === 'decode' ? 1 + (inf.mtp?.depth ?? 0) : 1,
  };
}

export interface LayerTimes {
  computeS: number;
  commS: number;
  /** Both micro-batches (or the one) through the layer. */
  layerS: number;
}

export interface InferResult {
  scenario: string;
  phase: 'prefill' | 'decode';
  /** Time of one step: every micro-batch through every layer once (decode: one token per sequence, + drafts). */
  stepS: number;
  /** Decode: time per output token seen by a user (step / accepted tokens per step). */
  tpotS: number | null;
  tokensPerSPerUser: number | null;
  tokensPerSPerGpu: number;
  tokensPerSPerNode: number;
  /** Prefill: time to first token for a prompt of `contextTokens`. */
  ttftS: number | null;
  layers: { dense: LayerTimes | null; moe: LayerTimes | null; headS: number; mtpS: number };
  epComm: { dispatchS: number; combineS: number; scaleOutBytesPerGpu: number; nvlinkBytesPerGpu: number; source: string } | null;
  mtp: { depth: number; acceptance: number; tokensPerStep: number; stepWithoutMtpS: number; speedup: number } | null;
  kv: { bytesPerTokenPerGpu: number; weightBytesPerGpu: number; freeBytesPerGpu: number; capacityTokensPerGpu: number; neededTokensPerGpu: number };
  /** Decode only: the paper's §2.3.2 bound for this deployment and the steps from it to our estimate. */
  paperBound: { bound: PaperBoundResult; steps: Array<{ step: string; tpotS: number }> } | null;
  networkSimulations: number;
  assumptions: Record<string, unknown>;
  warnings: string[];
}

/** Absorbed-MLA decode attention of `m` query tokens on one GPU (heads / tp), projections included. */
function decodeAttentionS(arch: ModelArch, dev: Device, format: GemmFormat, m: number, spM: number, tp: number, kvReadBytes: number, ctx: number): number {
  const a = arch.attention;
  const h = arch.hidden;
  const heads = a.heads / tp;
  let t = 0;
  if (a.kind === 'mla') {
    if (a.qLoraRank > 0) t += gemmTime(dev, spM, a.qLoraRank, h, format).timeS + gemmTime(dev, m, heads * a.headDim, a.qLoraRank, format).timeS;
    else t += gemmTime(dev, m, heads * a.headDim, h, format).timeS;
    t += gemmTime(dev, spM, a.kvLoraRank + a.qkRopeHeadDim, h, format).timeS;
    // W_uk (absorbed into the query) and W_uv (after attention): one small GEMM per head.
    t += gemmTime(dev, m, a.kvLoraRank, a.qkNopeHeadDim, 'bf16', heads).timeS;
    t += gemmTime(dev, m, a.vHeadDim, a.kvLoraRank, 'bf16', heads).timeS;
    const flops = 2 * heads * (a.kvLoraRank + a.qkRopeHeadDim + a.kvLoraRank) * ctx * m;
    t += attentionTime(dev, flops, kvReadBytes, true).timeS;
  } else {
    const kvHeads = Math.max(1, a.kvHeads / tp);
    t += gemmTime(dev, m, (heads + 2 * kvHeads) * a.headDim, h, format).timeS;
    const flops = 2 * heads * (a.headDim + a.vHeadDim) * ctx * m;
    t += attentionTime(dev, flops, kvReadBytes, true).timeS;
  }
  t += gemmTime(dev, m, h, heads * a.vHeadDim, format).timeS;
  // Two RMSNorms and two residual adds per layer on the tokens of the SP shard.
  t += memoryTime(dev, spM * 20 * h).timeS;
  return t;
}

export function estimateInference(loaded: LoadedScenario, arch: ModelArch, opts: { comm: CommProvider }): InferResult {
  const s = loaded.scenario as InferScenario;
  if (s.kind !== 'infer') throw new InputError('kind', s.kind, '"infer" for an inference estimate');
  const plan = checkInferPlan(loaded, arch);
  const inf = s.inference;
  const hw = hardwarePreset(s.hardware);
  const cal = calibrationOf(s);
  const dev = deviceOf(hw, s.compute.commSms, cal);
  const comm = opts.comm instanceof CachedComm ? opts.comm : new CachedComm(opts.comm);
  const simsBefore = comm.simulations;
  const warnings: string[] = [];
  const moe = arch.moe;
  const h = arch.hidden;
  const fmt = s.precision.gemm;
  const decode = inf.phase === 'decode';
  const m = inf.microBatches;
  const B = inf.tokensPerGpu; // decode: sequences per GPU per micro-batch; prefill: prompt tokens per GPU per micro-batch
  const q = plan.queryTokens;
  const tokensPerGpu = decode ? B * q : B;
  const ctx = inf.contextTokens;
  const kvPerTokenLayer = kvCacheBytesPerTokenPerLayer(arch, { dtype: s.precision.kvCache });

  // Expert work on the busiest GPU: its slots, each receiving the mean tokens of its kind.
  const unitTokens = plan.gpus * tokensPerGpu;
  let expertS = 0;
  let sharedLocalTokens = 0;
  if (moe) {
    const routedPerSlot = (unitTokens * moe.topK) / plan.routedSlots;
    const sharedPerSlot = plan.sharedSlots > 0 ? unitTokens / plan.sharedSlots : 0;
    const perSlot = Math.max(routedPerSlot, sharedPerSlot);
    const I = moe.expertIntermediate;
    expertS =
      gemmTime(dev, perSlot, 2 * I, h, fmt, plan.slotsPerGpu).timeS +
      gemmTime(dev, perSlot, h, I, fmt, plan.slotsPerGpu).timeS +
      memoryTime(dev, perSlot * plan.slotsPerGpu * 7 * I).timeS;
    sharedLocalTokens = plan.sharedSlots > 0 ? 0 : tokensPerGpu;
  }

  let attnS: number;
  const ffnCtx: LayerContext = { dev, format: fmt, tokens: tokensPerGpu, seqLen: ctx, tp: 1, expertPairs: 0, localExperts: 0, sharedTokens: sharedLocalTokens };
  if (decode) {
    const seqsOnGpu = B * plan.tp; // the TP group's sequences: every TP rank reads their latent KV
    attnS = decodeAttentionS(arch, dev, fmt, tokensPerGpu * plan.tp, tokensPerGpu, plan.tp, seqsOnGpu * ctx * kvPerTokenLayer, ctx + (q - 1) / 2);
  } else {
    const c = attentionCost(arch, { ...ffnCtx, tokens: tokensPerGpu * plan.tp, tp: plan.tp });
    attnS = c.fwdS;
  }
  // Attention TP with SP: all-gather before and reduce-scatter after, over NVLink.
  let tpCommS = 0;
  if (plan.tp > 1) {
    const size = plan.tp * tokensPerGpu * h * 2;
    tpCommS = comm.collective({ kind: 'allgather', ranks: plan.tp, sizeBytes: size, scope: 'nvlink' }).timeS + comm.collective({ kind: 'reducescatter', ranks: plan.tp, sizeBytes: size, scope: 'nvlink' }).timeS;
  }

  let dispatch = null;
  let combine = null;
  if (moe && plan.ep > 1) {
    const base = {
      gpus: plan.gpus,
      ep: plan.ep,
      gpusPerNode: hw.gpusPerNode,
      tokensPerGpu,
      expertsPerToken: plan.expertsPerToken,
      expertSlots: plan.routedSlots + plan.sharedSlots,
      nodeLimit: 0,
      dedupPerNode: !decode,
    };
    dispatch = comm.epExchange({ ...base, direction: 'dispatch', bytesPerToken: h * wireBytesPerElement(s.precision.dispatch) });
    combine = comm.epExchange({ ...base, direction: 'combine', bytesPerToken: h * wireBytesPerElement(s.precision.combine) });
  }
  const epCommS = (dispatch?.timeS ?? 0) + (combine?.timeS ?? 0);

  const layerTimes = (kind: FfnKind): LayerTimes => {
    let computeS = attnS;
    if (kind === 'moe' && moe) computeS += ffnCost(arch, 'moe', ffnCtx).fwdS + expertS;
    else computeS += ffnCost(arch, 'dense', ffnCtx).fwdS;
    const commS = tpCommS + (kind === 'moe' ? epCommS : 0);
    const layerS = m >= 2 ? m * Math.max(computeS, commS) : computeS + commS;
    return { computeS, commS, layerS };
  };
  const dense = arch.layerFfn.includes('dense') ? layerTimes('dense') : null;
  const moeL = arch.layerFfn.includes('moe') ? layerTimes('moe') : null;
  let bodyS = 0;
  for (const k of arch.layerFfn) bodyS += (k === 'moe' ? moeL : dense)!.layerS;
  // Decode: the head runs on every token; prefill: only on each prompt's last token (its first output token).
  const headTokens = decode ? tokensPerGpu * plan.tp : Math.max(1, Math.ceil((tokensPerGpu * plan.tp) / ctx));
  const headS = m * headCost(arch, { ...ffnCtx, tokens: headTokens, tp: plan.tp }).fwdS;
  // MTP draft, per draft step: eh_proj, one transformer block and the head on each sequence's newest token —
  // the block sees one token per sequence, exactly a main-model layer without MTP (taken from that estimate).
  let mtpS = 0;
  const depth = decode ? (inf.mtp?.depth ?? 0) : 0;
  let noMtp: InferResult | null = null;
  if (depth > 0) {
    noMtp = estimateInference({ scenario: { ...s, inference: { ...inf, mtp: undefined } }, locate: loaded.locate }, arch, { comm });
    const block = (arch.mtpFfn === 'moe' ? noMtp.layers.moe : noMtp.layers.dense)!.layerS;
    const headOne = m * headCost(arch, { ...ffnCtx, tokens: B * plan.tp, tp: plan.tp }).fwdS;
    mtpS = depth * (m * gemmTime(dev, B, h, 2 * h, fmt).timeS + block + headOne);
  }
  const stepS = bodyS + headS + mtpS;

  // Without MTP: one query token per sequence, no draft (re-estimated with q = 1 for the speedup).
  const acceptance = inf.mtp?.acceptance ?? 0;
  let accepted = 1;
  for (let i = 1, p = 1; i <= depth; i++) {
    p *= acceptance;
    accepted += p;
  }
  let mtp: InferResult['mtp'] = null;
  if (noMtp) {
    mtp = { depth, acceptance, tokensPerStep: accepted, stepWithoutMtpS: noMtp.stepS, speedup: (accepted * noMtp.stepS) / stepS };
  }

  // KV capacity per GPU: HBM minus this GPU's weights.
  const weightBytesPerGpu = inferenceWeightBytes(arch, plan, depth > 0);
  const freeBytes = hw.hbmBytes - weightBytesPerGpu;
  const kvPerTokenGpu = kvPerTokenLayer * (arch.layers + (depth > 0 ? depth : 0));
  const capacityTokens = Math.max(0, Math.floor(freeBytes / kvPerTokenGpu));
  const neededTokens = decode ? B * plan.tp * m * ctx : B * plan.tp * m;
  if (decode && neededTokens > capacityTokens)
    warnings.push(`KV cache does not fit: ${plan.tp * B * m} sequences × ${ctx} tokens need ${((neededTokens * kvPerTokenGpu) / 1e9).toFixed(1)} GB per GPU, ${(Math.max(0, freeBytes) / 1e9).toFixed(1)} GB free after weights`);
  if (freeBytes <= 0) warnings.push(`weights do not fit: ${(weightBytesPerGpu / 1e9).toFixed(1)} GB per GPU > ${(hw.hbmBytes / 1e9).toFixed(0)} GB HBM`);

  const outTokensPerStepPerGpu = decode ? B * m * accepted : B * m;
  const tokensPerSPerGpu = outTokensPerStepPerGpu / stepS;
  const tpotS = decode ? stepS / accepted : null;

  let paperBound: InferResult['paperBound'] = null;
  if (decode && moe) {
    const boundInputs = paperBoundInputsFor(s, arch);
    const lineRate = boundInputs.linkBytesPerS;
    const bound = paperBoundDecode(boundInputs);
    const exch = (bytesPerElDispatch: number, hidden: number, rate: number) =>
      arch.layers * m * (((bytesPerElDispatch + 2) * B * (moe.topK + 1) * hidden) / rate);
    const rate = s.cluster.fabric === 'nvl72' ? (s.cluster.nvlinkBandwidth ?? hw.nvlinkAchievableBytesPerS) : (s.cluster.nicBandwidth ?? hw.nicAchievableBytesPerS);
    const moeLayers = arch.layerFfn.filter((k) => k === 'moe').length;
    const steps = [
      { step: "paper's bound: (1 B + 2 B) × tokens × 9 × 7000 / line rate, × micro-batches × layers", tpotS: bound.tpotS },
      { step: 'hidden 7168 instead of 7000', tpotS: exch(1, h, lineRate) },
      { step: 'FP8 dispatch carries 1×128 FP32 scales (1.03125 B)', tpotS: exch(wireBytesPerElement(s.precision.dispatch), h, lineRate) },
      { step: `achievable ${(rate / 1e9).toFixed(0)} GB/s instead of the ${(lineRate / 1e9).toFixed(0)} GB/s line rate`, tpotS: exch(wireBytesPerElement(s.precision.dispatch), h, rate) },
      { step: `our network model: all-to-all of the ${moeLayers} MoE layers only, same-node experts over NVLink, latency${plan.tp > 1 ? `, + attention-TP${plan.tp} all-gather/reduce-scatter in every layer` : ''}${plan.sharedSlots === 0 ? `, ${moe.topK} experts per token (shared expert local)` : ''}`, tpotS: moeLayers * m * epCommS + arch.layers * m * tpCommS },
      { step: 'full model: compute (attention over the KV cache, experts, dense layers, head) overlapped with communication', tpotS: bodyS + headS },
    ];
    paperBound =
      noMtp?.paperBound && depth > 0
        ? { bound, steps: [...noMtp.paperBound.steps, { step: `with MTP (depth ${depth}, acceptance ${acceptance}): verify ${q} tokens, draft, ÷ ${accepted.toFixed(2)} accepted tokens per step`, tpotS: stepS / accepted }] }
        : { bound, steps };
  }

  const gpusPerNode = Math.min(hw.gpusPerNode, plan.gpus);
  return {
    scenario: s.name,
    phase: inf.phase,
    stepS,
    tpotS,
    tokensPerSPerUser: tpotS === null ? null : 1 / tpotS,
    tokensPerSPerGpu,
    tokensPerSPerNode: tokensPerSPerGpu * gpusPerNode,
    ttftS: decode ? null : stepS,
    layers: { dense, moe: moeL, headS, mtpS },
    epComm: dispatch && combine ? { dispatchS: dispatch.timeS, combineS: combine.timeS, scaleOutBytesPerGpu: dispatch.scaleOutBytesPerGpu + combine.scaleOutBytesPerGpu, nvlinkBytesPerGpu: dispatch.nvlinkBytesPerGpu + combine.nvlinkBytesPerGpu, source: dispatch.source } : null,
    mtp,
    kv: { bytesPerTokenPerGpu: kvPerTokenGpu, weightBytesPerGpu, freeBytesPerGpu: freeBytes, capacityTokensPerGpu: capacityTokens, neededTokensPerGpu: neededTokens },
    paperBound,
    networkSimulations: comm.simulations - simsBefore,
    assumptions: {
      hardware: { preset: hw.name, source: hw.source, bf16FlopsPerS: hw.bf16FlopsPerS, fp8FlopsPerS: hw.fp8FlopsPerS, hbmBytesPerS: hw.hbmBytesPerS, hbmBytes: hw.hbmBytes },
      calibration: cal,
      commSms: s.compute.commSms,
      network: { provider: comm.name, fabric: s.cluster.fabric, scaleOutBytesPerS: s.cluster.nicBandwidth ?? hw.nicAchievableBytesPerS, nvlinkBytesPerS: s.cluster.nvlinkBandwidth ?? hw.nvlinkAchievableBytesPerS },
      deployment: { ...plan, microBatches: m, tokensPerGpu: B, contextTokens: ctx },
      overlap: m >= 2 ? `${m} micro-batches: layer = ${m} × max(compute, communication)` : 'one micro-batch: layer = compute + communication',
      attention: decode ? 'absorbed MLA, latent KV read once per step, replicated on the attention-TP ranks' : 'training-form MLA, causal over the prompt',
      allToAll: decode ? 'low-latency: one message per destination expert GPU' : 'normal: once per destination node, then NVLink',
      kvCache: s.precision.kvCache,
      weights: 'GEMM weights FP8 (1 B), embedding, head and router BF16; attention and head split over attention TP; each GPU holds its expert slots and (unless served as routed) the shared expert',
      notModelled: ['kernel launch gaps and CPU scheduling', 'expert load imbalance (mean tokens per expert slot)', 'activation workspace in the KV capacity', 'sampling and detokenisation'],
    },
    warnings,
  };
}

/**
 * The paper's §2.3.2 assumptions applied to a decode scenario: its tokens per GPU, top-k + 1 shared experts per
 * token, the line rate of the link the exchange crosses (NIC, or one direction of NVLink in an NVL72 domain),
 * its layers and micro-batches; FP8 = 1 B, BF16 = 2 B and "7K" = 7000 elements as in the paper.
 */
export function paperBoundInputsFor(s: InferScenario, arch: ModelArch): PaperBoundInputs {
  const hw = hardwarePreset(s.hardware);
  return {
    ...PAPER_BOUND_IB,
    tokensPerDevice: s.inference.tokensPerGpu,
    expertsPerToken: (arch.moe?.topK ?? 0) + 1,
    linkBytesPerS: s.cluster.fabric === 'nvl72' ? nvlinkBytesPerSPerDirection(hw) : hw.nicBytesPerS,
    layers: arch.layers,
    microBatches: s.inference.microBatches,
  };
}

/** Weight bytes one GPU holds in the deployment (FP8 GEMM weights, BF16 embedding/head/router). */
function inferenceWeightBytes(arch: ModelArch, plan: InferPlan, withMtp: boolean): number {
  let bytes = 2 * arch.vocab * arch.hidden * (1 + 1 / plan.tp);
  const perLayer = (kind: FfnKind) => {
    let b = 0;
    for (const t of layerTensors(arch, kind)) b += tensorBytes(t.role, t.rows * t.cols, t.count);
    return b;
  };
  const tensorBytes = (role: string, elems: number, count: number): number => {
    if (role === 'attention') return (elems * count) / plan.tp;
    if (role === 'routedExperts') return elems * plan.slotsPerGpu;
    if (role === 'sharedExperts') return plan.sharedSlots > 0 ? 0 : elems * count;
    if (role === 'router' || role === 'norm') return 2 * elems * count;
    return elems * count;
  };
  for (const k of arch.layerFfn) bytes += perLayer(k);
  if (withMtp) for (const t of mtpTensors(arch)) bytes += tensorBytes(t.role, t.rows * t.cols, t.count);
  return bytes;
}
