/**
 * safetensors container format: 8-byte little-endian header length N, N bytes of JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`, then the data buffer.
 * This file parses and validates the container and hands out raw byte ranges; decoding dtypes
 * (BF16, FP8, …) is numerics'/reference's job. Reads are lazy through a ByteSource.
 */
import { FormatError, InputError } from '../core/index.js';
import type { ByteSource } from './byteSource.js';

/** Bytes per element of every dtype the format defines. */
export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1,
  U16: 2, I16: 2, F16: 2, BF16: 2,
  U32: 4, I32: 4, F32: 4,
  U64: 8, I64: 8, F64: 8,
};

/** Header size limit (the reference implementation uses 100 MB). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte offset of the tensor's data in the file. */
  byteOffset: number;
  byteLength: number;
}

export interface SafetensorsFile {
  source: ByteSource;
  tensors: ReadonlyMap<string, SafetensorsEntry>;
  metadata: Readonly<Record<string, string>>;
  /** The tensor's raw bytes (little-endian), or an InputError naming it when absent. */
  readRaw(name: string): Promise<Uint8Array>;
  /** The entry, or an InputError naming the missing tensor and the file. */
  entry(name: string): SafetensorsEntry;
}

function fail(src: ByteSource, message: string): never {
  throw new FormatError(`malformed safetensors: ${message}`, src.name);
}

export async function readSafetensors(source: ByteSource): Promise<SafetensorsFile> {
  if (source.sizeBytes < 8) fail(source, `file is ${source.sizeBytes} bytes, shorter than the 8-byte header length`);
  const lenBytes = await source.read(0, 8);
  const dv = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8);
  const headerLen = dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
  if (headerLen < 2 || headerLen > MAX_SAFETENSORS_HEADER_BYTES)
    fail(source, `header length ${headerLen} is outside 2..${MAX_SAFETENSORS_HEADER_BYTES}`);
  if (8 + headerLen > source.sizeBytes) fail(source, `header length ${headerLen} runs past the end of the file (${source.sizeBytes} bytes)`);
  const headerBytes = await source.read(8, headerLen);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    fail(source, 'header is not valid UTF-8 JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(source, 'header is not a JSON object');

  const dataStart = 8 + headerLen;
  const dataLen = source.sizeBytes - dataStart;
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) metadata = raw as Record<string, string>;
      else fail(source, '__metadata__ is not an object');
      continue;
    }
    if (raw === null || typeof raw !== 'object') fail(source, `entry '${name}' is not an object`);
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e.dtype !== 'string') fail(source, `tensor '${name}' has no dtype`);
    const elemBytes = SAFETENSORS_DTYPE_BYTES[e.dtype];
    if (elemBytes === undefined)
      throw new InputError(`${source.name} tensor ${name} dtype`, e.dtype, `one of ${Object.keys(SAFETENSORS_DTYPE_BYTES).join(', ')}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(source, `tensor '${name}' has an invalid shape ${JSON.stringify(e.shape)}`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0) || offs[1] < offs[0])
      fail(source, `tensor '${name}' has invalid data_offsets ${JSON.stringify(offs)}`);
    const shape = e.shape as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = offs as [number, number];
    if (end - begin !== count * elemBytes)
      fail(source, `tensor '${name}' (${e.dtype}, shape [${shape.join(', ')}]) needs ${count * elemBytes} bytes but data_offsets span ${end - begin}`);
    if (end > dataLen) fail(source, `tensor '${name}' ends at ${end}, past the data buffer (${dataLen} bytes; file truncated?)`);
    tensors.set(name, { name, dtype: e.dtype, shape, byteOffset: dataStart + begin, byteLength: end - begin });
  }
  // Overlapping tensors would alias each other's bytes: the format forbids it.
  const sorted = [...tensors.values()].sort((a, b) => a.byteOffset - b.byteOffset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (sorted[i].byteOffset < prev.byteOffset + prev.byteLength && sorted[i].byteLength > 0)
      fail(source, `tensors '${prev.name}' and '${sorted[i].name}' overlap`);
  }
  const entry = (name: string): SafetensorsEntry => {
    const t = tensors.get(name);
    if (!t) throw new InputError(`${source.name} tensor`, name, `a tensor present in the file (${tensors.size} tensors)`);
    return t;
  };
  return {
    source,
    tensors,
    metadata,
    entry,
    async readRaw(name: string) {
      const t = entry(name);
      return source.read(t.byteOffset, t.byteLength);
    },
  };
}

/** Serialise tensors into safetensors bytes (for tests and activation dumps). Offsets in insertion order. */
export function writeSafetensors(
  tensors: ReadonlyArray<{ name: string; dtype: string; shape: readonly number[]; data: Uint8Array }>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header to a multiple of 8 bytes with spaces, as the reference writer does (keeps data aligned).
  const enc = new TextEncoder();
  while ((enc.encode(json).byteLength + 8) % 8 !== 0) json += ' ';
  const headerBytes = enc.encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, headerBytes.byteLength, true);
  dv.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  let p = 8 + headerBytes.byteLength;
  for (const t of tensors) {
    out.set(t.data, p);
    p += t.data.byteLength;
  }
  return out;
}
