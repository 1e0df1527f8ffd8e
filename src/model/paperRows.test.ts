import { describe, expect, it } from 'vitest';
import { comparePaper, paperEntries } from '../report/index.js';
import { paperRows } from './paperRows.js';

describe('model paper rows', () => {
  const rows = comparePaper(
    paperEntries().filter((e) => /^(t1|t2|params)\./.test(e.id)),
    paperRows(),
  );
  const status = (id: string) => rows.find((r) => r.id === id)?.status;

  it('Table 1 exact; 7.28 shown as the paper slip (516096 / 70272 = 7.34)', () => {
    expect(status('t1.kv.deepseek-v3')).toBe('exact');
    expect(status('t1.kv.qwen2.5-72b')).toBe('exact');
    expect(status('t1.kv.llama-3.1-405b')).toBe('exact');
    expect(status('t1.ratio.qwen2.5-72b')).toBe('exact');
    expect(status('t1.ratio.llama-3.1-405b')).toBe('paper-slip');
    expect(rows.find((r) => r.id === 't1.ratio.llama-3.1-405b')?.ours).toBeCloseTo(7.3443, 4);
  });

  it('Table 2: V2, V3, LLaMA within 3%; Qwen outside with its note', () => {
    for (const id of ['t2.flops.deepseek-v2', 't2.flops.deepseek-v3', 't2.flops.llama-3.1-405b']) expect(status(id), id).toBe('within');
    const q = rows.find((r) => r.id === 't2.flops.qwen2.5-72b');
    expect(q?.status).toBe('outside');
    expect(q?.deltaPct).toBeCloseTo(12.9, 1);
    expect(q?.note).toMatch(/394/);
  });

  it('V3 parameters: total within 1% of 671B, activated beside 37B with the variants', () => {
    expect(status('params.deepseek-v3.total')).toBe('within');
    const act = rows.find((r) => r.id === 'params.deepseek-v3.active');
    expect(act?.status).toBe('within');
    expect(act?.note).toMatch(/37\.55B.*35\.70B.*36\.7B/);
  });
});
