/**
 * Step-synchronous flow graphs: each rank runs its part of a collective in order, so a send of step k waits
 * for the rank's previous step — what it sent and what it received then (the data it forwards or reduces).
 * Ranks not taking part in a step keep their earlier dependency set.
 */
import type { Traffic } from '../netsim/index.js';

export class StepBuilder {
  private readonly t: Traffic;
  private readonly node: Int32Array;
  /** Flows of the latest step each rank took part in. */
  private latest: number[][];
  private cur: Array<number[] | undefined> = [];
  private label = 0;
  flows = 0;

  constructor(t: Traffic, node: Int32Array, ranks: number) {
    this.t = t;
    this.node = node;
    this.latest = Array.from({ length: ranks }, () => []);
  }

  /** Add one transfer of the current step. */
  send(src: number, dst: number, bytes: number): number {
    const f = this.t.send(this.node[src], this.node[dst], bytes, 0, this.label, this.latest[src]);
    (this.cur[src] ??= []).push(f);
    (this.cur[dst] ??= []).push(f);
    this.flows++;
    return f;
  }

  /** Close the current step: its participants' next sends wait for it. */
  endStep(): void {
    this.cur.forEach((fl, r) => {
      if (fl) this.latest[r] = fl;
    });
    this.cur = [];
    this.label++;
  }
}
