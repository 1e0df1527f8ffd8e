import { describe, expect, it } from 'vitest';
import { paperRows } from './paper.js';

describe('schedule paper rows (reference/system.md §5, PP = 16, F = 1, B = 2, W = 1, F&B = 2.5)', () => {
  it('simulated bubble, parameters and activations per method', () => {
    const got = Object.fromEntries(paperRows().map((r) => [r.id, r.ours]));
    expect(got).toEqual({
      's5.bubble.1f1b': 45,
      's5.params.1f1b': 1,
      's5.activations.1f1b': 16,
      's5.bubble.zb1p': 15,
      's5.params.zb1p': 1,
      's5.activations.zb1p': 16,
      's5.bubble.dualpipe': 10.5,
      's5.params.dualpipe': 2,
      's5.activations.dualpipe': 17,
      's5.bubble.dualpipev': 10.5,
      's5.params.dualpipev': 2,
      's5.activations.dualpipev': 17,
    });
  });
  it('each bubble row names the closed form beside the simulated value', () => {
    for (const r of paperRows().filter((x) => x.id.startsWith('s5.bubble'))) expect(r.note).toMatch(/closed form .* = /);
  });
});
