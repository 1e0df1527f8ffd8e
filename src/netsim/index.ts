/** netsim: flow-level network simulation (max-min fair rates, routing, multi-plane forwarding, failures). */
export { FlowSetBuilder, type FlowSet } from './flows.js';
export { MaxMinSolver } from './maxmin.js';
export { MinHeap } from './heap.js';
export { simulateFlows, FlowStatus, type SimOptions, type SimResult } from './engine.js';
export { Router, ROUTING_MODES, FORWARDING_MODES, checkRoutingMode, type RoutingMode, type Forwarding, type RouterOptions } from './routing.js';
export { defaultLatencyModel, endpointOverheadS, TABLE5_E2E_S, type LatencyModel } from './latency.js';
export { parseFailures, applyFailures, type Failure } from './failures.js';
export { topLinks, linkName, type LinkUse } from './report.js';
export { Traffic, type NetOptions } from './traffic.js';
