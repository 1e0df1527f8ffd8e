import { analyzeModel, modelPreset } from '../../model/index.js';
import { formatPaperReport, paperReport, toJsonText, envelope } from '../../report/index.js';
import type { CliIo } from '../context.js';
import { formatModelAnalysis, modelJsonFields } from './model.js';
import { defaultEstimateSections } from './train.js';

/**
 * `coplane` with no arguments (what `npm start` runs): the default DeepSeek-V3 case — the training step on
 * 2,048 H800 GPUs with a multi-plane fat tree and the EP320 decode deployment first (what users come for),
 * then the model analysis with its worked example, then the paper comparison.
 */
export async function runDefault(io: CliIo, opts: { json?: boolean }): Promise<void> {
  const analysis = analyzeModel(modelPreset('deepseek-v3'));
  const rows = paperReport();
  const estimates = await defaultEstimateSections(io);
  if (opts.json) {
    io.stdout(toJsonText(envelope('default', 1, estimates.warnings, { model: modelJsonFields(analysis), ...estimates.fields, paper: { rows } })));
    return;
  }
  io.stdout(
    `coplane — DeepSeek-V3 default scenario\n\n${estimates.text}\n== Model ==\n${formatModelAnalysis(analysis)}\n== Paper comparison ==\n${formatPaperReport(rows)}\n`,
  );
}
