import { describe, expect, it } from 'vitest';
import { FormatError, InputError } from '../core/index.js';
import { bytesSource, writeSafetensors } from '../io/index.js';
import { float32ToBf16Array, float32ToE4m3Array } from './codec.js';
import { readTensor } from './tensorFile.js';

const vals = Float32Array.from([1, -2, 0.5, 448, -0.015625, 3, 7, 0.25]);
const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('readTensor', () => {
  it('reads F32, BF16 and F8_E4M3 tensors from safetensors, viewing rank ≥ 2 as rows × last dim', async () => {
    const file = writeSafetensors([
      { name: 'f32', dtype: 'F32', shape: [2, 2, 2], data: bytes(vals) },
      { name: 'bf16', dtype: 'BF16', shape: [8], data: bytes(float32ToBf16Array(vals)) },
      { name: 'fp8', dtype: 'F8_E4M3', shape: [4, 2], data: float32ToE4m3Array(vals) },
      { name: 'ids', dtype: 'I32', shape: [1], data: new Uint8Array(4) },
    ]);
    const src = bytesSource(file, 'acts.safetensors');
    const f32 = await readTensor(src, { tensor: 'f32' });
    expect(f32.shape).toEqual({ rows: 4, cols: 2 });
    expect([...f32.data]).toEqual([...vals]);
    const bf = await readTensor(src, { tensor: 'bf16' });
    expect(bf.shape).toEqual({ rows: 1, cols: 8 });
    expect([...bf.data]).toEqual([...vals]);
    const f8 = await readTensor(src, { tensor: 'fp8' });
    expect([...f8.data]).toEqual([...vals]);
    await expect(readTensor(src, { tensor: 'ids' })).rejects.toThrow(InputError);
    await expect(readTensor(src, { tensor: 'nope' })).rejects.toThrow(InputError);
    await expect(readTensor(src)).rejects.toThrow(/--tensor/);
  });
  it('detects safetensors by content and picks the only tensor', async () => {
    const file = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [8], data: bytes(vals) }]);
    const t = await readTensor(bytesSource(file, 'dump.bin'));
    expect(t.name).toBe('x');
  });
  it('reads raw float32 with an optional shape', async () => {
    const src = bytesSource(bytes(vals), 'acts.f32');
    expect((await readTensor(src)).shape).toEqual({ rows: 1, cols: 8 });
    expect((await readTensor(src, { shape: { rows: 2, cols: 4 } })).shape).toEqual({ rows: 2, cols: 4 });
    await expect(readTensor(src, { shape: { rows: 3, cols: 4 } })).rejects.toThrow(InputError);
    await expect(readTensor(src, { tensor: 'x' })).rejects.toThrow(InputError);
  });
  it('malformed files are FormatErrors', async () => {
    await expect(readTensor(bytesSource(new Uint8Array(7), 'odd.f32'))).rejects.toThrow(FormatError);
    const bad = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [8], data: bytes(vals) }]).slice(0, 40);
    await expect(readTensor(bytesSource(bad, 'cut.safetensors'))).rejects.toThrow(FormatError);
    const nan = Float32Array.from([1, NaN]);
    await expect(readTensor(bytesSource(bytes(nan), 'nan.f32'))).rejects.toThrow(/non-finite/);
  });
});
