/**
 * Pipeline-schedule op lists. A schedule is one op list per rank (device), executed in order.
 * Each list is structure-of-arrays (typed arrays) so that PP = 64 × 1,024 micro-batches stays cheap.
 *
 * Identity of work: a micro-batch `mb` (0..microBatches−1, global over streams) at a stage `stage`
 * (0..stages−1, in the order its forward pass visits them). Where a stage lives is given by
 * `Schedule.rankOfStage[stream]`, so DualPipe's two streams can walk the ranks in opposite directions.
 */

/** Op kinds. Compute: F, B, W, FB (an overlapped forward + backward pair). The rest are messages. */
export const OP_F = 0;
export const OP_B = 1;
export const OP_W = 2;
export const OP_FB = 3;
export const OP_SEND_F = 4;
export const OP_RECV_F = 5;
export const OP_SEND_B = 6;
export const OP_RECV_B = 7;
/** DualPipe's `batch_isend_irecv` + wait over the messages queued since the previous commit. */
export const OP_COMMIT = 8;

export const OP_NAMES = ['F', 'B', 'W', 'FB', 'send_fwd', 'recv_fwd', 'send_bwd', 'recv_bwd', 'commit'] as const;
export type OpName = (typeof OP_NAMES)[number];

export function isCompute(kind: number): boolean {
  return kind <= OP_FB;
}

/**
 * The ops of one rank, in execution order.
 * - F/B/W: `mb`, `stage` name the work; B has `zb` = 1 when its weight gradient is deferred to a W.
 * - FB: `mb`/`stage` are the forward half, `mb2`/`stage2` the backward half (never deferred).
 * - messages: `mb`/`stage` name the local op the message feeds or comes from (recv_fwd: input of
 *   F(mb, stage); send_fwd: output of F(mb, stage); recv_bwd: gradient into B(mb, stage); send_bwd:
 *   gradient out of B(mb, stage)); `peer` is the other rank.
 * - commit: `peer` holds the number of messages committed.
 * `step` is DualPipe's step label 1..8 (0 for other methods).
 */
export interface RankOps {
  length: number;
  kind: Uint8Array;
  mb: Int32Array;
  stage: Int32Array;
  mb2: Int32Array;
  stage2: Int32Array;
  zb: Uint8Array;
  peer: Int32Array;
  step: Uint8Array;
}

export type ScheduleMethod = 'gpipe' | '1f1b' | 'interleaved' | 'zb1p' | 'dualpipe' | 'dualpipev';
export const SCHEDULE_METHODS: readonly ScheduleMethod[] = ['gpipe', '1f1b', 'interleaved', 'zb1p', 'dualpipe', 'dualpipev'];

export interface Schedule {
  method: ScheduleMethod;
  /** Number of devices (ranks). */
  devices: number;
  /** Number of pipeline stages the model is split into. */
  stages: number;
  microBatches: number;
  /** Micro-batch streams (2 for DualPipe: one entering at each end; else 1). */
  streams: number;
  /** Stream of each micro-batch. */
  mbStream: Uint8Array;
  /** rankOfStage[stream][stage] = rank holding that stage for micro-batches of that stream. */
  rankOfStage: Int32Array[];
  /**
   * Stage parameter sets held per device, in units of one stage's parameters (the model split into
   * `stages` stages) — the "params per device" column of reference/system.md §5: 1 for GPipe, 1F1B and
   * ZB1P, v for interleaved, 2 for DualPipe (stages r and PP−1−r from two model copies) and DualPipeV.
   */
  paramCopies: number;
  /** Virtual stages (chunks) per device: v for interleaved, 2 for DualPipe(V), else 1. */
  chunksPerDevice: number;
  ranks: RankOps[];
}

/** Fraction of one model's parameters a device holds: paramCopies / stages. */
export function paramFractionPerDevice(s: Schedule): number {
  return s.paramCopies / s.stages;
}

/** Growable op list; `finish()` trims it to a `RankOps`. */
export class OpListBuilder {
  private n = 0;
  private cap: number;
  private kind: Uint8Array;
  private mb: Int32Array;
  private stage: Int32Array;
  private mb2: Int32Array;
  private stage2: Int32Array;
  private zb: Uint8Array;
  private peer: Int32Array;
  private stepArr: Uint8Array;
  /** Step label stamped on every op pushed from now on. */
  step = 0;

  constructor(capacity = 64) {
    this.cap = Math.max(4, capacity);
    this.kind = new Uint8Array(this.cap);
    this.mb = new Int32Array(this.cap);
    this.stage = new Int32Array(this.cap);
    this.mb2 = new Int32Array(this.cap);
    this.stage2 = new Int32Array(this.cap);
    this.zb = new Uint8Array(this.cap);
    this.peer = new Int32Array(this.cap);
    this.stepArr = new Uint8Array(this.cap);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.kind = g8(this.kind);
    this.mb = g32(this.mb);
    this.stage = g32(this.stage);
    this.mb2 = g32(this.mb2);
    this.stage2 = g32(this.stage2);
    this.zb = g8(this.zb);
    this.peer = g32(this.peer);
    this.stepArr = g8(this.stepArr);
    this.cap = cap;
  }

  push(kind: number, mb: number, stage: number, mb2 = -1, stage2 = -1, zb = 0, peer = -1): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.kind[i] = kind;
    this.mb[i] = mb;
    this.stage[i] = stage;
    this.mb2[i] = mb2;
    this.stage2[i] = stage2;
    this.zb[i] = zb;
    this.peer[i] = peer;
    this.stepArr[i] = this.step;
  }

  f(mb: number, stage: number): void {
    this.push(OP_F, mb, stage);
  }
  b(mb: number, stage: number, zb = false): void {
    this.push(OP_B, mb, stage, -1, -1, zb ? 1 : 0);
  }
  w(mb: number, stage: number): void {
    this.push(OP_W, mb, stage);
  }
  fb(fMb: number, fStage: number, bMb: number, bStage: number): void {
    this.push(OP_FB, fMb, fStage, bMb, bStage);
  }
  msg(kind: number, mb: number, stage: number, peer: number): void {
    this.push(kind, mb, stage, -1, -1, 0, peer);
  }
  commit(n: number): void {
    this.push(OP_COMMIT, -1, -1, -1, -1, 0, n);
  }

  get length(): number {
    return this.n;
  }

  finish(): RankOps {
    const n = this.n;
    return {
      length: n,
      kind: this.kind.slice(0, n),
      mb: this.mb.slice(0, n),
      stage: this.stage.slice(0, n),
      mb2: this.mb2.slice(0, n),
      stage2: this.stage2.slice(0, n),
      zb: this.zb.slice(0, n),
      peer: this.peer.slice(0, n),
      step: this.stepArr.slice(0, n),
    };
  }
}
