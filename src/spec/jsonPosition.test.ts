import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonErrorOffset } from './jsonPosition.js';
import { loadSpec } from './load.js';
import { z } from 'zod';

const parses = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorOffset', () => {
  it('points at the first bad character', () => {
    expect(jsonErrorOffset('{"a":\n}')).toBe(6);
    expect(jsonErrorOffset('{"a":1,}')).toBe(7);
    expect(jsonErrorOffset('{"a":1')).toBe(6);
    expect(jsonErrorOffset('[1, 2] x')).toBe(7);
    expect(jsonErrorOffset(' {"a": [1, {"b": null}], "c": "\\u00e9"} ')).toBe(-1);
  });

  it('agrees with JSON.parse on valid JSON and on arbitrary and mutated text', () => {
    fc.assert(
      fc.property(fc.json(), (s) => {
        expect(jsonErrorOffset(s)).toBe(-1);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '-', '.', 'e'), (s, at, ins) => {
        const k = at % (s.length + 1);
        const t = s.slice(0, k) + ins + s.slice(k);
        expect(jsonErrorOffset(t) === -1).toBe(parses(t));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string(), (t) => {
        expect(jsonErrorOffset(t) === -1).toBe(parses(t));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the loader a line and column even where Node does not', () => {
    expect(() => loadSpec(z.unknown(), '{\n  "a": 1,\n  "b":\n}\n', 'cfg.json')).toThrow(/^cfg\.json:4:1: not valid JSON/);
  });
});
