import type { Command } from 'commander';
import type { CliIo } from '../context.js';
import { registerPaper } from './paper.js';
import { registerInfer } from './infer.js';
import { registerTrain } from './train.js';
import { registerModel } from './model.js';
import { registerSchedule } from './schedule.js';
import { registerNumerics } from './numerics.js';
import { registerTopo } from './topo.js';
import { registerRun } from './run.js';
import { registerSim } from './sim.js';

/** Every subcommand, in help order. Each file registers one command and holds no modelling logic. */
export const COMMANDS: ReadonlyArray<(program: Command, io: CliIo) => void> = [
  registerPaper,
  registerInfer,
  registerTrain,
  registerModel,
  registerSchedule,
  registerNumerics,
  registerTopo,
  registerRun,
  registerSim,
];
