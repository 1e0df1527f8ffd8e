/**
 * zod field types for human units in scenario files ("400Gbps", "80GB", "2.8us"): a number (base units) or a
 * string parsed by spec's unit parsers. A bad string becomes a zod issue at the field's path, so the loader
 * reports it with file:line:col like any other field.
 */
import { z } from 'zod';
import { InputError } from '../core/index.js';
import { parseBandwidth, parseBytes, parseDuration, parseFlopRate } from '../spec/index.js';

type Parser = (field: string, input: unknown) => number;

function unitField(parse: Parser, allowed: string, minExclusive: number | null) {
  return z.union([z.number(), z.string()]).transform((input, ctx) => {
    let v: number;
    try {
      v = parse('value', input);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      ctx.issues.push({ code: 'custom', message: allowed, input });
      return z.NEVER;
    }
    if (!Number.isFinite(v) || (minExclusive !== null && !(v > minExclusive)) || v < 0) {
      ctx.issues.push({ code: 'custom', message: allowed, input });
      return z.NEVER;
    }
    return v;
  });
}

/** Bandwidth in bytes per second: 50e9, "50GB/s", "400Gbps". */
export const bandwidthField = () => unitField(parseBandwidth, 'a positive bandwidth such as 50GB/s or 400Gbps', 0);
/** Size in bytes: 8e10, "80GB", "1GiB". */
export const bytesField = () => unitField(parseBytes, 'a positive size such as 80GB or 1GiB', 0);
/** Duration in seconds (≥ 0): 2.8e-6, "2.8us". */
export const durationField = () => unitField(parseDuration, 'a non-negative duration such as 2.8us or 1ms', null);
/** FLOP rate: 989e12, "989TFLOPS". */
export const flopRateField = () => unitField(parseFlopRate, 'a positive FLOP rate such as 989TFLOPS', 0);
