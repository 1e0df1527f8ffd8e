/**
 * Pipeline schedules: generators, legality, timeline simulation, closed forms, exports. Takes times, not networks.
 *
 * Typical use (the training estimator):
 *   const s = generateSchedule('dualpipe', 16, 64);          // 16 devices, 64 micro-batches
 *   const tl = simulate(s, { fS, bS, wS, fCommS, bCommS });  // per-stage arrays (see times.ts)
 *   tl.makespanS, tl.bubbleS, tl.peakActivations, busiestRankPhases(tl)
 * Bubble is defined once (simulate.ts): makespan − a rank's busy time, maximum over ranks.
 */
export {
  OP_F,
  OP_B,
  OP_W,
  OP_FB,
  OP_SEND_F,
  OP_RECV_F,
  OP_SEND_B,
  OP_RECV_B,
  OP_COMMIT,
  OP_NAMES,
  SCHEDULE_METHODS,
  OpListBuilder,
  isCompute,
  paramFractionPerDevice,
  type OpName,
  type RankOps,
  type Schedule,
  type ScheduleMethod,
} from './ops.js';
export { generateSchedule, type GenerateOptions } from './generate.js';
export { gpipe, oneFOneB, interleaved, zb1p } from './simple.js';
export { dualPipe, dualPipeV } from './dualpipe.js';
export { resolveTimes, pairS, uniformTimes, type ChunkTimes, type PerStage, type StageTimes } from './times.js';
export { simulate, bubbleOf, peakActivations, peakActivationWeight, ScheduleDeadlock, type Timeline } from './simulate.js';
export { checkSchedule, assertLegal, type LegalityReport } from './legality.js';
export { closedForm, stagesOf, type ClosedForm, type ClosedFormInput } from './closedForm.js';
export { rankPhases, busiestRankPhases, opCounts, type RankPhases, type OpCounts } from './phases.js';
export { chromeTrace, ganttChart, type ChromeTrace, type TraceEvent } from './trace.js';
export { paperRows, PAPER_CASE } from './paper.js';
