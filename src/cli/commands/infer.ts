/**
 * `coplane infer [scenario] [--paper-bound]`: prefill/decode estimates. `--paper-bound` prints the paper's
 * §2.3.2 communication-only decode bound from its stated assumptions (each can be changed by a flag).
 * Parsing and formatting only: the numbers come from estimate/.
 */
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { PAPER_BOUND_IB, PAPER_BOUND_NVL72, paperBoundDecode, type PaperBoundInputs, type PaperBoundResult } from '../../estimate/index.js';
import { formatNumber, formatSeconds, formatTable } from '../../report/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { bandwidthFlag, intFlag, numberFlag } from '../flags.js';
import { emit, type CommandResult } from '../output.js';

interface InferFlags extends CommonFlags {
  paperBound?: boolean;
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

export function paperBoundResult(f: InferFlags): CommandResult {
  const custom = f.link !== undefined;
  const cases = custom
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

export function registerInfer(program: Command, io: CliIo): void {
  program
    .command('infer')
    .description('prefill/decode estimate; --paper-bound: the paper\'s §2.3.2 communication-only decode bound')
    .argument('[scenario]', 'scenario file or shipped scenario name')
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
    .action((scenario: string | undefined, opts: InferFlags) => {
      if (!opts.paperBound) throw new InputError('--paper-bound', scenario ?? null, 'the --paper-bound flag in this version');
      emit(io, opts.json, paperBoundResult(opts));
    });
}
