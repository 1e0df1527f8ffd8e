/**
 * A complete estimate of the default training scenario (deepseek-v3-train-2048-mpft: model, per-operator
 * costs, EP and DP communication simulated on the 2,048-GPU multi-plane fat tree, the DualPipe timeline),
 * timed end to end with a fresh network provider (no cached simulations), budget ≤ 10 s; it prints how many
 * network simulations the estimate ran. Yardstick: one plain pass over 16 M doubles in the same run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commForScenario, estimateInference, estimateTraining, loadScenario, resolveModel } from '../src/estimate/index.js';
import { bestOf, rssBytes, timeIt, type BenchCase, type BenchLine } from './harness.js';

function scenarioText(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  // dist/ also holds data/ JSON files from the build: look for the YAML itself.
  for (let i = 0; i < 5 && !existsSync(join(dir, 'data', 'scenarios', `${name}.yaml`)); i++) dir = dirname(dir);
  return readFileSync(join(dir, 'data', 'scenarios', `${name}.yaml`), 'utf8');
}

function yardstick(n: number): number {
  const a = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    a[i] = i * 0.5;
    s += a[i];
  }
  return s;
}

function trainLine(name: string): BenchLine {
  const loaded = loadScenario(scenarioText(name), `${name}.yaml`);
  const arch = resolveModel(loaded.scenario.model);
  const cpu0 = process.cpuUsage();
  const t = timeIt(() => estimateTraining(loaded, arch, { comm: commForScenario(loaded.scenario) }));
  const cpu = process.cpuUsage(cpu0);
  const y = bestOf(3, () => yardstick(16_000_000));
  const budgetS = 10;
  return {
    name: `train ${name}: complete estimate (netsim)`,
    timeS: t.timeS,
    rssBytes: rssBytes(),
    figures: {
      networkSimulations: t.result.networkSimulations,
      cpuS: (cpu.user + cpu.system) / 1e6,
      stepTimeS: t.result.stepTimeS,
      yardstickMs: y.timeS * 1000,
      ratioVsYardstick: t.timeS / y.timeS,
    },
    budget: { text: `≤ ${budgetS} s`, ok: t.timeS <= budgetS },
  };
}

function inferLine(name: string): BenchLine {
  const loaded = loadScenario(scenarioText(name), `${name}.yaml`);
  const arch = resolveModel(loaded.scenario.model);
  const t = timeIt(() => estimateInference(loaded, arch, { comm: commForScenario(loaded.scenario) }));
  return {
    name: `infer ${name}: complete estimate`,
    timeS: t.timeS,
    rssBytes: rssBytes(),
    figures: { networkSimulations: t.result.networkSimulations, tpotS: t.result.tpotS ?? 0, ttftS: t.result.ttftS ?? 0 },
  };
}

export const estimateBench: BenchCase = {
  module: 'estimate',
  run: () => [trainLine('deepseek-v3-train-2048-mpft'), inferLine('deepseek-v3-decode-ep320'), inferLine('deepseek-v3-prefill-ep32')],
};
