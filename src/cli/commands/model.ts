import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readTextFile } from '../../io/nodeFiles.js';
import {
  analyzeModel,
  attentionTensors,
  ffnTensors,
  isModelPreset,
  modelPreset,
  MODEL_PRESET_NAMES,
  parseHfConfig,
  type ModelAnalysis,
  type ModelArch,
  type TensorSpec,
} from '../../model/index.js';
import { formatBytes, formatNumber, formatTable } from '../../report/index.js';
import { MAX_SPEC_BYTES, parseSpecText } from '../../spec/index.js';
import { FormatError, InputError } from '../../core/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { choiceFlag, intFlag } from '../flags.js';
import { emit, type CommandResult } from '../output.js';

interface ModelFlags extends CommonFlags {
  seq?: string;
  kvDtype?: string;
}

/** A preset name, or a config.json path read as text and parsed (JSON errors carry file:line:col). */
export async function loadModelArg(io: CliIo, arg: string): Promise<ModelArch> {
  if (isModelPreset(arg)) return modelPreset(arg);
  const looksLikePath = /[/\\]/.test(arg) || /\.(json|ya?ml)$/i.test(arg);
  let text: string;
  try {
    text = await readTextFile(resolve(io.cwd, arg), MAX_SPEC_BYTES);
  } catch (e) {
    // A bare word that is neither a preset nor a file: most likely a mistyped preset name.
    if (!looksLikePath && e instanceof FormatError && /ENOENT/.test(e.message))
      throw new InputError('model', arg, `a config.json file or one of the presets ${MODEL_PRESET_NAMES.join(', ')}`);
    throw e;
  }
  return parseHfConfig(parseSpecText(text, arg).value, arg);
}

const n = (x: number) => formatNumber(x);
const b = (x: number) => `${(x / 1e9).toFixed(3)}B`;
const gb = (x: number) => `${(x / 1e9).toFixed(2)} GB`;
const gflops = (x: number) => `${(x / 1e9).toFixed(2)} GFLOPs`;

function archSummary(a: ModelArch): string[] {
  const at = a.attention;
  const nMoe = a.layerFfn.filter((k) => k === 'moe').length;
  const lines = [
    `${a.layers} layers (${a.layers - nMoe} dense FFN + ${nMoe} MoE), hidden ${a.hidden}, vocab ${n(a.vocab)}, ${a.tieEmbeddings ? 'tied' : 'separate'} output head`,
  ];
  if (at.kind === 'mla')
    lines.push(
      `attention MLA: ${at.heads} heads, q_lora_rank ${at.qLoraRank || 'none'}, kv_lora_rank ${at.kvLoraRank}, qk ${at.qkNopeHeadDim} + ${at.qkRopeHeadDim} (RoPE), v ${at.vHeadDim}`,
    );
  else lines.push(`attention ${at.kind.toUpperCase()}: ${at.heads} query heads, ${at.kvHeads} KV heads × ${at.headDim}${at.qkvBias ? ', q/k/v biases' : ''}`);
  if (a.moe) {
    const m = a.moe;
    lines.push(
      `MoE: ${m.routedExperts} routed${m.sharedExperts ? ` + ${m.sharedExperts} shared` : ''} experts × ${m.expertIntermediate}, top-${m.topK}, ${m.scoring} scores` +
        (m.nGroup > 1 ? `, ${m.nGroup} groups keep ${m.topkGroup}` : '') +
        `${m.selectionBias ? ', selection bias' : ''}, route scale ${m.routedScalingFactor}`,
    );
  }
  if (a.layerFfn.includes('dense')) lines.push(`dense FFN: SwiGLU × ${a.denseIntermediate}`);
  if (a.mtpLayers) lines.push(`MTP modules: ${a.mtpLayers} (${a.mtpFfn} block)`);
  return lines;
}

