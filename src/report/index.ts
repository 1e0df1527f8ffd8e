export type { PaperEntry, PaperRow, PaperStatus, PaperValue, Tolerance } from './paperTypes.js';
export { compareRow, comparePaper } from './paper.js';
export { paperEntries, PAPER_FILES } from './paperData.js';
export { formatPaperReport } from './paperFormat.js';
export { formatTable, formatNumber, formatBytes, formatSeconds, type Align } from './table.js';
export { envelope, toJsonText, type Envelope } from './envelope.js';
export { paperReport, PAPER_SOURCES } from './collect.js';
