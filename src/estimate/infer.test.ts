import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { modelPreset } from '../model/index.js';
import { estimateInference, type InferResult } from './infer.js';
import { commForScenario } from './provider.js';
import { loadScenario } from './scenario.js';

const DIR = join(import.meta.dirname, '../../data/scenarios');

function infer(name: string, overrides: string[] = []): InferResult {
  const loaded = loadScenario(readFileSync(join(DIR, `${name}.yaml`), 'utf8'), `${name}.yaml`, overrides);
  return estimateInference(loaded, modelPreset(loaded.scenario.model), { comm: commForScenario(loaded.scenario, 'closed-form') });
}

describe('inference estimates', () => {
  const ep320 = infer('deepseek-v3-decode-ep320');

  it('decode: TPOT, per-user and per-GPU rates agree with the step and the MTP acceptance', () => {
    expect(ep320.phase).toBe('decode');
    expect(ep320.tpotS).toBeCloseTo(ep320.stepS / 1.85, 15);
    expect(ep320.tokensPerSPerUser).toBeCloseTo(1 / ep320.tpotS!, 9);
    // 32 sequences per GPU per micro-batch, 2 micro-batches, 1.85 accepted tokens per step.
    expect(ep320.tokensPerSPerGpu).toBeCloseTo((32 * 2 * 1.85) / ep320.stepS, 6);
    expect(ep320.tokensPerSPerNode).toBeCloseTo(8 * ep320.tokensPerSPerGpu, 6);
    expect(ep320.ttftS).toBeNull();
    expect(ep320.mtp!.tokensPerStep).toBeCloseTo(1.85, 15);
    expect(ep320.mtp!.speedup).toBeGreaterThan(1);
    expect(ep320.mtp!.speedup).toBeLessThan(1.85);
  });

  it('two micro-batches: a layer costs 2 × max(compute, comm); one: compute + comm', () => {
    const moe = ep320.layers.moe!;
    expect(moe.layerS).toBeCloseTo(2 * Math.max(moe.computeS, moe.commS), 15);
    const one = infer('deepseek-v3-decode-ep320', ['inference.microBatches=1']);
    expect(one.layers.moe!.layerS).toBeCloseTo(one.layers.moe!.computeS + one.layers.moe!.commS, 15);
  });

  it('the paper-bound steps start at the §2.3.2 bound and end at our TPOT', () => {
    const steps = ep320.paperBound!.steps;
    expect(steps[0].tpotS).toBeCloseTo(0.01475712, 12);
    expect(steps[1].tpotS / steps[0].tpotS).toBeCloseTo(7168 / 7000, 12);
    expect(steps.at(-1)!.tpotS).toBeCloseTo(ep320.tpotS!, 15);
    const nvl = infer('deepseek-v3-decode-gb200-nvl72');
    expect(nvl.paperBound!.steps[0].tpotS * 1e3).toBeCloseTo(0.82, 2);
    expect(nvl.epComm!.scaleOutBytesPerGpu).toBe(0);
    expect(nvl.tpotS!).toBeLessThan(ep320.tpotS!);
  });

  it('KV capacity: TP replicates the latent cache, so EP320 with 32 × 4 × 2 sequences of 5000 tokens does not fit', () => {
    expect(ep320.kv.bytesPerTokenPerGpu).toBe(71424);
    expect(ep320.kv.neededTokensPerGpu).toBe(32 * 4 * 2 * 5000);
    expect(ep320.warnings.some((w) => /KV cache does not fit/.test(w))).toBe(true);
    const ep144 = infer('deepseek-v3-decode-ep144');
    expect(ep144.warnings.some((w) => /KV cache/.test(w))).toBe(false);
  });

  it('prefill: TTFT is the step, throughput counts prompt tokens', () => {
    const p = infer('deepseek-v3-prefill-ep32');
    expect(p.ttftS).toBe(p.stepS);
    expect(p.tokensPerSPerGpu).toBeCloseTo((4096 * 2) / p.stepS, 6);
    expect(p.tpotS).toBeNull();
    expect(p.epComm!.dispatchS).toBeLessThan(p.epComm!.combineS);
  });

  it('invalid deployments are located errors', () => {
    const bad = (o: string[]) => {
      try {
        infer('deepseek-v3-decode-ep320', o);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      return '';
    };
    expect(bad(['inference.redundantExperts=0'])).toMatch(/inference\.ep: expected a divisor of the 288 expert slots/);
    expect(bad(['inference.attentionDp=40'])).toMatch(/inference\.attentionDp: expected inference\.gpus \/ attentionTp = 80/);
    expect(bad(['inference.mtp.depth=2'])).toMatch(/inference\.mtp\.depth: expected at most the model's 1 MTP modules/);
  });
});
