/**
 * `coplane infer [scenario] [--paper-bound]`: prefill/decode estimates. `--paper-bound` prints the paper's
 * §2.3.2 communication-only decode bound from its stated assumptions (each can be changed by a flag).
 * Parsing and formatting only: the numbers come from estimate/.
 */
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import {
  commForScenario,
  COMM_MODES,
  type CommMode,
  estimateInference,
  loadScenario,
  paperBoundInputsFor,
  PAPER_BOUND_IB,
  PAPER_BOUND_NVL72,
  paperBoundDecode,
  resolveModel,
  type InferResult,
  type PaperBoundInputs,
  type PaperBoundResult,
} from '../../estimate/index.js';
import { formatBytes, formatNumber, formatSeconds, formatTable } from '../../report/index.js';
import { readModelConfigArg, readScenarioArg, simulationProgress } from './scenarioArg.js';
import type { CliIo, CommonFlags } from '../context.js';
import { bandwidthFlag, choiceFlag, intFlag, numberFlag } from '../flags.js';
import { emit, type CommandResult } from '../output.js';

interface InferFlags extends CommonFlags {
  paperBound?: boolean;
  set?: string[];
  comm?: string;
  link?: string;
  tokens?: string;
  experts?: string;
  hidden?: string;
  layers?: string;
  dispatchBytes?: string;
  combineBytes?: string;
}

function boundInputs(base: PaperBoundInputs, f: InferFlags): PaperBoundInputs {
  return {
    ...base,
    linkBytesPerS: f.link !== undefined ? bandwidthFlag('--link', f.link) : base.linkBytesPerS,
    tokensPerDevice: f.tokens !== undefined ? intFlag('--tokens', f.tokens) : base.tokensPerDevice,
    expertsPerToken: f.experts !== undefined ? intFlag('--experts', f.experts) : base.expertsPerToken,
    hiddenElements: f.hidden !== undefined ? intFlag('--hidden', f.hidden) : base.hiddenElements,
    layers: f.layers !== undefined ? intFlag('--layers', f.layers) : base.layers,
    dispatchBytesPerElement: f.dispatchBytes !== undefined ? numberFlag('--dispatch-bytes', f.dispatchBytes, { min: 0, exclusiveMin: true }) : base.dispatchBytesPerElement,
    combineBytesPerElement: f.combineBytes !== undefined ? numberFlag('--combine-bytes', f.combineBytes, { min: 0, exclusiveMin: true }) : base.combineBytesPerElement,
  };
}

function boundFields(r: PaperBoundResult) {
  return { commS: r.commS, layerS: r.layerS, tpotS: r.tpotS, tokensPerSPerUser: r.tokensPerSPerUser, bytesPerExchange: r.bytesPerExchange, assumptions: r.inputs };
}

export function paperBoundResult(f: InferFlags, scenarioBase?: { name: string; inputs: PaperBoundInputs }): CommandResult {
  const custom = f.link !== undefined;
  const cases = scenarioBase
    ? [{ name: scenarioBase.name, r: paperBoundDecode(boundInputs(scenarioBase.inputs, f)) }]
    : custom
    ? [{ name: 'custom', r: paperBoundDecode(boundInputs(PAPER_BOUND_IB, f)) }]
    : [
        { name: 'h800-ib-400g', r: paperBoundDecode(boundInputs(PAPER_BOUND_IB, f)) },
        { name: 'gb200-nvl72', r: paperBoundDecode(boundInputs(PAPER_BOUND_NVL72, f)) },
      ];
  const first = cases[0].r;
  const a = first.inputs;
  const rows = cases.map(({ name, r }) => [
    name,
    `${formatNumber(r.inputs.linkBytesPerS / 1e9)} GB/s`,
    formatSeconds(r.commS, 5),
    formatSeconds(r.layerS, 5),
    formatSeconds(r.tpotS),
    formatNumber(r.tokensPerSPerUser, 4),
  ]);
  const text = [
    'coplane infer --paper-bound — the paper\'s §2.3.2 decode bound (communication only; latency and compute ignored)',
    '',
    `per exchange: (${a.dispatchBytesPerElement} B dispatch + ${a.combineBytesPerElement} B combine) × ${a.tokensPerDevice} tokens × ${a.expertsPerToken} experts × ${a.hiddenElements} elements = ${formatNumber(first.bytesPerExchange)} B`,
    `per layer: ${a.microBatches} micro-batches overlapped → ${a.microBatches} exchanges; ${a.layers} layers per token`,
    '',
    formatTable(['case', 'link', 'exchange', 'layer', 'TPOT', 'tokens/s/user'], rows, ['left', 'right', 'right', 'right', 'right', 'right']),
  ].join('\n');
  return {
    command: 'infer',
    fields: { mode: 'paper-bound', ...boundFields(first), cases: cases.map(({ name, r }) => ({ name, ...boundFields(r) })) },
    text,
  };
}

