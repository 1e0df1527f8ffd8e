/**
 * Scenario files (YAML/JSON): what to estimate — model, hardware, cluster, parallelism, precision, compute
 * efficiencies, and for inference the deployment. Validated by zod; human units are parsed by spec's parsers;
 * `--set key=value` overrides are applied to the parsed document before validation, so an override is checked
 * exactly like a value in the file. `scenarioJsonSchema()` is what data/scenarios/scenario.schema.json holds.
 */
import { parse as parseYamlScalar } from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/index.js';
import { formatPath, parseSpecText, validateSpec, type ParsedSpec } from '../spec/index.js';
import { HARDWARE_PRESETS } from './hardware.js';
import { bandwidthField, durationField } from './units.js';

const posInt = z.number().int().positive();
const fraction = z.number().gt(0).lte(1);

export const FABRICS = ['mpft', 'mrft', 'ft2', 'ft3', 'nvl72'] as const;
export const SCHEDULES = ['dualpipe', 'dualpipev', '1f1b', 'zb1p', 'gpipe'] as const;
export const WIRE_FORMATS = ['fp8', 'bf16'] as const;

/** GPUs of one GB200 NVL72 NVLink domain. */
export const NVL72_GPUS = 72;

export const ClusterSchema = z
  .object({
    fabric: z.enum(FABRICS).describe('Scale-out fabric: multi-plane / multi-rail fat tree, two- or three-layer fat tree, or one NVL72 domain.'),
    gpus: posInt.describe('GPUs in the cluster (the whole job).'),
    radix: posInt.default(64).describe('Switch radix of the scale-out fabric.'),
    planes: posInt.optional().describe('Planes of a multi-plane fat tree (default: NICs per node).'),
    nicBandwidth: bandwidthField().optional().describe("Per-NIC scale-out bandwidth used by the simulator (default: the hardware's achievable NIC rate)."),
    nvlinkBandwidth: bandwidthField().optional().describe("Per-GPU NVLink bandwidth, one direction, used by the simulator (default: the hardware's achievable rate)."),
    hopLatency: durationField().default(0.45e-6).describe('Per-hop switch latency of the scale-out fabric.'),
    simulate: z
      .enum(['stage', 'cluster'])
      .default('stage')
      .describe(
        "Training all-to-all: simulate one pipeline stage's EP groups and reuse the result for every stage (fast), or all stages at once on the whole fabric (slow: spine contention between stages).",
      ),
  })
  .strict()
  .refine((c) => c.fabric !== 'nvl72' || c.gpus <= NVL72_GPUS, { path: ['gpus'], message: `at most ${NVL72_GPUS} GPUs for one NVL72 domain` });

export const PrecisionSchema = z
  .object({
    gemm: z.enum(WIRE_FORMATS).default('fp8').describe('GEMM inputs (FP8 with 1×128 / 128×128 scales, or BF16).'),
    dispatch: z.enum(WIRE_FORMATS).default('fp8').describe('EP dispatch on the wire (FP8 + 1×128 FP32 scales = 1.03125 B/element, or BF16).'),
    combine: z.enum(WIRE_FORMATS).default('bf16').describe('EP combine on the wire (BF16 in DeepSeek-V3).'),
    kvCache: z.enum(['bf16', 'fp8']).default('bf16').describe('KV cache storage (inference).'),
  })
  .strict();

export const ComputeSchema = z
  .object({
    commSms: z.number().int().nonnegative().default(20).describe('SMs held by communication kernels while computation runs (DeepSeek: up to 20 of 132).'),
    gemmLargeEfficiency: fraction.optional().describe('Override of the calibrated large-GEMM efficiency (estimate/compute.ts); absent = calibrated value.'),
    hbmEfficiency: fraction.optional().describe('Override of the calibrated HBM efficiency of memory-bound kernels.'),
    attentionEfficiency: fraction.optional().describe('Override of the calibrated attention-core efficiency.'),
  })
  .strict();

export const TrainParallelismSchema = z
  .object({
    pp: posInt.describe('Pipeline-parallel devices (DualPipeV puts 2·pp stages on them).'),
    ep: posInt.describe('Expert parallelism: GPUs of one EP group inside a pipeline stage.'),
    dp: posInt.optional().describe('Data-parallel ranks per stage (default gpus / (pp · tp)).'),
    tp: posInt.default(1).describe('Tensor parallelism inside an NVLink domain.'),
    schedule: z.enum(SCHEDULES).default('dualpipe').describe('Pipeline schedule.'),
    microBatchSize: posInt.default(1).describe('Sequences per micro-batch.'),
    seqLen: posInt.describe('Tokens per sequence.'),
    globalBatch: posInt.describe('Sequences per optimizer step.'),
    nodeLimit: z.number().int().nonnegative().optional().describe("Max nodes a token's experts may span (node-limited routing); 0 = no limit. Default: the model's topk_group."),
    partition: z.enum(['balanced', 'uniform']).default('balanced').describe('How layers are split over stages: balanced by time (61 layers over 16 stages) or uniform (must divide).'),
    zero: z.union([z.literal(0), z.literal(1)]).default(1).describe('ZeRO stage for the data-parallel replicas (DeepSeek-V3: 1, optimizer states sharded).'),
  })
  .strict();

export const MtpSchema = z
  .object({
    depth: posInt.default(1).describe('Draft depth (MTP modules used as draft heads).'),
    acceptance: z.number().min(0).max(1).describe('Probability that a drafted token is accepted.'),
  })
  .strict();

