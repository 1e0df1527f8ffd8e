/** coplane library: every module's public API. Runs in Node and in a browser Web Worker. */
export * as core from './core/index.js';
export * as spec from './spec/index.js';
export * as io from './io/index.js';
export * as report from './report/index.js';
export * as topology from './topology/index.js';
export * as numerics from './numerics/index.js';
export * as estimate from './estimate/index.js';
export * as model from './model/index.js';
export * as schedule from './schedule/index.js';
export * as tensor from './tensor/index.js';
export * as moe from './moe/index.js';
export * as reference from './reference/index.js';
export * as netsim from './netsim/index.js';
export * as collectives from './collectives/index.js';
export { VERSION, SCHEMA_VERSION } from './version.js';
