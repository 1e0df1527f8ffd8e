import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowStatus, simulateFlows } from './engine.js';
import { FlowSetBuilder, type FlowSet } from './flows.js';
import { MaxMinSolver } from './maxmin.js';

describe('flow-level simulation', () => {
  it('integrates changing rates: two flows share a link, the survivor speeds up', () => {
    const b = new FlowSetBuilder();
    b.add(0, 1, 1); b.use(0, 1);
    b.add(0, 1, 2); b.use(0, 1);
    const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(1) });
    expect(r.finishS[0]).toBeCloseTo(2, 14);
    expect(r.finishS[1]).toBeCloseTo(3, 14);
    expect(r.makespanS).toBeCloseTo(3, 14);
    expect(r.recomputations).toBe(2);
  });

  it('dependencies and latency: a chain waits for its predecessor plus latency', () => {
    const b = new FlowSetBuilder();
    b.add(0, 1, 4); b.use(0, 1); b.setLatency(0.5);
    b.add(1, 2, 2, 0); b.use(1, 1); b.dep(0); b.setLatency(0.25);
    b.add(2, 3, 3, 10); b.use(0, 1); // starts late
    const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(2, 1) });
    expect(r.finishS[0]).toBeCloseTo(2.5, 14);
    expect(r.readyS[1]).toBeCloseTo(2.5, 14);
    expect(r.finishS[1]).toBeCloseTo(4.75, 14);
    expect(r.finishS[2]).toBeCloseTo(11.5, 14);
  });

  it('zero-byte flows and flows on no link complete after their latency', () => {
    const b = new FlowSetBuilder();
    b.add(0, 1, 0); b.setLatency(1e-6);
    b.add(0, 1, 5); b.dep(0); b.setLatency(1e-6);
    const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(1) });
    expect(r.finishS[1]).toBeCloseTo(2e-6, 18);
  });

  it('unroutable flows and their dependants are reported, not waited for', () => {
    const b = new FlowSetBuilder();
    b.add(0, 1, 1); b.markUnroutable();
    b.add(0, 1, 1); b.dep(0); b.use(0, 1);
    b.add(0, 1, 1); b.use(0, 1);
    const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(1) });
    expect(r.unroutable).toBe(1);
    expect(r.blocked).toBe(1);
    expect(r.status[0]).toBe(FlowStatus.Unroutable);
    expect(r.status[1]).toBe(FlowStatus.Blocked);
    expect(r.status[2]).toBe(FlowStatus.Done);
    expect(r.makespanS).toBeCloseTo(1, 14);
  });

  it('a flow over a dead link stalls instead of hanging', () => {
    const b = new FlowSetBuilder();
    b.add(0, 1, 1); b.use(0, 1);
    const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(0) });
    expect(r.stalled).toBe(1);
    expect(r.status[0]).toBe(FlowStatus.Stalled);
  });

  it('independent components are recomputed separately', () => {
    const b = new FlowSetBuilder();
    b.add(0, 1, 1); b.use(0, 1);
    b.add(0, 1, 2); b.use(1, 1);
    const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(1, 1) });
    expect(r.finishS[0]).toBe(1);
    expect(r.finishS[1]).toBe(2);
    // two components start (2 solves); the drain of flow 0 empties its component (no solve)
    expect(r.recomputations).toBe(2);
  });

  const randomInstance = fc.record({
    caps: fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }),
    flows: fc.array(
      fc.record({
        links: fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 4 }),
        bytes: fc.double({ min: 0.1, max: 50, noNaN: true }),
        start: fc.double({ min: 0, max: 5, noNaN: true }),
        lat: fc.double({ min: 0, max: 0.5, noNaN: true }),
      }),
      { minLength: 1, maxLength: 20 },
    ),
  });

  it('property: no link is ever loaded above capacity', () => {
    fc.assert(
      fc.property(randomInstance, ({ caps, flows }) => {
        const b = new FlowSetBuilder();
        for (const f of flows) { b.add(0, 1, f.bytes, f.start); for (const l of f.links) b.use(l % caps.length, 1); }
        const cap = Float64Array.from(caps);
        const r = simulateFlows(b.finish(), { capacityBytesPerS: cap, trackPeakLoad: true });
        for (let l = 0; l < cap.length; l++) expect((r.peakLoadBytesPerS as Float64Array)[l]).toBeLessThanOrEqual(cap[l] * (1 + 1e-9));
      }),
      { numRuns: 150 },
    );
  });

  it('property: bytes are conserved — a single saturated link drains the total at line rate', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0.5, max: 20, noNaN: true }), (sizes, cap) => {
        const b = new FlowSetBuilder();
        for (const s of sizes) { b.add(0, 1, s); b.use(0, 1); }
        const r = simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.of(cap), mergeRelTol: 0 });
        const total = sizes.reduce((a, x) => a + x, 0);
        expect(r.makespanS).toBeCloseTo(total / cap, 9 - Math.ceil(Math.log10(total / cap + 1)));
        expect(r.linkBytes[0]).toBeCloseTo(total, 9);
      }),
      { numRuns: 200 },
    );
  });

  /** Plain event loop: every event re-solves all running flows from scratch (maxmin.ts), nothing merged. */
  function referenceFinish(fs: FlowSet, cap: Float64Array): Float64Array {
    const n = fs.count;
    const rem = Float64Array.from(fs.bytes);
    const finish = new Float64Array(n).fill(NaN);
    const rate = new Float64Array(n);
    const solver = new MaxMinSolver(cap.length);
    let t = 0;
    for (;;) {
      const running = [];
      for (let f = 0; f < n; f++) if (Number.isNaN(finish[f]) && fs.startS[f] <= t) running.push(f);
      let next = Infinity;
      for (let f = 0; f < n; f++) if (Number.isNaN(finish[f]) && fs.startS[f] > t) next = Math.min(next, fs.startS[f]);
      if (running.length === 0 && next === Infinity) return finish;
      solver.solve(Int32Array.from(running), running.length, fs, cap, rate);
      for (const f of running) next = Math.min(next, rate[f] === Infinity ? t : t + rem[f] / rate[f]);
      for (const f of running) {
        const r = rate[f];
        if (r === Infinity || t + rem[f] / r <= next * (1 + 1e-13)) {
          rem[f] = 0;
          finish[f] = next + fs.latencyS[f];
        } else rem[f] -= r * (next - t);
      }
      t = next;
    }
  }

  it('property: finish times equal a from-scratch re-solve at every event (warm restarts, cold fallbacks, windows)', () => {
    const many = fc.record({
      caps: fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }),
      flows: fc.array(
        fc.record({
          links: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
          bytes: fc.double({ min: 0.1, max: 50, noNaN: true }),
          start: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })),
          lat: fc.double({ min: 0, max: 0.5, noNaN: true }),
        }),
        { minLength: 1, maxLength: 60 },
      ),
    });
    fc.assert(
      fc.property(many, ({ caps, flows }) => {
        const b = new FlowSetBuilder();
        for (const f of flows) {
          b.add(0, 1, f.bytes, f.start);
          for (const l of f.links) b.use(l % caps.length, 1);
          b.setLatency(f.lat);
        }
        const fs = b.finish();
        const cap = Float64Array.from(caps);
        const got = simulateFlows(fs, { capacityBytesPerS: cap, mergeRelTol: 0 }).finishS;
        const want = referenceFinish(fs, cap);
        for (let f = 0; f < fs.count; f++) expect(Math.abs(got[f] - want[f])).toBeLessThanOrEqual(1e-9 * Math.max(1, want[f]));
      }),
      { numRuns: 200 },
    );
  });

  it('property: permuting the input order gives the same times within 1e-12 relative', () => {
    fc.assert(
      fc.property(randomInstance, fc.integer({ min: 1, max: 1000 }), ({ caps, flows }, seed) => {
        const order = flows.map((_, i) => i);
        let s = seed;
        for (let i = order.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          const j = s % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        const run = (ord: number[]): Float64Array => {
          const b = new FlowSetBuilder();
          for (const i of ord) {
            const f = flows[i];
            b.add(0, 1, f.bytes, f.start);
            for (const l of [...f.links].reverse()) b.use(l % caps.length, 1);
            b.setLatency(f.lat);
          }
          return simulateFlows(b.finish(), { capacityBytesPerS: Float64Array.from(caps) }).finishS;
        };
        const a = run(order.map((_, i) => i));
        const p = run(order);
        for (let k = 0; k < order.length; k++) {
          const x = a[order[k]];
          const y = p[k];
          expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('FlowSetBuilder', () => {
  it('stores no coefficients while all are 1, and fills in the 1s when the first other one arrives', () => {
    const unit = new FlowSetBuilder(1, 1);
    unit.add(0, 1, 1); unit.use(3, 1); unit.use(4, 1);
    expect(unit.finish().useCoef).toBeNull();
    const b = new FlowSetBuilder(1, 1);
    b.add(0, 1, 1); b.use(3, 1); b.use(4, 1);
    b.add(0, 1, 1); b.use(5, 0.25); b.use(3, 1);
    expect(Array.from(b.finish().useCoef ?? [])).toEqual([1, 1, 0.25, 1]);
  });

  it('keeps every flow’s usage across many regrowths', () => {
    const b = new FlowSetBuilder(1, 1);
    for (let f = 0; f < 1000; f++) {
      b.add(0, 1, 1);
      for (let k = 0; k < 3; k++) b.use(f * 3 + k, 1);
      b.use(f * 3, 0.5); // repeated link accumulates
    }
    const fs = b.finish();
    for (let f = 0; f < 1000; f++) {
      expect(fs.useOffset[f + 1] - fs.useOffset[f]).toBe(3);
      expect(fs.useLink[fs.useOffset[f]]).toBe(f * 3);
      expect(fs.useCoef?.[fs.useOffset[f]]).toBe(1.5);
      expect(fs.useCoef?.[fs.useOffset[f] + 1]).toBe(1);
    }
  });
});
