import { describe, expect, it } from 'vitest';
import { runCli } from './testIo.js';

describe('coplane CLI', () => {
  it('runs the default report with no arguments', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Paper comparison');
    expect(r.stderr).toBe('');
  });

  it('paper --json is one JSON document with the envelope', async () => {
    const r = await runCli(['paper', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, tool: 'coplane', command: 'paper', seed: 1, warnings: [] });
    expect(Array.isArray(doc.rows)).toBe(true);
  });

  it('unknown commands and options are one-line errors with exit 2', async () => {
    const a = await runCli(['frobnicate', 'x']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^coplane: command: expected one of .*paper.*, got "frobnicate"\n$/);
    const b = await runCli(['paper', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stdout).toBe('');
  });
});

describe('determinism', () => {
  it('the same inputs and seed give byte-identical JSON; another seed changes seeded results', async () => {
    for (const args of [
      ['sim', 'ep', '--gpus', '16', '--tokens', '64', '--seed', '7', '--json'],
      ['numerics', 'compare', '--dist', 'gaussian', '--seed', '3', '--json'],
    ]) {
      const a = await runCli(args);
      const b = await runCli(args);
      expect(a.code, a.stderr).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      const other = await runCli(args.map((x, i) => (args[i - 1] === '--seed' ? '11' : x)));
      expect(other.stdout).not.toBe(a.stdout);
      expect(JSON.parse(other.stdout).seed).toBe(11);
    }
  });
});
