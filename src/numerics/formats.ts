/**
 * Minifloat format descriptors: exponent bits, mantissa bits, bias and the special-value rule.
 *
 * - `ieee`: the all-ones exponent holds ±infinity (mantissa 0) and NaN (mantissa ≠ 0) — BF16, FP16, E5M2.
 * - `fn`: finite + NaN only (OCP E4M3): the all-ones exponent holds normal numbers, only S.1111.111 is NaN.
 * - `fnuz`: finite, NaN is the negative-zero code 1000…0, no negative zero (E4M3FNUZ / E5M2FNUZ).
 */
import { InputError } from '../core/index.js';

export type SpecialRule = 'ieee' | 'fn' | 'fnuz';

export interface MinifloatFormat {
  readonly name: string;
  readonly expBits: number;
  readonly manBits: number;
  readonly bias: number;
  readonly special: SpecialRule;
}

/** Properties derived from a descriptor, all exact in float64. */
export interface FormatInfo {
  readonly format: MinifloatFormat;
  /** Total bits including the sign. */
  readonly bits: number;
  /** Largest magnitude code that is a finite number. */
  readonly maxFiniteCode: number;
  readonly maxFinite: number;
  readonly minNormal: number;
  readonly minSubnormal: number;
  /** Magnitude code of +infinity, or -1 when the format has none. */
  readonly infCode: number;
  /** Code of the canonical (positive, quiet) NaN. */
  readonly nanCode: number;
}

export const BF16: MinifloatFormat = { name: 'bf16', expBits: 8, manBits: 7, bias: 127, special: 'ieee' };
export const FP16: MinifloatFormat = { name: 'fp16', expBits: 5, manBits: 10, bias: 15, special: 'ieee' };
export const E4M3: MinifloatFormat = { name: 'e4m3', expBits: 4, manBits: 3, bias: 7, special: 'fn' };
export const E5M2: MinifloatFormat = { name: 'e5m2', expBits: 5, manBits: 2, bias: 15, special: 'ieee' };
export const E5M6: MinifloatFormat = { name: 'e5m6', expBits: 5, manBits: 6, bias: 15, special: 'ieee' };
export const E4M3FNUZ: MinifloatFormat = { name: 'e4m3fnuz', expBits: 4, manBits: 3, bias: 8, special: 'fnuz' };
export const E5M2FNUZ: MinifloatFormat = { name: 'e5m2fnuz', expBits: 5, manBits: 2, bias: 16, special: 'fnuz' };

export const NAMED_FORMATS: readonly MinifloatFormat[] = [BF16, FP16, E4M3, E5M2, E5M6, E4M3FNUZ, E5M2FNUZ];

const infoCache = new WeakMap<MinifloatFormat, FormatInfo>();

/** Validate a descriptor (throws InputError) and compute its limits. */
export function formatInfo(f: MinifloatFormat): FormatInfo {
  const hit = infoCache.get(f);
  if (hit) return hit;
  if (!Number.isInteger(f.expBits) || f.expBits < 1 || f.expBits > 11)
    throw new InputError('format.expBits', f.expBits, 'an integer from 1 to 11');
  if (!Number.isInteger(f.manBits) || f.manBits < 0 || f.manBits > 52)
    throw new InputError('format.manBits', f.manBits, 'an integer from 0 to 52');
  if (f.expBits + f.manBits > 31) throw new InputError('format', f.name, 'at most 31 exponent + mantissa bits');
  if (!Number.isInteger(f.bias)) throw new InputError('format.bias', f.bias, 'an integer');
  if (f.special === 'ieee' && f.manBits === 0) throw new InputError('format.manBits', 0, 'at least 1 for the ieee rule (NaN needs a mantissa bit)');
  const magBits = f.expBits + f.manBits;
  const allOnes = 2 ** magBits - 1;
  let maxFiniteCode: number;
  let infCode = -1;
  let nanCode: number;
  if (f.special === 'ieee') {
    infCode = (2 ** f.expBits - 1) * 2 ** f.manBits;
    maxFiniteCode = infCode - 1;
    nanCode = infCode + 2 ** (f.manBits - 1);
  } else if (f.special === 'fn') {
    maxFiniteCode = allOnes - 1;
    nanCode = allOnes;
  } else if (f.special === 'fnuz') {
    maxFiniteCode = allOnes;
    nanCode = 2 ** magBits;
  } else {
    throw new InputError('format.special', f.special, 'one of ieee, fn, fnuz');
  }
  const info: FormatInfo = {
    format: f,
    bits: magBits + 1,
    maxFiniteCode,
    maxFinite: magnitudeOfCode(f, maxFiniteCode),
    minNormal: 2 ** (1 - f.bias),
    minSubnormal: 2 ** (1 - f.bias - f.manBits),
    infCode,
    nanCode,
  };
  infoCache.set(f, info);
  return info;
}

/** Value of a non-negative finite magnitude code (no sign, no specials). */
export function magnitudeOfCode(f: MinifloatFormat, mag: number): number {
  const m = 2 ** f.manBits;
  const e = Math.floor(mag / m);
  const frac = mag - e * m;
  return e === 0 ? frac * 2 ** (1 - f.bias - f.manBits) : (m + frac) * 2 ** (e - f.bias - f.manBits);
}

/** Look up a named format (case-insensitive; `e4m3fn` and `fp8` alias `e4m3`). */
export function formatByName(name: string, field = 'format'): MinifloatFormat {
  const key = name.toLowerCase();
  const alias: Record<string, string> = { e4m3fn: 'e4m3', fp8: 'e4m3', fp8e4m3: 'e4m3', fp8e5m2: 'e5m2', half: 'fp16', bfloat16: 'bf16' };
  const found = NAMED_FORMATS.find((f) => f.name === (alias[key] ?? key));
  if (!found) throw new InputError(field, name, `one of ${NAMED_FORMATS.map((f) => f.name).join(', ')}`);
  return found;
}
