/**
 * Training step estimate (`coplane train`): per-stage forward/backward/weight-gradient times from the
 * operator model, expert-parallel dispatch/combine from the communication provider (the network simulator on
 * the scenario's fabric), the pipeline timeline from schedule/, then the data-parallel gradient
 * reduce-scatter / parameter all-gather and the optimizer step.
 *
 * Step = pipeline makespan + optimizer phase. The pipeline part is split on the busiest rank into warm-up
 * forwards (f1S), the steady overlapped phase (steadyS), backward cool-down (b1S), the deferred weight-gradient
 * tail (w1S) and idle time (bubbleS); optimizerS = gradient reduce-scatter + parameter all-gather + AdamW, taken
 * as not overlapped with the pipeline (an upper bound; the assumption is listed).
 *
 * F&B overlap: communication kernels hold `commSms` SMs for the whole step, so every compute time is on the
 * SMs left; a chunk alone exposes its own all-to-all (F = f + fComm); an overlapped pair takes
 * max(f + b, fComm + bComm) — exactly the sum of the two computations when communication is shorter.
 */
import { InputError } from '../core/index.js';
import { countParams, flopsPerToken, trainingMemoryPerGpu, type ModelArch, type TrainingMemory } from '../model/index.js';
import { busiestRankPhases, generateSchedule, OP_B, OP_F, OP_FB, simulate, stagesOf, type ChunkTimes, type Timeline } from '../schedule/index.js';
import { DEFAULT_CALIBRATION, CALIBRATION_SOURCES, memoryTime, type Calibration, type Device } from './compute.js';
import { CachedComm, type CommProvider, type EpExchangeRequest, type EpExchangeResult } from './comm.js';
import { hardwarePreset, type Hardware } from './hardware.js';
import { addCost, embeddingCost, ffnCost, attentionCost, headCost, mtpProjCost, type ChunkCost, type LayerContext } from './layerCost.js';
import { balancedPartition, uniformPartition, type Partition, type PartitionUnit } from './partition.js';
import { scenarioError, type LoadedScenario, type TrainScenario } from './scenario.js';
import { wireBytesPerElement } from './wire.js';
import { fabricSummary, type FabricSummary } from './provider.js';

export interface TrainBreakdown {
  f1S: number;
  b1S: number;
  w1S: number;
  bubbleS: number;
  steadyS: number;
  optimizerS: number;
}

export interface StageReport {
  stage: number;
  rank: number;
  units: string[];
  layers: number;
  fS: number;
  bS: number;
  wS: number;
  fCommS: number;
  bCommS: number;
}

export interface TrainResult {
  scenario: string;
  stepTimeS: number;
  tokensPerStep: number;
  tokensPerDay: number;
  tflopsPerGpuCausal: number;
  tflopsPerGpuNonCausal: number;
  mfuCausal: number;
  mfuNonCausal: number;
  breakdown: TrainBreakdown;
  makespanS: number;
  /** Communication not hidden behind computation on the busiest rank, per step. */
  exposedCommS: number;
  /** The first overlapped F&B pair on the busiest rank, as the timeline ran it (null without pairs). */
  overlappedPair: { fStage: number; bStage: number; durationS: number; fComputeS: number; bComputeS: number; fCommS: number; bCommS: number; exposedCommS: number } | null;
  /** Per MoE layer and micro-batch: the four all-to-alls and the bytes each GPU moves. */
  epComm: {
    dispatchS: number;
    combineS: number;
    backwardS: number;
    dispatchScaleOutBytesPerGpu: number;
    combineScaleOutBytesPerGpu: number;
    scaleOutCopiesPerToken: number;
    nvlinkBytesPerGpuDispatch: number;
  } | null;
  dp: { reduceScatterS: number; allGatherS: number; optimizerComputeS: number; denseReplicas: number; expertReplicas: number };
  stages: StageReport[];
  memoryBytesPerGpu: number;
  memory: TrainingMemory;
  hbmBytes: number;
  networkSimulations: number;
  /** The scale-out fabric as deployed: size, diameter and cost (topology/'s cost model). */
  fabric: FabricSummary | null;
  assumptions: Record<string, unknown>;
  warnings: string[];
}

export interface TrainOptions {
  comm: CommProvider;
  calibration?: Partial<Calibration>;
}

interface Plan {
  gpus: number;
  pp: number;
  stages: number;
  dp: number;
  tp: number;
  ep: number;
  microBatches: number;
  tokensPerMicroBatch: number;
  nodeLimit: number;
}

