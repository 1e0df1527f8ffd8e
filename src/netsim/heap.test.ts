import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.js';

describe('MinHeap', () => {
  it('property: pushes and heapified appends pop in (key, id) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (keys) => {
        const items = keys.map((k) => [k]);
        const h2 = new MinHeap(4);
        items.forEach(([k], id) => h2.append(k, id));
        h2.heapify();
        h2.push(-1, 999);
        const want = items.map(([k], id) => [k, id]).concat([[-1, 999]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const got: number[][] = [];
        while (h2.size > 0) {
          const k = h2.peekKey();
          got.push([k, h2.pop()]);
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});
