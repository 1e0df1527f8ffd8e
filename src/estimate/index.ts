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
