import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBandwidth, parseBytes, parseCount, parseDuration, parseFlopRate } from './units.js';
import { InputError } from '../core/index.js';

describe('units', () => {
  it('parses the issue examples into base units', () => {
    expect(parseBandwidth('bw', '400Gbps')).toBe(50e9);
    expect(parseBandwidth('bw', '400Gb/s')).toBe(50e9);
    expect(parseBandwidth('bw', '50GB/s')).toBe(50e9);
    expect(parseBandwidth('bw', '3.35TB/s')).toBeCloseTo(3.35e12, 0);
    expect(parseDuration('t', '2.8us')).toBeCloseTo(2.8e-6, 18);
    expect(parseDuration('t', '3.33µs')).toBeCloseTo(3.33e-6, 18);
    expect(parseBytes('m', '80GB')).toBe(80e9);
    expect(parseBytes('m', '1GiB')).toBe(2 ** 30);
    expect(parseBytes('m', '1KB')).toBe(1000);
    expect(parseBytes('m', '8b')).toBe(1);
    expect(parseBytes('m', 512)).toBe(512);
    expect(parseFlopRate('f', '989TFLOPS')).toBe(989e12);
    expect(parseCount('n', '16k')).toBe(16000);
  });

  it('rejects nonsense with the field named', () => {
    expect(() => parseBandwidth('cluster.nicBandwidth', '50GB')).toThrow(InputError);
    expect(() => parseBandwidth('cluster.nicBandwidth', '50GB')).toThrow(/cluster\.nicBandwidth: expected a bandwidth/);
    expect(() => parseDuration('t', '3 parsecs')).toThrow(/t: expected a duration.*"3 parsecs"/);
    expect(() => parseBytes('m', '10XB')).toThrow(InputError);
    expect(() => parseBytes('m', Number.NaN)).toThrow(InputError);
    expect(() => parseBytes('m', {})).toThrow(InputError);
  });

  it('never throws anything but InputError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const f of [parseBytes, parseBandwidth, parseDuration, parseFlopRate, parseCount]) {
          try {
            const v = f('x', s);
            expect(Number.isFinite(v)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
          }
        }
      }),
    );
  });

  it('bits and bytes differ by exactly 8', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('', 'k', 'M', 'G', 'T'), (n, p) => {
        expect(parseBandwidth('b', `${n}${p}bps`) * 8).toBeCloseTo(parseBandwidth('b', `${n}${p}B/s`), 6);
      }),
    );
  });
});
