import { formatPaperReport, paperReport, toJsonText, envelope } from '../../report/index.js';
import type { CliIo } from '../context.js';

/**
 * `coplane` with no arguments (what `npm start` runs): the default DeepSeek-V3 case.
 * Sections are added here as the estimators land; today: the paper report.
 */
export async function runDefault(io: CliIo, opts: { json?: boolean }): Promise<void> {
  const rows = paperReport();
  if (opts.json) {
    io.stdout(toJsonText(envelope('default', 1, [], { paper: { rows } })));
    return;
  }
  io.stdout(`coplane — DeepSeek-V3 default scenario\n\n== Paper comparison ==\n${formatPaperReport(rows)}\n`);
}
