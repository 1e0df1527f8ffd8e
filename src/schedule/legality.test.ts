import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { generateSchedule } from './generate.js';
import { assertLegal, checkSchedule } from './legality.js';
import { OP_B, OP_COMMIT, OP_F, OP_FB, OP_RECV_F, OP_SEND_F, OP_W, SCHEDULE_METHODS, type RankOps, type Schedule } from './ops.js';

const FIELDS = ['kind', 'mb', 'stage', 'mb2', 'stage2', 'zb', 'peer', 'step'] as const;

function clone(s: Schedule): Schedule {
  return { ...s, ranks: s.ranks.map((o) => ({ length: o.length, ...Object.fromEntries(FIELDS.map((f) => [f, o[f].slice()])) }) as RankOps) };
}
/** Rebuild one rank's list from a permutation/selection of its op indices. */
function reorder(s: Schedule, r: number, idx: number[]): Schedule {
  const c = clone(s);
  const o = s.ranks[r];
  const n = { length: idx.length } as Record<string, unknown>;
  for (const f of FIELDS) {
    const a = new (o[f].constructor as new (n: number) => Int32Array)(idx.length);
    idx.forEach((j, i) => (a[i] = o[f][j]));
    n[f] = a;
  }
  c.ranks[r] = n as unknown as RankOps;
  return c;
}
const indices = (o: RankOps) => Array.from({ length: o.length }, (_, i) => i);
const find = (o: RankOps, pred: (i: number) => boolean, from = 0) => {
  for (let i = from; i < o.length; i++) if (pred(i)) return i;
  return -1;
};

