/**
 * Every module that reproduces a published number exports `paperRows()`; this list collects them.
 * report/ only joins and formats (see paper.ts).
 */
import type { OurRow } from '../core/index.js';
import { comparePaper } from './paper.js';
import { paperEntries } from './paperData.js';
import type { PaperRow } from './paperTypes.js';
import { paperRows as estimatePaperRows } from '../estimate/index.js';
import { paperRows as modelPaperRows } from '../model/index.js';
import { paperRows as numericsPaperRows } from '../numerics/index.js';
import { paperRows as topologyPaperRows } from '../topology/index.js';
import { paperRows as schedulePaperRows } from '../schedule/index.js';
import { paperRows as collectivesPaperRows } from '../collectives/index.js';

/** One line per module (the printed order follows data/paper/*.json, not this list). */
export const PAPER_SOURCES: ReadonlyArray<{ module: string; rows: () => OurRow[] }> = [
  { module: 'model', rows: modelPaperRows },
  { module: 'numerics', rows: numericsPaperRows },
  { module: 'topology', rows: topologyPaperRows },
  { module: 'schedule', rows: schedulePaperRows },
  { module: 'collectives', rows: collectivesPaperRows },
  { module: 'estimate', rows: estimatePaperRows },
];

let cached: PaperRow[] | undefined;

/**
 * The joined report. Every module's rows are deterministic (fixed seeds, no inputs), so the report is
 * computed once per process — some rows run network simulations — and callers get their own copy.
 */
export function paperReport(): PaperRow[] {
  cached ??= comparePaper(
    paperEntries(),
    PAPER_SOURCES.flatMap((s) => s.rows()),
  );
  return structuredClone(cached);
}