function paramsSection(r: ModelAnalysis): string {
  const p = r.params;
  const a = p.activeByRole;
  const rows: [string, number, number][] = [
    ['embedding', p.embedding, a.embedding],
    ['output head', p.head, a.head],
    ['attention', p.attention, a.attention],
    ['dense FFN', p.denseFfn, a.denseFfn],
    ['routed experts', p.routedExperts, a.routedExperts],
    ['shared experts', p.sharedExperts, a.sharedExperts],
    ['router', p.router, a.router],
    ['norms', p.norms, a.norms],
    ['total (main model)', p.total, p.active],
  ];
  const table = formatTable(
    ['part', 'parameters', 'activated per token'],
    rows.map(([k, t, act]) => [k, n(t), n(act)]),
    ['left', 'right', 'right'],
  );
  const lines = [table, '', `activated per token: ${b(p.active)} with embedding and head, ${b(p.activeWithoutEmbedding)} without the embedding, ${b(p.activeNonEmbedding)} without both`];
  if (p.mtp.modules > 0)
    lines.push(
      `MTP: ${n(p.mtp.unique)} unique parameters (${b(p.mtp.activeUnique)} activated); a checkpoint also stores its embedding/head copies: ${b(p.checkpointTotal)} in all`,
    );
  const kinds = [...new Set(r.arch.layerFfn)].map((k) => {
    const l = p.perLayer.find((x) => x.ffn === k);
    const count = r.arch.layerFfn.filter((x) => x === k).length;
    return l ? [`${k} ×${count}`, n(l.attention), n(l.ffnParams), n(l.norms), n(l.total), n(l.active)] : [];
  });
  lines.push('', 'per layer:', formatTable(['layer kind', 'attention', 'FFN', 'norms', 'total', 'activated'], kinds, ['left', 'right', 'right', 'right', 'right', 'right']));
  return lines.join('\n');
}

function kvSection(r: ModelAnalysis): string {
  const k = r.kv;
  const lines = [
    `${r.kvDtype.toUpperCase()}: ${n(k.bytesPerToken)} B per token (${n(k.bytesPerTokenPerLayer)} B per layer)` +
      (r.arch.mtpLayers > 0 ? `; with the MTP layer${r.arch.mtpLayers > 1 ? 's' : ''} ${n(k.bytesPerTokenWithMtp)} B` : ''),
    `BF16 ${n(k.bf16BytesPerToken)} B, FP8 ${n(k.fp8BytesPerToken)} B${k.naiveBf16BytesPerToken !== null ? `, naive per-head MLA cache (BF16) ${n(k.naiveBf16BytesPerToken)} B` : ''}`,
    `${k.batch} sequences × ${n(k.contextTokens)} tokens: ${formatBytes(k.batchBytes)}`,
  ];
  return lines.join('\n');
}

function flopsSection(r: ModelAnalysis): string {
  const f = r.flops;
  const row = (label: string, x: typeof f.causal) => [label, gflops(x.forward.gemmFlops), gflops(x.forward.attentionFlops), gflops(x.forwardFlops), gflops(x.trainFlops)];
  return formatTable(
    ['sequence ' + n(r.seqLen), 'fwd GEMM', 'fwd attention', 'forward', 'training (3×)'],
    [row('causal', f.causal), row('non-causal', f.nonCausal), ...(r.arch.mtpLayers > 0 ? [row('causal, with MTP', f.causalWithMtp)] : [])],
    ['left', 'right', 'right', 'right', 'right'],
  );
}

