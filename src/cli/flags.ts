/** Parsing of command-line flag values into checked numbers; each failure names the flag. */
import { InputError } from '../core/index.js';
import { parseBandwidth, parseBytes, parseCount, parseDuration } from '../spec/index.js';

function asNumber(flag: string, raw: string, allowed: string): number {
  const t = raw.trim();
  if (t === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new InputError(flag, raw, allowed);
  return Number(t);
}

export function intFlag(flag: string, raw: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const allowed = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  const v = raw.trim() !== '' && /^[+-]?\d+(\.\d+)?[kKMGT]?i?$/.test(raw.trim()) ? parseCount(flag, raw) : asNumber(flag, raw, allowed);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new InputError(flag, raw, allowed);
  return v;
}

export function numberFlag(flag: string, raw: string, opts: { min?: number; exclusiveMin?: boolean; max?: number } = {}): number {
  const { min = -Infinity, exclusiveMin = false, max = Infinity } = opts;
  const allowed =
    min === -Infinity && max === Infinity
      ? 'a finite number'
      : `a number ${exclusiveMin ? '>' : '≥'} ${min}${max !== Infinity ? ` and ≤ ${max}` : ''}`;
  const v = asNumber(flag, raw, allowed);
  if (!Number.isFinite(v) || (exclusiveMin ? v <= min : v < min) || v > max) throw new InputError(flag, raw, allowed);
  return v;
}

export function choiceFlag<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new InputError(flag, raw, `one of ${allowed.join(', ')}`);
  return raw as T;
}

export function bytesFlag(flag: string, raw: string): number {
  const v = parseBytes(flag, raw);
  if (!(v >= 0)) throw new InputError(flag, raw, 'a non-negative size such as 1GiB or 512MB');
  return v;
}

export function bandwidthFlag(flag: string, raw: string): number {
  const v = parseBandwidth(flag, raw);
  if (!(v > 0)) throw new InputError(flag, raw, 'a positive bandwidth such as 50GB/s or 400Gbps');
  return v;
}

export function durationFlag(flag: string, raw: string): number {
  const v = parseDuration(flag, raw);
  if (!(v >= 0)) throw new InputError(flag, raw, 'a non-negative duration such as 2.8us');
  return v;
}

export function seedFlag(raw: string): number {
  return intFlag('--seed', raw, 0, 2 ** 31 - 1);
}
