/**
 * Weights from a safetensors checkpoint, read lazily tensor by tensor through a ByteSource. Decodes
 * F32, F64, F16, BF16 and F8_E4M3; an FP8 weight is multiplied by its 128×128 block scales (`weight_scale_inv`,
 * shape [ceil(rows/128), ceil(cols/128)], partial edge blocks included). Every error names the tensor.
 */
import { FormatError, InputError } from '../core/index.js';
import { readSafetensors, type ByteSource, type SafetensorsEntry, type SafetensorsFile } from '../io/index.js';
import { bf16ToFloat32Array, e4m3ToFloat32Array, fp16ToFloat32Array } from '../numerics/index.js';
import type { RefConfig } from './config.js';
import { canonicalName, scaleNameOf } from './names.js';
import { assembleWeights, tensorSpecs, type ModelWeights } from './weights.js';

export const FP8_BLOCK = 128;
const DECODABLE = ['F32', 'F64', 'F16', 'BF16', 'F8_E4M3'];

/** The bytes as a whole ArrayBuffer: zero-copy when the range is its own buffer, else a copy (aligned, unshared). */
function aligned(raw: Uint8Array): ArrayBuffer {
  if (raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength) return raw.buffer as ArrayBuffer;
  return raw.slice().buffer as ArrayBuffer;
}

/** Decode one tensor's raw little-endian bytes to float32. */
export function decodeTensor(raw: Uint8Array, dtype: string, label: string): Float32Array {
  switch (dtype) {
    case 'F32':
      return new Float32Array(aligned(raw));
    case 'F64':
      return Float32Array.from(new Float64Array(aligned(raw)));
    case 'F16':
      return fp16ToFloat32Array(new Uint16Array(aligned(raw)));
    case 'BF16':
      return bf16ToFloat32Array(new Uint16Array(aligned(raw)));
    case 'F8_E4M3':
      return e4m3ToFloat32Array(raw);
    default:
      throw new InputError(`${label} dtype`, dtype, `one of ${DECODABLE.join(', ')}`);
  }
}

/** w[i, j] *= scale[⌊i/128⌋, ⌊j/128⌋] in place. */
export function applyBlockScales(w: Float32Array, rows: number, cols: number, scale: Float32Array, label: string, block = FP8_BLOCK): void {
  const sr = Math.ceil(rows / block);
  const sc = Math.ceil(cols / block);
  if (scale.length !== sr * sc) throw new InputError(`${label} scale shape`, scale.length, `${sr}×${sc} = ${sr * sc} values (128×128 blocks of [${rows}, ${cols}])`);
  for (let i = 0; i < rows; i++) {
    const so = Math.floor(i / block) * sc;
    const o = i * cols;
    for (let j = 0; j < cols; j++) w[o + j] *= scale[so + Math.floor(j / block)];
  }
}

export class Checkpoint {
  /** canonical name → entry in the file */
  private readonly byCanonical = new Map<string, SafetensorsEntry>();

  private constructor(
    readonly file: SafetensorsFile,
    readonly nLayers: number,
  ) {
    for (const e of file.tensors.values()) this.byCanonical.set(canonicalName(e.name, nLayers), e);
  }

  static async open(source: ByteSource, nLayers: number): Promise<Checkpoint> {
    return new Checkpoint(await readSafetensors(source), nLayers);
  }

  get name(): string {
    return this.file.source.name;
  }

  has(canonical: string): boolean {
    return this.byCanonical.has(canonical);
  }

  /** Canonical names of every tensor in the file. */
  names(): string[] {
    return [...this.byCanonical.keys()];
  }

  /** Read one tensor as float32, checking its shape; null when absent and `optional`. */
  async load(canonical: string, shape: readonly number[], optional = false): Promise<Float32Array | null> {
    const e = this.byCanonical.get(canonical);
    if (!e) {
      if (optional) return null;
      throw new InputError(`${this.name} tensor ${canonical}`, undefined, `a tensor of shape [${shape.join(', ')}] (the config needs it)`);
    }
    const label = `${this.name} tensor ${e.name}`;
    if (e.shape.length !== shape.length || e.shape.some((d, i) => d !== shape[i]))
      throw new InputError(`${label} shape`, e.shape, `[${shape.join(', ')}] (from the config)`);
    if (!DECODABLE.includes(e.dtype)) throw new InputError(`${label} dtype`, e.dtype, `one of ${DECODABLE.join(', ')}`);
    const raw = await this.file.readRaw(e.name);
    const data = decodeTensor(raw, e.dtype, label);
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new FormatError(`tensor ${e.name}: ${raw.byteLength} bytes do not hold shape [${e.shape.join(', ')}]`, this.name);
    if (e.dtype === 'F8_E4M3') {
      if (shape.length !== 2) throw new InputError(`${label} dtype`, e.dtype, 'F8_E4M3 only for 2-D linear weights');
      const sName = scaleNameOf(canonical);
      const se = this.byCanonical.get(sName);
      if (!se) throw new InputError(`${this.name} tensor ${sName}`, undefined, `the block scales of FP8 weight ${e.name}`);
      const rows = shape[0];
      const cols = shape[1];
      const want = [Math.ceil(rows / FP8_BLOCK), Math.ceil(cols / FP8_BLOCK)];
      if (se.shape.length !== 2 || se.shape[0] !== want[0] || se.shape[1] !== want[1])
        throw new InputError(`${this.name} tensor ${se.name} shape`, se.shape, `[${want.join(', ')}] (128×128 blocks of [${rows}, ${cols}])`);
      const scale = decodeTensor(await this.file.readRaw(se.name), se.dtype, `${this.name} tensor ${se.name}`);
      applyBlockScales(data, rows, cols, scale, `${this.name} tensor ${e.name}`);
    }
    return data;
  }

  /** Load every tensor the config needs (and `mtp` MTP modules) and assemble the model's weights. */
  async loadWeights(cfg: RefConfig, mtp = 0): Promise<ModelWeights> {
    const extra = this.extraLayerTensor();
    if (extra) throw new InputError(`${this.name} tensor ${extra}`, 'present', `no decoder layer beyond n_layers = ${cfg.nLayers} (the config does not match the checkpoint)`);
    const loaded = new Map<string, Float32Array>();
    for (const s of tensorSpecs(cfg, mtp)) {
      const v = await this.load(s.name, s.shape, s.optional);
      if (v) loaded.set(s.name, v);
    }
    return assembleWeights(cfg, (n) => loaded.get(n) ?? null, mtp);
  }

  /**
   * A tensor of a decoder layer beyond the config's n_layers that is not an MTP module (no eh_proj):
   * the sign of a config that does not match the checkpoint. Returns the file's name for it, or null.
   */
  extraLayerTensor(): string | null {
    for (const [n, e] of this.byCanonical) {
      const m = /^mtp\.(\d+)\./.exec(n);
      if (m && !this.byCanonical.has(`mtp.${m[1]}.eh_proj.weight`)) return e.name;
    }
    return null;
  }

  /** MTP modules present in the file. */
  mtpModules(): number {
    let n = 0;
    while (this.byCanonical.has(`mtp.${n}.eh_proj.weight`)) n++;
    return n;
  }
}
