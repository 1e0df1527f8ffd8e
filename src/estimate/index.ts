/** End-to-end estimates: training step, prefill, decode and MTP on a modelled cluster; scenarios and hardware. */
export { HardwareSchema, HARDWARE_PRESETS, hardwarePreset, nvlinkBytesPerSPerDirection, type Hardware } from './hardware.js';
export {
  ScenarioSchema,
  TrainScenarioSchema,
  InferScenarioSchema,
  FABRICS,
  SCHEDULES,
  loadScenario,
  parseOverride,
  scenarioError,
  scenarioJsonSchema,
  type Scenario,
  type TrainScenario,
  type InferScenario,
  type LoadedScenario,
} from './scenario.js';
export { paperBoundDecode, PAPER_BOUND_IB, PAPER_BOUND_NVL72, type PaperBoundInputs, type PaperBoundResult } from './paperBound.js';
export { paperRows } from './paperRows.js';
export { DEFAULT_CALIBRATION, CALIBRATION_SOURCES, GEMM_LARGE_EFFICIENCY, HBM_EFFICIENCY, MLA_DECODE_HBM_EFFICIENCY, ATTENTION_EFFICIENCY, gemmTime, attentionTime, memoryTime, type Calibration, type Device, type KernelTime } from './compute.js';
export { AnalyticComm, CachedComm, expectedScaleOutCopies, type CommProvider, type EpExchangeRequest, type EpExchangeResult, type CollectiveRequest, type CollectiveResult, type LinkRates } from './comm.js';
export { balancedPartition, uniformPartition, type Partition, type PartitionUnit } from './partition.js';
export { estimateTraining, checkTrainPlan, type TrainResult, type TrainBreakdown, type StageReport, type TrainOptions } from './train.js';
export { commForScenario, linkRatesOf, fabricSummary, COMM_MODES, type CommMode, type FabricSummary } from './provider.js';
export { resolveModel } from './modelRef.js';
export { wireBytesPerElement } from './wire.js';
export { estimateInference, checkInferPlan, paperBoundInputsFor, type InferResult, type InferPlan, type LayerTimes } from './infer.js';
export { NetsimComm, type NetsimCommOptions } from './netComm.js';
