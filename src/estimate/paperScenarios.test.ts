import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperDecodeScenario } from './paperScenarios.js';
import { paperRows } from './paperRows.js';
import { loadScenario } from './scenario.js';

describe('paper scenarios and rows', () => {
  it('the in-code decode scenario equals data/scenarios/deepseek-v3-decode-ep320.yaml', () => {
    const file = join(import.meta.dirname, '../../data/scenarios/deepseek-v3-decode-ep320.yaml');
    expect(paperDecodeScenario()).toEqual(loadScenario(readFileSync(file, 'utf8'), 'f.yaml').scenario);
  });

  it('MTP rows: 1.8 tokens per step at 80%, a full-model speedup between 1 and 1 + a', () => {
    const rows = new Map(paperRows().map((r) => [r.id, r]));
    expect(rows.get('mtp.tokens-per-step')!.ours).toBeCloseTo(1.8, 12);
    const s = rows.get('mtp.speedup')!.ours!;
    expect(s).toBeGreaterThan(1);
    expect(s).toBeLessThan(1.85);
  });
});
