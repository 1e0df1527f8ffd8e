/**
 * The published numbers. They live only in data/paper/*.json and are used only for comparison.
 * One file per table or section; each is a list of `PaperEntry`.
 */
import table1 from '../../data/paper/table1-kv-cache.json' with { type: 'json' };
import table2 from '../../data/paper/table2-flops.json' with { type: 'json' };
import modelParams from '../../data/paper/model-params.json' with { type: 'json' };
import table3 from '../../data/paper/table3-topology.json' with { type: 'json' };
import numerics from '../../data/paper/numerics.json' with { type: 'json' };
import schedule from '../../data/paper/schedule.json' with { type: 'json' };
import netsim from '../../data/paper/netsim.json' with { type: 'json' };
import decodeBound from '../../data/paper/decode-bound.json' with { type: 'json' };
import mtp from '../../data/paper/mtp.json' with { type: 'json' };
import type { PaperEntry } from './paperTypes.js';

export const PAPER_FILES: Record<string, readonly unknown[]> = {
  'table1-kv-cache': table1,
  'model-params': modelParams,
  'table2-flops': table2,
  'table3-topology': table3,
  numerics,
  schedule,
  netsim,
  'decode-bound': decodeBound,
  mtp,
};

/** All entries in report order. Validated by paperData.test.ts against the PaperEntry schema. */
export function paperEntries(): PaperEntry[] {
  return Object.values(PAPER_FILES).flat() as PaperEntry[];
}