/** Model-aware checks of a training scenario, each error located in the scenario file. */
export function checkTrainPlan(loaded: LoadedScenario, arch: ModelArch): Plan {
  const s = loaded.scenario as TrainScenario;
  const p = s.parallelism;
  const at = (path: string[], value: unknown, allowed: string) => scenarioError(loaded, path, value, allowed);
  const gpus = s.cluster.gpus;
  if (gpus % (p.pp * p.tp) !== 0) throw at(['parallelism', 'pp'], p.pp, `a divisor of cluster.gpus / tp (${gpus} / ${p.tp})`);
  const dp = p.dp ?? gpus / (p.pp * p.tp);
  if (dp * p.pp * p.tp !== gpus) throw at(['parallelism', 'dp'], dp, `cluster.gpus / (pp · tp) = ${gpus / (p.pp * p.tp)}`);
  const stageGpus = dp * p.tp;
  if (arch.moe === null) {
    if (p.ep !== 1) throw at(['parallelism', 'ep'], p.ep, `1 (${arch.name} has no experts)`);
  } else {
    if (arch.moe.routedExperts % p.ep !== 0) throw at(['parallelism', 'ep'], p.ep, `a divisor of the ${arch.moe.routedExperts} routed experts`);
    if (stageGpus % p.ep !== 0) throw at(['parallelism', 'ep'], p.ep, `a divisor of the ${stageGpus} GPUs of a pipeline stage`);
  }
  if (p.globalBatch % (dp * p.microBatchSize) !== 0)
    throw at(['parallelism', 'globalBatch'], p.globalBatch, `a multiple of dp × microBatchSize = ${dp * p.microBatchSize}`);
  const microBatches = p.globalBatch / (dp * p.microBatchSize);
  const stages = stagesOf(p.schedule, p.pp);
  if (stages > arch.layers) throw at(['parallelism', 'pp'], p.pp, `at most ${p.schedule === 'dualpipev' ? Math.floor(arch.layers / 2) : arch.layers} (the model has ${arch.layers} layers)`);
  if (p.partition === 'uniform' && arch.layers % stages !== 0)
    throw at(['parallelism', 'partition'], p.partition, `"balanced": ${arch.layers} layers do not divide into ${stages} stages`);
  if (p.schedule === 'dualpipe') {
    if (p.pp % 2 !== 0) throw at(['parallelism', 'pp'], p.pp, 'an even number for DualPipe');
    if (microBatches % 2 !== 0 || microBatches < 2 * p.pp)
      throw at(['parallelism', 'globalBatch'], p.globalBatch, `a batch giving an even number ≥ 2·pp = ${2 * p.pp} of micro-batches per pipeline (got ${microBatches})`);
  }
  if ((p.schedule === 'dualpipev' || p.schedule === 'zb1p') && microBatches < (p.schedule === 'dualpipev' ? 2 : 1) * p.pp)
    throw at(['parallelism', 'globalBatch'], p.globalBatch, `a batch giving at least ${(p.schedule === 'dualpipev' ? 2 : 1) * p.pp} micro-batches per pipeline (got ${microBatches})`);
  const hw = hardwarePreset(s.hardware);
  if (p.tp > hw.scaleUpDomainGpus) throw at(['parallelism', 'tp'], p.tp, `at most the ${hw.scaleUpDomainGpus} GPUs of one NVLink domain`);
  if (s.compute.commSms >= hw.sms) throw at(['compute', 'commSms'], s.compute.commSms, `fewer than the ${hw.sms} SMs of a ${hw.name}`);
  const epNodes = Math.max(1, Math.ceil(p.ep / Math.min(p.ep, hw.scaleUpDomainGpus)));
  const nodeLimit = p.nodeLimit ?? (arch.moe && arch.moe.nGroup > 1 ? arch.moe.topkGroup : 0);
  if (nodeLimit > epNodes) throw at(['parallelism', 'nodeLimit'], nodeLimit, `at most the ${epNodes} nodes of an EP group (0 = no limit)`);
  return { gpus, pp: p.pp, stages, dp, tp: p.tp, ep: p.ep, microBatches, tokensPerMicroBatch: p.microBatchSize * p.seqLen, nodeLimit };
}

export function deviceOf(hw: Hardware, commSms: number, cal: Calibration): Device {
  return { bf16FlopsPerS: hw.bf16FlopsPerS, fp8FlopsPerS: hw.fp8FlopsPerS, hbmBytesPerS: hw.hbmBytesPerS, smFraction: (hw.sms - commSms) / hw.sms, cal };
}

