/** float64 bit helpers for hot loops: exact exponent extraction and powers of two without Math.log2/pow. */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// index of the high word (exponent) on this platform
const HI = (() => {
  f64[0] = 1;
  return u32[1] === 0x3ff00000 ? 1 : 0;
})();
const LO = 1 - HI;

/** floor(log2 |x|) for finite non-zero x (subnormals included). */
export function exponentOf(x: number): number {
  f64[0] = x;
  const be = (u32[HI] >>> 20) & 0x7ff;
  if (be !== 0) return be - 1023;
  f64[0] = x * 2 ** 64;
  return ((u32[HI] >>> 20) & 0x7ff) - 1023 - 64;
}

/** 2^n for integer n (exact; bit assembly for normal results, Math.pow outside). */
export function pow2(n: number): number {
  if (n < -1022 || n > 1023) return 2 ** n;
  u32[HI] = (n + 1023) << 20;
  u32[LO] = 0;
  return f64[0];
}

/** The sign bit of a float64 (1 for negatives, −0 and negative NaNs). */
export function signBit(x: number): number {
  f64[0] = x;
  return u32[HI] >>> 31;
}
