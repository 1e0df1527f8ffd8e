/**
 * Traffic on a graph: routes transfers with a Router and collects them into a FlowSet, then simulates.
 * `relay()` builds a pipelined relay (DeepEP's IB → NVLink fan-out, or its reverse for combine): one flow
 * whose usage holds the scale-out path with coefficient 1 and each forwarded leg with coefficient
 * legBytes / feederBytes, so forwarding proceeds in lockstep with the feeder (cut-through, not
 * store-and-forward) and a slow forward leg slows the feeder as it would back-pressure it.
 */
import { InputError } from '../core/index.js';
import { IB_HOP_LATENCY_S, ROCE_HOP_LATENCY_S, type Graph } from '../topology/index.js';
import { simulateFlows, type SimResult } from './engine.js';
import { applyFailures, parseFailures, type Failure } from './failures.js';
import { FlowSetBuilder, type FlowSet } from './flows.js';
import { defaultLatencyModel, type LatencyModel } from './latency.js';
import { Router, type Forwarding, type RoutingMode } from './routing.js';

export interface NetOptions {
  routing?: RoutingMode;
  seed?: number;
  forwarding?: Forwarding;
  /** Failure list or spec string (see failures.ts). */
  failures?: readonly Failure[] | string;
  latency?: Partial<LatencyModel>;
  gpuInitiated?: boolean;
  mergeRelTol?: number;
}

export class Traffic {
  readonly graph: Graph;
  readonly capacity: Float64Array;
  readonly router: Router;
  readonly flows: FlowSetBuilder;
  readonly latency: LatencyModel;
  private readonly mergeRelTol: number;
  private readonly tmpLinks: number[] = [];
  private readonly tmpCoefs: number[] = [];

  constructor(graph: Graph, opts: NetOptions = {}, expectedFlows = 64, expectedUses = 256) {
    this.graph = graph;
    const failures = typeof opts.failures === 'string' ? parseFailures(opts.failures) : (opts.failures ?? []);
    this.capacity = applyFailures(graph, failures);
    for (let l = 0; l < graph.linkCount; l++) {
      if (!(graph.linkCapacityBytesPerS[l] > 0)) throw new InputError('graph.linkCapacityBytesPerS', graph.linkCapacityBytesPerS[l], `a positive bandwidth (link ${l})`);
    }
    this.latency = { ...defaultLatencyModel(IB_HOP_LATENCY_S, ROCE_HOP_LATENCY_S), ...(opts.latency ?? {}) };
    this.router = new Router(graph, {
      mode: opts.routing ?? 'ecmp',
      seed: opts.seed ?? 1,
      forwarding: opts.forwarding ?? 'nvlink',
      capacityBytesPerS: this.capacity,
      latency: this.latency,
      gpuInitiated: opts.gpuInitiated ?? false,
    });
    this.flows = new FlowSetBuilder(expectedFlows, expectedUses);
    this.mergeRelTol = opts.mergeRelTol ?? 1e-9;
  }

  private addDeps(deps: ArrayLike<number> | undefined): void {
    if (!deps) return;
    for (let i = 0; i < deps.length; i++) this.flows.dep(deps[i]);
  }

  /** A routed transfer src → dst (graph node ids); returns its flow id (unroutable flows are marked). */
  send(src: number, dst: number, bytes: number, startS = 0, label = 0, deps?: ArrayLike<number>): number {
    const f = this.flows.add(src, dst, bytes, startS, label);
    this.addDeps(deps);
    const r = this.router;
    if (!r.route(src, dst, label, bytes)) {
      this.flows.markUnroutable();
      return f;
    }
    this.flows.useMany(r.links, r.coefs, r.count);
    this.flows.setLatency(r.latencyS);
    return f;
  }

  /**
   * Pipelined relay. `toLegs` = true (dispatch): src → hub over the fabric, then hub → leg[i] forwarding
   * legBytes[i]; false (combine): leg[i] → hub (reduced at the hub), then hub → src. Flow bytes = feederBytes.
   */
  relay(
    src: number,
    hub: number,
    feederBytes: number,
    legs: ArrayLike<number>,
    legBytes: ArrayLike<number>,
    nLegs: number,
    toLegs: boolean,
    startS = 0,
    label = 0,
    deps?: ArrayLike<number>,
  ): number {
    const f = this.flows.add(toLegs ? src : hub, toLegs ? hub : src, feederBytes, startS, label);
    this.addDeps(deps);
    if (feederBytes <= 0) throw new InputError('relay.feederBytes', feederBytes, 'a positive size');
    const r = this.router;
    const ok = toLegs ? r.route(src, hub, label, feederBytes) : r.route(hub, src, label, feederBytes);
    if (!ok) {
      this.flows.markUnroutable();
      return f;
    }
    this.flows.useMany(r.links, r.coefs, r.count);
    const feederLat = r.latencyS;
    let extra = 0;
    for (let i = 0; i < nLegs; i++) {
      const c = legs[i];
      if (c === hub || legBytes[i] <= 0) continue;
      const ok2 = toLegs ? r.route(hub, c, label, legBytes[i]) : r.route(c, hub, label, legBytes[i]);
      if (!ok2) {
        this.flows.markUnroutable();
        return f;
      }
      this.flows.useMany(r.links, r.coefs, r.count, legBytes[i] / feederBytes);
      // Forwarding adds the leg's link latencies once (the endpoint overhead is already in the feeder's).
      const legLat = r.pathLinkLatencyS;
      if (legLat > extra) extra = legLat;
    }
    this.flows.setLatency(feederLat + extra);
    return f;
  }

  /** Freeze the flows and simulate them. */
  run(): { flows: FlowSet; result: SimResult } {
    const flows = this.flows.finish();
    return { flows, result: simulateFlows(flows, { capacityBytesPerS: this.capacity, mergeRelTol: this.mergeRelTol }) };
  }
}
