/**
 * Timeline simulator: executes every rank's op list in order; an op starts when its rank is free and its
 * inputs have arrived (the forward of the previous stage plus the transfer, the backward of the next stage
 * plus the transfer, its own forward for a backward, its own backward for a W). Message ops take no time
 * (transfers are charged on the dependency edge). Returns start/end of every op as typed arrays.
 *
 * Bubble, defined once for the whole module: a rank's bubble is makespan − its busy time (sum of its
 * compute op durations); the schedule's bubble is the maximum over ranks.
 */
import { OP_B, OP_F, OP_FB, OP_NAMES, OP_W, type Schedule } from './ops.js';

// Module-local copies: hot loops compare against plain constants, not (transpiled) import bindings.
const F = OP_F;
const B = OP_B;
const W = OP_W;
const FB = OP_FB;
const pairTime = pairS;
import { pairS, resolveTimes, type ChunkTimes, type StageTimes } from './times.js';

export interface Timeline {
  schedule: Schedule;
  times: StageTimes;
  /** per rank, per op: start and end, seconds */
  startS: Float64Array[];
  endS: Float64Array[];
  makespanS: number;
  busyS: Float64Array;
  /** per rank: makespan − busy */
  bubblePerRankS: Float64Array;
  /** max over ranks of bubblePerRankS */
  bubbleS: number;
  /** per rank: peak number of live activations (micro-batch × stage units) */
  peakActivationsPerRank: Int32Array;
  peakActivations: number;
  /** stage parameter sets per device (see Schedule.paramCopies) */
  paramCopies: number;
}

export class ScheduleDeadlock extends Error {
  override readonly name = 'ScheduleDeadlock';
}

/** Rank-local bubble definition, used everywhere: makespan − busy. */
export function bubbleOf(makespanS: number, busyS: ArrayLike<number>): { perRank: Float64Array; max: number } {
  const perRank = new Float64Array(busyS.length);
  let max = 0;
  for (let r = 0; r < busyS.length; r++) {
    perRank[r] = makespanS - busyS[r];
    if (perRank[r] > max) max = perRank[r];
  }
  return { perRank, max };
}

/**
 * Peak live activations per rank from the op order alone (ops on a rank run one after another):
 * an activation lives from the start of its F to the end of its W, or of its B when W is not deferred.
 */
export function peakActivations(s: Schedule): Int32Array {
  const out = new Int32Array(s.devices);
  for (let r = 0; r < s.devices; r++) {
    const o = s.ranks[r];
    let live = 0;
    let peak = 0;
    for (let i = 0; i < o.length; i++) {
      const k = o.kind[i];
      if (k === F || k === FB) {
        live++;
        if (live > peak) peak = live;
      }
      if ((k === B && o.zb[i] === 0) || k === W || k === FB) live--;
    }
    out[r] = peak;
  }
  return out;
}

/**
 * Peak live activation weight per rank, where each stage's activation of one micro-batch weighs
 * `perStage[stage]` (e.g. bytes: real models do not split evenly, and a DualPipe rank holds two different
 * stages). Same lifetime rule as `peakActivations`; with all weights 1 the two agree.
 */
export function peakActivationWeight(s: Schedule, perStage: ArrayLike<number>): Float64Array {
  const out = new Float64Array(s.devices);
  for (let r = 0; r < s.devices; r++) {
    const o = s.ranks[r];
    let live = 0;
    let peak = 0;
    for (let i = 0; i < o.length; i++) {
      const k = o.kind[i];
      if (k === F || k === FB) {
        live += perStage[o.stage[i]];
        if (live > peak) peak = live;
      }
      if ((k === B && o.zb[i] === 0) || k === W) live -= perStage[o.stage[i]];
      else if (k === FB) live -= perStage[o.stage2[i]];
    }
    out[r] = peak;
  }
  return out;
}

