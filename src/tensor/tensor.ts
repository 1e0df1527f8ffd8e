/** A dense row-major float32 tensor: data, shape and strides (in elements). */
import { InputError } from '../core/index.js';

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export class Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
  readonly strides: readonly number[];

  constructor(data: Float32Array, shape: readonly number[]) {
    for (const d of shape) if (!Number.isSafeInteger(d) || d < 0) throw new InputError('shape', shape, 'non-negative integer dimensions');
    if (sizeOf(shape) !== data.length) throw new InputError('shape', shape, `dimensions whose product is ${data.length}`);
    this.data = data;
    this.shape = [...shape];
    this.strides = stridesOf(shape);
  }

  static zeros(shape: readonly number[]): Tensor {
    return new Tensor(new Float32Array(sizeOf(shape)), shape);
  }

  get size(): number {
    return this.data.length;
  }

  /** Flat offset of an index tuple. */
  offset(...idx: number[]): number {
    let o = 0;
    for (let i = 0; i < idx.length; i++) o += idx[i] * this.strides[i];
    return o;
  }

  get(...idx: number[]): number {
    return this.data[this.offset(...idx)];
  }

  /** Same data, new shape (row-major, so any shape of the same size is a view). */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(this.data, shape);
  }

  /** Rows [from, to) of the first dimension as a view. */
  rows(from: number, to: number): Tensor {
    const s0 = this.strides[0] ?? 1;
    return new Tensor(this.data.subarray(from * s0, to * s0), [to - from, ...this.shape.slice(1)]);
  }
}
