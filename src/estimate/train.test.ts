import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../core/index.js';
import { modelPreset } from '../model/index.js';
import { expectedScaleOutCopies } from './comm.js';
import { commForScenario, type CommMode } from './provider.js';
import { loadScenario } from './scenario.js';
import { estimateTraining, type TrainResult } from './train.js';
import { wireBytesPerElement } from './wire.js';

const DIR = join(import.meta.dirname, '../../data/scenarios');
const v3 = modelPreset('deepseek-v3');

function train(name: string, overrides: string[] = [], mode: CommMode = 'closed-form'): TrainResult {
  const loaded = loadScenario(readFileSync(join(DIR, `${name}.yaml`), 'utf8'), `${name}.yaml`, overrides);
  return estimateTraining(loaded, modelPreset(loaded.scenario.model), { comm: commForScenario(loaded.scenario, mode) });
}


describe('training step estimate', () => {
  const base = train('deepseek-v3-train-2048-mpft');

  it('the breakdown sums to the step and every figure is consistent', () => {
    const b = base.breakdown;
    expect(b.f1S + b.b1S + b.w1S + b.bubbleS + b.steadyS + b.optimizerS).toBeCloseTo(base.stepTimeS, 9);
    expect(base.makespanS + b.optimizerS).toBeCloseTo(base.stepTimeS, 12);
    expect(base.tokensPerStep).toBe(15360 * 4096);
    expect(base.tokensPerDay).toBeCloseTo((base.tokensPerStep * 86400) / base.stepTimeS, 3);
    expect(base.tflopsPerGpuNonCausal).toBeGreaterThan(base.tflopsPerGpuCausal);
    expect(base.mfuCausal).toBeCloseTo((base.tflopsPerGpuCausal * 1e12) / 989e12, 12);
    expect(base.stages.map((s) => s.layers).reduce((a, c) => a + c, 0)).toBe(61);
    expect(base.stages[0].units[0]).toBe('embedding');
    expect(base.stages[15].units.at(-1)).toBe('mtp0');
    // DualPipe: stage 0 and the last stage share rank 0.
    expect(base.memory.ranks[0].stages).toEqual([0, 15]);
  });

  it('node-limited dedup: 4 of 8 nodes → 3.5 remote node copies per token, FP8 dispatch bytes', () => {
    const e = base.epComm!;
    expect(e.scaleOutCopiesPerToken).toBeCloseTo(3.5, 12);
    expect(e.dispatchScaleOutBytesPerGpu).toBeCloseTo(4096 * 3.5 * 7168 * (1 + 4 / 128), 3);
  });

  it('BF16 dispatch moves 14336/7392 × the bytes and never shortens the step', () => {
    const bf = train('deepseek-v3-train-2048-mpft', ['precision.dispatch=bf16']);
    expect(bf.epComm!.dispatchScaleOutBytesPerGpu / base.epComm!.dispatchScaleOutBytesPerGpu).toBeCloseTo(14336 / 7392, 12);
    expect(7168 * wireBytesPerElement('fp8')).toBe(7392);
    expect(bf.stepTimeS).toBeGreaterThanOrEqual(base.stepTimeS);
    expect(bf.exposedCommS).toBeGreaterThanOrEqual(base.exposedCommS);
  });

  it('removing the node limit grows scale-out bytes by the analytic factor', () => {
    const free = train('deepseek-v3-train-2048-mpft', ['parallelism.nodeLimit=0']);
    const factor = expectedScaleOutCopies(8, 32, 8, 0, true) / expectedScaleOutCopies(8, 32, 8, 4, true);
    expect(free.epComm!.dispatchScaleOutBytesPerGpu / base.epComm!.dispatchScaleOutBytesPerGpu).toBeCloseTo(factor, 12);
    // 7 · (1 − C(224,8)/C(256,8)) remote nodes without a limit vs 4 · 7/8 with it.
    expect(factor).toBeGreaterThan(1.2);
    expect(free.stepTimeS).toBeGreaterThan(base.stepTimeS);
  });

  it("DualPipe's bubble is smaller than 1F1B's", () => {
    const f1b = train('deepseek-v3-train-2048-mpft', ['parallelism.schedule=1f1b']);
    expect(base.breakdown.bubbleS).toBeLessThan(f1b.breakdown.bubbleS);
    expect(base.stepTimeS).toBeLessThan(f1b.stepTimeS);
  });

  it('with communication shorter than computation an overlapped pair takes exactly the sum of the two computations', () => {
    const fast = train('deepseek-v3-train-2048-mpft', ['cluster.nicBandwidth=400GB/s', 'cluster.nvlinkBandwidth=1600GB/s']);
    for (const st of fast.stages) expect(st.fCommS + st.bCommS).toBeLessThan(st.fS + st.bS);
    const p = fast.overlappedPair!;
    expect(p.fCommS + p.bCommS).toBeLessThan(p.fComputeS + p.bComputeS);
    expect(p.durationS).toBeCloseTo(p.fComputeS + p.bComputeS, 12);
    expect(p.exposedCommS).toBe(0);
    // On the real fabric the pair is max(compute, comm): the excess is reported as exposed.
    const q = base.overlappedPair!;
    expect(q.durationS).toBeCloseTo(Math.max(q.fComputeS + q.bComputeS, q.fCommS + q.bCommS), 12);
    expect(q.exposedCommS).toBeCloseTo(Math.max(0, q.fCommS + q.bCommS - q.fComputeS - q.bComputeS), 15);
  });

  describe('on the simulated network', () => {
    const mpft = train('deepseek-v3-train-2048-mpft', [], 'netsim');

    it('MPFT and MRFT within 1%; FT3 within 2% but not faster, with slower all-to-alls', () => {
      const mrft = train('deepseek-v3-train-2048-mrft', [], 'netsim');
      const ft3 = train('deepseek-v3-train-2048-ft3', [], 'netsim');
      expect(Math.abs(mrft.stepTimeS - mpft.stepTimeS) / mpft.stepTimeS).toBeLessThan(0.01);
      expect(Math.abs(ft3.stepTimeS - mpft.stepTimeS) / mpft.stepTimeS).toBeLessThan(0.02);
      expect(ft3.stepTimeS).toBeGreaterThanOrEqual(mpft.stepTimeS);
      expect(ft3.epComm!.dispatchS).toBeGreaterThanOrEqual(mpft.epComm!.dispatchS);
      // Costlier and with a longer path: 7.5 k$ vs 4.39 k$ per endpoint, 4 vs 2 switch hops.
      expect(ft3.fabric!.costPerEndpointUsd).toBeGreaterThan(mpft.fabric!.costPerEndpointUsd);
      expect(ft3.fabric!.diameterHops).toBeGreaterThan(mpft.fabric!.diameterHops);
      expect(mrft.fabric!.costUsd).toBe(mpft.fabric!.costUsd);
      expect(mpft.networkSimulations).toBeGreaterThan(0);
      expect(mpft.assumptions.network).toMatchObject({ provider: 'netsim', fabric: 'mpft' });
    });

    it('simulated bytes: BF16 dispatch × 14336/7392, node limit lifted × the analytic factor (sampled routing, 2%)', () => {
      const bf = train('deepseek-v3-train-2048-mpft', ['precision.dispatch=bf16'], 'netsim');
      expect(bf.epComm!.dispatchScaleOutBytesPerGpu / mpft.epComm!.dispatchScaleOutBytesPerGpu).toBeCloseTo(14336 / 7392, 9);
      expect(bf.stepTimeS).toBeGreaterThanOrEqual(mpft.stepTimeS);
      const free = train('deepseek-v3-train-2048-mpft', ['parallelism.nodeLimit=0'], 'netsim');
      const factor = expectedScaleOutCopies(8, 32, 8, 0, true) / expectedScaleOutCopies(8, 32, 8, 4, true);
      const measured = free.epComm!.dispatchScaleOutBytesPerGpu / mpft.epComm!.dispatchScaleOutBytesPerGpu;
      expect(Math.abs(measured - factor) / factor).toBeLessThan(0.02);
    });
  });

  it('memory that does not fit is a warning, not an error; the dense Llama run estimates too', () => {
    const small = train('deepseek-v3-train-2048-mpft', ['hardware=h100']);
    expect(small.warnings.some((w) => /memory does not fit/.test(w))).toBe(small.memoryBytesPerGpu > 80e9);
    const llama = train('llama-3.1-405b-train-2048-mpft');
    expect(llama.epComm).toBeNull();
    expect(llama.stages.map((s) => s.layers).reduce((a, c) => a + c, 0)).toBe(126);
    expect(llama.stepTimeS).toBeGreaterThan(0);
  });

  it('invalid plans are InputErrors located in the scenario', () => {
    const ld = (o: string[]) => loadScenario(readFileSync(join(DIR, 'deepseek-v3-train-2048-mpft.yaml'), 'utf8'), 's.yaml', o);
    const e1 = inputErrorOf(() => estimateTraining(ld(['parallelism.ep=48']), v3, { comm: commForScenario(ld([]).scenario) }));
    expect(e1.message).toMatch(/--set parallelism\.ep=48 parallelism\.ep: expected a divisor of the 256 routed experts, got 48/);
    const e2 = inputErrorOf(() => estimateTraining(ld(['parallelism.partition=uniform']), v3, { comm: commForScenario(ld([]).scenario) }));
    expect(e2.message).toMatch(/parallelism\.partition: expected "balanced": 61 layers do not divide into 16 stages/);
    const e3 = inputErrorOf(() => estimateTraining(ld(['parallelism.globalBatch=1000']), v3, { comm: commForScenario(ld([]).scenario) }));
    expect(e3.message).toMatch(/parallelism\.globalBatch: expected a multiple of dp × microBatchSize = 128/);
    const e4 = inputErrorOf(() => estimateTraining(ld(['parallelism.globalBatch=2048']), v3, { comm: commForScenario(ld([]).scenario) }));
    expect(e4.message).toMatch(/even number ≥ 2·pp = 32 of micro-batches per pipeline \(got 16\)/);
    const fileErr = inputErrorOf(() => estimateTraining(loadScenario(readFileSync(join(DIR, 'deepseek-v3-train-2048-mpft.yaml'), 'utf8').replace('ep: 64', 'ep: 3'), 's.yaml'), v3, { comm: commForScenario(ld([]).scenario) }));
    expect(fileErr.location).toMatch(/^s\.yaml:\d+:\d+$/);
  });
});