export function calibrationOf(s: { compute: { gemmLargeEfficiency?: number; hbmEfficiency?: number; attentionEfficiency?: number } }, extra?: Partial<Calibration>): Calibration {
  return {
    ...DEFAULT_CALIBRATION,
    ...(s.compute.gemmLargeEfficiency !== undefined ? { gemmLargeEfficiency: s.compute.gemmLargeEfficiency } : {}),
    ...(s.compute.hbmEfficiency !== undefined ? { hbmEfficiency: s.compute.hbmEfficiency } : {}),
    ...(s.compute.attentionEfficiency !== undefined ? { attentionEfficiency: s.compute.attentionEfficiency } : {}),
    ...extra,
  };
}

interface Unit extends PartitionUnit {
  cost: ChunkCost;
  fCommS: number;
  bCommS: number;
}

function firstPair(tl: Timeline, rank: number): TrainResult['overlappedPair'] {
  const o = tl.schedule.ranks[rank];
  const t = tl.times;
  for (let i = 0; i < o.length; i++) {
    if (o.kind[i] !== OP_FB) continue;
    const a = o.stage[i];
    const b = o.stage2[i];
    const compute = t.fCompute[a] + t.bCompute[b];
    const commS = t.fComm[a] + t.bComm[b];
    return { fStage: a, bStage: b, durationS: tl.endS[rank][i] - tl.startS[rank][i], fComputeS: t.fCompute[a], bComputeS: t.bCompute[b], fCommS: t.fComm[a], bCommS: t.bComm[b], exposedCommS: Math.max(0, commS - compute) };
  }
  return null;
}

/** Ops on a rank's timeline whose communication is exposed: all of it for a lone F or B, the excess in a pair. */
function exposedComm(tl: Timeline, rank: number): number {
  const o = tl.schedule.ranks[rank];
  const t = tl.times;
  let s = 0;
  for (let i = 0; i < o.length; i++) {
    const k = o.kind[i];
    if (k === OP_F) s += t.fComm[o.stage[i]];
    else if (k === OP_B) s += t.bComm[o.stage[i]];
    else if (k === OP_FB) {
      const a = o.stage[i];
      const b = o.stage2[i];
      s += Math.max(0, t.fComm[a] + t.bComm[b] - (t.fCompute[a] + t.bCompute[b]));
    }
  }
  return s;
}