describe('legality check', () => {
  it('accepts every generated schedule (including message and commit order)', () => {
    for (const m of SCHEDULE_METHODS)
      for (const [P, M] of [
        [2, 4],
        [4, 8],
        [4, 10],
        [8, 16],
        [6, 24],
      ]) {
        const rep = checkSchedule(generateSchedule(m, P, M));
        expect(rep.problems, `${m} ${P} ${M}`).toEqual([]);
      }
  });

  const base = generateSchedule('dualpipe', 4, 8);
  const r1 = base.ranks[1];

  it('rejects a missing op', () => {
    const i = find(r1, (i) => r1.kind[i] === OP_F);
    const rep = checkSchedule(reorder(base, 1, indices(r1).filter((j) => j !== i)));
    expect(rep.ok).toBe(false);
    expect(rep.problems.join('\n')).toMatch(/forward present 0 times/);
  });

  it('rejects a duplicated op', () => {
    const i = find(r1, (i) => r1.kind[i] === OP_W);
    const idx = indices(r1);
    idx.push(i);
    expect(checkSchedule(reorder(base, 1, idx)).problems.join('\n')).toMatch(/W present 2 times/);
  });

  it('rejects a W before its B', () => {
    const s = generateSchedule('zb1p', 4, 8);
    const o = s.ranks[3];
    const w = find(o, (i) => o.kind[i] === OP_W);
    const b = find(o, (i) => o.kind[i] === OP_B && o.mb[i] === o.mb[w]);
    const idx = indices(o).filter((j) => j !== w);
    idx.splice(idx.indexOf(b), 0, w);
    expect(checkSchedule(reorder(s, 3, idx)).problems.join('\n')).toMatch(/W before its B/);
  });

  it('rejects a deferred B without its W and a W for a B that was not deferred', () => {
    const s = clone(generateSchedule('zb1p', 4, 8));
    const o = s.ranks[2];
    const b = find(o, (i) => o.kind[i] === OP_B);
    o.zb[b] = 0;
    expect(checkSchedule(s).problems.join('\n')).toMatch(/W for a backward that already computed its weight gradient/);
    const s2 = clone(generateSchedule('zb1p', 4, 8));
    const o2 = s2.ranks[2];
    const w = find(o2, (i) => o2.kind[i] === OP_W);
    expect(checkSchedule(reorder(s2, 2, indices(o2).filter((j) => j !== w))).problems.join('\n')).toMatch(/deferred W present 0 times/);
  });

  it('rejects a backward before its forward on the same rank', () => {
    const s = generateSchedule('1f1b', 4, 8);
    const o = s.ranks[3];
    // last stage: F0 B0 F1 B1 …; swap F0 and B0
    expect([o.kind[find(o, (i) => o.kind[i] === OP_F)], o.kind[find(o, (i) => o.kind[i] === OP_B)]]).toEqual([OP_F, OP_B]);
    const f = find(o, (i) => o.kind[i] === OP_F);
    const b = find(o, (i) => o.kind[i] === OP_B);
    const idx = indices(o);
    [idx[f], idx[b]] = [idx[b], idx[f]];
    expect(checkSchedule(reorder(s, 3, idx)).problems.join('\n')).toMatch(/before its forward/);
  });

  it('rejects an op placed on a rank that does not hold its stage', () => {
    const s = clone(generateSchedule('gpipe', 4, 4));
    const o = s.ranks[1];
    o.stage[find(o, (i) => o.kind[i] === OP_F)] = 2;
    expect(checkSchedule(s).problems.join('\n')).toMatch(/lives on rank 2/);
  });

  it('rejects a compute op before its receive, and an uncommitted receive', () => {
    const s = generateSchedule('1f1b', 4, 8);
    const o = s.ranks[2];
    const rcv = find(o, (i) => o.kind[i] === OP_RECV_F);
    const f = find(o, (i) => o.kind[i] === OP_F);
    const idx = indices(o);
    [idx[rcv], idx[f]] = [idx[f], idx[rcv]];
    expect(checkSchedule(reorder(s, 2, idx)).problems.join('\n')).toMatch(/not received before it/);

    const d = generateSchedule('dualpipe', 4, 8);
    const o2 = d.ranks[1];
    const c = find(o2, (i) => o2.kind[i] === OP_COMMIT);
    expect(checkSchedule(reorder(d, 1, indices(o2).filter((j) => j !== c))).problems.join('\n')).toMatch(/not committed before it/);
  });

  it('rejects a send of an activation not yet computed, and a missing send', () => {
    const s = generateSchedule('gpipe', 4, 4);
    const o = s.ranks[0];
    const f = find(o, (i) => o.kind[i] === OP_F);
    const snd = find(o, (i) => o.kind[i] === OP_SEND_F);
    const idx = indices(o);
    [idx[f], idx[snd]] = [idx[snd], idx[f]];
    expect(checkSchedule(reorder(s, 0, idx)).problems.join('\n')).toMatch(/sends an activation not yet computed/);
    expect(checkSchedule(reorder(s, 0, indices(o).filter((j) => j !== snd))).problems.join('\n')).toMatch(/0 activation sends, 1 receives/);
  });

  it('rejects a pair whose two halves are the same chunk, and throws InputError from assertLegal', () => {
    const s = clone(generateSchedule('dualpipe', 4, 8));
    const o = s.ranks[0];
    const fb = find(o, (i) => o.kind[i] === OP_FB);
    o.mb2[fb] = o.mb[fb];
    o.stage2[fb] = o.stage[fb];
    expect(checkSchedule(s).ok).toBe(false);
    expect(() => assertLegal(s)).toThrow(InputError);
    expect(() => assertLegal(generateSchedule('dualpipev', 4, 8))).not.toThrow();
  });

  it('reports a deadlock when two ranks wait on each other (each list fine on its own)', () => {
    // GPipe on 2 ranks, 2 micro-batches. Rank 0: F0 send F1 send recvB0 B0 recvB1 B1.
    const s = generateSchedule('gpipe', 2, 2);
    expect(Array.from(s.ranks[0].kind)).toEqual([OP_F, OP_SEND_F, OP_F, OP_SEND_F, 7, OP_B, 7, OP_B]);
    // Rank 0 now waits for B0 before F1, while rank 1 still waits for F1 before B0.
    const rep = checkSchedule(reorder(s, 0, [0, 1, 4, 5, 2, 3, 6, 7]));
    expect(rep.ok).toBe(false);
    expect(rep.problems).toEqual(['schedule deadlocks: rank 0 waits forever at op 3 (B mb 0 stage 0)']);
  });
});
