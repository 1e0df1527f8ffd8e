/** Binary min-heap of (key, id) pairs in typed arrays; ties broken by id so that order is deterministic. */
export class MinHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  private n = 0;

  constructor(capacity = 64) {
    this.keys = new Float64Array(Math.max(4, capacity));
    this.ids = new Int32Array(Math.max(4, capacity));
  }

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i];
    const b = this.keys[j];
    return a < b || (a === b && this.ids[i] < this.ids[j]);
  }

  private swap(i: number, j: number): void {
    const k = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = k;
    const d = this.ids[i];
    this.ids[i] = this.ids[j];
    this.ids[j] = d;
  }

  /** Append without restoring heap order; call heapify() before the next peek/pop/push. */
  append(key: number, id: number): void {
    if (this.n === this.keys.length) this.growTo(this.n * 2);
    this.keys[this.n] = key;
    this.ids[this.n++] = id;
  }

  /** Restore heap order after append() calls, in O(size). */
  heapify(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private growTo(size: number): void {
    const k = new Float64Array(size);
    k.set(this.keys);
    this.keys = k;
    const d = new Int32Array(size);
    d.set(this.ids);
    this.ids = d;
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.n && this.less(l, m)) m = l;
      if (r < this.n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  push(key: number, id: number): void {
    if (this.n === this.keys.length) this.growTo(this.n * 2);
    let i = this.n++;
    this.keys[i] = key;
    this.ids[i] = id;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  peekKey(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  peekId(): number {
    return this.n > 0 ? this.ids[0] : -1;
  }

  /** Remove the minimum; returns its id (read its key with peekKey() first). */
  pop(): number {
    const id = this.ids[0];
    this.n--;
    if (this.n > 0) {
      this.keys[0] = this.keys[this.n];
      this.ids[0] = this.ids[this.n];
      this.siftDown(0);
    }
    return id;
  }
}
