import { InputError } from './errors.js';

/** Small argument checks that throw `InputError` naming the field; used where zod would be overkill. */

export function checkPositiveInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new InputError(field, value, 'a positive integer');
  return value;
}

export function checkNonNegativeInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new InputError(field, value, 'a non-negative integer');
  return value;
}

export function checkPositiveFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new InputError(field, value, 'a positive finite number');
  return value;
}

export function checkNonNegativeFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new InputError(field, value, 'a non-negative finite number');
  return value;
}

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new InputError(field, value, `one of ${allowed.join(', ')}`);
  return value as T;
}
