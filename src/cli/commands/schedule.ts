/** `coplane schedule <method> --pp P --micro M`: generate, check and simulate a pipeline schedule. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { writeFileAtomic } from '../../io/nodeFiles.js';
import { formatNumber, formatTable } from '../../report/index.js';
import {
  SCHEDULE_METHODS,
  assertLegal,
  busiestRankPhases,
  chromeTrace,
  closedForm,
  ganttChart,
  generateSchedule,
  paramFractionPerDevice,
  simulate,
  type ChunkTimes,
  type ScheduleMethod,
} from '../../schedule/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { bandwidthFlag, bytesFlag, choiceFlag, durationFlag, intFlag, numberFlag } from '../flags.js';
import { emit, type CommandResult } from '../output.js';

interface ScheduleFlags extends CommonFlags {
  pp?: string;
  micro?: string;
  f?: string;
  b?: string;
  w?: string;
  fb?: string;
  vstages?: string;
  trace?: string;
  gantt?: boolean;
  width?: string;
  p2pLatency?: string;
  p2pBandwidth?: string;
  activationBytes?: string;
}

const NAMES: Record<ScheduleMethod, string> = {
  gpipe: 'GPipe',
  '1f1b': '1F1B',
  interleaved: 'interleaved 1F1B',
  zb1p: 'ZB1P (ZB-H1)',
  dualpipe: 'DualPipe',
  dualpipev: 'DualPipeV',
};

export async function scheduleResult(io: CliIo, methodArg: string, opts: ScheduleFlags): Promise<CommandResult> {
  const method = choiceFlag('method', methodArg, SCHEDULE_METHODS);
  const pp = intFlag('--pp', opts.pp ?? '', 1, 4096);
  const micro = intFlag('--micro', opts.micro ?? '', 1, 1 << 20);
  const time = (flag: string, raw: string | undefined, dflt: number) => (raw === undefined ? dflt : numberFlag(flag, raw, { min: 0 }));
  const f = time('--f', opts.f, 1);
  const b = time('--b', opts.b, 2);
  const w = time('--w', opts.w, 1);
  const fb = time('--fb', opts.fb, f + b);
  if (w > b) throw new InputError('--w', opts.w ?? String(w), `at most the full backward time --b (${b})`);
  const vstages = opts.vstages === undefined ? 2 : intFlag('--vstages', opts.vstages, 1, 64);
  const width = opts.width === undefined ? 100 : intFlag('--width', opts.width, 10, 1000);
  const times: ChunkTimes = { fS: f, bS: b, wS: w, fbS: fb };
  if (opts.p2pLatency !== undefined) times.p2pLatencyS = durationFlag('--p2p-latency', opts.p2pLatency);
  if (opts.p2pBandwidth !== undefined) times.p2pBytesPerS = bandwidthFlag('--p2p-bandwidth', opts.p2pBandwidth);
  if (opts.activationBytes !== undefined) times.activationBytes = bytesFlag('--activation-bytes', opts.activationBytes);

  const s = generateSchedule(method, pp, micro, { vstages });
  assertLegal(s);
  const tl = simulate(s, times);
  const cf = closedForm({ method, devices: pp, microBatches: micro, vstages, fS: f, bS: b, wS: w, fbS: fb });
  const phases = busiestRankPhases(tl);
  const warnings: string[] = [];
  if (Math.abs(tl.bubbleS - cf.bubbleS) > 1e-9 * Math.max(1, Math.abs(cf.bubbleS)))
    warnings.push(
      `simulated bubble ${formatNumber(tl.bubbleS, 6)} s differs from the closed form ${cf.formula} = ${formatNumber(cf.bubbleS, 6)} s, ` +
        `which is exact for uniform times without communication when ${cf.regime}`,
    );
  let tracePath: string | null = null;
  if (opts.trace !== undefined) {
    tracePath = resolve(io.cwd, opts.trace);
    await writeFileAtomic(tracePath, `${JSON.stringify(chromeTrace(tl))}\n`);
  }
  const n = (x: number) => formatNumber(x, 6);
  const lines = [
    `coplane schedule — ${NAMES[method]} on ${pp} devices, ${s.stages} stages, ${micro} micro-batches` +
      (method === 'interleaved' ? ` (${vstages} virtual stages per device)` : ''),
    `chunk times: F ${n(f)}  B ${n(b)}  W ${n(w)}  F&B ${n(fb)} s`,
    '',
    formatTable(
      ['quantity', 'simulated', 'closed form'],
      [
        ['makespan (s)', n(tl.makespanS), ''],
        ['bubble (s), max over ranks of makespan − busy', n(tl.bubbleS), `${n(cf.bubbleS)}  ${cf.formula}`],
        ['peak activations per device (micro-batch × stage)', String(tl.peakActivations), String(cf.activations)],
        ['parameter copies per device (stage parameter sets)', String(tl.paramCopies), String(cf.paramCopies)],
      ],
      ['left', 'right', 'left'],
    ),
    '',
    `busiest rank ${phases.rank}: warm-up ${n(phases.warmupS)}  steady ${n(phases.steadyS)}  cool-down ${n(phases.cooldownS)}  W tail ${n(phases.wTailS)}  idle ${n(phases.idleS)} s`,
  ];
  if (opts.gantt) lines.push('', ganttChart(tl, width));
  if (tracePath) lines.push('', `Chrome trace written to ${tracePath} (open in https://ui.perfetto.dev or chrome://tracing)`);
  return {
    command: 'schedule',
    warnings,
    fields: {
      method,
      devices: pp,
      stages: s.stages,
      microBatches: micro,
      vstages: method === 'interleaved' ? vstages : null,
      times: { fS: f, bS: b, wS: w, fbS: fb, p2pLatencyS: times.p2pLatencyS ?? 0, p2pBytesPerS: times.p2pBytesPerS ?? null, activationBytes: times.activationBytes ?? 0 },
      makespanS: tl.makespanS,
      bubbleS: tl.bubbleS,
      bubblePerRankS: Array.from(tl.bubblePerRankS),
      closedFormBubbleS: cf.bubbleS,
      closedFormFormula: cf.formula,
      closedFormRegime: cf.regime,
      peakActivations: tl.peakActivations,
      peakActivationsPerRank: Array.from(tl.peakActivationsPerRank),
      paramCopies: tl.paramCopies,
      paramFractionPerDevice: paramFractionPerDevice(s),
      busiestRankPhases: phases,
      trace: tracePath,
    },
    text: lines.join('\n'),
  };
}

export function registerSchedule(program: Command, io: CliIo): void {
  program
    .command('schedule')
    .description('pipeline schedule: generate, check and simulate GPipe, 1F1B, interleaved, ZB1P, DualPipe or DualPipeV')
    .argument('<method>', SCHEDULE_METHODS.join(' | '))
    .requiredOption('--pp <P>', 'number of devices (DualPipeV puts 2·P stages on them, interleaved P·vstages)')
    .requiredOption('--micro <M>', 'number of micro-batches')
    .option('--f <s>', 'forward time of one chunk (default 1)')
    .option('--b <s>', 'full backward time of one chunk, input + weight gradients (default 2)')
    .option('--w <s>', 'weight-gradient part of the backward (default 1)')
    .option('--fb <s>', 'overlapped forward + backward pair (default F + B)')
    .option('--vstages <V>', 'virtual stages per device for interleaved (default 2)')
    .option('--p2p-latency <t>', 'point-to-point latency between ranks, e.g. 10us (default 0)')
    .option('--p2p-bandwidth <bw>', 'point-to-point bandwidth, e.g. 50GB/s (default unlimited)')
    .option('--activation-bytes <size>', 'bytes one stage hands to the next per micro-batch, e.g. 64MB (default 0)')
    .option('--trace <file>', 'write a Chrome trace (Perfetto, chrome://tracing)')
    .option('--gantt', 'print a text Gantt chart')
    .option('--width <N>', 'Gantt chart width in columns (default 100)')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (method: string, opts: ScheduleFlags) => emit(io, opts.json, await scheduleResult(io, method, opts)));
}
