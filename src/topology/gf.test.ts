import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { finiteField, primePower } from './gf.js';

describe('primePower', () => {
  it('recognises prime powers and rejects the rest', () => {
    expect(primePower(27)).toEqual({ p: 3, m: 3 });
    expect(primePower(25)).toEqual({ p: 5, m: 2 });
    expect(primePower(5)).toEqual({ p: 5, m: 1 });
    expect(primePower(64)).toEqual({ p: 2, m: 6 });
    for (const q of [1, 6, 12, 28, 100]) expect(primePower(q)).toBeNull();
  });
});

describe('finiteField', () => {
  for (const q of [3, 4, 5, 8, 9, 25, 27]) {
    it(`GF(${q}) satisfies the field axioms and ξ is primitive`, () => {
      const F = finiteField(q);
      const seen = new Set<number>();
      for (let e = 0; e < q - 1; e++) seen.add(F.pow(e));
      expect(seen.size).toBe(q - 1);
      expect(seen.has(0)).toBe(false);
      expect(F.pow(q - 1)).toBe(1);
      for (let a = 0; a < q; a++) {
        expect(F.add(a, F.neg(a))).toBe(0);
        expect(F.mul(a, 1)).toBe(a);
        if (a !== 0) expect([...Array(q).keys()].some((b) => F.mul(a, b) === 1)).toBe(true);
        for (let b = 0; b < q; b++) {
          expect(F.add(a, b)).toBe(F.add(b, a));
          expect(F.mul(a, b)).toBe(F.mul(b, a));
          for (let c = 0; c < q; c += Math.max(1, Math.floor(q / 5)))
            expect(F.mul(a, F.add(b, c))).toBe(F.add(F.mul(a, b), F.mul(a, c)));
        }
      }
    });
  }
  it('refuses q that is not a prime power', () => {
    expect(() => finiteField(28)).toThrow(InputError);
    expect(() => finiteField(28)).toThrow(/prime power/);
  });
});
