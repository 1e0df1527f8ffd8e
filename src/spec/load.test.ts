import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { loadSpec } from './load.js';
import { FormatError, InputError } from '../core/index.js';

const schema = z.object({
  cluster: z.object({ planes: z.number().int().positive(), kind: z.enum(['mpft', 'mrft']) }).strict(),
  name: z.string().optional(),
});

describe('loadSpec', () => {
  it('accepts a valid YAML and JSON file', () => {
    expect(loadSpec(schema, 'cluster:\n  planes: 8\n  kind: mpft\n', 'a.yaml')).toEqual({ cluster: { planes: 8, kind: 'mpft' } });
    expect(loadSpec(schema, '{"cluster": {"planes": 8, "kind": "mrft"}}', 'a.json').cluster.kind).toBe('mrft');
  });

  it('names file:line:col, field, value and what is allowed', () => {
    const text = 'name: x\ncluster:\n  kind: mpft\n  planes: 0\n';
    expect(() => loadSpec(schema, text, 'scenario.yaml')).toThrow(
      'scenario.yaml:4:11 cluster.planes: expected a number > 0, got 0',
    );
    expect(() => loadSpec(schema, 'cluster:\n  planes: 2\n  kind: ft9\n', 's.yaml')).toThrow(
      's.yaml:3:9 cluster.kind: expected one of "mpft", "mrft", got "ft9"',
    );
    expect(() => loadSpec(schema, 'cluster:\n  planes: 1.5\n  kind: mpft\n', 's.yaml')).toThrow(/s\.yaml:2:11 cluster\.planes: expected an integer, got 1\.5/);
    expect(() => loadSpec(schema, 'cluster:\n  planes: 1\n  kind: mpft\n  extra: 1\n', 's.yaml')).toThrow(/unknown: extra/);
  });

  it('reports unparseable text as a FormatError with a position', () => {
    expect(() => loadSpec(schema, '{"cluster": {', 'c.json')).toThrow(FormatError);
    expect(() => loadSpec(schema, 'a: [1, 2', 'c.yaml')).toThrow(/c\.yaml:\d+:\d+/);
    expect(() => loadSpec(schema, 'x\u0000y', 'c.yaml')).toThrow(/NUL/);
  });

  it('fuzz: arbitrary text gives a value or a user error, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.stringMatching(/^[a-z:{}[\]\-\n 0-9",]*$/)), (text) => {
        try {
          loadSpec(schema, text, 'f.yaml');
        } catch (e) {
          expect(e instanceof InputError || e instanceof FormatError).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
