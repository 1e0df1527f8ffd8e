/**
 * Link-residual snapshots taken during a water-filling (see maxmin.ts): snapshot k records, for the links
 * touched so far, the residual capacity after the first pos[k] flows of the freeze order froze.
 */
export class ResidualSnapshots {
  count = 0;
  pos = new Int32Array(16);
  private off = new Int32Array(17);
  link = new Int32Array(256);
  rem = new Float64Array(256);

  /** Entries of snapshot k: link/rem[first(k) .. end(k)). */
  first(k: number): number {
    return this.off[k];
  }

  end(k: number): number {
    return this.off[k + 1];
  }

  /** Drop snapshots taken after position `prefix`. */
  truncate(prefix: number): void {
    while (this.count > 0 && this.pos[this.count - 1] > prefix) this.count--;
  }

  /** Record rem[l] for l in links[0..n) as the state at order position `at`. */
  take(at: number, links: Int32Array, n: number, rem: Float64Array): void {
    let k = this.count;
    if (k > 0 && this.pos[k - 1] === at) return;
    if (k + 2 > this.pos.length) {
      const p = new Int32Array(this.pos.length * 2);
      p.set(this.pos);
      this.pos = p;
      const o = new Int32Array(this.off.length * 2);
      o.set(this.off);
      this.off = o;
    }
    const from = k === 0 ? 0 : this.off[k];
    if (from + n > this.link.length) {
      const size = Math.max(from + n, this.link.length * 2);
      const l = new Int32Array(size);
      l.set(this.link.subarray(0, from));
      this.link = l;
      const r = new Float64Array(size);
      r.set(this.rem.subarray(0, from));
      this.rem = r;
    }
    const { link, rem: out } = this;
    for (let t = 0; t < n; t++) {
      const l = links[t];
      link[from + t] = l;
      out[from + t] = rem[l];
    }
    this.pos[k] = at;
    this.off[k] = from;
    this.off[++k] = from + n;
    this.count = k;
  }
}
