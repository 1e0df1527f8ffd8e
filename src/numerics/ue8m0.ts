/**
 * UE8M0: unsigned power-of-two scales (8 exponent bits, no mantissa, bias 127, 0xFF = NaN), as used for
 * power-of-two FP8 block scales. Encoding rounds the scale *up* (2^ceil(log2 s)) so that x / s never exceeds
 * the FP8 range.
 */
import { exactExponent } from './codec.js';

export const UE8M0_NAN = 0xff;

/** Code of 2^ceil(log2 s); s must be positive and finite, results clamp to 2^-127 .. 2^127. */
export function encodeUe8m0(s: number): number {
  if (!(s > 0) || !Number.isFinite(s)) return UE8M0_NAN;
  const e = exactExponent(s);
  const up = 2 ** e === s ? e : e + 1;
  return Math.min(254, Math.max(0, up + 127));
}

export function decodeUe8m0(code: number): number {
  return code === UE8M0_NAN ? NaN : 2 ** (code - 127);
}

/** Round a positive scale up to a power of two (the value UE8M0 would carry). */
export function ceilPow2(s: number): number {
  return decodeUe8m0(encodeUe8m0(s));
}

export function encodeUe8m0Array(scales: Float32Array | Float64Array, out?: Uint8Array): Uint8Array {
  const dst = out ?? new Uint8Array(scales.length);
  for (let i = 0; i < scales.length; i++) dst[i] = encodeUe8m0(scales[i]);
  return dst;
}

export function ue8m0ToFloat32Array(codes: Uint8Array, out?: Float32Array): Float32Array {
  const dst = out ?? new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) dst[i] = decodeUe8m0(codes[i]);
  return dst;
}
