/**
 * Scenarios the paper rows are computed on, as objects (the library reads no files): the report's decode
 * deployment, identical to data/scenarios/deepseek-v3-decode-ep320.yaml (paperScenarios.test.ts checks it).
 */
import { InferScenarioSchema, type InferScenario } from './scenario.js';

export function paperDecodeScenario(acceptance = 0.85): InferScenario {
  return InferScenarioSchema.parse({
    name: 'deepseek-v3-decode-ep320',
    kind: 'infer',
    description: 'DeepSeek-V3 decode on 320 H800 GPUs, attention TP4/DP80, EP320 (one expert per GPU), MTP',
    model: 'deepseek-v3',
    hardware: 'h800',
    cluster: { fabric: 'mpft', gpus: 320, radix: 64, planes: 8 },
    precision: { gemm: 'fp8', dispatch: 'fp8', combine: 'bf16', kvCache: 'bf16' },
    inference: {
      phase: 'decode',
      gpus: 320,
      attentionTp: 4,
      attentionDp: 80,
      ep: 320,
      redundantExperts: 32,
      sharedExpert: 'routed',
      sharedExpertReplicas: 32,
      microBatches: 2,
      tokensPerGpu: 32,
      contextTokens: 5000,
      mtp: { depth: 1, acceptance },
    },
  });
}
