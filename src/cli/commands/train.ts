/**
 * `coplane train <scenario> [--set key=value ...]`: the training step estimate. Parse → estimate/ → format.
 */
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { COMM_MODES, commForScenario, type CommMode, estimateTraining, loadScenario, resolveModel, type TrainResult } from '../../estimate/index.js';
import { formatBytes, formatNumber, formatSeconds, formatTable } from '../../report/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { choiceFlag } from '../flags.js';
import { emit, type CommandResult } from '../output.js';
import { inferResult } from './infer.js';
import { readModelConfigArg, readScenarioArg, simulationProgress } from './scenarioArg.js';

interface TrainFlags extends CommonFlags {
  set?: string[];
  comm?: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function formatTrain(r: TrainResult): string {
  const b = r.breakdown;
  const a = r.assumptions as { parallelism: Record<string, unknown>; network: Record<string, unknown>; partition: { layersPerStage: number[] } };
  const par = a.parallelism;
  const rows = [
    ['warm-up forwards (f1)', formatSeconds(b.f1S), pct(b.f1S / r.stepTimeS)],
    [String(par.schedule).startsWith('dualpipe') ? 'steady F&B overlap' : 'steady phase', formatSeconds(b.steadyS), pct(b.steadyS / r.stepTimeS)],
    ['cool-down backwards (b1)', formatSeconds(b.b1S), pct(b.b1S / r.stepTimeS)],
    ['weight-gradient tail (w1)', formatSeconds(b.w1S), pct(b.w1S / r.stepTimeS)],
    ['bubble (idle)', formatSeconds(b.bubbleS), pct(b.bubbleS / r.stepTimeS)],
    ['DP sync + optimizer', formatSeconds(b.optimizerS), pct(b.optimizerS / r.stepTimeS)],
    ['step', formatSeconds(r.stepTimeS), '100%'],
  ];
  const lines = [
    `coplane train — ${r.scenario}`,
    `${par.gpus} GPUs: ${String(par.schedule)} PP${par.pp} (${par.stages} stages) × DP${par.dp}${Number(par.tp) > 1 ? ` × TP${par.tp}` : ''}, EP${par.ep}, ${par.microBatches} micro-batches of ${formatNumber(Number(par.tokensPerMicroBatch))} tokens; fabric ${String(a.network.fabric)}`,
    `layers per stage: ${a.partition.layersPerStage.join(' ')}`,
    '',
    'Step breakdown (busiest pipeline rank):',
    formatTable(['phase', 'time', 'share'], rows, ['left', 'right', 'right']),
    '',
    `tokens per step        ${formatNumber(r.tokensPerStep)}`,
    `tokens per day         ${formatNumber(r.tokensPerDay, 4)}`,
    `TFLOP/s per GPU        ${r.tflopsPerGpuCausal.toFixed(1)} causal, ${r.tflopsPerGpuNonCausal.toFixed(1)} non-causal`,
    `MFU (BF16 dense peak)  ${pct(r.mfuCausal)} causal, ${pct(r.mfuNonCausal)} non-causal`,
    `exposed communication  ${formatSeconds(r.exposedCommS)} per step`,
    `memory per GPU         ${formatBytes(r.memoryBytesPerGpu)} of ${formatBytes(r.hbmBytes)} HBM (peak rank)`,
  ];
  if (r.epComm) {
    const e = r.epComm;
    lines.push(
      `EP per MoE layer       dispatch ${formatSeconds(e.dispatchS)}, combine ${formatSeconds(e.combineS)}, backward ${formatSeconds(e.backwardS)}; ` +
        `${formatBytes(e.dispatchScaleOutBytesPerGpu)} scale-out per GPU per dispatch (${e.scaleOutCopiesPerToken.toFixed(2)} node copies per token)`,
    );
  }
  if (r.fabric)
    lines.push(`fabric                 ${r.fabric.fabric}: ${formatNumber(r.fabric.switches)} switches, ${formatNumber(r.fabric.links)} links, ${r.fabric.tiers} tiers (${r.fabric.diameterHops} switch hops), ${formatNumber(r.fabric.costUsd / 1e6, 3)} M$ (${formatNumber(r.fabric.costPerEndpointUsd / 1e3, 3)} k$ per endpoint)`);
  lines.push(String(a.network.provider) === 'closed-form' ? `network closed forms   ${r.networkSimulations} evaluations (no simulation)` : `network simulations    ${r.networkSimulations} (${String(a.network.provider)})`);
  return lines.join('\n');
}

export function trainFields(r: TrainResult): Record<string, unknown> {
  return {
    scenario: r.scenario,
    stepTimeS: r.stepTimeS,
    tokensPerStep: r.tokensPerStep,
    tokensPerDay: r.tokensPerDay,
    tflopsPerGpuCausal: r.tflopsPerGpuCausal,
    tflopsPerGpuNonCausal: r.tflopsPerGpuNonCausal,
    mfuCausal: r.mfuCausal,
    mfuNonCausal: r.mfuNonCausal,
    breakdown: r.breakdown,
    makespanS: r.makespanS,
    exposedCommS: r.exposedCommS,
    overlappedPair: r.overlappedPair,
    epComm: r.epComm,
    dp: r.dp,
    stages: r.stages,
    memoryBytesPerGpu: r.memoryBytesPerGpu,
    memoryFits: r.memoryBytesPerGpu <= r.hbmBytes,
    memory: r.memory.peak,
    networkSimulations: r.networkSimulations,
    fabric: r.fabric,
    assumptions: r.assumptions,
  };
}

export async function trainResult(io: CliIo, scenarioArg: string, overrides: readonly string[], commMode: CommMode = 'netsim'): Promise<CommandResult> {
  const file = await readScenarioArg(scenarioArg, io.cwd);
  const loaded = loadScenario(file.text, file.fileName, overrides);
  const s = loaded.scenario;
  const config = await readModelConfigArg(s.model, file.fileName, io.cwd);
  const arch = resolveModel(s.model, config ?? undefined, loaded.locate(['model']));
  if (s.kind !== 'train') throw new InputError('kind', s.kind, '"train" (use coplane infer for an inference scenario)', loaded.locate(['kind']));
  const progress = simulationProgress(io, `training estimate ${s.name}`, 8);
  let r: TrainResult;
  try {
    r = estimateTraining(loaded, arch, { comm: commForScenario(s, commMode, { onSimulation: progress.onSimulation }) });
  } finally {
    progress.done();
  }
  return { command: 'train', seed: s.seed, warnings: r.warnings, fields: trainFields(r), text: formatTrain(r) };
}

export function registerTrain(program: Command, io: CliIo): void {
  program
    .command('train')
    .description('training step estimate of a scenario (file or shipped name, e.g. deepseek-v3-train-2048-mpft)')
    .argument('<scenario>', 'scenario file (.yaml/.json) or shipped scenario name')
    .option('--set <key=value>', 'override a scenario field before validation (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--comm <mode>', `communication times: ${COMM_MODES.join(' or ')} (default netsim: the flow simulator on the scenario's fabric)`)
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (scenario: string, opts: TrainFlags) => {
      emit(io, opts.json, await trainResult(io, scenario, opts.set ?? [], opts.comm === undefined ? 'netsim' : choiceFlag('--comm', opts.comm, COMM_MODES)));
    });
}

