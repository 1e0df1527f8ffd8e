/**
 * FLOP and byte counters that the tensor ops bump as they run, so a forward pass can report what it did.
 * Convention: a multiply-add is 2 FLOPs; `matmulFlops` counts only GEMM/GEMV work (what model/ formulas count),
 * `otherFlops` the element-wise ops (norms, softmax, activations, RoPE) with one FLOP per arithmetic operation.
 */
export class OpCounter {
  matmulFlops = 0;
  otherFlops = 0;
  /** Bytes of operands read (weights and activations, float32 = 4 B each). */
  bytesRead = 0;
  /** Bytes of results written. */
  bytesWritten = 0;
  /** When set, every `linear` call appends its (m, k, n): lets a benchmark replay the same GEMM shapes. */
  gemmShapes: number[] | null = null;

  reset(): void {
    this.matmulFlops = 0;
    this.otherFlops = 0;
    this.bytesRead = 0;
    this.bytesWritten = 0;
  }

  get totalFlops(): number {
    return this.matmulFlops + this.otherFlops;
  }

  snapshot(): { matmulFlops: number; otherFlops: number; bytesRead: number; bytesWritten: number } {
    return { matmulFlops: this.matmulFlops, otherFlops: this.otherFlops, bytesRead: this.bytesRead, bytesWritten: this.bytesWritten };
  }
}

/** Counter used when the caller passes none (so ops never need a null check). */
export const NULL_COUNTER = new OpCounter();