export function formatInfer(r: InferResult): string {
  const d = r.assumptions.deployment as Record<string, number>;
  const lines = [
    `coplane infer — ${r.scenario} (${r.phase})`,
    `${d.gpus} GPUs: attention TP${d.tp} × DP${d.dp}, EP${d.ep} (${d.slotsPerGpu} expert slot${d.slotsPerGpu === 1 ? '' : 's'} per GPU, ${d.expertsPerToken} experts per token), ${d.microBatches} micro-batches of ${d.tokensPerGpu} ${r.phase === 'decode' ? 'sequences' : 'tokens'} per GPU, context ${formatNumber(d.contextTokens)}`,
    '',
  ];
  const L = r.layers;
  const rows: string[][] = [];
  if (L.dense) rows.push(['dense layer', formatSeconds(L.dense.computeS), formatSeconds(L.dense.commS), formatSeconds(L.dense.layerS)]);
  if (L.moe) rows.push(['MoE layer', formatSeconds(L.moe.computeS), formatSeconds(L.moe.commS), formatSeconds(L.moe.layerS)]);
  rows.push(['head', '', '', formatSeconds(L.headS)]);
  if (L.mtpS > 0) rows.push(['MTP draft', '', '', formatSeconds(L.mtpS)]);
  rows.push(['step', '', '', formatSeconds(r.stepS)]);
  lines.push(formatTable(['per micro-batch', 'compute', 'comm', 'time (all micro-batches)'], rows, ['left', 'right', 'right', 'right']), '');
  if (r.phase === 'decode') {
    lines.push(`TPOT                   ${formatSeconds(r.tpotS ?? 0)}  (${formatNumber(r.tokensPerSPerUser, 4)} tokens/s per user)`);
  } else {
    lines.push(`TTFT                   ${formatSeconds(r.ttftS ?? 0)}`);
  }
  lines.push(`throughput             ${formatNumber(r.tokensPerSPerGpu, 4)} tokens/s per GPU, ${formatNumber(r.tokensPerSPerNode, 4)} per node`);
  if (r.mtp) lines.push(`MTP                    depth ${r.mtp.depth}, acceptance ${r.mtp.acceptance}: ${r.mtp.tokensPerStep.toFixed(2)} tokens per step, ${r.mtp.speedup.toFixed(2)}× tokens/s (step ${formatSeconds(r.mtp.stepWithoutMtpS)} → ${formatSeconds(r.stepS)})`);
  lines.push(`KV cache               ${formatBytes(r.kv.bytesPerTokenPerGpu)} per token; ${formatNumber(r.kv.capacityTokensPerGpu)} tokens fit per GPU (${formatBytes(r.kv.freeBytesPerGpu)} free after ${formatBytes(r.kv.weightBytesPerGpu)} of weights), ${formatNumber(r.kv.neededTokensPerGpu)} needed`);
  if (r.epComm) lines.push(`EP all-to-all          dispatch ${formatSeconds(r.epComm.dispatchS)}, combine ${formatSeconds(r.epComm.combineS)} per micro-batch and layer`);
  lines.push(String((r.assumptions.network as Record<string, unknown>).provider) === 'closed-form' ? `network closed forms   ${r.networkSimulations} evaluations (no simulation)` : `network simulations    ${r.networkSimulations} (${String((r.assumptions.network as Record<string, unknown>).provider)})`);
  if (r.paperBound) {
    lines.push('', "From the paper's §2.3.2 bound to this estimate (TPOT):");
    lines.push(formatTable(['step', 'TPOT', 'tokens/s/user'], r.paperBound.steps.map((x) => [x.step, formatSeconds(x.tpotS), formatNumber(1 / x.tpotS, 4)]), ['left', 'right', 'right']));
  }
  return lines.join('\n');
}