function memorySection(r: ModelAnalysis): string {
  const w = r.weights;
  const lines = [`weights: BF16 ${gb(w.bf16Bytes)}, FP8 with 128×128 block scales ${gb(w.fp8Bytes)}, FP32 ${gb(w.fp32Bytes)}${r.arch.mtpLayers > 0 ? ` (BF16 with MTP ${gb(w.bf16WithMtpBytes)})` : ''}`];
  const act = r.activations;
  const per = (x: typeof act.deepseek) => [x.dense ? `dense layer ${n(x.dense.totalBytes)} B` : '', x.moe ? `MoE layer ${n(x.moe.totalBytes)} B` : ''].filter(Boolean).join(', ');
  lines.push(`activations per token per layer: DeepSeek's choices ${per(act.deepseek)}; all BF16, no recompute ${per(act.bf16)}`);
  const t = r.training;
  const pl = t.plan;
  const ep = r.arch.moe ? `, EP${pl.ep}` : '';
  const planText = `${pl.gpus} GPUs, PP${pl.pp}${pl.dualPipe ? ' (DualPipe)' : ''}${ep}, ZeRO-1, ${n(pl.microBatchTokens ?? 4096)}-token micro-batches`;
  if (t.memory === null) {
    lines.push(`training memory per GPU (${planText}): not shown — ${t.reason}`);
    return lines.join('\n');
  }
  const m = t.memory;
  const replicas = r.arch.moe ? `dense weights have ${m.denseReplicas} data-parallel replicas, each expert ${m.expertReplicas}` : `${m.denseReplicas} data-parallel replicas`;
  lines.push(`training memory per GPU (${planText}; ${replicas}):`);
  // Consecutive ranks with identical figures share one row.
  const rows: string[][] = [];
  for (let i = 0; i < m.ranks.length; ) {
    const x = m.ranks[i];
    let j = i;
    while (j + 1 < m.ranks.length && m.ranks[j + 1].totalBytes === x.totalBytes) j++;
    const label = j > i ? `${i}–${j}` : String(i);
    const stages = j > i ? `${x.stages.join('+')} … ${m.ranks[j].stages.join('+')}` : x.stages.join('+');
    rows.push([label, stages, gb(x.weightBytes), gb(x.gradBytes), gb(x.optimizerBytes), gb(x.activationBytes), gb(x.totalBytes)]);
    i = j + 1;
  }
  lines.push(formatTable(['ranks', 'stages', 'BF16 weights', 'FP32 grads', 'optimizer', 'activations', 'total'], rows, ['right', 'left', 'right', 'right', 'right', 'right', 'right']));
  const inFlight = pl.inFlightMicroBatches ?? pl.pp + 1;
  lines.push(
    `activations assume ${inFlight} micro-batches of ${n(pl.microBatchTokens ?? 4096)} tokens in flight per rank (DualPipe's PP + 1), each through one stage;` +
      ' DeepSeek did not publish its micro-batch size, so read this column as an upper bound.',
  );
  return lines.join('\n');
}

function tensorLine(t: TensorSpec): string {
  const shape = t.cols === 1 ? `${t.rows}` : `${t.rows}·${t.cols}`;
  return `${t.name} ${t.count > 1 ? `${t.count}·` : ''}${shape} = ${n(t.rows * t.cols * t.count)}`;
}

/** Each headline number with its formula and this model's values substituted. */
function workedExample(r: ModelAnalysis): string {
  const a = r.arch;
  const at = a.attention;
  const p = r.params;
  const kind = a.layerFfn.includes('moe') ? 'moe' : 'dense';
  const layer = p.perLayer.find((l) => l.ffn === kind);
  const lines: string[] = [];
  lines.push(`one ${kind === 'moe' ? 'MoE' : 'dense'} layer: ${n(layer?.total ?? 0)} parameters =`);
  for (const t of [...attentionTensors(a), ...ffnTensors(a, kind)]) lines.push(`  ${tensorLine(t)}`);
  lines.push(`  + 2 RMSNorm weights 2·${a.hidden}`);
  lines.push(
    `total = embedding ${a.vocab}·${a.hidden} + head ${a.tieEmbeddings ? '0 (tied)' : `${a.vocab}·${a.hidden}`} + Σ layers + final norm ${a.hidden} = ${n(p.total)}`,
  );
  const kvLayer = at.kind === 'mla' ? `(${at.kvLoraRank} + ${at.qkRopeHeadDim})` : `2·${at.kvHeads}·${at.headDim}`;
  lines.push(`KV cache per token (BF16) = ${kvLayer} × ${a.layers} layers × 2 B = ${n(r.kv.bf16BytesPerToken)} B`);
  if (at.kind === 'mla') lines.push(`  FP8 (FlashMLA layout) = (${at.kvLoraRank} + ${Math.ceil(at.kvLoraRank / 128)}·4 + ${at.qkRopeHeadDim}·2) × ${a.layers} = ${n(r.kv.fp8BytesPerToken)} B`);
  const f = r.flops.causal;
  lines.push(
    `training FLOPs per token = 3 × [2 × ${n(f.gemmParamsActive)} activated GEMM weights + ${a.layers} × 2·${at.heads}·(${at.headDim} + ${at.vHeadDim})·${f.meanContextTokens} mean keys] = ${gflops(f.trainFlops)}`,
  );
  lines.push(`weights: BF16 2 B × ${n(p.total)} = ${gb(r.weights.bf16Bytes)}; FP8 = 1 B per decoder GEMM weight + 4 B per 128×128 block, embedding/head/router/norms BF16 = ${gb(r.weights.fp8Bytes)}`);
  const t = r.training;
  if (t.memory !== null) {
    const pk = t.memory.peak;
    const dense = pk.stages.reduce((s, i) => s + (t.memory?.stages[i].denseParams ?? 0), 0);
    const experts = pk.stages.reduce((s, i) => s + (t.memory?.stages[i].expertParamsPerGpu ?? 0), 0);
    lines.push(
      `training memory, peak rank ${pk.rank} (stages ${pk.stages.join(' and ')}): ${n(dense)} dense + ${n(experts)} expert parameters;` +
        ` weights 2 B and grads 4 B each = ${gb(pk.weightBytes + pk.gradBytes)}; optimizer 8 B × (${n(dense)} / ${t.memory.denseReplicas} + ${n(experts)} / ${t.memory.expertReplicas}) = ${gb(pk.optimizerBytes)};` +
        ` activations ${gb(pk.activationBytes)}; total ${gb(pk.totalBytes)}`,
    );
  }
  return lines.join('\n');
}

