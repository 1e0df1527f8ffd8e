import type { Command } from 'commander';
import { formatPaperReport, paperReport } from '../../report/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { emit } from '../output.js';

export function paperResult() {
  const rows = paperReport();
  return { command: 'paper', fields: { rows }, text: `coplane paper — our numbers beside DeepSeek's published ones\n\n${formatPaperReport(rows)}` };
}

export function registerPaper(program: Command, io: CliIo): void {
  program
    .command('paper')
    .description("every number of reference/system.md marked (paper), ours beside theirs")
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action((opts: CommonFlags) => emit(io, opts.json, paperResult()));
}