/** The default report's estimate sections: the default training scenario and the default decode deployment. */
export const DEFAULT_TRAIN_SCENARIO = 'deepseek-v3-train-2048-mpft';
export const DEFAULT_DECODE_SCENARIO = 'deepseek-v3-decode-ep320';

export async function defaultEstimateSections(io: CliIo): Promise<{ text: string; fields: Record<string, unknown>; warnings: string[] }> {
  const train = await trainResult(io, DEFAULT_TRAIN_SCENARIO, []);
  const decode = await inferResult(io, DEFAULT_DECODE_SCENARIO, []);
  const section = (title: string, r: CommandResult) =>
    `== ${title} ==\n${r.text}\n${r.warnings?.length ? `\nWarnings:\n${r.warnings.map((w) => `  ! ${w}`).join('\n')}\n` : ''}`;
  const tag = (name: string, ws: string[] | undefined) => (ws ?? []).map((w) => `${name}: ${w}`);
  return {
    text: `${section(`Training step (${DEFAULT_TRAIN_SCENARIO})`, train)}\n${section(`Decode (${DEFAULT_DECODE_SCENARIO})`, decode)}`,
    fields: { train: train.fields, decode: decode.fields },
    warnings: [...tag(DEFAULT_TRAIN_SCENARIO, train.warnings), ...tag(DEFAULT_DECODE_SCENARIO, decode.warnings)],
  };
}
