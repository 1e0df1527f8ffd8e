/** One entry point for every method: checks the request, then builds the per-rank op lists. */
import { InputError, checkOneOf } from '../core/index.js';
import { dualPipe, dualPipeV } from './dualpipe.js';
import { SCHEDULE_METHODS, type Schedule, type ScheduleMethod } from './ops.js';
import { gpipe, interleaved, oneFOneB, zb1p } from './simple.js';

export interface GenerateOptions {
  /** Virtual stages (model chunks) per device for `interleaved`; default 2. */
  vstages?: number;
}

function int(field: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new InputError(field, v, `an integer ≥ ${min}`);
  return v;
}

/**
 * Build a schedule. `devices` counts devices for every method (DualPipeV puts 2·devices stages on them,
 * interleaved devices·vstages). Requirements: DualPipe — even devices, even micro-batches ≥ 2·devices;
 * DualPipeV — micro-batches ≥ 2·devices; ZB1P — micro-batches ≥ devices; interleaved — micro-batches ≥ devices.
 */
export function generateSchedule(method: ScheduleMethod, devices: number, microBatches: number, opts: GenerateOptions = {}): Schedule {
  checkOneOf('method', method, SCHEDULE_METHODS);
  const P = int('devices (--pp)', devices, 1);
  const M = int('micro-batches (--micro)', microBatches, 1);
  switch (method) {
    case 'gpipe':
      return gpipe(P, M);
    case '1f1b':
      return oneFOneB(P, M);
    case 'zb1p':
      if (M < P) throw new InputError('micro-batches (--micro)', M, `at least the number of devices (${P}) for ZB1P`);
      return zb1p(P, M);
    case 'interleaved': {
      const v = int('vstages (--vstages)', opts.vstages ?? 2, 1);
      if (M < P) throw new InputError('micro-batches (--micro)', M, `at least the number of devices (${P}) for interleaved 1F1B`);
      return interleaved(P, v, M);
    }
    case 'dualpipe':
      if (P % 2 !== 0) throw new InputError('devices (--pp)', P, 'an even number for DualPipe');
      if (M % 2 !== 0 || M < 2 * P) throw new InputError('micro-batches (--micro)', M, `an even number ≥ 2·pp (${2 * P}) for DualPipe`);
      return dualPipe(P, M);
    case 'dualpipev':
      if (M < 2 * P) throw new InputError('micro-batches (--micro)', M, `at least 2·pp (${2 * P}) for DualPipeV`);
      return dualPipeV(P, M);
  }
}
