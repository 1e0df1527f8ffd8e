import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesSource } from './byteSource.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';
import { FormatError, InputError } from '../core/index.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'test', 'golden', 'tiny-v3.safetensors');

describe('safetensors container', () => {
  it('reads the golden checkpoint: 139 F32 tensors, 349,344 values', async () => {
    const f = await readSafetensors(bytesSource(readFileSync(GOLDEN), 'tiny-v3.safetensors'));
    expect(f.tensors.size).toBe(139);
    let values = 0;
    for (const t of f.tensors.values()) {
      expect(t.dtype).toBe('F32');
      values += t.byteLength / 4;
    }
    expect(values).toBe(349_344);
  });

  it('round-trips what it writes', async () => {
    const a = new Float32Array([1, -2, 3.5, 0]);
    const b = new Uint16Array([0x3f80, 0xbf80]);
    const bytes = writeSafetensors(
      [
        { name: 'a', dtype: 'F32', shape: [2, 2], data: new Uint8Array(a.buffer) },
        { name: 'b', dtype: 'BF16', shape: [2], data: new Uint8Array(b.buffer) },
      ],
      { format: 'pt' },
    );
    const f = await readSafetensors(bytesSource(bytes));
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.entry('a').shape).toEqual([2, 2]);
    expect(new Float32Array((await f.readRaw('a')).slice().buffer)).toEqual(a);
    expect(f.entry('b').dtype).toBe('BF16');
    await expect(f.readRaw('c')).rejects.toThrow(InputError);
    expect(() => f.entry('missing.weight')).toThrow(/tensor: expected a tensor present in the file \(2 tensors\), got "missing.weight"/);
  });

  it('rejects truncated and malformed files with a FormatError', async () => {
    const good = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [4], data: new Uint8Array(16) }]);
    await expect(readSafetensors(bytesSource(good.subarray(0, good.length - 4), 'cut.safetensors'))).rejects.toThrow(/cut\.safetensors: malformed safetensors: tensor 'w' ends at 16/);
    await expect(readSafetensors(bytesSource(good.subarray(0, 5)))).rejects.toThrow(FormatError);
    const badJson = new Uint8Array(8 + 3);
    new DataView(badJson.buffer).setUint32(0, 3, true);
    badJson.set([123, 123, 125], 8);
    await expect(readSafetensors(bytesSource(badJson))).rejects.toThrow(/not valid UTF-8 JSON/);
    const wrongSize = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [5], data: new Uint8Array(16) }]);
    await expect(readSafetensors(bytesSource(wrongSize))).rejects.toThrow(/needs 20 bytes but data_offsets span 16/);
    const unknownDtype = writeSafetensors([{ name: 'w', dtype: 'F7', shape: [1], data: new Uint8Array(1) }]);
    await expect(readSafetensors(bytesSource(unknownDtype))).rejects.toThrow(/tensor w dtype: expected one of/);
  });

  it('fuzz: random and mutated bytes never crash with anything but a user error', async () => {
    const good = writeSafetensors([
      { name: 'x', dtype: 'F32', shape: [3], data: new Uint8Array(12) },
      { name: 'y', dtype: 'I8', shape: [2, 2], data: new Uint8Array(4) },
    ]);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), async (rand, muts) => {
        for (const bytes of [rand, (() => { const m = good.slice(); for (const [i, v] of muts) m[i] = v; return m; })()]) {
          try {
            await readSafetensors(bytesSource(bytes));
          } catch (e) {
            expect(e instanceof FormatError || e instanceof InputError).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
