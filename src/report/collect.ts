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

export const PAPER_SOURCES: ReadonlyArray<{ module: string; rows: () => OurRow[] }> = [
  // one line per module, in report order: { module: 'model', rows: modelPaperRows },
  { module: 'estimate', rows: estimatePaperRows },
  { module: 'model', rows: modelPaperRows },
  { module: 'numerics', rows: numericsPaperRows },
  { module: 'topology', rows: topologyPaperRows },
  { module: 'schedule', rows: schedulePaperRows },
  { module: 'collectives', rows: collectivesPaperRows },
];

export function paperReport(): PaperRow[] {
  const rows = PAPER_SOURCES.flatMap((s) => s.rows());
  return comparePaper(paperEntries(), rows);
}