export const InferenceSchema = z
  .object({
    phase: z.enum(['prefill', 'decode']).describe('Prefill (TTFT, prompt throughput) or decode (TPOT, output throughput).'),
    gpus: posInt.describe('GPUs of one deployment unit (prefill: 32; decode: 320 or 144).'),
    attentionTp: posInt.default(1).describe('Attention tensor parallelism (with sequence parallelism) inside the unit.'),
    attentionDp: posInt.describe('Attention data parallelism inside the unit (attentionTp × attentionDp = gpus).'),
    ep: posInt.describe('Expert parallelism of the MoE layers.'),
    redundantExperts: z.number().int().nonnegative().default(0).describe('Extra routed-expert replicas for load balancing (EPLB).'),
    sharedExpert: z.enum(['local', 'routed']).default('local').describe('The shared expert: computed locally on every GPU, or served as a routed expert on dedicated replicas.'),
    sharedExpertReplicas: z.number().int().nonnegative().default(0).describe('GPUs hosting shared-expert replicas when it is served as a routed expert.'),
    microBatches: posInt.default(2).describe('Micro-batches overlapped (2: compute of one hides the all-to-all of the other).'),
    tokensPerGpu: posInt.describe('Decode: sequences in flight per GPU per micro-batch. Prefill: prompt tokens per GPU per micro-batch.'),
    contextTokens: posInt.describe('Decode: average context (KV length) per sequence. Prefill: prompt length.'),
    mtp: MtpSchema.optional(),
  })
  .strict();

const common = {
  name: z.string().min(1),
  description: z.string().optional(),
  model: z.string().min(1).describe('A model preset name (deepseek-v3, llama-3.1-405b, …) or the path of an HF config.json.'),
  hardware: z.enum(HARDWARE_PRESETS as [string, ...string[]]).describe('Hardware preset (data/hardware/).'),
  cluster: ClusterSchema,
  precision: PrecisionSchema.default({ gemm: 'fp8', dispatch: 'fp8', combine: 'bf16', kvCache: 'bf16' }),
  compute: ComputeSchema.default({ commSms: 20 }),
  seed: z.number().int().nonnegative().default(1).describe('Seed of every random choice (sampled expert routing).'),
};

export const TrainScenarioSchema = z.object({ kind: z.literal('train'), ...common, parallelism: TrainParallelismSchema }).strict();
export const InferScenarioSchema = z.object({ kind: z.literal('infer'), ...common, inference: InferenceSchema }).strict();
export const ScenarioSchema = z.discriminatedUnion('kind', [TrainScenarioSchema, InferScenarioSchema]);

export type TrainScenario = z.infer<typeof TrainScenarioSchema>;
export type InferScenario = z.infer<typeof InferScenarioSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;

/** A validated scenario with a locator for follow-up (model-aware) errors. */
export interface LoadedScenario<S extends Scenario = Scenario> {
  scenario: S;
  /** `file:line:col` of a field path (or `--set key=value` when an override set it). */
  locate(path: readonly PropertyKey[]): string;
}

/** Parse `key=value` (`--set parallelism.pp=8`); the value is read as a YAML scalar (8 → number, bf16 → string). */
export function parseOverride(raw: string): { path: string[]; value: unknown } {
  const eq = raw.indexOf('=');
  const key = eq > 0 ? raw.slice(0, eq).trim() : '';
  if (!key || !/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(key)) throw new InputError('--set', raw, 'key=value with a dotted key such as parallelism.pp=8');
  const text = raw.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYamlScalar(text);
  } catch {
    value = text;
  }
  if (value !== null && typeof value === 'object') throw new InputError('--set', raw, 'a scalar value (number, string or boolean)');
  return { path: key.split('.'), value: value ?? text };
}

function applyOverride(root: unknown, path: readonly string[], value: unknown, raw: string): void {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw new InputError('--set', raw, 'a scenario document that is a mapping');
  let node = root as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]];
    if (next === undefined) node[path[i]] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next))
      throw new InputError('--set', raw, `a key under a mapping (${path.slice(0, i + 1).join('.')} is not one)`);
    node = node[path[i]] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/**
 * Parse a scenario's text, apply `--set` overrides, validate. Errors are one InputError/FormatError naming
 * file:line:col (or the `--set` that put the value there), the field, the value and what is allowed.
 */
export function loadScenario(text: string, fileName: string, overrides: readonly string[] = []): LoadedScenario {
  const parsed = parseSpecText(text, fileName);
  const set = new Map<string, string>();
  for (const raw of overrides) {
    const { path, value } = parseOverride(raw);
    applyOverride(parsed.value, path, value, raw);
    set.set(path.join('.'), raw);
  }
  const located: ParsedSpec = {
    value: parsed.value,
    locate(path) {
      const key = path.map(String).join('.');
      for (const [k, raw] of set) if (key === k || key.startsWith(`${k}.`)) return `--set ${raw}`;
      return parsed.locate(path);
    },
  };
  const scenario = validateSpec(ScenarioSchema, located);
  return { scenario, locate: located.locate };
}

/** Raise an InputError for a field of a loaded scenario, located in its file. */
export function scenarioError(loaded: Pick<LoadedScenario, 'locate'>, path: readonly PropertyKey[], value: unknown, allowed: string): InputError {
  return new InputError(formatPath(path), value, allowed, loaded.locate(path));
}

/** JSON Schema (draft 2020-12) of scenario files, generated from the zod schema (input side: units as strings allowed). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    title: 'coplane scenario',
  };
}
