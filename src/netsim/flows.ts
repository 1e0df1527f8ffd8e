/**
 * A set of flows in structure-of-arrays form. A flow moves `bytes` from `src` to `dst`; its link usage is a
 * sparse vector (link, coefficient): a flow at rate r loads link l with coef·r. One path has coefficient 1 on
 * each of its links; a flow split over paths carries each path's fraction; a pipelined relay (bytes forwarded
 * over further links as they arrive, e.g. DeepEP's IB → NVLink fan-out) adds the forwarded links with
 * coefficient forwardedBytes / bytes, so the forwarded part moves in lockstep with its feeder.
 */
import { InputError } from '../core/index.js';

export interface FlowSet {
  readonly count: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly bytes: Float64Array;
  /** Earliest start, seconds. */
  readonly startS: Float64Array;
  /** Fixed latency added after the last byte drains (endpoint overhead + hops), seconds. */
  readonly latencyS: Float64Array;
  /** Caller's label (hash input for ECMP, step or phase tag). */
  readonly label: Int32Array;
  /** Flow f starts only after flows deps[depOffset[f] .. depOffset[f+1]) have completed. */
  readonly depOffset: Int32Array;
  readonly deps: Int32Array;
  /** Link usage of flow f: useLink/useCoef[useOffset[f] .. useOffset[f+1]). */
  readonly useOffset: Int32Array;
  readonly useLink: Int32Array;
  /** null when every coefficient is 1 (single-path flows: saves 8 bytes per usage on huge sets). */
  readonly useCoef: Float64Array | null;
  /** 1 when no path survived routing (the flow never runs; reported, never waited for). */
  readonly unroutable: Uint8Array;
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, min: number): T {
  if (min <= a.length) return a;
  const n = Math.max(min, a.length * 2);
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Growable builder: `add()` opens a flow, `use()`/`dep()` describe it; `finish()` freezes the set. */
export class FlowSetBuilder {
  private n = 0;
  private src = new Int32Array(64);
  private dst = new Int32Array(64);
  private bytes = new Float64Array(64);
  private start = new Float64Array(64);
  private lat = new Float64Array(64);
  private label = new Int32Array(64);
  private unr = new Uint8Array(64);
  private depOff = new Int32Array(65);
  private deps = new Int32Array(64);
  private nDeps = 0;
  private useOff = new Int32Array(65);
  private useLink = new Int32Array(256);
  /** Allocated at the first coefficient other than 1. */
  private useCoef: Float64Array | null = null;
  private nUse = 0;

  constructor(expectedFlows = 64, expectedUses = 256) {
    this.reserve(expectedFlows, expectedUses);
  }

  get count(): number {
    return this.n;
  }

  reserve(flows: number, uses: number): void {
    this.src = grow(this.src, flows);
    this.dst = grow(this.dst, flows);
    this.bytes = grow(this.bytes, flows);
    this.start = grow(this.start, flows);
    this.lat = grow(this.lat, flows);
    this.label = grow(this.label, flows);
    this.unr = grow(this.unr, flows);
    // Offsets need one more slot than the per-flow arrays, whatever their growth rounding was.
    this.depOff = grow(this.depOff, this.src.length + 1);
    this.useOff = grow(this.useOff, this.src.length + 1);
    this.useLink = grow(this.useLink, uses);
    if (this.useCoef) this.useCoef = grow(this.useCoef, uses);
  }

  private coefs(): Float64Array {
    if (!this.useCoef) this.useCoef = new Float64Array(this.useLink.length).fill(1);
    return this.useCoef;
  }

  /** Open a new flow; returns its id. */
  add(src: number, dst: number, bytes: number, startS = 0, label = 0): number {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new InputError('flow.bytes', bytes, 'a non-negative finite size');
    if (!(startS >= 0) || !Number.isFinite(startS)) throw new InputError('flow.startS', startS, 'a non-negative finite time');
    const f = this.n;
    if (f >= this.src.length) this.reserve(f + 1, this.nUse);
    this.src[f] = src;
    this.dst[f] = dst;
    this.bytes[f] = bytes;
    this.start[f] = startS;
    this.lat[f] = 0;
    this.label[f] = label;
    this.unr[f] = 0;
    this.n = f + 1;
    this.depOff[f + 1] = this.nDeps;
    this.useOff[f + 1] = this.nUse;
    return f;
  }

  private current(): number {
    if (this.n === 0) throw new Error('FlowSetBuilder: add() a flow first');
    return this.n - 1;
  }

  /** Add link usage to the open flow; a repeated link accumulates its coefficient. */
  use(link: number, coef: number): void {
    const f = this.current();
    const from = this.useOff[f];
    for (let i = from; i < this.nUse; i++) {
      if (this.useLink[i] === link) {
        this.coefs()[i] += coef;
        return;
      }
    }
    if (this.nUse + 1 > this.useLink.length) {
      this.useLink = grow(this.useLink, this.nUse + 1);
      if (this.useCoef) this.useCoef = grow(this.useCoef, this.nUse + 1);
    }
    this.useLink[this.nUse] = link;
    if (coef !== 1) this.coefs()[this.nUse] = coef;
    else if (this.useCoef) this.useCoef[this.nUse] = 1;
    this.nUse++;
    this.useOff[f + 1] = this.nUse;
  }

  /** Add many usages at once (from a router's scratch buffers); `links` must be distinct, as a router's are. */
  useMany(links: Int32Array, coefs: Float64Array, count: number, scale = 1): void {
    // Into a flow with no usage yet, distinct links append without the repeat check.
    const f = this.current();
    if (this.useOff[f] !== this.nUse) {
      for (let i = 0; i < count; i++) this.use(links[i], coefs[i] * scale);
      return;
    }
    if (this.nUse + count > this.useLink.length) {
      this.useLink = grow(this.useLink, this.nUse + count);
      if (this.useCoef) this.useCoef = grow(this.useCoef, this.nUse + count);
    }
    for (let i = 0; i < count; i++) {
      const c = coefs[i] * scale;
      this.useLink[this.nUse] = links[i];
      if (c !== 1) this.coefs()[this.nUse] = c;
      else if (this.useCoef) this.useCoef[this.nUse] = 1;
      this.nUse++;
    }
    this.useOff[f + 1] = this.nUse;
  }

  /** The open flow starts only after flow `f` completes. */
  dep(f: number): void {
    const cur = this.current();
    if (!(f >= 0 && f < cur)) throw new InputError('flow.dep', f, `an earlier flow id (0 to ${cur - 1})`);
    if (this.nDeps + 1 > this.deps.length) this.deps = grow(this.deps, this.nDeps + 1);
    this.deps[this.nDeps++] = f;
    this.depOff[cur + 1] = this.nDeps;
  }

  setLatency(latencyS: number): void {
    this.lat[this.current()] = latencyS;
  }

  addLatency(latencyS: number): void {
    this.lat[this.current()] += latencyS;
  }

  markUnroutable(): void {
    const f = this.current();
    this.unr[f] = 1;
    // Drop any partial usage: an unroutable flow loads nothing.
    this.nUse = this.useOff[f];
    this.useOff[f + 1] = this.nUse;
  }

  /** Freeze: views of the builder's arrays (no copy, so huge sets fit); do not add to the builder afterwards. */
  finish(): FlowSet {
    const n = this.n;
    return {
      count: n,
      src: this.src.subarray(0, n),
      dst: this.dst.subarray(0, n),
      bytes: this.bytes.subarray(0, n),
      startS: this.start.subarray(0, n),
      latencyS: this.lat.subarray(0, n),
      label: this.label.subarray(0, n),
      depOffset: this.depOff.subarray(0, n + 1),
      deps: this.deps.subarray(0, this.nDeps),
      useOffset: this.useOff.subarray(0, n + 1),
      useLink: this.useLink.subarray(0, this.nUse),
      useCoef: this.useCoef ? this.useCoef.subarray(0, this.nUse) : null,
      unroutable: this.unr.subarray(0, n),
    };
  }
}
