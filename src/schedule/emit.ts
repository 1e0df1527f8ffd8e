/**
 * Emit compute ops with their point-to-point messages for schedules without DualPipe's batched
 * commits: a receive right before the op that consumes remote data, a send right after the op that
 * produces data for another rank.
 */
import { OP_RECV_B, OP_RECV_F, OP_SEND_B, OP_SEND_F, OpListBuilder } from './ops.js';

export class SimpleEmitter {
  readonly ops: OpListBuilder;
  constructor(
    readonly rank: number,
    /** rank of each stage (single stream). */
    readonly rankOfStage: Int32Array,
    capacity: number,
  ) {
    this.ops = new OpListBuilder(capacity);
  }

  f(mb: number, s: number): void {
    const S = this.rankOfStage.length;
    if (s > 0 && this.rankOfStage[s - 1] !== this.rank) this.ops.msg(OP_RECV_F, mb, s, this.rankOfStage[s - 1]);
    this.ops.f(mb, s);
    if (s < S - 1 && this.rankOfStage[s + 1] !== this.rank) this.ops.msg(OP_SEND_F, mb, s, this.rankOfStage[s + 1]);
  }

  b(mb: number, s: number, zb = false): void {
    const S = this.rankOfStage.length;
    if (s < S - 1 && this.rankOfStage[s + 1] !== this.rank) this.ops.msg(OP_RECV_B, mb, s, this.rankOfStage[s + 1]);
    this.ops.b(mb, s, zb);
    if (s > 0 && this.rankOfStage[s - 1] !== this.rank) this.ops.msg(OP_SEND_B, mb, s, this.rankOfStage[s - 1]);
  }

  w(mb: number, s: number): void {
    this.ops.w(mb, s);
  }
}
