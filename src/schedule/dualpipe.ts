/**
 * DualPipe and DualPipeV, as the eight steps of reference/system.md §5, including the point-to-point
 * messages and their batched commits in the order DeepSeek's implementation queues them (checked op for op
 * against test/golden/dualpipe*-schedules.json).
 *
 * One engine serves both. A rank holds two stages, "local phase" 0 and 1:
 * - DualPipe (P ranks, P stages, two streams of M/2 micro-batches): stream 0 enters at rank 0 and visits
 *   rank s at stage s; stream 1 enters at rank P−1 and visits rank P−1−s at stage s. Local phase 0 is
 *   stream 0 on the first half of the ranks and stream 1 on the second half.
 * - DualPipeV (D ranks, 2D stages, one stream of M micro-batches): stage s lives on rank s for s < D and
 *   on rank 2D−1−s after; local phase 0 is the stage r, phase 1 the stage 2D−1−r. The hand-over at the
 *   V's tip (rank D−1) is local, so no message is queued there.
 * A message is queued only when the neighbouring stage is on another rank.
 */
import { OP_RECV_B, OP_RECV_F, OP_SEND_B, OP_SEND_F, OpListBuilder, type RankOps, type Schedule } from './ops.js';

interface RankPlan {
  rank: number;
  /** h (DualPipe) or r (DualPipeV). */
  h: number;
  /** H = P/2 (DualPipe) or D (DualPipeV). */
  H: number;
  /** Micro-batches per stream entering this rank's phase-0 side: M/2 (DualPipe) or M (DualPipeV). */
  n: number;
  /** Ranks that do not overlap step 4's first pair: the middle ranks (DualPipe), the last (DualPipeV). */
  middle: boolean;
}

/** Per-rank state of the engine: counters, queued messages, the deferred-W FIFO. */
class RankEngine {
  readonly ops: OpListBuilder;
  private fNext = [0, 0];
  private bNext = [0, 0];
  private sendF = [0, 0];
  private recvF = [0, 0];
  private sendB = [0, 0];
  private recvB = [0, 0];
  private queued = 0;
  private wMb: number[] = [];
  private wStage: number[] = [];
  private wHead = 0;

  constructor(
    readonly rank: number,
    /** global stage of local phase p. */
    private readonly stageOf: readonly [number, number],
    /** stream (micro-batch numbering) of local phase p and its first global micro-batch id. */
    private readonly mbBase: readonly [number, number],
    /** rank of each stage for the stream of local phase p. */
    private readonly placeOf: readonly [Int32Array, Int32Array],
    capacity: number,
  ) {
    this.ops = new OpListBuilder(capacity);
  }

  private prevRank(p: number): number {
    const s = this.stageOf[p];
    return s === 0 ? -1 : this.placeOf[p][s - 1];
  }
  private nextRank(p: number): number {
    const s = this.stageOf[p];
    const place = this.placeOf[p];
    return s === place.length - 1 ? -1 : place[s + 1];
  }
  private remote(peer: number): boolean {
    return peer >= 0 && peer !== this.rank;
  }

  recvForward(p: number): void {
    const peer = this.prevRank(p);
    if (!this.remote(peer)) return;
    this.ops.msg(OP_RECV_F, this.mbBase[p] + this.recvF[p]++, this.stageOf[p], peer);
    this.queued++;
  }
  sendForward(p: number): void {
    const peer = this.nextRank(p);
    if (!this.remote(peer)) return;
    this.ops.msg(OP_SEND_F, this.mbBase[p] + this.sendF[p]++, this.stageOf[p], peer);
    this.queued++;
  }
  recvBackward(p: number): void {
    const peer = this.nextRank(p);
    if (!this.remote(peer)) return;
    this.ops.msg(OP_RECV_B, this.mbBase[p] + this.recvB[p]++, this.stageOf[p], peer);
    this.queued++;
  }
  sendBackward(p: number): void {
    const peer = this.prevRank(p);
    if (!this.remote(peer)) return;
    this.ops.msg(OP_SEND_B, this.mbBase[p] + this.sendB[p]++, this.stageOf[p], peer);
    this.queued++;
  }
  commit(): void {
    if (this.queued === 0) return;
    this.ops.commit(this.queued);
    this.queued = 0;
  }

  forward(p: number, recv = true, send = true): void {
    if (recv) this.recvForward(p);
    this.commit();
    this.ops.f(this.mbBase[p] + this.fNext[p]++, this.stageOf[p]);
    if (send) this.sendForward(p);
  }
  backward(p: number, zb = false, recv = true, send = true): void {
    if (recv) this.recvBackward(p);
    this.commit();
    const mb = this.mbBase[p] + this.bNext[p]++;
    this.ops.b(mb, this.stageOf[p], zb);
    if (zb) {
      this.wMb.push(mb);
      this.wStage.push(this.stageOf[p]);
    }
    if (send) this.sendBackward(p);
  }
  /** Overlapped forward of phase pf and backward of phase pb. */
  forwardBackward(pf: number, pb: number, recvF = true): void {
    if (recvF) this.recvForward(pf);
    this.recvBackward(pb);
    this.commit();
    const fMb = this.mbBase[pf] + this.fNext[pf]++;
    const bMb = this.mbBase[pb] + this.bNext[pb]++;
    this.ops.fb(fMb, this.stageOf[pf], bMb, this.stageOf[pb]);
    this.sendForward(pf);
    this.sendBackward(pb);
  }
  /** Run the oldest deferred weight gradient. */
  weight(): void {
    this.commit();
    const i = this.wHead++;
    this.ops.w(this.wMb[i], this.wStage[i]);
  }
  step(n: number): void {
    this.ops.step = n;
  }
}

