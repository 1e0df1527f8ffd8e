/**
 * The one place where human units become base units: bytes, seconds, bytes per second, FLOP/s.
 * Decimal prefixes are powers of 1000 (1 KB = 1000 B); binary ones are named KiB/MiB/GiB/TiB.
 * Bits are only ever accepted when spelled with a lower-case `b` (Gb, Gbps, Gb/s) and are divided by 8 here.
 */
import { InputError } from '../core/index.js';

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

const NUMBER = String.raw`([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`;

function prefixFactor(prefix: string): number | undefined {
  return BINARY[prefix] ?? DECIMAL[prefix];
}

function parseWith(field: string, input: unknown, allowed: string, re: RegExp, convert: (n: number, m: RegExpMatchArray) => number | undefined): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input)) return input;
    throw new InputError(field, input, allowed);
  }
  if (typeof input !== 'string') throw new InputError(field, input, allowed);
  const m = input.trim().match(re);
  if (!m) throw new InputError(field, input, allowed);
  const n = Number(m[1]);
  const v = Number.isFinite(n) ? convert(n, m) : undefined;
  if (v === undefined || !Number.isFinite(v)) throw new InputError(field, input, allowed);
  return v;
}

const BYTES_RE = new RegExp(`^${NUMBER}\\s*((?:[kKMGTP]i?)?)(B|b|bit|bits)?$`);
/** "80GB" → 8e10, "1GiB" → 1073741824, "512" → 512 (bytes). A trailing lower-case b means bits. */
export function parseBytes(field: string, input: unknown): number {
  return parseWith(field, input, 'a size such as 512, 80GB, 1GiB or 400Gb', BYTES_RE, (n, m) => {
    const f = prefixFactor(m[2]);
    if (f === undefined) return undefined;
    const bits = m[3] === 'b' || m[3] === 'bit' || m[3] === 'bits';
    return (n * f) / (bits ? 8 : 1);
  });
}

const RATE_RE = new RegExp(`^${NUMBER}\\s*((?:[kKMGTP]i?)?)(B/s|Bps|b/s|bps|bit/s)$`);
/** "400Gbps" → 5e10 B/s, "50GB/s" → 5e10, "3.35TB/s" → 3.35e12. A bare number is bytes per second. */
export function parseBandwidth(field: string, input: unknown): number {
  return parseWith(field, input, 'a bandwidth such as 50GB/s, 400Gbps or 3.35TB/s', RATE_RE, (n, m) => {
    const f = prefixFactor(m[2]);
    if (f === undefined) return undefined;
    const bits = m[3].startsWith('b');
    return (n * f) / (bits ? 8 : 1);
  });
}
// A bare number also matches when the unit group is optional; keep RATE_RE strict and handle numbers in parseWith.

const TIME_UNITS: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ns: 1e-9, ps: 1e-12, min: 60, h: 3600 };
const TIME_RE = new RegExp(`^${NUMBER}\\s*(s|ms|us|µs|μs|ns|ps|min|h)$`);
/** "2.8us" → 2.8e-6, "1ms" → 1e-3. A bare number is seconds. */
export function parseDuration(field: string, input: unknown): number {
  return parseWith(field, input, 'a duration such as 2.8us, 1ms or 0.5s', TIME_RE, (n, m) => n * TIME_UNITS[m[2]]);
}

const FLOPS_RE = new RegExp(`^${NUMBER}\\s*([kKMGTP]?)(FLOP/s|FLOPS|flops|flop/s)$`);
/** "989TFLOPS" or "989TFLOP/s" → 9.89e14 FLOP/s. A bare number is FLOP/s. */
export function parseFlopRate(field: string, input: unknown): number {
  return parseWith(field, input, 'a FLOP rate such as 989TFLOPS or 1979TFLOP/s', FLOPS_RE, (n, m) => n * (DECIMAL[m[2]] ?? NaN));
}

/** Plain counts with optional decimal/binary suffix: "16k" → 16000, "1Mi" → 1048576. */
const COUNT_RE = new RegExp(`^${NUMBER}\\s*((?:[kKMGTP]i?)?)$`);
export function parseCount(field: string, input: unknown): number {
  return parseWith(field, input, 'a number such as 4096, 16k or 1Mi', COUNT_RE, (n, m) => {
    const f = prefixFactor(m[2]);
    return f === undefined ? undefined : n * f;
  });
}