export async function inferResult(io: CliIo, scenarioArg: string, overrides: readonly string[], commMode: CommMode = 'netsim'): Promise<CommandResult> {
  const file = await readScenarioArg(scenarioArg, io.cwd);
  const loaded = loadScenario(file.text, file.fileName, overrides);
  const s = loaded.scenario;
  const config = await readModelConfigArg(s.model, file.fileName, io.cwd);
  const arch = resolveModel(s.model, config ?? undefined, loaded.locate(['model']));
  if (s.kind !== 'infer') throw new InputError('kind', s.kind, '"infer" (use coplane train for a training scenario)', loaded.locate(['kind']));
  const progress = simulationProgress(io, `${s.inference.phase} estimate ${s.name}`, 4);
  let r: InferResult;
  try {
    r = estimateInference(loaded, arch, { comm: commForScenario(s, commMode, { onSimulation: progress.onSimulation }) });
  } finally {
    progress.done();
  }
  const { warnings, ...fields } = r;
  return { command: 'infer', seed: s.seed, warnings, fields, text: formatInfer(r) };
}

/** `infer <scenario> --paper-bound`: the §2.3.2 arithmetic with the scenario's deployment as its inputs. */
async function scenarioBound(io: CliIo, scenarioArg: string, opts: InferFlags): Promise<CommandResult> {
  const file = await readScenarioArg(scenarioArg, io.cwd);
  const loaded = loadScenario(file.text, file.fileName, opts.set ?? []);
  const s = loaded.scenario;
  if (s.kind !== 'infer' || s.inference.phase !== 'decode') throw new InputError('scenario', scenarioArg, 'a decode scenario for --paper-bound', loaded.locate(['kind']));
  const config = await readModelConfigArg(s.model, file.fileName, io.cwd);
  const arch = resolveModel(s.model, config ?? undefined, loaded.locate(['model']));
  return paperBoundResult(opts, { name: s.name, inputs: paperBoundInputsFor(s, arch) });
}

export function registerInfer(program: Command, io: CliIo): void {
  program
    .command('infer')
    .description('prefill/decode estimate; --paper-bound: the paper\'s §2.3.2 communication-only decode bound')
    .argument('[scenario]', 'scenario file or shipped scenario name (e.g. deepseek-v3-decode-ep320)')
    .option('--set <key=value>', 'override a scenario field before validation (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--comm <mode>', `communication times: ${COMM_MODES.join(' or ')} (default netsim: the flow simulator on the scenario's fabric)`)
    .option('--paper-bound', "the paper's §2.3.2 bound from its stated assumptions")
    .option('--link <bandwidth>', 'paper-bound: per-device link bandwidth (default: 50GB/s and 900GB/s)')
    .option('--tokens <n>', 'paper-bound: tokens per device (default 32)')
    .option('--experts <n>', 'paper-bound: experts per token (default 9)')
    .option('--hidden <n>', 'paper-bound: elements per token (default 7000, the paper\'s "7K")')
    .option('--layers <n>', 'paper-bound: layers (default 61)')
    .option('--dispatch-bytes <b>', 'paper-bound: dispatch bytes per element (default 1)')
    .option('--combine-bytes <b>', 'paper-bound: combine bytes per element (default 2)')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (scenario: string | undefined, opts: InferFlags) => {
      if (opts.paperBound) {
        emit(io, opts.json, scenario === undefined ? paperBoundResult(opts) : await scenarioBound(io, scenario, opts));
        return;
      }
      if (scenario === undefined) throw new InputError('scenario', null, 'a scenario file or shipped name (or --paper-bound)');
      emit(io, opts.json, await inferResult(io, scenario, opts.set ?? [], opts.comm === undefined ? 'netsim' : choiceFlag('--comm', opts.comm, COMM_MODES)));
    });
}