export function estimateTraining(loaded: LoadedScenario, arch: ModelArch, opts: TrainOptions): TrainResult {
  const s = loaded.scenario as TrainScenario;
  if (s.kind !== 'train') throw new InputError('kind', s.kind, '"train" for a training estimate');
  const plan = checkTrainPlan(loaded, arch);
  const hw = hardwarePreset(s.hardware);
  const cal = calibrationOf(s, opts.calibration);
  const dev = deviceOf(hw, s.compute.commSms, cal);
  const comm = opts.comm instanceof CachedComm ? opts.comm : new CachedComm(opts.comm);
  const simsBefore = comm.simulations;
  const warnings: string[] = [];
  const p = s.parallelism;
  const T = plan.tokensPerMicroBatch;
  const h = arch.hidden;
  const moe = arch.moe;

  const ctx: LayerContext = {
    dev,
    format: s.precision.gemm,
    tokens: T,
    seqLen: p.seqLen,
    tp: plan.tp,
    expertPairs: moe ? (T / plan.tp) * moe.topK : 0,
    localExperts: moe ? moe.routedExperts / plan.ep : 0,
    sharedTokens: T / plan.tp,
  };

  // Expert-parallel all-to-alls of one MoE layer and micro-batch.
  let ep: TrainResult['epComm'] = null;
  let moeFComm = 0;
  let moeBComm = 0;
  if (moe && plan.ep > 1) {
    const base: Omit<EpExchangeRequest, 'direction' | 'bytesPerToken'> = {
      gpus: s.cluster.simulate === 'cluster' ? plan.gpus : plan.dp * plan.tp,
      ep: plan.ep,
      gpusPerNode: hw.gpusPerNode,
      tokensPerGpu: T / plan.tp,
      expertsPerToken: moe.topK,
      expertSlots: moe.routedExperts,
      nodeLimit: plan.nodeLimit,
      dedupPerNode: true,
    };
    const d: EpExchangeResult = comm.epExchange({ ...base, direction: 'dispatch', bytesPerToken: h * wireBytesPerElement(s.precision.dispatch) });
    const c: EpExchangeResult = comm.epExchange({ ...base, direction: 'combine', bytesPerToken: h * wireBytesPerElement(s.precision.combine) });
    // Backward: the gradient of the combine is a dispatch-shaped exchange, that of the dispatch a combine; both BF16.
    const bd = comm.epExchange({ ...base, direction: 'dispatch', bytesPerToken: h * wireBytesPerElement('bf16') });
    const bc = comm.epExchange({ ...base, direction: 'combine', bytesPerToken: h * wireBytesPerElement('bf16') });
    moeFComm = d.timeS + c.timeS;
    moeBComm = bd.timeS + bc.timeS;
    ep = {
      dispatchS: d.timeS,
      combineS: c.timeS,
      backwardS: moeBComm,
      dispatchScaleOutBytesPerGpu: d.scaleOutBytesPerGpu,
      combineScaleOutBytesPerGpu: c.scaleOutBytesPerGpu,
      scaleOutCopiesPerToken: d.scaleOutCopiesPerToken,
      nvlinkBytesPerGpuDispatch: d.nvlinkBytesPerGpu,
    };
  }
  // Tensor parallelism: two all-reduces of the layer's activations forward, two backward (on the critical path).
  let tpComm = 0;
  if (plan.tp > 1) tpComm = 2 * comm.collective({ kind: 'allreduce', ranks: plan.tp, sizeBytes: T * h * 2, scope: 'nvlink' }).timeS;

  const attn = attentionCost(arch, ctx);
  const costOf = new Map<string, ChunkCost>();
  const layerOf = (kind: 'dense' | 'moe') => {
    let c = costOf.get(kind);
    if (!c) {
      c = addCost(attn, ffnCost(arch, kind, ctx));
      costOf.set(kind, c);
    }
    return c;
  };
  const units: Unit[] = [];
  const unit = (name: string, isLayer: boolean, cost: ChunkCost, fCommS: number, bCommS: number) => {
    units.push({ name, isLayer, cost, fCommS, bCommS, weightS: Math.max(cost.fwdS + cost.bwdS, fCommS + bCommS) });
  };
  unit('embedding', false, embeddingCost(arch, ctx), 0, 0);
  arch.layerFfn.forEach((kind, i) => {
    const isMoe = kind === 'moe';
    unit(`layer${i}${isMoe ? ':moe' : ':dense'}`, true, layerOf(kind), (isMoe ? moeFComm : 0) + tpComm, (isMoe ? moeBComm : 0) + tpComm);
  });
  unit('head', false, headCost(arch, ctx), 0, 0);
  for (let k = 0; k < arch.mtpLayers; k++) {
    const isMoe = arch.mtpFfn === 'moe';
    const c = addCost(addCost(mtpProjCost(arch, ctx), layerOf(arch.mtpFfn)), headCost(arch, ctx));
    unit(`mtp${k}`, false, c, (isMoe ? moeFComm : 0) + tpComm, (isMoe ? moeBComm : 0) + tpComm);
  }

  let part: Partition;
  if (p.partition === 'uniform') part = uniformPartition(units, plan.stages);
  else part = balancedPartition(units, plan.stages);

  const S = plan.stages;
  const fS = new Float64Array(S);
  const bS = new Float64Array(S);
  const wS = new Float64Array(S);
  const fCommS = new Float64Array(S);
  const bCommS = new Float64Array(S);
  for (let i = 0; i < units.length; i++) {
    const st = part.stageOfUnit[i];
    fS[st] += units[i].cost.fwdS;
    bS[st] += units[i].cost.bwdS;
    wS[st] += units[i].cost.wS;
    fCommS[st] += units[i].fCommS;
    bCommS[st] += units[i].bCommS;
  }
  const schedule = generateSchedule(p.schedule, plan.pp, plan.microBatches);
  const p2pBytesPerS = s.cluster.nicBandwidth ?? hw.nicAchievableBytesPerS;
  const chunk: ChunkTimes = { fS, bS, wS, fCommS, bCommS, p2pLatencyS: 3 * s.cluster.hopLatency, p2pBytesPerS, activationBytes: T * h * 2 };
  const tl = simulate(schedule, chunk);
  const phases = busiestRankPhases(tl);

  // Data parallelism (ZeRO-1) and the optimizer, from the parameters each GPU holds.
  const mem = trainingMemoryWithTp(arch, plan, s, part.layersPerStage, tl.peakActivations);
  const peakRank = mem.ranks[phases.rank];
  let denseHeld = 0;
  let expertHeld = 0;
  for (const st of peakRank.stages) {
    denseHeld += mem.stages[st].denseParams / plan.tp;
    expertHeld += mem.stages[st].expertParamsPerGpu / plan.tp;
  }
  const rsDense = comm.collective({ kind: 'reducescatter', ranks: mem.denseReplicas, sizeBytes: 4 * denseHeld, scope: 'scaleout' }).timeS;
  const rsExpert = comm.collective({ kind: 'reducescatter', ranks: mem.expertReplicas, sizeBytes: 4 * expertHeld, scope: 'scaleout' }).timeS;
  const agDense = comm.collective({ kind: 'allgather', ranks: mem.denseReplicas, sizeBytes: 2 * denseHeld, scope: 'scaleout' }).timeS;
  const agExpert = comm.collective({ kind: 'allgather', ranks: mem.expertReplicas, sizeBytes: 2 * expertHeld, scope: 'scaleout' }).timeS;
  // AdamW on this GPU's shard: read FP32 master + FP32 grad + 2 BF16 moments, write master + moments + BF16 weight.
  const ADAM_BYTES_PER_PARAM = 4 + 4 + 4 + 4 + 4 + 2;
  const shard = denseHeld / mem.denseReplicas + expertHeld / mem.expertReplicas;
  const optCompute = memoryTime(deviceOf(hw, 0, cal), ADAM_BYTES_PER_PARAM * shard).timeS;
  const optimizerS = rsDense + rsExpert + agDense + agExpert + optCompute;

  const breakdown: TrainBreakdown = {
    f1S: phases.warmupS,
    b1S: phases.cooldownS,
    w1S: phases.wTailS,
    bubbleS: phases.idleS,
    steadyS: phases.steadyS,
    optimizerS,
  };
  const stepTimeS = tl.makespanS + optimizerS;
  const tokensPerStep = p.globalBatch * p.seqLen;
  const causal = flopsPerToken(arch, { seqLen: p.seqLen, causal: true }).trainFlops;
  const nonCausal = flopsPerToken(arch, { seqLen: p.seqLen, causal: false }).trainFlops;
  const perGpu = (f: number) => (f * tokensPerStep) / (stepTimeS * plan.gpus);
  const memoryBytesPerGpu = mem.peak.totalBytes;
  if (memoryBytesPerGpu > hw.hbmBytes)
    warnings.push(`memory does not fit: ${(memoryBytesPerGpu / 1e9).toFixed(1)} GB per GPU on rank ${mem.peak.rank} > ${(hw.hbmBytes / 1e9).toFixed(0)} GB of HBM`);
  warnings.push('training attention uses FlashMLA\'s decoding efficiency: no kernel-level anchor exists for training attention on H800 (outside the calibrated range)');

  const stages: StageReport[] = [];
  for (let st = 0; st < S; st++) {
    const [a, b] = part.bounds[st];
    stages.push({
      stage: st,
      rank: schedule.rankOfStage[0][st],
      units: units.slice(a, b).map((u) => u.name),
      layers: part.layersPerStage[st],
      fS: fS[st],
      bS: bS[st],
      wS: wS[st],
      fCommS: fCommS[st],
      bCommS: bCommS[st],
    });
  }
  const params = countParams(arch);
  return {
    scenario: s.name,
    stepTimeS,
    tokensPerStep,
    tokensPerDay: (tokensPerStep * 86400) / stepTimeS,
    tflopsPerGpuCausal: perGpu(causal) / 1e12,
    tflopsPerGpuNonCausal: perGpu(nonCausal) / 1e12,
    mfuCausal: perGpu(causal) / hw.bf16FlopsPerS,
    mfuNonCausal: perGpu(nonCausal) / hw.bf16FlopsPerS,
    breakdown,
    makespanS: tl.makespanS,
    exposedCommS: exposedComm(tl, phases.rank),
    overlappedPair: firstPair(tl, phases.rank),
    epComm: ep,
    dp: { reduceScatterS: rsDense + rsExpert, allGatherS: agDense + agExpert, optimizerComputeS: optCompute, denseReplicas: mem.denseReplicas, expertReplicas: mem.expertReplicas },
    stages,
    memoryBytesPerGpu,
    memory: mem,
    hbmBytes: hw.hbmBytes,
    networkSimulations: comm.simulations - simsBefore,
    fabric: fabricSummary(s),
    assumptions: {
      hardware: { preset: hw.name, source: hw.source, bf16FlopsPerS: hw.bf16FlopsPerS, fp8FlopsPerS: hw.fp8FlopsPerS, hbmBytesPerS: hw.hbmBytesPerS, hbmBytes: hw.hbmBytes, sms: hw.sms },
      calibration: cal,
      calibrationSources: CALIBRATION_SOURCES,
      commSms: s.compute.commSms,
      smFractionForCompute: dev.smFraction,
      network: { provider: comm.name, simulated: s.cluster.simulate === 'cluster' ? `all ${plan.gpus} GPUs` : `one pipeline stage (${plan.dp * plan.tp} GPUs), reused for every stage`, scaleOutBytesPerS: p2pBytesPerS, nvlinkBytesPerS: s.cluster.nvlinkBandwidth ?? hw.nvlinkAchievableBytesPerS, hopLatencyS: s.cluster.hopLatency, fabric: s.cluster.fabric },
      parallelism: { gpus: plan.gpus, pp: plan.pp, stages: plan.stages, dp: plan.dp, tp: plan.tp, ep: plan.ep, microBatches: plan.microBatches, tokensPerMicroBatch: T, nodeLimit: plan.nodeLimit, schedule: p.schedule },
      precision: s.precision,
      partition: { rule: p.partition === 'uniform' ? 'uniform layers per stage' : 'contiguous split minimising the largest stage time max(F+B compute, F+B communication)', layersPerStage: part.layersPerStage, stageUnits: stages.map((x) => x.units.join(',')) },
      overlap: 'pair = max(f + b, fComm + bComm) on the SMs left after communication; lone F/B expose their communication',
      optimizer: 'ZeRO-1: FP32 gradient reduce-scatter + BF16 parameter all-gather over the data-parallel replicas, then AdamW (22 B per parameter of HBM traffic); not overlapped with the pipeline',
      flops: 'model FLOPs of the main model (MTP excluded), 3 × forward; MFU against the dense BF16 peak',
      paramsTotal: params.total,
      notModelled: [
        'kernel launch gaps and synchronisation between kernels (each kernel runs at its calibrated roofline)',
        'expert load imbalance in compute (each GPU computes the mean tokens per expert; the simulated all-to-all carries the sampled routing)',
        "DeepSeek's recomputation of RMSNorm and MLA up-projections in the backward pass",
        'pipeline sends sharing links with the all-to-all (point-to-point transfers are charged as latency + bytes / NIC rate)',
      ],
    },
    warnings,
  };
}

