/**
 * `coplane numerics compare` (quantization error table) and `coplane numerics gemm` (FP8 GEMM accumulation
 * error). Parsing and formatting only; the numerics library does the work.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, Rng } from '../../core/index.js';
import { fileSource } from '../../io/nodeFiles.js';
import {
  type AccumVariant,
  type CompareRow,
  DEFAULT_COMPARE_FORMATS,
  type Shape2D,
  checkDistribution,
  compareFormats,
  generate,
  parseFormatList,
  parseTile,
  readTensor,
  runGemm,
  variantName,
} from '../../numerics/index.js';
import { formatNumber, formatTable } from '../../report/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { choiceFlag, intFlag, seedFlag } from '../flags.js';
import { type CommandResult, emit } from '../output.js';

interface CompareFlags extends CommonFlags {
  dist?: string;
  from?: string;
  tensor?: string;
  shape?: string;
  formats?: string;
  tile?: string;
  pow2?: boolean;
  logRounding?: string;
  seed?: string;
}

interface GemmFlags extends CommonFlags {
  k?: string;
  m?: string;
  n?: string;
  accum?: string;
  promote?: string;
  bits?: string;
  accInAlign?: boolean;
  dist?: string;
  seed?: string;
}

const DEFAULT_SHAPE: Shape2D = { rows: 128, cols: 7168 };
const MAX_GENERATED = 1 << 26;

function shapeFlag(raw: string): Shape2D {
  const m = /^(\d+)[x×](\d+)$/.exec(raw.trim());
  const allowed = 'ROWSxCOLS such as 128x7168';
  if (!m) throw new InputError('--shape', raw, allowed);
  const rows = intFlag('--shape', m[1], 1, MAX_GENERATED);
  const cols = intFlag('--shape', m[2], 1, MAX_GENERATED);
  if (rows * cols > MAX_GENERATED) throw new InputError('--shape', raw, `at most ${MAX_GENERATED} elements`);
  return { rows, cols };
}

export async function compareResult(io: CliIo, opts: CompareFlags): Promise<CommandResult> {
  if (opts.dist !== undefined && opts.from !== undefined) throw new InputError('--from', opts.from, 'either --dist or --from, not both');
  if (opts.tensor !== undefined && opts.from === undefined) throw new InputError('--tensor', opts.tensor, 'a tensor name together with --from FILE');
  const seed = opts.seed === undefined ? 1 : seedFlag(opts.seed);
  const formats = parseFormatList(opts.formats ?? DEFAULT_COMPARE_FORMATS.join(',')).map((p) => p.name);
  const tile = parseTile(opts.tile ?? '1x128');
  const logRounding = opts.logRounding === undefined ? 'linear' : choiceFlag('--log-rounding', opts.logRounding, ['linear', 'log'] as const);
  const shapeArg = opts.shape === undefined ? undefined : shapeFlag(opts.shape);
  let x: Float32Array;
  let shape: Shape2D;
  let data: Record<string, unknown>;
  if (opts.from !== undefined) {
    const path = resolve(io.cwd, opts.from);
    const t = await readTensor(await fileSource(path), { tensor: opts.tensor, shape: shapeArg });
    x = t.data;
    shape = t.shape;
    data = { source: 'file', file: opts.from, tensor: t.name, dtype: t.dtype, shape: [shape.rows, shape.cols] };
  } else {
    const dist = checkDistribution(opts.dist ?? 'activation');
    shape = shapeArg ?? DEFAULT_SHAPE;
    x = generate(dist, shape.rows, shape.cols, new Rng(seed));
    data = { source: 'generated', dist, shape: [shape.rows, shape.cols] };
  }
  const rows: CompareRow[] = compareFormats(x, shape, { formats, tile, logRounding, pow2: opts.pow2 ?? false });
  const n = (v: number) => formatNumber(v, 4);
  const table = formatTable(
    ['format', 'tile', 'B/elem', 'relErrMean', 'relErrMax', 'rmse', 'SNR dB', 'cosine', 'bias'],
    rows.map((r) => [r.format, r.tile, n(r.bytesPerElement), n(r.relErrMean), n(r.relErrMax), n(r.rmse), n(r.snrDb), r.cosine.toFixed(8), n(r.bias)]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const what = data.source === 'file' ? `${String(data.file)} (${String(data.tensor)}, ${String(data.dtype)})` : `${String(data.dist)} data, seed ${seed}`;
  const errorDefinition =
    'relErr = |q − x| / |x| over elements with |x| ≥ 1e-3·max|x|; rmse = sqrt(mean((q − x)²)); SNR = 10·log10(Σx² / Σ(q − x)²); bias = Σ(q − x) / Σ|x|';
  return {
    command: 'numerics compare',
    seed,
    fields: { data, errorDefinition, rows },
    text: `coplane numerics compare — ${what}, ${shape.rows}x${shape.cols}\n\n${table}\n\n${errorDefinition}`,
  };
}

export function gemmResult(opts: GemmFlags): CommandResult {
  if (opts.k === undefined) throw new InputError('--k', undefined, 'a positive integer (the GEMM inner dimension)');
  const k = intFlag('--k', opts.k, 1, 1 << 20);
  const m = opts.m === undefined ? 64 : intFlag('--m', opts.m, 1, 1 << 16);
  const n = opts.n === undefined ? 64 : intFlag('--n', opts.n, 1, 1 << 16);
  const seed = opts.seed === undefined ? 1 : seedFlag(opts.seed);
  const variant: AccumVariant = {
    accum: opts.accum === undefined ? 'fp22' : choiceFlag('--accum', opts.accum, ['fp22', 'fp32'] as const),
    bits: opts.bits === undefined ? 13 : Number(choiceFlag('--bits', opts.bits, ['13', '14'] as const)),
    accInAlign: opts.accInAlign ?? false,
    promote: opts.promote === undefined ? 0 : intFlag('--promote', opts.promote, 0, 1 << 20),
  };
  const dist = opts.dist === undefined ? 'uniform' : choiceFlag('--dist', opts.dist, ['uniform', 'normal'] as const);
  const r = runGemm({ m, n, k, dist, seed, variant });
  const pct = (v: number) => `${formatNumber(v * 100, 4)}%`;
  const name = variantName(variant);
  return {
    command: 'numerics gemm',
    seed,
    fields: {
      m,
      n,
      k,
      dist,
      variant: { ...variant, name },
      scaling: r.scaling,
      maxRelErr: r.maxRelErr,
      meanRelErr: r.meanRelErr,
      maxErrOverMaxRef: r.metrics.maxErrOverMaxRef,
      snrDb: r.metrics.snrDb,
      bias: r.metrics.bias,
      outputs: r.metrics.count,
      outputsCounted: r.metrics.relCount,
      errorDefinition: r.definition,
    },
    text: [
      `coplane numerics gemm — ${name} (${r.scaling === 'block' ? '1x128 / 128x128 block scales' : 'per-tensor scales'})`,
      `max relative error   ${pct(r.maxRelErr)}`,
      `mean relative error  ${pct(r.meanRelErr)}`,
      `bias Σ(err)/Σ|ref|   ${formatNumber(r.metrics.bias, 4)}`,
      '',
      r.definition,
    ].join('\n'),
  };
}

function quiet(cmd: Command, io: CliIo): Command {
  return cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => undefined });
}

export function registerNumerics(program: Command, io: CliIo): void {
  const numerics = program.command('numerics').description('number formats: quantization error tables, FP8 GEMM accumulation error');
  quiet(
    numerics
      .command('compare')
      .description('quantization error of formats (FP8 with tile scales, LogFMT-n, BF16, …) on generated or file data')
      .option('--dist <name>', 'generated data: gaussian, laplace, student-t, lognormal, activation (default), uniform')
      .option('--from <file>', 'read the tensor from a safetensors or raw float32 file')
      .option('--tensor <name>', 'tensor name inside a safetensors file')
      .option('--shape <RxC>', 'generated shape (default 128x7168) or the shape of a raw float32 file')
      .option('--formats <list>', `comma-separated formats (default ${DEFAULT_COMPARE_FORMATS.join(',')})`)
      .option('--tile <tile>', 'scaling / LogFMT tile: 1x128 (default), 128x128, row, tensor, RxC')
      .option('--pow2', 'FP8 scales rounded up to powers of two (UE8M0, 1 byte per tile)')
      .option('--log-rounding <mode>', 'LogFMT rounding: linear (default) or log')
      .option('--seed <n>', 'random seed (default 1)')
      .option('--json', 'print one JSON document')
      .option('--debug', 'show stack traces on errors')
      .action(async (opts: CompareFlags) => emit(io, opts.json, await compareResult(io, opts))),
    io,
  );
  quiet(
    numerics
      .command('gemm')
      .description('FP8 GEMM accumulation error of the Hopper tensor-core model (FP22, 13/14-bit alignment) vs float64')
      .option('--k <n>', 'inner dimension (required)')
      .option('--m <n>', 'rows of A (default 64)')
      .option('--n <n>', 'columns of B (default 64)')
      .option('--accum <kind>', 'fp22 (tensor core, default) or fp32')
      .option('--promote <n>', 'promote to FP32 every n elements of k, a multiple of 32 (default 0 = never)')
      .option('--bits <n>', 'fraction bits kept in the alignment: 13 (default) or 14')
      .option('--acc-in-align', 'the running accumulator takes part in the alignment')
      .option('--dist <name>', 'uniform (0..1, default) or normal')
      .option('--seed <n>', 'random seed (default 1)')
      .option('--json', 'print one JSON document')
      .option('--debug', 'show stack traces on errors')
      .action((opts: GemmFlags) => emit(io, opts.json, gemmResult(opts))),
    io,
  );
  quiet(numerics, io);
}
