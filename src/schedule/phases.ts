/**
 * A rank's timeline split into phases, for the training estimator's breakdown:
 * - warm-up: compute before the rank's first backward (B or F&B pair) starts — forwards only;
 * - steady: compute from the first backward to the end of the last forward (F or pair);
 * - cool-down: backwards, and weight gradients interleaved with them, after the last forward;
 * - W tail: weight gradients after the rank's last backward;
 * - idle: makespan − busy (this rank's bubble).
 * The five durations sum to the makespan.
 */
import { OP_B, OP_COMMIT, OP_F, OP_FB, OP_W, isCompute, type RankOps } from './ops.js';
import type { Timeline } from './simulate.js';

export interface RankPhases {
  rank: number;
  warmupS: number;
  steadyS: number;
  cooldownS: number;
  wTailS: number;
  idleS: number;
}

export function rankPhases(tl: Timeline, rank: number): RankPhases {
  const o: RankOps = tl.schedule.ranks[rank];
  const st = tl.startS[rank];
  const en = tl.endS[rank];
  let firstBack = o.length;
  let lastFwd = -1;
  let lastBack = -1;
  for (let i = 0; i < o.length; i++) {
    const k = o.kind[i];
    if ((k === OP_B || k === OP_FB) && firstBack === o.length) firstBack = i;
    if (k === OP_F || k === OP_FB) lastFwd = i;
    if (k === OP_B || k === OP_FB) lastBack = i;
  }
  const p: RankPhases = { rank, warmupS: 0, steadyS: 0, cooldownS: 0, wTailS: 0, idleS: 0 };
  let busy = 0;
  for (let i = 0; i < o.length; i++) {
    if (!isCompute(o.kind[i])) continue;
    const d = en[i] - st[i];
    busy += d;
    if (i < firstBack) p.warmupS += d;
    else if (i <= lastFwd) p.steadyS += d;
    else if (o.kind[i] === OP_W && i > lastBack) p.wTailS += d;
    else p.cooldownS += d;
  }
  p.idleS = tl.makespanS - busy;
  return p;
}

/** The rank with the most busy time (lowest index on ties), split into phases. */
export function busiestRankPhases(tl: Timeline): RankPhases {
  let best = 0;
  for (let r = 1; r < tl.busyS.length; r++) if (tl.busyS[r] > tl.busyS[best]) best = r;
  return rankPhases(tl, best);
}

export interface OpCounts {
  F: number;
  B: number;
  W: number;
  FB: number;
  /** backwards that defer their weight gradient */
  zbB: number;
  messages: number;
  commits: number;
  /** compute ops per DualPipe step label 1..8 (index 0 unused) */
  perStep: number[];
}

export function opCounts(o: RankOps): OpCounts {
  const c: OpCounts = { F: 0, B: 0, W: 0, FB: 0, zbB: 0, messages: 0, commits: 0, perStep: new Array<number>(9).fill(0) };
  for (let i = 0; i < o.length; i++) {
    const k = o.kind[i];
    if (k === OP_F) c.F++;
    else if (k === OP_B) {
      c.B++;
      if (o.zb[i]) c.zbB++;
    } else if (k === OP_W) c.W++;
    else if (k === OP_FB) c.FB++;
    else if (k === OP_COMMIT) c.commits++;
    else c.messages++;
    if (isCompute(k)) c.perStep[o.step[i]]++;
  }
  return c;
}