export function formatModelAnalysis(r: ModelAnalysis): string {
  const a = r.arch;
  const parts = [
    `coplane model — ${a.name} (${a.family})`,
    ...archSummary(a).map((l) => `  ${l}`),
    ...(a.assumptions.length ? ['assumed:', ...a.assumptions.map((x) => `  - ${x}`)] : []),
    '',
    '== Parameters ==',
    paramsSection(r),
    '',
    '== KV cache per token ==',
    kvSection(r),
    '',
    '== FLOPs per token ==',
    flopsSection(r),
    '',
    '== Memory ==',
    memorySection(r),
    '',
    '== Worked example ==',
    workedExample(r),
  ];
  return `${parts.join('\n')}\n`;
}

export function modelJsonFields(r: ModelAnalysis): Record<string, unknown> {
  const p = r.params;
  const { perLayer, ...paramsRest } = p;
  return {
    model: r.arch.name,
    family: r.arch.family,
    attention: r.arch.attention.kind,
    seqLen: r.seqLen,
    kvDtype: r.kvDtype,
    paramsTotal: p.total,
    paramsActive: p.active,
    paramsActiveWithoutEmbedding: p.activeWithoutEmbedding,
    paramsActiveNonEmbedding: p.activeNonEmbedding,
    paramsMtp: p.mtp.unique,
    paramsCheckpoint: p.checkpointTotal,
    kvCacheBytesPerToken: r.kv.bytesPerToken,
    trainFlopsPerToken: r.flops.causal.trainFlops,
    forwardFlopsPerToken: r.flops.causal.forwardFlops,
    arch: r.arch,
    params: { ...paramsRest, perLayerKinds: [...new Set(perLayer.map((l) => l.ffn))].map((k) => perLayer.find((l) => l.ffn === k)) },
    kvCache: r.kv,
    flops: r.flops,
    weights: r.weights,
    activations: r.activations,
    training: r.training,
  };
}

export async function modelResult(io: CliIo, arg: string, opts: ModelFlags): Promise<CommandResult> {
  const seqLen = opts.seq === undefined ? 4096 : intFlag('--seq', opts.seq, 1, 1 << 24);
  const kvDtype = opts.kvDtype === undefined ? 'bf16' : choiceFlag('--kv-dtype', opts.kvDtype, ['bf16', 'fp8', 'fp32'] as const);
  const arch = await loadModelArg(io, arg);
  const r = analyzeModel(arch, { seqLen, kvDtype });
  return { command: 'model', fields: modelJsonFields(r), text: formatModelAnalysis(r) };
}

export function registerModel(program: Command, io: CliIo): void {
  program
    .command('model')
    .description('architecture analysis: parameters, KV cache, FLOPs and memory of a config.json or preset')
    .argument('<config>', `a Hugging Face config.json or a preset (${MODEL_PRESET_NAMES.join(', ')})`)
    .option('--seq <N>', 'sequence length for FLOPs (default 4096)')
    .option('--kv-dtype <dtype>', 'KV cache dtype: bf16, fp8 or fp32 (default bf16)')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (arg: string, opts: ModelFlags) => emit(io, opts.json, await modelResult(io, arg, opts)));
}