/**
 * model/'s ZeRO-1 memory (no tensor parallelism) with tensor parallelism dividing every per-GPU term by tp.
 * DualPipeV (2·D stages on D devices) is passed as D devices whose layers are the sum of their two stages
 * (model/ places the head and MTP on the last device, DualPipeV on device 0: an approximation for that device).
 */
function trainingMemoryWithTp(arch: ModelArch, plan: Plan, s: TrainScenario, stageLayersIn: number[], inFlight: number): TrainingMemory {
  const v = s.parallelism.schedule === 'dualpipev';
  const stageLayers = v ? Array.from({ length: plan.pp }, (_, r) => stageLayersIn[r] + stageLayersIn[2 * plan.pp - 1 - r]) : stageLayersIn;
  const base = trainingMemoryPerGpu(arch, {
    gpus: plan.gpus / plan.tp,
    pp: v ? plan.pp : plan.stages,
    ep: plan.ep,
    zero: 1,
    dualPipe: s.parallelism.schedule === 'dualpipe',
    stageLayers,
    microBatchTokens: plan.tokensPerMicroBatch,
    // DualPipeV's in-flight chunks are spread over the device's two merged stages: count their mean.
    inFlightMicroBatches: Math.max(1, v ? Math.ceil(inFlight / 2) : inFlight),
  });
  if (plan.tp === 1) return base;
  const div = (r: TrainingMemory['ranks'][number]) => ({
    ...r,
    weightBytes: r.weightBytes / plan.tp,
    gradBytes: r.gradBytes / plan.tp,
    optimizerBytes: r.optimizerBytes / plan.tp,
    activationBytes: r.activationBytes / plan.tp,
    totalBytes: r.totalBytes / plan.tp,
  });
  const ranks = base.ranks.map(div);
  return { ...base, ranks, peak: ranks.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a)) };
}
