/**
 * Resolve a scenario argument for `coplane train|infer`: a path to a YAML/JSON file, or the name of a
 * shipped scenario in data/scenarios/ (found next to the package, from src/ or dist/src/ alike).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/index.js';
import { readTextFile } from '../../io/nodeFiles.js';
import type { CliIo } from '../context.js';

/**
 * The package's data/ directory, searched upwards from this file. The build also emits data/ JSON files under
 * dist/, so a candidate counts only when its scenarios/ holds the YAML files.
 */
export function dataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const scenarios = join(dir, 'data', 'scenarios');
    if (existsSync(scenarios) && readdirSync(scenarios).some((f) => f.endsWith('.yaml'))) return join(dir, 'data');
    dir = dirname(dir);
  }
  throw new Error('cannot find the data/ directory of the coplane package');
}

export function shippedScenarioNames(): string[] {
  return readdirSync(join(dataDir(), 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Text and display name of a scenario argument; unknown names exit 2 listing the shipped ones. */
export async function readScenarioArg(arg: string, cwd: string): Promise<{ text: string; fileName: string }> {
  const looksLikePath = /[/\\]|\.(ya?ml|json)$/i.test(arg);
  if (looksLikePath) {
    const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
    return { text: await readTextFile(path, 4_000_000), fileName: arg };
  }
  const file = join(dataDir(), 'scenarios', `${arg}.yaml`);
  if (!/^[\w.-]+$/.test(arg) || !existsSync(file))
    throw new InputError('scenario', arg, `a scenario file (.yaml/.json) or one of ${shippedScenarioNames().join(', ')}`);
  return { text: await readTextFile(file, 4_000_000), fileName: `${arg}.yaml` };
}

/** The model argument of a scenario: a path to an HF config.json is read relative to the scenario file. */
export async function readModelConfigArg(model: string, scenarioFile: string, cwd: string): Promise<{ text: string; fileName: string } | null> {
  if (!/\.json$/i.test(model)) return null;
  const base = isAbsolute(scenarioFile) ? dirname(scenarioFile) : dirname(resolve(cwd, scenarioFile));
  const path = isAbsolute(model) ? model : resolve(base, model);
  return { text: await readTextFile(path, 4_000_000), fileName: model };
}

/**
 * A progress bar on stderr while the network simulations run — only when stderr is a TTY (never in pipes, CI
 * or tests). Returns the callback to hand to the network provider and a `done()` that clears the line.
 */
export function simulationProgress(io: CliIo, label: string, expected: number): { onSimulation?: (count: number) => void; done(): void } {
  if (!io.stderrIsTty) return { done() {} };
  const width = 24;
  const draw = (n: number) => {
    const filled = Math.min(width, Math.round((width * n) / expected));
    io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n} network simulation${n === 1 ? '' : 's'}`);
  };
  draw(0);
  return {
    onSimulation: draw,
    done() {
      io.stderr(`\r${' '.repeat(label.length + width + 32)}\r`);
    },
  };
}
