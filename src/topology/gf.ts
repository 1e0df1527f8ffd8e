/**
 * Finite fields GF(p^m) for small q = p^m (Slim Fly's MMS construction needs q = 5, 25, 27, …).
 * Elements are integers 0..q−1 read as base-p digit vectors (polynomial coefficients, lowest digit first).
 * The modulus is the first monic degree-m polynomial for which x generates all q − 1 non-zero elements —
 * which proves at once that the polynomial is irreducible (the quotient ring has no zero divisors) and that x is
 * primitive. Multiplication then goes through exp/log tables.
 */
import { InputError } from '../core/index.js';

export interface FiniteField {
  q: number;
  p: number;
  m: number;
  /** The primitive element ξ used (x in the polynomial representation). */
  primitive: number;
  /** Coefficients of the monic modulus, lowest first (length m + 1). */
  modulus: number[];
  add(a: number, b: number): number;
  neg(a: number): number;
  sub(a: number, b: number): number;
  mul(a: number, b: number): number;
  /** ξ^e for any integer e ≥ 0. */
  pow(e: number): number;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** {p, m} with q = p^m and p prime, or null. */
export function primePower(q: number): { p: number; m: number } | null {
  if (!Number.isSafeInteger(q) || q < 2) return null;
  for (let p = 2; p <= q; p++) {
    if (q % p !== 0) continue;
    if (!isPrime(p)) return null;
    let m = 0;
    let r = q;
    while (r % p === 0) { r /= p; m++; }
    return r === 1 ? { p, m } : null;
  }
  return null;
}

/** Largest q handled (tables are q² for addition). */
export const MAX_FIELD_ORDER = 4096;

export function finiteField(q: number): FiniteField {
  const pp = primePower(q);
  if (!pp) throw new InputError('q', q, 'a prime power (2, 3, 4, 5, 7, 8, 9, …) to build an MMS graph');
  if (q > MAX_FIELD_ORDER) throw new InputError('q', q, `a prime power ≤ ${MAX_FIELD_ORDER}`);
  const { p, m } = pp;
  const digits = (a: number): number[] => {
    const d: number[] = [];
    for (let i = 0; i < m; i++) { d.push(a % p); a = Math.floor(a / p); }
    return d;
  };
  const fromDigits = (d: number[]): number => {
    let v = 0;
    for (let i = m - 1; i >= 0; i--) v = v * p + d[i];
    return v;
  };
  const addT = new Int32Array(q * q);
  for (let a = 0; a < q; a++) {
    const da = digits(a);
    for (let b = 0; b < q; b++) {
      const db = digits(b);
      addT[a * q + b] = fromDigits(da.map((x, i) => (x + db[i]) % p));
    }
  }
  const negT = new Int32Array(q);
  for (let a = 0; a < q; a++) negT[a] = fromDigits(digits(a).map((x) => (p - x) % p));

  // Multiply by x modulo the monic polynomial x^m + c_{m−1}x^{m−1} + … + c_0 (c = low coefficients).
  const timesX = (a: number, c: number[]): number => {
    if (m === 1) return (a * c[0]) % p; // x is the constant −c_0 in GF(p)
    const d = digits(a);
    const top = d[m - 1];
    const out = [0, ...d.slice(0, m - 1)];
    for (let i = 0; i < m; i++) out[i] = (out[i] + (p - ((top * c[i]) % p))) % p;
    return fromDigits(out);
  };
  const exp = new Int32Array(q - 1);
  const log = new Int32Array(q).fill(-1);
  let modulus: number[] | null = null;
  let primitive = 0;
  // m = 1: GF(p) itself; search a primitive root g (represented by "x" = g through c_0 = −g).
  for (let code = 0; code < p ** m && !modulus; code++) {
    let c = digits(code).slice(0, m);
    if (m === 1) c = [code];
    if (m === 1 && (code === 0 || code === 1)) continue;
    log.fill(-1);
    let v = 1;
    let ok = true;
    for (let e = 0; e < q - 1; e++) {
      if (v === 0 || log[v] !== -1) { ok = false; break; }
      exp[e] = v;
      log[v] = e;
      v = timesX(v, c);
    }
    if (ok && v === 1) {
      modulus = m === 1 ? [(p - code) % p, 1] : [...c, 1];
      primitive = m === 1 ? code : p; // the element "x" is the digit vector (0, 1, 0, …) = p
    }
  }
  if (!modulus) throw new Error(`no primitive element found for GF(${q})`);
  const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : exp[(log[a] + log[b]) % (q - 1)]);
  return {
    q,
    p,
    m,
    primitive,
    modulus,
    add: (a, b) => addT[a * q + b],
    neg: (a) => negT[a],
    sub: (a, b) => addT[a * q + negT[b]],
    mul,
    pow: (e) => exp[e % (q - 1)],
  };
}
