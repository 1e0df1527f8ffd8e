/** Bytes per element on the wire for EP dispatch/combine: FP8 with 1×128 FP32 scales (numerics/), or BF16. */
import { bytesPerElement } from '../numerics/index.js';

export function wireBytesPerElement(format: 'fp8' | 'bf16'): number {
  return format === 'fp8' ? bytesPerElement('e4m3', 128, 4) : bytesPerElement('bf16');
}