/** The eight steps on one rank (reference/system.md §5). */
function runSteps(e: RankEngine, plan: RankPlan): void {
  const { h, H, n, middle } = plan;
  e.step(1);
  for (let i = 0; i < 2 * (H - h - 1); i++) e.forward(0);

  e.step(2);
  e.recvForward(0);
  for (let i = 0; i <= h; i++) {
    e.forward(0, false, middle);
    e.recvForward(0);
    e.forward(1, true, !middle || i < h);
    if (!middle) e.sendForward(0);
  }

  e.step(3);
  for (let i = 0; i < H - h - 1; i++) {
    e.backward(1, true);
    e.recvForward(1);
    e.weight();
    e.forward(1, false);
  }

  e.step(4);
  const main = n - 2 * H + h + 1;
  for (let i = 0; i < main; i++) {
    if (i === 0 && middle) {
      // The middle ranks run the first pair unoverlapped: its backward waits on the forward just done.
      e.forward(0, false, false);
      e.sendForward(1);
      e.backward(1, false, true, false);
      e.sendForward(0);
      e.sendBackward(1);
    } else {
      e.forwardBackward(0, 1, i > 0);
    }
    e.forwardBackward(1, 0);
  }

  e.step(5);
  for (let i = 0; i < H - h - 1; i++) {
    e.backward(1);
    e.forwardBackward(1, 0);
  }

  // Zero bubble switches on half-way through step 6: its last h+1 backwards defer their W.
  e.step(6);
  let zb = false;
  const half = (h + 1) >> 1;
  for (let i = 0; i <= h; i++) {
    if (i === half && h % 2 === 1) zb = true;
    e.backward(1, zb);
    if (i === half && h % 2 === 0) zb = true;
    e.backward(0, zb);
  }

  e.step(7);
  for (let i = 0; i < H - h - 1; i++) {
    e.weight();
    e.backward(0, true);
  }

  e.step(8);
  for (let i = 0; i <= h; i++) e.weight();
  e.commit();
}

/** DualPipe on P ranks (P even) with M micro-batches (M even, M ≥ 2P): M/2 enter at each end. */
export function dualPipe(P: number, M: number): Schedule {
  const H = P / 2;
  const N = M / 2;
  const fwd = new Int32Array(P);
  const rev = new Int32Array(P);
  for (let s = 0; s < P; s++) {
    fwd[s] = s;
    rev[s] = P - 1 - s;
  }
  const mbStream = new Uint8Array(M);
  mbStream.fill(1, N);
  const ranks: RankOps[] = [];
  for (let r = 0; r < P; r++) {
    const second = r >= H;
    // local phase p → stream g = p XOR second
    const g0 = second ? 1 : 0;
    const g1 = 1 - g0;
    const stageOfStream = (g: number) => (g === 0 ? r : P - 1 - r);
    const e = new RankEngine(
      r,
      [stageOfStream(g0), stageOfStream(g1)],
      [g0 * N, g1 * N],
      [g0 === 0 ? fwd : rev, g1 === 0 ? fwd : rev],
      6 * M + 16,
    );
    const h = Math.min(r, P - 1 - r);
    runSteps(e, { rank: r, h, H, n: N, middle: r === H - 1 || r === H });
    ranks.push(e.ops.finish());
  }
  return { method: 'dualpipe', devices: P, stages: P, microBatches: M, streams: 2, mbStream, rankOfStage: [fwd, rev], paramCopies: 2, chunksPerDevice: 2, ranks };
}

/** DualPipeV on D ranks (2D stages in a V) with M ≥ 2D micro-batches, all entering at rank 0. */
export function dualPipeV(D: number, M: number): Schedule {
  const S = 2 * D;
  const place = new Int32Array(S);
  for (let s = 0; s < S; s++) place[s] = s < D ? s : S - 1 - s;
  const ranks: RankOps[] = [];
  for (let r = 0; r < D; r++) {
    const e = new RankEngine(r, [r, S - 1 - r], [0, 0], [place, place], 6 * M + 16);
    runSteps(e, { rank: r, h: r, H: D, n: M, middle: r === D - 1 });
    ranks.push(e.ops.finish());
  }
  return { method: 'dualpipev', devices: D, stages: S, microBatches: M, streams: 1, mbStream: new Uint8Array(M), rankOfStage: [place], paramCopies: 2, chunksPerDevice: 2, ranks };
}
