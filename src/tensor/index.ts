export { OpCounter, NULL_COUNTER } from './counters.js';
export { Tensor, stridesOf, sizeOf } from './tensor.js';
export { linear, dot } from './matmul.js';
export { rmsNorm, softmaxInPlace, softmaxRows, silu, siluMulInPlace, addInPlace, topkIndices, argmax } from './ops.js';
export { ropeInvFreqs, ropeTable, applyRope, yarnCorrectionRange, type RopeSpec } from './rope.js';
