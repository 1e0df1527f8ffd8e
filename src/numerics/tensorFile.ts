/**
 * Read one tensor as float32 from a raw little-endian float32 file or a safetensors file (through a
 * ByteSource, so it works in Node and in the browser). Safetensors dtypes F32, F64, F16, BF16, F8_E4M3 and
 * F8_E5M2 are decoded here; a tensor of rank ≥ 2 is viewed as rows = product of the leading dimensions,
 * cols = last dimension; rank 1 as one row.
 */
import { FormatError, InputError } from '../core/index.js';
import { type ByteSource, readSafetensors } from '../io/index.js';
import { bf16ToFloat32Array, decodeMinifloat } from './codec.js';
import { E4M3, E5M2, FP16 } from './formats.js';
import type { Shape2D } from './tiles.js';

export interface LoadedTensor {
  name: string;
  dtype: string;
  shape: Shape2D;
  data: Float32Array;
}

export const FLOAT_DTYPES = ['F32', 'F64', 'F16', 'BF16', 'F8_E4M3', 'F8_E5M2'] as const;

/** Copy bytes into a fresh aligned buffer (byte ranges from a file need not be aligned). */
function aligned(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function decodeDtype(dtype: string, bytes: Uint8Array, field = '--tensor dtype'): Float32Array {
  switch (dtype) {
    case 'F32':
      return new Float32Array(aligned(bytes));
    case 'F64':
      return Float32Array.from(new Float64Array(aligned(bytes)));
    case 'F16':
      return decodeMinifloat(FP16, new Uint16Array(aligned(bytes)));
    case 'BF16':
      return bf16ToFloat32Array(new Uint16Array(aligned(bytes)));
    case 'F8_E4M3':
      return decodeMinifloat(E4M3, bytes);
    case 'F8_E5M2':
      return decodeMinifloat(E5M2, bytes);
    default:
      throw new InputError(field, dtype, `a floating dtype (${FLOAT_DTYPES.join(', ')})`);
  }
}

function shapeOf(dims: readonly number[]): Shape2D {
  if (dims.length === 0) return { rows: 1, cols: 1 };
  const cols = dims[dims.length - 1];
  const rows = dims.slice(0, -1).reduce((a, b) => a * b, 1);
  return { rows, cols };
}

function checkFinite(t: LoadedTensor, where: string): LoadedTensor {
  if (t.data.length === 0) throw new FormatError(`tensor '${t.name}' is empty`, where);
  for (let i = 0; i < t.data.length; i++)
    if (!Number.isFinite(t.data[i])) throw new FormatError(`tensor '${t.name}' has a non-finite value at element ${i}`, where);
  return t;
}

/** Whether the bytes start like a safetensors file (8-byte length, then '{'). */
export async function looksLikeSafetensors(src: ByteSource): Promise<boolean> {
  if (src.sizeBytes < 9) return false;
  const head = await src.read(0, 9);
  const len = new DataView(head.buffer, head.byteOffset, 8).getUint32(0, true);
  return head[8] === 0x7b && len >= 2 && 8 + len <= src.sizeBytes;
}

export interface ReadTensorOptions {
  /** Tensor name inside a safetensors file; required when the file holds more than one. */
  tensor?: string;
  /** Shape for a raw float32 file (default one row). */
  shape?: Shape2D;
}

export async function readTensor(src: ByteSource, opts: ReadTensorOptions = {}): Promise<LoadedTensor> {
  if (src.name.toLowerCase().endsWith('.safetensors') || (await looksLikeSafetensors(src))) {
    const st = await readSafetensors(src);
    let name = opts.tensor;
    if (name === undefined) {
      if (st.tensors.size !== 1)
        throw new InputError('--tensor', undefined, `a tensor name (${src.name} holds ${st.tensors.size} tensors: ${[...st.tensors.keys()].slice(0, 5).join(', ')}${st.tensors.size > 5 ? ', …' : ''})`);
      name = [...st.tensors.keys()][0];
    }
    const entry = st.entry(name);
    const data = decodeDtype(entry.dtype, await st.readRaw(name), `${src.name} tensor ${name} dtype`);
    return checkFinite({ name, dtype: entry.dtype, shape: shapeOf(entry.shape), data }, src.name);
  }
  if (opts.tensor !== undefined) throw new InputError('--tensor', opts.tensor, `no tensor name: ${src.name} is a raw float32 file, not safetensors`);
  if (src.sizeBytes % 4 !== 0 || src.sizeBytes === 0)
    throw new FormatError(`raw float32 file must hold a positive multiple of 4 bytes, has ${src.sizeBytes}`, src.name);
  const n = src.sizeBytes / 4;
  const shape = opts.shape ?? { rows: 1, cols: n };
  if (shape.rows * shape.cols !== n) throw new InputError('--shape', `${shape.rows}x${shape.cols}`, `a shape with ${n} elements (the file's size / 4)`);
  const data = new Float32Array(aligned(await src.read(0, src.sizeBytes)));
  return checkFinite({ name: src.name, dtype: 'F32', shape, data }, src.name);
}
