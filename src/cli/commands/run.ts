import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { fileSource, readTextFile, writeFileAtomic } from '../../io/nodeFiles.js';
import { runReference, type RunReport } from '../../reference/index.js';
import { formatNumber } from '../../report/index.js';
import { MAX_SPEC_BYTES, parseSpecText } from '../../spec/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { choiceFlag, intFlag } from '../flags.js';
import { emit, type CommandResult } from '../output.js';

interface RunFlags extends CommonFlags {
  config: string;
  promptTokens: string;
  maxNew?: string;
  attn?: string;
  mtp?: boolean;
  logits?: boolean;
  dumpActivations?: string;
}

export function parseTokenList(raw: string): number[] {
  const allowed = 'comma-separated token ids such as 1,2,3';
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) throw new InputError('--prompt-tokens', raw, allowed);
  const ids = parts.map(Number);
  if (ids.some((t) => !Number.isSafeInteger(t))) throw new InputError('--prompt-tokens', raw, allowed);
  return ids;
}

function text(r: RunReport, attn: string, ckpt: string, dumpFile: string | undefined): string {
  const c = r.config;
  const lines = [
    `coplane run — reference DeepSeek model (${c.nLayers} layers, dim ${c.dim}, ${c.nRoutedExperts} routed experts) from ${ckpt}`,
    `attention ${attn}: ${r.kvCache.valuesPerTokenPerLayer} cached values per token and layer, ${formatNumber(r.kvCache.measuredBytesPerToken)} B per token (float32; model/ formula ${formatNumber(r.kvCache.formulaBytesPerToken)} B)`,
    `tokens: ${r.tokens.join(',')}`,
    `main-model passes: ${r.mainPasses}; GEMM+attention FLOPs counted: ${formatNumber(r.countedMatmulFlops)}`,
  ];
  if (r.mtp) lines.push(`MTP: ${r.mtp.accepted} of ${r.mtp.drafts} drafts accepted (acceptance ${(100 * r.mtp.acceptance).toFixed(1)}%)`);
  for (const h of r.routing) lines.push(`layer ${h.layer} routing: ${h.counts.join(' ')}`);
  if (dumpFile) lines.push(`activations (MoE dispatch/combine inputs, F32 safetensors): ${dumpFile}`);
  return lines.join('\n');
}

export async function runResult(io: CliIo, ckpt: string, opts: RunFlags): Promise<CommandResult> {
  const promptTokens = parseTokenList(opts.promptTokens);
  const maxNew = opts.maxNew === undefined ? 16 : intFlag('--max-new', opts.maxNew, 1, 4096);
  const attn = choiceFlag('--attn', opts.attn ?? 'absorb', ['naive', 'absorb'] as const);
  const cfgText = await readTextFile(resolve(io.cwd, opts.config), MAX_SPEC_BYTES);
  const cfgJson = parseSpecText(cfgText, opts.config).value;
  const source = await fileSource(resolve(io.cwd, ckpt));
  const r = await runReference(source, cfgJson, opts.config, {
    promptTokens,
    maxNew,
    attn,
    mtp: opts.mtp ?? false,
    keepLogits: opts.logits ?? false,
    dumpActivations: opts.dumpActivations !== undefined,
  });
  if (opts.dumpActivations !== undefined && r.activations) await writeFileAtomic(resolve(io.cwd, opts.dumpActivations), r.activations);
  const fields: Record<string, unknown> = {
    tokens: r.tokens,
    promptTokens,
    attn,
    mainPasses: r.mainPasses,
    nearTies: r.nearTies,
    kvCache: {
      valuesPerTokenPerLayer: r.kvCache.valuesPerTokenPerLayer,
      bytesPerTokenPerLayer: r.kvCache.perLayerBytes,
      measuredBytesPerToken: r.kvCache.measuredBytesPerToken,
      formulaBytesPerToken: r.kvCache.formulaBytesPerToken,
    },
    matmulFlops: r.countedMatmulFlops,
    otherFlops: r.countedOtherFlops,
    routing: r.routing,
  };
  if (opts.logits) fields.steps = r.logits.map((l) => ({ logits: Array.from(l) }));
  if (r.mtp) fields.mtp = r.mtp;
  if (opts.dumpActivations !== undefined) fields.activationsFile = opts.dumpActivations;
  return { command: 'run', warnings: r.warnings, fields, text: text(r, attn, ckpt, opts.dumpActivations) };
}

export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('run the reference DeepSeek-V2/V3 model from a safetensors checkpoint (greedy, optional MTP speculative decoding)')
    .argument('<checkpoint>', 'a .safetensors file (DeepSeek or Hugging Face tensor names; F32, F16, BF16, FP8 with block scales)')
    .requiredOption('--config <file>', "a Hugging Face config.json or DeepSeek's inference model args JSON")
    .requiredOption('--prompt-tokens <ids>', 'prompt token ids, e.g. 1,2,3')
    .option('--max-new <N>', 'tokens to generate (default 16)')
    .option('--attn <mode>', 'MLA mode: naive (full K/V cache) or absorb (latent cache; default)')
    .option('--mtp', 'speculative decoding with the checkpoint MTP module; reports acceptance')
    .option('--logits', 'include the logits of every generated token (steps[].logits)')
    .option('--dump-activations <file>', 'write MoE dispatch and combine inputs as F32 safetensors')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (ckpt: string, opts: RunFlags) => emit(io, opts.json, await runResult(io, ckpt, opts)));
}