/** Simulate a legal schedule (see checkSchedule); throws ScheduleDeadlock when some op can never start. */
export function simulate(s: Schedule, chunkTimes: ChunkTimes): Timeline {
  const t = resolveTimes(chunkTimes, s.stages);
  const S = s.stages;
  const P = s.devices;
  const cells = s.microBatches * S;
  const fEnd = new Float64Array(cells).fill(-1);
  const bEnd = new Float64Array(cells).fill(-1);
  const startS: Float64Array[] = [];
  const endS: Float64Array[] = [];
  for (let r = 0; r < P; r++) {
    startS.push(new Float64Array(s.ranks[r].length));
    endS.push(new Float64Array(s.ranks[r].length));
  }
  const pc = new Int32Array(P);
  const clock = new Float64Array(P);
  const busy = new Float64Array(P);
  const place = s.rankOfStage;
  const stream = s.mbStream;
  const xfer = t.xferS;

  // Ready time of F(mb, st) on rank r, or −1 when its input has not been produced yet.
  const fReady = (mb: number, st: number, r: number): number => {
    if (st === 0) return 0;
    const e = fEnd[mb * S + st - 1];
    if (e < 0) return -1;
    return place[stream[mb]][st - 1] === r ? e : e + xfer[st - 1];
  };
  const bReady = (mb: number, st: number, r: number): number => {
    const own = fEnd[mb * S + st];
    if (own < 0) return -1;
    if (st === S - 1) return own;
    const e = bEnd[mb * S + st + 1];
    if (e < 0) return -1;
    return Math.max(own, place[stream[mb]][st + 1] === r ? e : e + xfer[st]);
  };

  let remaining = 0;
  for (let r = 0; r < P; r++) remaining += s.ranks[r].length;
  while (remaining > 0) {
    let progressed = false;
    for (let r = 0; r < P; r++) {
      const o = s.ranks[r];
      const st0 = startS[r];
      const en0 = endS[r];
      let i = pc[r];
      let now = clock[r];
      while (i < o.length) {
        const k = o.kind[i];
        const mb = o.mb[i];
        const st = o.stage[i];
        let ready: number;
        let dur: number;
        if (k === F) {
          ready = fReady(mb, st, r);
          dur = t.fOp[st];
        } else if (k === B) {
          ready = bReady(mb, st, r);
          dur = o.zb[i] ? t.bZbOp[st] : t.bOp[st];
        } else if (k === W) {
          ready = bEnd[mb * S + st];
          dur = t.wOp[st];
        } else if (k === FB) {
          const a = fReady(mb, st, r);
          const b = bReady(o.mb2[i], o.stage2[i], r);
          ready = a < 0 || b < 0 ? -1 : Math.max(a, b);
          dur = pairTime(t, st, o.stage2[i]);
        } else {
          ready = 0;
          dur = 0;
        }
        if (ready < 0) break;
        const start = ready > now ? ready : now;
        const end = start + dur;
        st0[i] = start;
        en0[i] = end;
        now = end;
        busy[r] += dur;
        if (k === F) fEnd[mb * S + st] = end;
        else if (k === B) bEnd[mb * S + st] = end;
        else if (k === FB) {
          // The forward half's output and the backward half's gradient are both ready when the pair ends.
          fEnd[mb * S + st] = end;
          bEnd[o.mb2[i] * S + o.stage2[i]] = end;
        }
        i++;
        remaining--;
      }
      if (i !== pc[r]) progressed = true;
      pc[r] = i;
      clock[r] = now;
    }
    if (!progressed) {
      let r = 0;
      while (pc[r] >= s.ranks[r].length) r++;
      const o = s.ranks[r];
      const i = pc[r];
      throw new ScheduleDeadlock(`schedule deadlocks: rank ${r} waits forever at op ${i} (${OP_NAMES[o.kind[i]]} mb ${o.mb[i]} stage ${o.stage[i]})`);
    }
  }
  let makespanS = 0;
  for (let r = 0; r < P; r++) if (clock[r] > makespanS) makespanS = clock[r];
  const { perRank, max } = bubbleOf(makespanS, busy);
  const peaks = peakActivations(s);
  let peak = 0;
  for (let r = 0; r < P; r++) if (peaks[r] > peak) peak = peaks[r];
  return {
    schedule: s,
    times: t,
    startS,
    endS,
    makespanS,
    busyS: busy,
    bubblePerRankS: perRank,
    bubbleS: max,
    peakActivationsPerRank: peaks,
    peakActivations: peak,
    paramCopies: s.paramCopies,
  };
}
