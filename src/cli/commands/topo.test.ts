import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testIo.js';

async function json(args: string[]) {
  const r = await runCli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as Record<string, unknown> & { warnings: string[] };
  return { fields: doc, warnings: doc.warnings };
}

describe('coplane topo', () => {
  it('ft2 at radix 64: the Table 3 FT2 column with the fitted prices', async () => {
    const { fields } = await json(['topo', 'ft2']);
    expect(fields.endpoints).toBe(2048);
    expect(fields.switches).toBe(96);
    expect(fields.links).toBe(2048);
    expect(fields.hostLinks).toBe(2048);
    expect(fields.costUsd).toBe(96 * 81920 + 2048 * 550);
    expect(fields.costPerEndpointUsd).toBeCloseTo(4390, 6);
    expect((fields.diameter as { switchHops: number }).switchHops).toBe(2);
    expect((fields.prices as { switchUsd: number }).switchUsd).toBe(81920);
  });

  it('mpft --gpus 2048: 8 planes of 8 leaves + 4 spines', async () => {
    const { fields } = await json(['topo', 'mpft', '--gpus', '2048']);
    expect([fields.endpoints, fields.switches, fields.links, fields.gpus]).toEqual([2048, 96, 2048, 2048]);
  });

  it('sf without --q counts q = 28 by formula and warns that nothing was built', async () => {
    const { fields, warnings } = await json(['topo', 'sf']);
    expect([fields.endpoints, fields.switches, fields.links, fields.built]).toEqual([32928, 1568, 32928, false]);
    expect(warnings.join(' ')).toMatch(/not a prime power/);
  });

  it('df with the paper parameters', async () => {
    const { fields } = await json(['topo', 'df', '--a', '32', '--p', '16', '--h', '16', '--g', '511', '--node', 'none']);
    expect([fields.endpoints, fields.switches, fields.links]).toEqual([261632, 16352, 384272]);
  });

  it('presets are addressable by name', async () => {
    const { fields } = await json(['topo', 'mrft-2048']);
    expect([fields.endpoints, fields.switches, fields.links]).toEqual([2048, 96, 2048]);
  });

  it('--prices overrides the fitted prices; --export writes the graph atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coplane-topo-'));
    const prices = join(dir, 'p.yaml');
    writeFileSync(prices, 'switchUsd: 1000\ncableUsd: 10\nhostCableUsd: 5\n');
    const out = join(dir, 'g.json');
    const { fields } = await json(['topo', 'ft2', '--radix', '8', '--node', 'none', '--prices', prices, '--export', 'json', '--out', out]);
    expect(fields.costUsd).toBe(12 * 1000 + 32 * 10 + 32 * 5);
    const g = JSON.parse(readFileSync(out, 'utf8'));
    expect(g.nodes.length).toBe(32 + 12);
    expect(g.links.length).toBe(64);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const dot = join(dir, 'g.dot');
    expect((await runCli(['topo', 'ft2', '--radix', '4', '--export', 'dot', '--out', dot, '--node', 'none'])).code).toBe(0);
    expect(readFileSync(dot, 'utf8')).toMatch(/^graph "ft2" \{/);
  });

  const bad: [string, string[], RegExp][] = [
    ['odd radix', ['topo', 'ft2', '--radix', '63'], /radix: expected an even integer/],
    ['planes not dividing the NICs', ['topo', 'mpft', '--planes', '3'], /planes: expected a divisor of the 8 NICs/],
    ['more GPUs than ports', ['topo', 'ft2', '--gpus', '4096'], /gpus: expected at most 2048/],
    ['q not a prime power for a built Slim Fly', ['topo', 'sf', '--q', '28', '--export', 'json', '--out', '/tmp/never.json'], /prime power/],
    ['non-integer GPUs', ['topo', 'ft2', '--gpus', '2.5'], /--gpus: expected an integer/],
    ['GPUs not filling whole nodes', ['topo', 'ft2', '--gpus', '12'], /multiple of the 8 GPUs per node/],
    ['oversubscription that splits ports fractionally', ['topo', 'ft2', '--oversubscription', '2'], /oversubscription/],
    ['unknown fabric', ['topo', 'torus'], /fabric: expected one of ft2/],
    ['Dragonfly with too many groups', ['topo', 'df', '--a', '4', '--h', '2', '--p', '2', '--g', '10', '--radix', '8'], /g: expected an integer from 2 to a·h \+ 1 = 9/],
    ['Dragonfly router larger than the radix', ['topo', 'df', '--a', '40', '--radix', '64'], /radix/],
    ['--export without --out', ['topo', 'ft2', '--export', 'dot'], /--out/],
  ];
  for (const [what, args, re] of bad) {
    it(`rejects ${what} with one line and exit 2`, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    });
  }
});
