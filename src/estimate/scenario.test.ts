import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../core/index.js';
import { loadScenario, parseOverride, scenarioJsonSchema } from './scenario.js';

const DIR = join(import.meta.dirname, '../../data/scenarios');
const SCHEMA_FILE = join(DIR, 'scenario.schema.json');
const read = (name: string) => readFileSync(join(DIR, `${name}.yaml`), 'utf8');


describe('scenario files', () => {
  it('every shipped scenario validates and is named after its file', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBe(8);
    for (const f of files) {
      const { scenario } = loadScenario(readFileSync(join(DIR, f), 'utf8'), f);
      expect(scenario.name).toBe(f.replace(/\.yaml$/, ''));
    }
  });

  it('parses units and fills defaults', () => {
    const text = read('deepseek-v3-train-2048-mpft').replace('  planes: 8', '  planes: 8\n  nicBandwidth: 400Gbps\n  hopLatency: 0.9us');
    const { scenario } = loadScenario(text, 'x.yaml');
    if (scenario.kind !== 'train') throw new Error('train');
    expect(scenario.cluster.nicBandwidth).toBe(50e9);
    expect(scenario.cluster.hopLatency).toBeCloseTo(0.9e-6, 18);
    expect(scenario.parallelism.pp).toBe(16);
    expect(scenario.compute.commSms).toBe(20);
  });

  it('--set overrides are applied before validation and errors name the override', () => {
    const { scenario } = loadScenario(read('deepseek-v3-train-2048-mpft'), 'a.yaml', ['parallelism.pp=8', 'precision.dispatch=bf16', 'cluster.nicBandwidth=25GB/s']);
    if (scenario.kind !== 'train') throw new Error('train');
    expect(scenario.parallelism.pp).toBe(8);
    expect(scenario.precision.dispatch).toBe('bf16');
    expect(scenario.cluster.nicBandwidth).toBe(25e9);
    const e = inputErrorOf(() => loadScenario(read('deepseek-v3-train-2048-mpft'), 'a.yaml', ['parallelism.pp=0']));
    expect(e.message).toBe('--set parallelism.pp=0 parallelism.pp: expected a number > 0, got 0');
    expect(inputErrorOf(() => parseOverride('nokey')).field).toBe('--set');
  });

  it('errors carry file:line:col, the field, the value and what is allowed', () => {
    const text = read('deepseek-v3-train-2048-mpft').replace('fabric: mpft', 'fabric: torus');
    const e = inputErrorOf(() => loadScenario(text, 's.yaml'));
    expect(e.message).toMatch(/^s\.yaml:11:11 cluster\.fabric: expected one of "mpft", "mrft", "ft2", "ft3", "nvl72", got "torus"$/);
    const bw = inputErrorOf(() => loadScenario(read('deepseek-v3-train-2048-mpft').replace('  planes: 8', '  planes: 8\n  nicBandwidth: fast'), 's.yaml'));
    expect(bw.message).toMatch(/cluster\.nicBandwidth: expected a positive bandwidth such as 50GB\/s or 400Gbps, got "fast"$/);
    const hw = inputErrorOf(() => loadScenario(read('deepseek-v3-train-2048-mpft').replace('hardware: h800', 'hardware: tpu9'), 's.yaml'));
    expect(hw.field).toBe('hardware');
    expect(hw.allowed).toContain('h800');
    const nvl = inputErrorOf(() => loadScenario(read('deepseek-v3-decode-gb200-nvl72'), 's.yaml', ['cluster.gpus=144']));
    expect(nvl.message).toBe('--set cluster.gpus=144 cluster.gpus: expected at most 72 GPUs for one NVL72 domain, got 144');
    const extra = inputErrorOf(() => loadScenario(`${read('deepseek-v3-train-2048-mpft')}bogus: 1\n`, 's.yaml'));
    expect(extra.allowed).toMatch(/no unknown keys/);
  });

  it('data/scenarios/scenario.schema.json is generated from the zod schema and up to date', () => {
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCENARIO_SCHEMA === '1') writeFileSync(SCHEMA_FILE, text);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(text);
  });
});
